use datamodel::{DataModel, DataModelEnum};

#[derive(DataModelEnum)]
enum Status {
    Active,
    Inactive,
}

#[derive(DataModel)]
struct Account {
    id: i64,
    #[datamodel(native_enum)]
    status: Status,
}

fn main() {}
