use datamodel::DataModel;

#[derive(DataModel)]
struct Invoice {
    id: i64,
    #[datamodel(precision = 12, scale = 2)]
    total: f64,
}

fn main() {}
