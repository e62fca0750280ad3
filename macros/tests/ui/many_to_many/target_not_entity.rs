use datamodel::DataModel;

struct Tag {
    id: i64,
}

#[derive(DataModel)]
#[datamodel(many_to_many(target = Tag))]
struct Post {
    id: i64,
}

fn main() {}
