use datamodel::DataModel;

#[derive(DataModel)]
#[datamodel(discriminator_value = "car")]
struct Car {
    id: i64,
}

fn main() {}
