use datamodel::DataModel;

#[derive(DataModel)]
struct Country {
    #[datamodel(primary_key)]
    id: i32,
    #[datamodel(primary_key, max_length = 2)]
    iso_code: String,
}

fn main() {}
