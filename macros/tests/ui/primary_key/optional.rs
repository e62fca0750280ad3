use datamodel::DataModel;

#[derive(DataModel)]
struct User {
    #[datamodel(primary_key)]
    id: Option<i64>,
}

fn main() {}
