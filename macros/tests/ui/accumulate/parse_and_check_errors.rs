use datamodel::DataModel;

// A typo in one field's attribute does not hide the mistakes elsewhere in the struct.
#[derive(DataModel)]
#[datamodel(index(fields(titel)))]
struct Post {
    id: i64,
    #[datamodel(max_lenght = 200)]
    title: String,
    #[datamodel(belongs_to = Post)]
    parent_id: Option<i64>,
    draft: bool,
}

fn main() {}
