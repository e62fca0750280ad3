use datamodel::DataModel;

#[derive(DataModel)]
#[datamodel(query(name = "recent_posts", eq(author_id), sort(created)))]
struct Post {
    id: i64,
    author_id: i64,
    created_at: i64,
}

fn main() {}
