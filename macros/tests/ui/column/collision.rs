use datamodel::DataModel;

#[derive(DataModel)]
struct User {
    id: i64,
    #[datamodel(max_length = 100)]
    name: String,
    #[datamodel(max_length = 100, column = "name")]
    display_name: String,
}

fn main() {}
