use datamodel::DataModel;

#[derive(DataModel)]
struct Post {
    id: i64,
    #[datamodel(max_length = 20, default = "draft")]
    status: String,
    // Quoted, a keyword, or a number-like string: fine.
    #[datamodel(max_length = 20, default = "'draft'")]
    quoted: String,
    #[datamodel(max_length = 20, default = "NULL")]
    nothing: Option<String>,
}

fn main() {}
