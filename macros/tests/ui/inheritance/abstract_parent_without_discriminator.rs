use datamodel::DataModel;

#[derive(DataModel)]
#[datamodel(abstract_parent)]
struct Vehicle {
    id: i64,
}

fn main() {}
