use datamodel::DataModel;

#[derive(DataModel)]
struct Invoice {
    id: i64,
    #[datamodel(precision = 4, scale = 6)]
    total: rust_decimal::Decimal,
}

fn main() {}
