use datamodel::DataModel;

#[derive(DataModel)]
struct Post {
    id: i64,
    #[datamodel(on_delete = "cascade")]
    author_id: i64,
}

fn main() {}
