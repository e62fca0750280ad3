use datamodel::DataModel;

#[derive(DataModel)]
struct Product {
    id: i64,
    #[datamodel(max_length = 10)]
    stock: i32,
}

fn main() {}
