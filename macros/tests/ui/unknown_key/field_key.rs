use datamodel::DataModel;

#[derive(DataModel)]
struct User {
    id: i64,
    #[datamodel(max_lenght = 255)]
    email: String,
}

fn main() {}
