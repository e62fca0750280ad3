use datamodel::DataModel;

struct Vehicle {
    id: i64,
}

#[derive(DataModel)]
#[datamodel(extends = Vehicle, inheritance = "single_table")]
struct Car {
    doors: i16,
}

fn main() {}
