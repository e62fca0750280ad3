use datamodel::DataModel;

#[derive(DataModel)]
struct Tag {
    id: i64,
}

struct PostTag {
    post_id: i64,
    tag_id: i64,
}

#[derive(DataModel)]
#[datamodel(many_to_many(target = Tag, through = PostTag))]
struct Post {
    id: i64,
}

fn main() {}
