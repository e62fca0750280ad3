use datamodel::DataModel;

struct Money(i64);

#[derive(DataModel)]
struct Invoice {
    id: i64,
    total: Money,
}

fn main() {}
