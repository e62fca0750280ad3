//! The lint rules' fixture: [`clean`] is a two-table schema (`users`, soft-delete with PII
//! and retention; `posts`, with a foreign key, an enum column and a query pattern) that passes
//! every rule. Each rule test breaks it in exactly one way (with [`tbl`], [`col`], [`column`],
//! [`index`], [`fk`], ...) and checks that its rule fires, and that it stays quiet on the clean
//! schema and on a near miss.

use super::Fixture;
use crate::config::Engine;
use crate::schema::{
    Check, Column, ColumnOrigin, DefaultValue, ForeignKey, Index, IndexColumn, IndexOrigin,
    PrimaryKey, QueryPatternColumns, Relationship, Schema, Table, TableKind, SCHEMA_FORMAT_VERSION,
};
use crate::target::Target;
use datamodel::model::{ColumnType, DeleteStrategy, RefAction, Retention, SourceLocation};

pub const TSTZ: ColumnType = ColumnType::Timestamp {
    with_time_zone: true,
};

/// A NOT NULL column from a field, with a comment.
pub fn column(name: &str, ty: ColumnType) -> Column {
    Column {
        field: Some(name.into()),
        max_length: (ty == ColumnType::String).then_some(255),
        comment: Some(format!("The {name}.")),
        ..Column::new(name, ColumnOrigin::Field, ty)
    }
}

fn generated(name: &str, ty: ColumnType, origin: ColumnOrigin) -> Column {
    Column {
        field: None,
        origin,
        ..column(name, ty)
    }
}

/// A table with `id` (bigint identity PK), `created_at` and `updated_at`, a comment and a
/// source location; hard delete, not tenant-scoped.
pub fn table(name: &str, rust_name: &str, line: u32) -> Table {
    let mut id = generated("id", ColumnType::BigInt, ColumnOrigin::PrimaryKey);
    id.identity = true;
    let mut created = generated("created_at", TSTZ, ColumnOrigin::CreatedAt);
    created.default = Some(DefaultValue::Now);
    let mut updated = generated("updated_at", TSTZ, ColumnOrigin::UpdatedAt);
    updated.default = Some(DefaultValue::Now);
    Table {
        entity: Some(format!("app::model::{rust_name}")),
        group: "app::model".into(),
        comment: Some(format!("{rust_name} rows.")),
        source: Some(SourceLocation {
            file: "src/model.rs".into(),
            line,
        }),
        columns: vec![id, created, updated],
        primary_key: PrimaryKey {
            name: format!("pk_{name}"),
            columns: vec!["id".into()],
            unhashed_name: None,
        },
        updated_at_trigger: true,
        ..Table::new(name, TableKind::Entity, rust_name)
    }
}

fn index_named(prefix: &str, table: &str, cols: &[&str], unique: bool) -> Index {
    let origin = if unique {
        IndexOrigin::UniqueKey
    } else {
        IndexOrigin::Declared
    };
    Index {
        name: format!("{prefix}_{table}_on_{}", cols.join("_")),
        ..Index::new(
            cols.iter().map(|c| IndexColumn::asc(*c)).collect(),
            unique,
            origin,
        )
    }
}

/// A plain b-tree index `idx_{table}_on_{cols}`.
pub fn index(table: &str, cols: &[&str]) -> Index {
    index_named("idx", table, cols, false)
}

/// A unique index `uq_{table}_on_{cols}`.
pub fn unique(table: &str, cols: &[&str]) -> Index {
    index_named("uq", table, cols, true)
}

/// `fk_{table}_{col}_{ref}` to `ref_table(id)`, ON DELETE CASCADE written by the user.
pub fn fk(table: &str, col: &str, ref_table: &str) -> ForeignKey {
    ForeignKey {
        name: format!("fk_{table}_{col}_{ref_table}"),
        on_delete_explicit: true,
        ..ForeignKey::new(
            vec![col.into()],
            ref_table,
            vec!["id".into()],
            RefAction::Cascade,
        )
    }
}

/// The schema every rule passes: see the module docs.
pub fn clean() -> Fixture {
    let mut users = table("users", "User", 10);
    users.soft_delete = true;
    users.delete = DeleteStrategy::Soft;
    users.retention = Some(Retention {
        after_delete: false,
        ttl: Some("2y".into()),
        legal_hold: false,
    });
    let mut email = column("email", ColumnType::String);
    email.pii = true;
    email.source_line = Some(12);
    let mut active = column("active", ColumnType::Boolean);
    active.default = Some(DefaultValue::Expr("true".into()));
    active.source_line = Some(14);
    let mut deleted = generated("deleted_at", TSTZ, ColumnOrigin::DeletedAt);
    deleted.nullable = true;
    users.columns.extend([email, active, deleted]);
    let mut uq_email = unique("users", &["email"]);
    uq_email.predicate = Some("deleted_at IS NULL".into());
    let mut active_rows = index("users", &["id"]);
    active_rows.name = "idx_users_on_id_active".into();
    active_rows.predicate = Some("deleted_at IS NULL".into());
    active_rows.origin = IndexOrigin::ActiveRows;
    users.indexes = vec![uq_email, active_rows];

    let mut posts = table("posts", "Post", 30);
    let mut user_id = column("user_id", ColumnType::BigInt);
    user_id.source_line = Some(33);
    let mut status = column(
        "status",
        ColumnType::Enum {
            name: "PostStatus".into(),
            values: vec!["draft".into(), "published".into()],
        },
    );
    status.max_length = Some(9);
    status.source_line = Some(35);
    let mut title = column("title", ColumnType::String);
    title.max_length = Some(200);
    title.source_line = Some(37);
    posts.columns.extend([user_id, status, title]);
    posts.foreign_keys.push(fk("posts", "user_id", "users"));
    posts.checks.push(Check {
        name: "check_posts_status_enum".into(),
        expr: "status IN ('draft', 'published')".into(),
        column: Some("status".into()),
        kind: "enum".into(),
        rule: crate::schema::CheckRule::In {
            column: "status".into(),
            values: vec!["draft".into(), "published".into()],
        },
        unhashed_name: None,
    });
    posts.query_patterns.push(QueryPatternColumns {
        name: "user_posts_by_status".into(),
        equality: vec!["user_id".into(), "status".into()],
        sort: vec!["created_at".into()],
        range: Vec::new(),
    });
    let mut by_status = index("posts", &["user_id", "status", "created_at"]);
    by_status.origin = IndexOrigin::QueryPattern(vec!["user_posts_by_status".into()]);
    posts.indexes.push(by_status);

    let schema = Schema {
        format_version: SCHEMA_FORMAT_VERSION,
        tenancy: crate::config::Tenancy::None,
        tables: vec![users, posts],
        relationships: vec![Relationship {
            from_table: "posts".into(),
            to_table: "users".into(),
            cardinality: crate::schema::Cardinality::ManyToOne,
            columns: vec!["user_id".into()],
            optional: false,
            identifying: false,
            junction: None,
            label: "belongs to".into(),
        }],
        tenant_table: None,
    };
    Fixture {
        schema,
        target: Target::default().with_engines(vec![Engine::Postgres]),
    }
}

/// The same fixture rendered for `engines` only.
pub fn on_engines(mut f: Fixture, engines: &[Engine]) -> Fixture {
    f.target = f.target.with_engines(engines.to_vec());
    f
}

/// The table named `name` (panics in tests when absent).
pub fn tbl<'a>(s: &'a mut Schema, name: &str) -> &'a mut Table {
    s.tables
        .iter_mut()
        .find(|t| t.name == name)
        .expect("table in test schema")
}

/// The column `table.column` (panics in tests when absent).
pub fn col<'a>(s: &'a mut Schema, table: &str, column: &str) -> &'a mut Column {
    tbl(s, table)
        .columns
        .iter_mut()
        .find(|c| c.name == column)
        .expect("column in test schema")
}
