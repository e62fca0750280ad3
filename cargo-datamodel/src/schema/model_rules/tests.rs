use super::*;
use crate::config::{Config, Deletes, Tenancy};
use crate::schema::resolve::resolve;
use datamodel::model::{ColumnType, Entity, Field, QueryPattern, TenantScope};

fn field(name: &str, ty: ColumnType) -> Field {
    Field {
        rust_name: name.into(),
        column: name.into(),
        rust_type: "T".into(),
        ty,
        max_length: Some(50),
        ..Default::default()
    }
}

fn pk() -> Field {
    Field {
        primary_key: true,
        ..field("id", ColumnType::BigInt)
    }
}

fn entity(name: &str, table: &str, mut fields: Vec<Field>) -> Entity {
    fields.insert(0, pk());
    Entity {
        type_path: format!("m::{name}"),
        rust_name: name.into(),
        table: table.into(),
        fields,
        ..Default::default()
    }
}

fn model(entities: Vec<Entity>) -> Model {
    Model {
        format_version: 1,
        entities,
    }
}

fn codes_and_messages(m: &Model, config: &Config) -> Vec<(String, String)> {
    check(m, config)
        .into_iter()
        .map(|d| (d.code, d.message))
        .collect()
}

fn ts() -> ColumnType {
    ColumnType::Timestamp {
        with_time_zone: true,
    }
}

#[test]
fn redeclared_added_columns_must_have_their_shape() {
    let soft = Config {
        deletes: Deletes::Soft,
        ..Config::default()
    };
    // Right shapes are a customisation and pass.
    let ok = model(vec![entity(
        "Post",
        "posts",
        vec![
            field("created_at", ts()),
            Field {
                nullable: true,
                ..field("deleted_at", ts())
            },
        ],
    )]);
    assert!(check(&ok, &soft).is_empty());

    let bad = model(vec![entity(
        "Post",
        "posts",
        vec![
            field("created_at", ColumnType::String),
            field("deleted_at", ts()),
        ],
    )]);
    let found = codes_and_messages(&bad, &soft);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found
        .iter()
        .all(|(c, _)| c == codes::ADDED_COLUMN_COLLISION));
    assert!(
        found[0]
            .1
            .contains("`Post.created_at` is column `created_at`"),
        "{found:?}"
    );
    assert!(found[1].1.contains("soft delete"), "{found:?}");
    // Without soft delete, `deleted_at` is an ordinary column of the user's.
    let hard = Config {
        deletes: Deletes::Hard,
        ..Config::default()
    };
    assert_eq!(codes_and_messages(&bad, &hard).len(), 1);
}

#[test]
fn tenant_id_uuid_and_live_helpers_belong_to_the_tool() {
    let tenant = Entity {
        tenancy: Some(TenantScope::Global),
        ..entity("Tenant", "tenants", vec![])
    };
    let post = Entity {
        public_uuid: true,
        ..entity(
            "Post",
            "posts",
            vec![
                field("tenant_id", ColumnType::BigInt),
                field("uuid", ColumnType::Uuid),
                field("dm_live", ColumnType::Integer),
            ],
        )
    };
    let shared = Config {
        tenancy: Tenancy::Shared,
        ..Config::default()
    };
    let found = codes_and_messages(&model(vec![tenant, post]), &shared);
    let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(messages[0].contains("shared tenancy adds"), "{messages:?}");
    assert!(messages[1].contains("`public_uuid` adds"), "{messages:?}");
    assert!(messages[2].contains("reserved"), "{messages:?}");
}

#[test]
fn names_that_differ_only_in_case_are_errors() {
    let m = model(vec![
        entity(
            "A",
            "Users",
            vec![
                field("Email", ColumnType::String),
                field("email", ColumnType::String),
            ],
        ),
        entity("B", "users", vec![field("Created_At", ts())]),
        entity("C", "straße", vec![]),
        entity("D", "STRASSE", vec![]),
        entity("E", "ÉTÉ", vec![]),
        entity("F", "été", vec![]),
    ]);
    let found = codes_and_messages(&m, &Config::default());
    assert!(
        found.iter().all(|(c, _)| c == codes::CASE_ONLY_NAMES),
        "{found:?}"
    );
    let text: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
    assert!(
        text.iter()
            .any(|m| m.contains("table `users` of `B` and table `Users` of `A`")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|m| m.contains("table `été` of `F` and table `ÉTÉ` of `E`")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|m| m.contains("`email` (field `email`) and `Email` (field `Email`)")),
        "{text:?}"
    );
    assert!(
        text.iter().any(|m| m.contains(
            "`Created_At` (field `Created_At`) and `created_at` (added by cargo datamodel)"
        )),
        "{text:?}"
    );
    // `straße` and `STRASSE` fold differently (ß stays ß in lower case): distinct.
    assert_eq!(found.len(), 4, "{text:?}");
}

#[test]
fn added_columns_can_be_named_where_they_exist() {
    let q = |eq: &[&str], sort: &[&str]| QueryPattern {
        name: "q".into(),
        equality: eq.iter().map(|s| s.to_string()).collect(),
        sort: sort.iter().map(|s| s.to_string()).collect(),
        range: vec![],
    };
    let mut post = entity("Post", "posts", vec![field("title", ColumnType::String)]);
    post.query_patterns = vec![q(&["title"], &["-created_at", "updated_at"])];
    assert!(check(&model(vec![post.clone()]), &Config::default()).is_empty());

    post.query_patterns = vec![q(&["tenant_id"], &["deleted_at"])];
    let hard = Config {
        deletes: Deletes::Hard,
        ..Config::default()
    };
    let found = codes_and_messages(&model(vec![post.clone()]), &hard);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].1.contains("names `tenant_id`"), "{found:?}");
    assert!(found[1].1.contains("names `deleted_at`"), "{found:?}");

    // Under soft delete, `sort(desc(deleted_at))` resolves to a descending index column.
    post.query_patterns = vec![q(&["title"], &["-deleted_at"])];
    let soft = Config {
        deletes: Deletes::Soft,
        ..Config::default()
    };
    let schema = resolve(&model(vec![post]), &soft).unwrap();
    let posts = schema.table("posts").unwrap();
    let planned = posts
        .indexes
        .iter()
        .find(|i| i.columns.iter().any(|c| c.name == "deleted_at"))
        .expect("an index for the query");
    let last = planned.columns.last().unwrap();
    assert_eq!((last.name.as_str(), last.descending), ("deleted_at", true));
}

#[test]
fn defaults_must_be_literals_of_the_column() {
    let status = ColumnType::Enum {
        name: "Status".into(),
        values: vec!["draft".into(), "published".into()],
    };
    let with_default = |name: &str, ty: ColumnType, d: &str| Field {
        default: Some(d.into()),
        ..field(name, ty)
    };
    let ok = model(vec![entity(
        "Post",
        "posts",
        vec![
            with_default("a", status.clone(), "draft"),
            with_default("b", status.clone(), "'published'"),
            with_default("c", ColumnType::String, "'draft'"),
            with_default("d", ts(), "now()"),
            with_default("e", ColumnType::Date, "'2024-01-01'"),
            with_default("f", ColumnType::Uuid, "gen_random_uuid()"),
            with_default("g", ColumnType::Integer, "0"),
        ],
    )]);
    assert!(check(&ok, &Config::default()).is_empty());

    let bad = model(vec![entity(
        "Post",
        "posts",
        vec![
            with_default("a", status, "archived"),
            with_default("c", ColumnType::String, "draft"),
            with_default("e", ColumnType::Date, "2024-01-01"),
        ],
    )]);
    let found = codes_and_messages(&bad, &Config::default());
    assert!(
        found.iter().all(|(c, _)| c == codes::BAD_DEFAULT),
        "{found:?}"
    );
    assert!(
        found[0]
            .1
            .contains("is not one of its values: draft, published"),
        "{found:?}"
    );
    assert!(
        found[1].1.contains("`draft` of `Post.c` is not a literal"),
        "{found:?}"
    );
    assert!(found[2].1.contains("as arithmetic"), "{found:?}");
    let help = check(&bad, &Config::default())[1].help.clone().unwrap();
    assert!(help.contains("`default = \"'draft'\"`"), "{help}");
}

#[test]
fn an_abstract_parent_needs_a_single_table_subtype() {
    let mut parent = entity("Vehicle", "vehicles", vec![]);
    parent.discriminator = Some("kind".into());
    parent.abstract_parent = true;
    let found = codes_and_messages(&model(vec![parent.clone()]), &Config::default());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, codes::ABSTRACT_WITHOUT_SUBTYPES);
    let car = Entity {
        inheritance: Some(datamodel::model::Inheritance {
            strategy: datamodel::model::InheritanceStrategy::SingleTable,
            parent: "m::Vehicle".into(),
            discriminator_value: None,
        }),
        fields: vec![],
        ..entity("Car", "vehicles", vec![])
    };
    assert!(check(&model(vec![parent, car]), &Config::default()).is_empty());
}
