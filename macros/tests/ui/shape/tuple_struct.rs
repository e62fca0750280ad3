use datamodel::DataModel;

#[derive(DataModel)]
struct UserId(i64);

fn main() {}
