use datamodel::DataModel;

// `desc(..)` takes one field; `created_at` is a column the tool adds, so it may be named.
#[derive(DataModel)]
#[datamodel(query(name = "recent", eq(tenant_id), sort(desc(created_at), id)))]
#[datamodel(query(name = "bad", sort(desc(a, b))))]
#[datamodel(query(name = "worse", sort("title")))]
struct Post {
    id: i64,
    #[datamodel(max_length = 20)]
    title: String,
}

fn main() {}
