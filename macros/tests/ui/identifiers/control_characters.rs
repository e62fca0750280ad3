use datamodel::{DataModel, DataModelEnum};

#[derive(DataModel)]
#[datamodel(table = "users\nDROP TABLE x", index(fields(name), name = "ix\0name"))]
struct User {
    id: i64,
    #[datamodel(max_length = 20, column = "na\tme")]
    name: String,
}

#[derive(DataModelEnum)]
enum Status {
    #[datamodel(rename = "on\r\nline")]
    Online,
}

fn main() {}
