//! Positive tests of `#[derive(DataModel)]` / `#[derive(DataModelEnum)]`: realistic structs,
//! the `Entity` values they produce (insta JSON snapshots plus direct asserts on the parts that
//! matter most), registration and the `PrimaryKey` type.

// clippy's `duplicated_attributes` flags equal items in different `query(..)`/`index(..)`
// entries of one `#[datamodel(..)]` (e.g. `eq(tenant_key)` twice); they are not duplicates.
#![allow(clippy::duplicated_attributes)]

use datamodel::model::{ColumnType, InheritanceStrategy, RefAction};
use datamodel::{DataModel, DataModelEnum, Json};
use std::any::TypeId;

/// The moderation state of a post.
#[derive(DataModelEnum)]
#[datamodel(rename_all = "snake_case")]
pub enum PostStatus {
    Draft,
    InReview,
    #[datamodel(rename = "live")]
    Published,
}

#[derive(DataModelEnum)]
pub enum Role {
    Admin,
    Member,
}

/// A registered account.
///
/// Owns posts and comments.
#[derive(DataModel)]
#[datamodel(
    pk = "bigint",
    public_uuid,
    delete = "soft",
    tenancy = "scoped",
    unique(tenant_key, email),
    index(
        fields(last_seen_at),
        where = "last_seen_at IS NOT NULL",
        name = "users_recent"
    ),
    index(fields(email), unique, method = "hash"),
    index(fields(settings), method = "gin"),
    index(fields(tenant_key, created_at), include(display_name)),
    query(name = "login", eq(tenant_key, email)),
    query(name = "recent", eq(tenant_key), sort(created_at), range(last_seen_at)),
    check = "char_length(display_name) > 0",
    retention(ttl = "2y", legal_hold),
    group = "accounts",
    renamed_from = "accounts",
    allow = "DM104"
)]
pub struct User {
    #[datamodel(primary_key)]
    pub id: i64,
    #[datamodel(max_length = 64)]
    pub tenant_key: String,
    /// Login e-mail, lower-cased.
    #[datamodel(max_length = 255, unique, pii)]
    pub email: String,
    #[datamodel(max_length = 100, column = "name", renamed_from = "full_name", pii)]
    pub display_name: String,
    #[datamodel(text)]
    pub bio: Option<String>,
    #[datamodel(default = true)]
    pub active: bool,
    pub admin: Option<bool>,
    #[datamodel(default = "'member'")]
    pub role: Role,
    #[datamodel(min = 0, max = 150, check = "age <> 13")]
    pub age: Option<i16>,
    #[datamodel(positive)]
    pub karma: i32,
    #[datamodel(min = -1.5)]
    pub score: f64,
    pub ratio: f32,
    pub small: u8,
    pub medium: u16,
    pub large: u32,
    pub avatar: Option<Vec<u8>>,
    pub external_id: uuid::Uuid,
    #[datamodel(precision = 12, scale = 2)]
    pub balance: rust_decimal::Decimal,
    #[datamodel(precision = 6)]
    pub limit_amount: Option<rust_decimal::Decimal>,
    pub settings: serde_json::Value,
    pub preferences: Json<Vec<String>>,
    #[datamodel(default = "now()", index)]
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_seen_at: Option<chrono::NaiveDateTime>,
    pub birthday: Option<chrono::NaiveDate>,
    pub wake_up: chrono::NaiveTime,
    pub local_created: time::OffsetDateTime,
    pub local_date: time::Date,
    #[datamodel(skip)]
    pub session_cache: Vec<std::collections::HashMap<String, String>>,
    #[datamodel(allow = "DM020", allow = "DM021", comment = "explicit comment wins")]
    /// Doc comment that is overridden.
    pub legacy_code: i32,
}

/// A blog post.
#[derive(DataModel)]
#[datamodel(
    many_to_many(target = Tag, through = PostTag),
    many_to_many(target = Category, junction = "post_categories"),
)]
pub struct Post {
    pub id: i64,
    #[datamodel(belongs_to = User, on_delete = "cascade", on_update = "cascade")]
    pub author_id: i64,
    #[datamodel(belongs_to = User, on_delete = "set_null")]
    pub editor_id: Option<i64>,
    #[datamodel(belongs_to = Category, on_delete = "restrict")]
    pub category_id: i32,
    #[datamodel(belongs_to = Post, on_delete = "no_action")]
    pub reply_to_id: Option<i64>,
    #[datamodel(max_length = 200)]
    pub title: String,
    #[datamodel(default = "'draft'")]
    pub status: PostStatus,
    pub previous_status: Option<PostStatus>,
}

#[derive(DataModel)]
#[datamodel(table = "tag_list", tenancy = "global", delete = "hard")]
pub struct Tag {
    #[datamodel(primary_key)]
    pub tag_id: i64,
    #[datamodel(max_length = 50, unique)]
    pub name: String,
}

/// Grouping of posts.
#[derive(DataModel)]
#[datamodel(delete = "archival")]
pub struct Category {
    pub id: i32,
    #[datamodel(max_length = 50)]
    pub name: String,
}

/// Extra columns of the posts <-> tags junction.
#[derive(DataModel)]
#[datamodel(junction, table = "post_tags")]
pub struct PostTag {
    #[datamodel(belongs_to = Post, on_delete = "cascade")]
    pub post_id: i64,
    #[datamodel(belongs_to = Tag, on_delete = "cascade")]
    pub tag_id: i64,
    #[datamodel(default = 0)]
    pub position: i32,
}

/// One profile per user.
#[derive(DataModel)]
#[datamodel(pk = "uuid")]
pub struct Profile {
    pub id: uuid::Uuid,
    #[datamodel(belongs_to = User, on_delete = "cascade", one_to_one)]
    pub user_id: i64,
}

/// Single-table inheritance parent.
#[derive(DataModel)]
#[datamodel(discriminator = "kind")]
pub struct Vehicle {
    pub id: i64,
    #[datamodel(max_length = 20)]
    pub kind: String,
}

#[derive(DataModel)]
#[datamodel(extends = Vehicle, inheritance = "single_table", discriminator_value = "car")]
pub struct Car {
    pub doors: i16,
}

#[derive(DataModel)]
#[datamodel(extends = Vehicle, inheritance = "single_table")]
pub struct Truck {
    pub axles: i16,
}

/// Table-per-type subtype: its key is also a foreign key to the parent.
#[derive(DataModel)]
#[datamodel(extends = Vehicle)]
pub struct Boat {
    #[datamodel(primary_key, belongs_to = Vehicle, on_delete = "cascade")]
    pub vehicle_id: i64,
    pub length_m: f64,
}

#[derive(DataModel)]
#[datamodel(append_only, allow_polymorphic)]
pub struct AuditEvent {
    pub id: i64,
    #[datamodel(max_length = 50)]
    pub subject_type: String,
    pub subject_id: i64,
}

mod hidden {
    /// Lives in a private module; must still be registered.
    #[derive(datamodel::DataModel)]
    pub(super) struct Secret {
        #[datamodel(primary_key)]
        pub(super) _id: i64,
    }
}

/// 1-based line of the first line of this file containing `needle`.
fn line_of(needle: &str) -> u32 {
    let i = include_str!("expand.rs")
        .lines()
        .position(|l| l.contains(needle))
        .unwrap();
    i as u32 + 1
}

/// The entity as JSON for a snapshot, with line numbers zeroed (they are asserted directly in
/// `user_entity`; keeping them would make every edit of this file churn the snapshots).
fn json(e: &datamodel::Entity) -> serde_json::Value {
    let mut e = e.clone();
    e.source.line = 0;
    for f in &mut e.fields {
        f.line = 0;
    }
    serde_json::to_value(e).unwrap()
}

#[test]
fn user_entity() {
    let e = User::entity();
    assert_eq!(e.table, "users");
    assert!(!e.table_overridden);
    assert_eq!(e.type_path, "expand::User");
    assert_eq!(e.crate_name, "expand");
    assert_eq!(
        e.comment.as_deref(),
        Some("A registered account.\n\nOwns posts and comments.")
    );
    assert!(
        e.field("session_cache").is_none(),
        "skip fields are not columns"
    );
    let name = e.field("display_name").unwrap();
    assert_eq!(name.column, "name");
    assert_eq!(name.renamed_from.as_deref(), Some("full_name"));
    assert_eq!(e.renamed_from.as_deref(), Some("accounts"));
    let bio = e.field("bio").unwrap();
    assert!(bio.nullable && bio.text && bio.max_length.is_none());
    let role = e.field("role").unwrap();
    assert_eq!(
        role.ty,
        ColumnType::Enum {
            name: "Role".into(),
            values: vec!["Admin".into(), "Member".into()]
        }
    );
    assert_eq!(e.primary_key().unwrap().rust_name, "id");
    assert_eq!(e.field("score").unwrap().min.as_deref(), Some("-1.5"));
    assert_eq!(
        e.field("legacy_code").unwrap().comment.as_deref(),
        Some("explicit comment wins")
    );
    assert_eq!(e.source.file, "macros/tests/expand.rs");
    assert_eq!(
        e.source.line,
        line_of("pub struct User {"),
        "entity line points at the struct"
    );
    assert_eq!(
        e.field("email").unwrap().line,
        line_of("pub email: String,"),
        "field line points at the field"
    );
    insta::assert_json_snapshot!(json(&e));
}

#[test]
fn relations() {
    let p = Post::entity();
    let fk = |n: &str| p.field(n).unwrap().belongs_to.clone().unwrap();
    assert_eq!(fk("author_id").target, "expand::User");
    assert_eq!(fk("author_id").on_delete, Some(RefAction::Cascade));
    assert_eq!(fk("author_id").on_update, Some(RefAction::Cascade));
    assert_eq!(fk("editor_id").on_delete, Some(RefAction::SetNull));
    assert_eq!(fk("category_id").on_delete, Some(RefAction::Restrict));
    assert_eq!(fk("reply_to_id").on_delete, Some(RefAction::NoAction));
    assert_eq!(
        p.many_to_many[0].junction_table, "post_tags",
        "the through struct's table"
    );
    assert_eq!(
        p.many_to_many[0].through.as_deref(),
        Some("expand::PostTag")
    );
    assert_eq!(p.many_to_many[1].junction_table, "post_categories");
    assert_eq!(
        p.field("status").unwrap().ty,
        ColumnType::Enum {
            name: "PostStatus".into(),
            values: vec!["draft".into(), "in_review".into(), "live".into()]
        }
    );
    assert!(
        Profile::entity()
            .field("user_id")
            .unwrap()
            .belongs_to
            .as_ref()
            .unwrap()
            .one_to_one
    );
    let tag = Tag::entity();
    assert_eq!(
        (tag.table.as_str(), tag.table_overridden),
        ("tag_list", true)
    );
    assert!(PostTag::entity().junction);
    insta::assert_json_snapshot!("post", json(&p));
    insta::assert_json_snapshot!("post_tag", json(&PostTag::entity()));
    insta::assert_json_snapshot!("profile", json(&Profile::entity()));
    insta::assert_json_snapshot!("tag", json(&tag));
    insta::assert_json_snapshot!("category", json(&Category::entity()));
}

#[test]
fn inheritance() {
    let car = Car::entity().inheritance.unwrap();
    assert_eq!(car.strategy, InheritanceStrategy::SingleTable);
    assert_eq!(car.parent, "expand::Vehicle");
    assert_eq!(car.discriminator_value.as_deref(), Some("car"));
    let truck = Truck::entity().inheritance.unwrap();
    assert_eq!(truck.discriminator_value.as_deref(), Some("Truck"));
    let boat = Boat::entity().inheritance.unwrap();
    assert_eq!(boat.strategy, InheritanceStrategy::TablePerType);
    assert_eq!(boat.discriminator_value, None);
    assert_eq!(Vehicle::entity().discriminator.as_deref(), Some("kind"));
    insta::assert_json_snapshot!("vehicle", json(&Vehicle::entity()));
    insta::assert_json_snapshot!("car", json(&Car::entity()));
    insta::assert_json_snapshot!("boat", json(&Boat::entity()));
    insta::assert_json_snapshot!("audit_event", json(&AuditEvent::entity()));
}

#[test]
fn primary_key_types() {
    fn pk<T: DataModel>() -> TypeId
    where
        T::PrimaryKey: 'static,
    {
        TypeId::of::<T::PrimaryKey>()
    }
    assert_eq!(pk::<User>(), TypeId::of::<i64>());
    assert_eq!(pk::<Category>(), TypeId::of::<i32>());
    assert_eq!(pk::<Profile>(), TypeId::of::<uuid::Uuid>());
    assert_eq!(
        pk::<Car>(),
        TypeId::of::<i64>(),
        "subtypes inherit the parent's key"
    );
    assert_eq!(
        pk::<PostTag>(),
        TypeId::of::<()>(),
        "junction structs have no own key"
    );
}

#[test]
fn registration_finds_every_entity_including_private_modules() {
    let all = datamodel::__private::registered_entities();
    let paths: Vec<&str> = all.iter().map(|e| e.type_path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "registered entities are sorted by type path");
    for want in [
        "expand::AuditEvent",
        "expand::Boat",
        "expand::Car",
        "expand::Category",
        "expand::Post",
        "expand::PostTag",
        "expand::Profile",
        "expand::Tag",
        "expand::Truck",
        "expand::User",
        "expand::Vehicle",
        "expand::hidden::Secret",
        "expand::strict::Node",
    ] {
        assert!(paths.contains(&want), "{want} not registered: {paths:?}");
    }
    assert_eq!(paths.len(), 13);
    let secret = all.iter().find(|e| e.rust_name == "Secret").unwrap();
    assert_eq!(secret.module_path, "expand::hidden");
    assert_eq!(secret.table, "secrets");
}

#[test]
fn enum_column_types() {
    use datamodel::SqlType;
    assert_eq!(
        <PostStatus as SqlType>::column_type(),
        ColumnType::Enum {
            name: "PostStatus".into(),
            values: vec!["draft".into(), "in_review".into(), "live".into()]
        }
    );
    const { assert!(!<PostStatus as SqlType>::NULLABLE) };
    const { assert!(<Option<Role> as SqlType>::NULLABLE) };
}

/// Crates that forbid unsafe code, deny missing docs or self-reference still compile.
#[deny(unsafe_code, missing_docs)]
pub mod strict {
    /// A category tree.
    #[derive(datamodel::DataModel)]
    pub struct Node {
        /// Key.
        pub id: i64,
        /// Parent node.
        #[datamodel(belongs_to = Self, on_delete = "cascade")]
        pub parent_id: Option<i64>,
    }
}

#[test]
fn self_reference() {
    let n = strict::Node::entity();
    assert_eq!(
        n.field("parent_id")
            .unwrap()
            .belongs_to
            .as_ref()
            .unwrap()
            .target,
        "expand::strict::Node"
    );
}
