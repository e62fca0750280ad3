use datamodel::DataModel;

#[derive(DataModel)]
struct Comment {
    id: i64,
    #[datamodel(max_length = 50)]
    commentable_type: String,
    commentable_id: i64,
}

fn main() {}
