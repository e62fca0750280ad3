use datamodel::DataModelEnum;

#[derive(DataModelEnum)]
#[datamodel(rename_all = "lowercase")]
enum Status {
    Active,
    #[datamodel(rename = "active")]
    Enabled,
}

fn main() {}
