use super::*;
use crate::config::{Config, Engine};
use datamodel::model::{Entity, Field, ForeignKeyDef, ManyToMany, Model, RefAction};

fn field(name: &str, ty: ColumnType) -> Field {
    Field {
        rust_name: name.into(),
        column: name.into(),
        rust_type: "i64".into(),
        ty,
        ..Default::default()
    }
}

use datamodel::ColumnType;

/// A hand-built model: users, posts (FK to users, enum status), tags (M:N with posts).
fn model() -> Model {
    let mut id = field("id", ColumnType::BigInt);
    id.primary_key = true;
    let mut email = field("email", ColumnType::String);
    email.max_length = Some(255);
    email.unique = true;
    let user = Entity {
        type_path: "blog::User".into(),
        rust_name: "User".into(),
        module_path: "blog".into(),
        crate_name: "blog".into(),
        table: "users".into(),
        fields: vec![id.clone(), email],
        ..Default::default()
    };
    let mut user_id = field("user_id", ColumnType::BigInt);
    user_id.belongs_to = Some(ForeignKeyDef {
        target: "blog::User".into(),
        on_delete: Some(RefAction::Cascade),
        ..Default::default()
    });
    let status = field(
        "status",
        ColumnType::Enum {
            name: "PostStatus".into(),
            values: vec!["draft".into(), "published".into()],
        },
    );
    let post = Entity {
        type_path: "blog::Post".into(),
        rust_name: "Post".into(),
        module_path: "blog".into(),
        crate_name: "blog".into(),
        table: "posts".into(),
        fields: vec![id.clone(), user_id, status],
        many_to_many: vec![ManyToMany {
            target: "blog::Tag".into(),
            junction_table: "post_tags".into(),
            through: None,
        }],
        ..Default::default()
    };
    let tag = Entity {
        type_path: "blog::Tag".into(),
        rust_name: "Tag".into(),
        module_path: "blog".into(),
        crate_name: "blog".into(),
        table: "tags".into(),
        delete: Some(datamodel::model::DeleteStrategy::Hard),
        fields: vec![id],
        ..Default::default()
    };
    Model {
        format_version: 1,
        entities: vec![post, tag, user],
    }
}

fn location() -> DocLocation {
    DocLocation {
        folder: "docs/data-model/01-blog/".into(),
        file: "01-blog.md".into(),
    }
}

#[test]
fn plan_of_a_hand_built_schema() {
    let config = Config {
        engines: vec![Engine::Postgres, Engine::Sqlite],
        engines_inferred: false,
        ..Config::default()
    };
    let schema = crate::schema::resolve(&model(), &config).unwrap();
    insta::assert_snapshot!(render(&schema, &Target::from_config(&config), &location()));
}

#[test]
fn relationships_are_seen_from_both_sides() {
    let schema = crate::schema::resolve(&model(), &Config::default()).unwrap();
    let users = schema.table("users").unwrap();
    assert_eq!(relationships(&schema, users), vec!["1:N posts"]);
    let posts = schema.table("posts").unwrap();
    let mut rels = relationships(&schema, posts);
    rels.sort();
    assert_eq!(rels, vec!["M:N tags (post_tags)", "N:1 users"]);
    assert_eq!(constraints(posts), "1 CHECK, 1 FK");
}

#[test]
fn shared_tenancy_and_inferred_engine_are_shown() {
    let config = Config {
        engines: vec![Engine::Mysql],
        engines_inferred: true,
        tenancy: Tenancy::Shared,
        ..Config::default()
    };
    let mut m = model();
    let mut id = field("id", ColumnType::BigInt);
    id.primary_key = true;
    m.entities.push(Entity {
        type_path: "blog::Tenant".into(),
        rust_name: "Tenant".into(),
        module_path: "blog".into(),
        crate_name: "blog".into(),
        table: "tenants".into(),
        tenancy: Some(datamodel::model::TenantScope::Global),
        fields: vec![id],
        ..Default::default()
    });
    let out = render(
        &crate::schema::resolve(&m, &config).unwrap(),
        &Target::from_config(&config),
        &location(),
    );
    assert!(
        out.contains("Engine:        MySQL/MariaDB [inferred]\n"),
        "{out}"
    );
    assert!(out.contains("Tenancy:       Shared + tenant_id\n"), "{out}");
    assert!(
        out.contains("tenant_id on 4 of 5 tables (FK to tenants"),
        "{out}"
    );
    let fallback = Config {
        engines: vec![Engine::Postgres],
        engines_inferred: true,
        engines_defaulted: true,
        ..Config::default()
    };
    let out = render(
        &crate::schema::resolve(&model(), &fallback).unwrap(),
        &Target::from_config(&fallback),
        &location(),
    );
    assert!(
        out.contains("Engine:        PostgreSQL [default]\n"),
        "{out}"
    );
}
