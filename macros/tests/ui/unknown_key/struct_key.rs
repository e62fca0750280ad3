use datamodel::DataModel;

#[derive(DataModel)]
#[datamodel(tabel = "accounts")]
struct User {
    id: i64,
}

fn main() {}
