use datamodel::DataModel;

/// A user account.
#[derive(DataModel)]
#[datamodel(retention(after_delete))]
struct User {
    id: i64,
}

fn main() {}
