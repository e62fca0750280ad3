use datamodel::DataModel;

#[derive(DataModel)]
struct Vehicle {
    id: i64,
}

#[derive(DataModel)]
#[datamodel(extends = Vehicle, inheritance = "table_per_type")]
struct Boat {
    #[datamodel(primary_key)]
    vehicle_id: i32,
}

fn main() {}
