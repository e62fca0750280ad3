use datamodel::DataModel;

#[derive(DataModel)]
enum Status {
    Active,
    Inactive,
}

fn main() {}
