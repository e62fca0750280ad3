use datamodel::DataModel;

#[derive(DataModel)]
struct Setting {
    #[datamodel(max_length = 64)]
    key: String,
}

fn main() {}
