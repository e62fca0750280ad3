use datamodel::DataModel;

#[derive(DataModel)]
struct Product {
    id: i64,
    #[datamodel(max_length = 0)]
    sku: String,
}

fn main() {}
