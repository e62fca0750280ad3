use datamodel::DataModel;

#[derive(DataModel)]
#[datamodel(unique(tenant_id, slug))]
struct Project {
    id: i64,
    tenant: i64,
    #[datamodel(max_length = 64)]
    slug: String,
}

fn main() {}
