use datamodel::DataModel;

#[derive(DataModel)]
struct User {
    id: i64,
    active: bool,
}

fn main() {}
