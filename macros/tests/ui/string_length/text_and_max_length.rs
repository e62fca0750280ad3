use datamodel::DataModel;

#[derive(DataModel)]
struct Post {
    id: i64,
    #[datamodel(max_length = 200, text)]
    body: String,
}

fn main() {}
