use datamodel::DataModelEnum;

#[derive(DataModelEnum)]
#[datamodel(native_enum)]
enum Status {
    Active,
    Inactive,
}

fn main() {}
