use datamodel::DataModel;

#[derive(DataModel)]
#[datamodel(retention(ttl = "90 days"))]
struct Event {
    id: i64,
}

fn main() {}
