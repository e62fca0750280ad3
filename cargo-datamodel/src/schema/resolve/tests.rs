use super::*;
use datamodel::model::{Field, ForeignKeyDef, UniqueKey};

fn field(name: &str, ty: ColumnType) -> Field {
    Field {
        rust_name: name.into(),
        column: name.into(),
        ty,
        max_length: Some(255),
        ..Default::default()
    }
}

fn model() -> Model {
    let user = Entity {
        type_path: "m::User".into(),
        rust_name: "User".into(),
        table: "users".into(),
        fields: vec![
            Field {
                primary_key: true,
                ..field("id", ColumnType::BigInt)
            },
            Field {
                unique: true,
                ..field("email", ColumnType::String)
            },
        ],
        ..Default::default()
    };
    let post = Entity {
        type_path: "m::Post".into(),
        rust_name: "Post".into(),
        table: "posts".into(),
        fields: vec![
            Field {
                primary_key: true,
                ..field("id", ColumnType::BigInt)
            },
            Field {
                belongs_to: Some(ForeignKeyDef {
                    target: "m::User".into(),
                    on_delete: Some(RefAction::Cascade),
                    ..Default::default()
                }),
                ..field("user_id", ColumnType::BigInt)
            },
            field("slug", ColumnType::String),
        ],
        uniques: vec![UniqueKey {
            name: None,
            fields: vec!["slug".into()],
        }],
        ..Default::default()
    };
    let tenant = Entity {
        type_path: "m::Tenant".into(),
        rust_name: "Tenant".into(),
        table: "tenants".into(),
        tenancy: Some(datamodel::model::TenantScope::Global),
        fields: vec![Field {
            primary_key: true,
            ..field("id", ColumnType::BigInt)
        }],
        ..Default::default()
    };
    Model {
        format_version: 1,
        entities: vec![post, tenant, user],
    }
}

#[test]
fn resolves_names_columns_and_order() {
    let s = resolve(&model(), &Config::default()).unwrap();
    let names: Vec<&str> = s.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["tenants", "users", "posts"]);
    let posts = s.table("posts").unwrap();
    assert_eq!(posts.primary_key.name, "pk_posts");
    assert_eq!(posts.foreign_keys[0].name, "fk_posts_user_id_users");
    let cols: Vec<&str> = posts.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        cols,
        [
            "id",
            "user_id",
            "slug",
            "created_at",
            "updated_at",
            "deleted_at"
        ]
    );
    let ix: Vec<(&str, Option<&str>)> = posts
        .indexes
        .iter()
        .map(|i| (i.name.as_str(), i.predicate.as_deref()))
        .collect();
    assert_eq!(
        ix,
        [
            ("uq_posts_on_slug", Some("deleted_at IS NULL")),
            ("idx_posts_on_id_active", Some("deleted_at IS NULL")),
            ("idx_posts_on_user_id", None),
        ]
    );
    assert_eq!(posts.indexes[0].live_column.as_deref(), Some("dm_live"));
}

#[test]
fn shared_tenancy_keys() {
    let cfg = Config {
        tenancy: Tenancy::Shared,
        deletes: Deletes::Hard,
        ..Config::default()
    };
    let s = resolve(&model(), &cfg).unwrap();
    assert_eq!(s.tenant_table.as_deref(), Some("tenants"));
    assert!(!s.table("tenants").unwrap().tenant_scoped);
    let posts = s.table("posts").unwrap();
    assert!(posts.tenant_scoped);
    assert_eq!(posts.columns[1].name, "tenant_id");
    assert!(!posts.columns[1].nullable);
    let fk = posts
        .foreign_keys
        .iter()
        .find(|f| f.ref_table == "users")
        .unwrap();
    assert_eq!(fk.columns, ["tenant_id", "user_id"]);
    assert_eq!(fk.ref_columns, ["tenant_id", "id"]);
    let ixs: Vec<Vec<&str>> = posts
        .indexes
        .iter()
        .map(|i| i.columns.iter().map(|c| c.name.as_str()).collect())
        .collect();
    assert!(ixs.contains(&vec!["tenant_id", "slug"]), "{ixs:?}");
    assert!(ixs.contains(&vec!["tenant_id", "id"]), "{ixs:?}");
    assert!(ixs.contains(&vec!["tenant_id", "user_id"]), "{ixs:?}");
    for ix in &posts.indexes {
        assert_eq!(ix.columns[0].name, "tenant_id", "{}", ix.name);
    }
}

#[test]
fn shared_tenancy_without_tenant_table_is_an_error() {
    let mut m = model();
    m.entities.retain(|e| e.rust_name != "Tenant");
    let cfg = Config {
        tenancy: Tenancy::Shared,
        ..Config::default()
    };
    let e = resolve(&m, &cfg).unwrap_err();
    assert_eq!(e[0].code, codes::NO_TENANT_TABLE);
}

#[test]
fn injected_check_is_rejected_naming_entity_and_field() {
    let mut m = model();
    m.entities[0].fields[2].check = Some("1); DROP TABLE users; --".into());
    let e = resolve(&m, &Config::default()).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].code, codes::UNSAFE_SQL);
    assert_eq!(e[0].entity.as_deref(), Some("m::Post"));
    assert_eq!(e[0].field.as_deref(), Some("slug"));
}

#[test]
fn after_delete_retention_needs_soft_delete() {
    let mut m = model();
    m.entities[2].retention = Some(datamodel::model::Retention {
        ttl: Some("30d".into()),
        legal_hold: false,
        after_delete: true,
    });
    // soft delete is the default (`deletes = "soft"`): fine
    resolve(&m, &Config::default()).unwrap();
    m.entities[2].delete = Some(DeleteStrategy::Hard);
    let e = resolve(&m, &Config::default()).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].code, codes::AFTER_DELETE_WITHOUT_SOFT_DELETE);
    assert_eq!(e[0].entity.as_deref(), Some("m::User"));
}

/// A `through` struct: its key fields' declared actions are used, and a further
/// `belongs_to` becomes a real foreign key with an index.
#[test]
fn through_struct_keys_and_extra_references() {
    let mut m = model();
    let tag = Entity {
        type_path: "m::Tag".into(),
        rust_name: "Tag".into(),
        table: "tags".into(),
        fields: vec![Field {
            primary_key: true,
            ..field("id", ColumnType::BigInt)
        }],
        ..Default::default()
    };
    let fk = |target: &str, on_delete: Option<RefAction>| ForeignKeyDef {
        target: target.into(),
        on_delete,
        ..Default::default()
    };
    let post_tag = Entity {
        type_path: "m::PostTag".into(),
        rust_name: "PostTag".into(),
        table: "post_tags".into(),
        junction: true,
        fields: vec![
            Field {
                belongs_to: Some(fk("m::Post", Some(RefAction::Restrict))),
                ..field("post_id", ColumnType::BigInt)
            },
            Field {
                belongs_to: Some(fk("m::Tag", None)),
                ..field("tag_id", ColumnType::BigInt)
            },
            Field {
                nullable: true,
                belongs_to: Some(fk("m::User", Some(RefAction::SetNull))),
                ..field("added_by", ColumnType::BigInt)
            },
        ],
        ..Default::default()
    };
    m.entities[0]
        .many_to_many
        .push(datamodel::model::ManyToMany {
            target: "m::Tag".into(),
            junction_table: "post_tags".into(),
            through: Some("m::PostTag".into()),
        });
    m.entities.push(tag);
    m.entities.push(post_tag);
    let s = resolve(&m, &Config::default()).unwrap();
    let j = s.table("post_tags").unwrap();
    let on = |col: &str| {
        j.foreign_keys
            .iter()
            .find(|f| f.columns == [col])
            .map(|f| (f.ref_table.as_str(), f.on_delete, f.on_delete_explicit))
    };
    assert_eq!(on("post_id"), Some(("posts", RefAction::Restrict, true)));
    assert_eq!(on("tag_id"), Some(("tags", RefAction::Cascade, false)));
    assert_eq!(on("added_by"), Some(("users", RefAction::SetNull, true)));
    assert!(
        j.indexes
            .iter()
            .any(|i| i.columns.first().is_some_and(|c| c.name == "added_by")),
        "the extra FK gets an index: {:?}",
        j.indexes
    );
    assert!(s
        .relationships
        .iter()
        .any(|r| r.from_table == "post_tags" && r.to_table == "users"));
}

/// A `through` struct's key fields name the junction's key columns (`column = ".."`, as an
/// imported `PlaylistTrack (PlaylistId, TrackId)` needs); without a key field, `{entity}_id`.
#[test]
fn through_struct_key_fields_name_the_key_columns() {
    let mut m = model();
    let tag = Entity {
        type_path: "m::Tag".into(),
        rust_name: "Tag".into(),
        table: "tags".into(),
        fields: vec![Field {
            primary_key: true,
            ..field("id", ColumnType::BigInt)
        }],
        ..Default::default()
    };
    let post_tag = Entity {
        type_path: "m::PostTag".into(),
        rust_name: "PostTag".into(),
        table: "PostTag".into(),
        junction: true,
        fields: vec![Field {
            column: "PostId".into(),
            belongs_to: Some(ForeignKeyDef {
                target: "m::Post".into(),
                on_delete: Some(RefAction::NoAction),
                ..Default::default()
            }),
            ..field("post_id", ColumnType::BigInt)
        }],
        ..Default::default()
    };
    m.entities[0]
        .many_to_many
        .push(datamodel::model::ManyToMany {
            target: "m::Tag".into(),
            junction_table: "PostTag".into(),
            through: Some("m::PostTag".into()),
        });
    m.entities.push(tag);
    m.entities.push(post_tag);
    let s = resolve(&m, &Config::default()).unwrap();
    let j = s.table("PostTag").unwrap();
    assert_eq!(j.primary_key.columns, ["PostId", "tag_id"]);
    let fk = j
        .foreign_keys
        .iter()
        .find(|f| f.columns == ["PostId"])
        .unwrap();
    assert_eq!(
        (fk.ref_table.as_str(), fk.on_delete),
        ("posts", RefAction::NoAction)
    );
}

/// `timestamps = false`: no `created_at` / `updated_at`, except `created_at` where
/// `append_only` or `retention` count from it; a field of that name may then have any shape.
#[test]
fn timestamps_off_adds_none() {
    let mut m = model();
    m.entities[0].append_only = true;
    m.entities[2].fields.push(Field {
        nullable: true,
        ..field("updated_at", ColumnType::String)
    });
    let config = Config {
        timestamps: false,
        deletes: Deletes::Hard,
        ..Config::default()
    };
    let s = resolve(&m, &config).unwrap();
    let cols = |t: &str| -> Vec<String> {
        s.table(t)
            .unwrap()
            .columns
            .iter()
            .map(|c| c.name.clone())
            .collect()
    };
    assert!(
        !cols("tenants").iter().any(|c| c.ends_with("_at")),
        "{:?}",
        cols("tenants")
    );
    assert!(
        cols("posts").contains(&"created_at".to_string()),
        "append_only keeps it"
    );
    assert!(!cols("posts").contains(&"updated_at".to_string()));
    assert_eq!(
        cols("users").iter().filter(|c| c.ends_with("_at")).count(),
        1
    );
    // On by default: the same nullable `updated_at: String` is refused (DM027).
    let on = Config {
        deletes: Deletes::Hard,
        ..Config::default()
    };
    assert!(resolve(&m, &on).is_err());
}
