use datamodel::DataModel;

struct User {
    id: i64,
}

#[derive(DataModel)]
#[datamodel(audit(actor = User, history))]
struct Invoice {
    id: i64,
}

fn main() {}
