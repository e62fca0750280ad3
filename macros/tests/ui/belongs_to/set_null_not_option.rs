use datamodel::DataModel;

#[derive(DataModel)]
struct User {
    id: i64,
}

#[derive(DataModel)]
struct Post {
    id: i64,
    #[datamodel(belongs_to = User, on_delete = "set_null")]
    author_id: i64,
}

fn main() {}
