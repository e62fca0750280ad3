use datamodel::DataModel;

#[derive(DataModel)]
struct Person {
    id: i64,
    #[datamodel(min = 150, max = 0)]
    age: i16,
}

fn main() {}
