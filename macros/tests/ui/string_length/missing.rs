use datamodel::DataModel;

#[derive(DataModel)]
struct User {
    id: i64,
    email: String,
    nickname: Option<String>,
}

fn main() {}
