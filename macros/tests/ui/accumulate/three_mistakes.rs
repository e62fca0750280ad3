use datamodel::DataModel;

// Three unrelated mistakes in one struct: all three are reported by one compile.
#[derive(DataModel)]
struct User {
    id: i64,
    email: String,
    active: bool,
    #[datamodel(max_length = 0)]
    nickname: String,
}

fn main() {}
