use datamodel::DataModel;

#[derive(DataModel)]
#[datamodel(index(fields(emial)))]
struct User {
    id: i64,
    #[datamodel(max_length = 255)]
    email: String,
}

fn main() {}
