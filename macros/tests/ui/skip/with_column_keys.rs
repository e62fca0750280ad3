use datamodel::DataModel;

#[derive(DataModel)]
struct User {
    id: i64,
    #[datamodel(skip, unique)]
    cache_key: u32,
}

fn main() {}
