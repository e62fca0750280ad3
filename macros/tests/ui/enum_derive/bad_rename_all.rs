use datamodel::DataModelEnum;

#[derive(DataModelEnum)]
#[datamodel(rename_all = "snakecase")]
enum Status {
    Active,
}

fn main() {}
