use datamodel::DataModel;

#[derive(DataModel)]
struct Wrapper<T> {
    id: i64,
    value: T,
}

fn main() {}
