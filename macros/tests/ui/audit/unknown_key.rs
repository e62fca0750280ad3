use datamodel::DataModel;

#[derive(DataModel)]
#[datamodel(audit(histroy))]
struct Invoice {
    id: i64,
}

fn main() {}
