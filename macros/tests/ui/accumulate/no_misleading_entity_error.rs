use datamodel::DataModel;

// The derive of `User` fails (a String with no length): `Post`'s `belongs_to = User` must not
// add "`User` is not a datamodel entity" to that one real error.
#[derive(DataModel)]
struct User {
    id: i64,
    email: String,
}

#[derive(DataModel)]
struct Post {
    id: i64,
    #[datamodel(belongs_to = User, on_delete = "cascade")]
    author_id: i64,
}

fn main() {}
