//! The models the document's tests render: a blog, a multi-tenant SaaS, a large generated
//! model, awkward names, a subtype.

use super::{config, Fixture, SchemaBuilder, TableBuilder};
use crate::config::{Depth, Engine, Migration, RetentionPolicy, Tenancy};
use crate::schema::{Cardinality, ForeignKey, IndexOrigin, Relationship, TableKind};
use datamodel::model::{ColumnType, IndexMethod, RefAction};

/// A blog: users, 1:1 profiles, posts with an enum status and a query-pattern index,
/// comments, tags through a junction. PostgreSQL + SQLite, greenfield, soft deletes.
pub fn blog(depth: Depth) -> Fixture {
    let ts = ColumnType::Timestamp {
        with_time_zone: true,
    };
    SchemaBuilder::new(config(
        &[Engine::Postgres, Engine::Sqlite],
        Migration::Greenfield,
        Tenancy::None,
        depth,
    ))
    .table(
        TableBuilder::entity("User", "users")
            .comment("A registered author or reader.")
            .varchar("email", 255, false)
            .pii()
            .describe("Login and notification address")
            .varchar("display_name", 80, false)
            .pii()
            .timestamps()
            .soft_delete()
            .unique("uq_users_on_email", &["email"]),
    )
    .table(
        TableBuilder::entity("Profile", "profiles")
            .belongs_to("user_id", "users", RefAction::Cascade, false, "profile of")
            .one_to_one()
            .col("bio", ColumnType::String, true)
            .describe("Free text, \"markdown\" allowed")
            .timestamps(),
    )
    .table(
        TableBuilder::entity("Post", "posts")
            .belongs_to("author_id", "users", RefAction::Restrict, false, "written by")
            .varchar("title", 200, false)
            .varchar("slug", 200, false)
            .col("body", ColumnType::String, false)
            .enumeration("status", "PostStatus", &["draft", "published", "archived"], "draft")
            .col("published_at", ts.clone(), true)
            .timestamps()
            .soft_delete()
            .unique("uq_posts_on_slug", &["slug"])
            .index(
                "idx_posts_on_author_id_status_published_at",
                &["author_id", "status", "published_at DESC"],
                IndexOrigin::QueryPattern(vec!["author_feed".into()]),
                "ESR for `author_feed`: equality (author_id, status), then sort (published_at DESC)",
            )
            .check(
                "check_posts_published_at",
                "status <> 'published' OR published_at IS NOT NULL",
                None,
                "custom",
            ),
    )
    .table(
        TableBuilder::entity("Comment", "comments")
            .belongs_to("post_id", "posts", RefAction::Cascade, false, "on")
            .belongs_to("author_id", "users", RefAction::SetNull, true, "written by")
            .col("body", ColumnType::String, false)
            .timestamps()
            .retention(Some("2y"), false),
    )
    .table(
        TableBuilder::entity("Tag", "tags")
            .varchar("name", 50, false)
            .timestamps()
            .unique("uq_tags_on_name", &["name"]),
    )
    .table(TableBuilder::junction(
        "PostTag",
        "post_tags",
        ("post_id", "posts"),
        ("tag_id", "tags"),
    ))
    .many_to_many("posts", "tags", "post_tags", "tagged with")
    .build()
}

/// A multi-tenant SaaS: tenants, users, projects, invoices (decimal, archival), an append-only
/// audit log with a TTL and legal holds. PostgreSQL + MySQL + SQLite, shared tenancy.
pub fn saas(depth: Depth, migration: Migration) -> Fixture {
    let mut cfg = config(
        &[Engine::Postgres, Engine::Mysql, Engine::Sqlite],
        migration,
        Tenancy::Shared,
        depth,
    );
    cfg.retention = RetentionPolicy::Gdpr;
    SchemaBuilder::new(cfg)
        .tenant_table("tenants")
        .table(
            TableBuilder::entity("Tenant", "tenants")
                .uuid_pk()
                .varchar("name", 120, false)
                .timestamps(),
        )
        .table(
            TableBuilder::entity("User", "users")
                .tenant_scoped()
                .public_uuid()
                .varchar("email", 255, false)
                .pii()
                .varchar("full_name", 120, true)
                .pii()
                .renamed_from("name")
                .enumeration("role", "Role", &["owner", "admin", "member"], "member")
                .timestamps()
                .soft_delete()
                .unique("uq_users_on_tenant_id_email", &["tenant_id", "email"]),
        )
        .table(
            TableBuilder::entity("Project", "projects")
                .tenant_scoped()
                .belongs_to("owner_id", "users", RefAction::Restrict, false, "owned by")
                .varchar("name", 120, false)
                .col("settings", ColumnType::Json, false)
                .default("'{}'")
                .timestamps()
                .soft_delete()
                .index(
                    "idx_projects_on_settings",
                    &["settings"],
                    IndexOrigin::Declared,
                    "Containment queries on settings",
                )
                .method(IndexMethod::Gin)
                .index(
                    "idx_projects_on_tenant_id_created_at",
                    &["tenant_id", "created_at DESC"],
                    IndexOrigin::QueryPattern(vec!["recent_projects".into()]),
                    "ESR for `recent_projects`: equality (tenant_id), then sort (created_at DESC)",
                )
                .include(&["name"]),
        )
        .table(
            TableBuilder::entity("Invoice", "invoices")
                .tenant_scoped()
                .belongs_to("project_id", "projects", RefAction::Restrict, false, "bills")
                .decimal("amount", 12, 2)
                .check("check_invoices_amount_positive", "amount > 0", Some("amount"), "positive")
                .varchar("currency", 3, false)
                .timestamps()
                .archival()
                .index(
                    "idx_invoices_on_tenant_id_currency_created_at",
                    &["tenant_id", "currency", "created_at"],
                    IndexOrigin::QueryPattern(vec!["revenue_report".into()]),
                    "ESR for `revenue_report`: equality (tenant_id, currency), then range (created_at)",
                ),
        )
        .table(
            TableBuilder::entity("AuditEvent", "audit_events")
                .tenant_scoped()
                .belongs_to("actor_id", "users", RefAction::SetNull, true, "performed by")
                .varchar("action", 64, false)
                .col("payload", ColumnType::Json, false)
                .timestamps()
                .append_only()
                .retention(Some("90d"), true)
                .index(
                    "idx_audit_events_on_created_at",
                    &["created_at"],
                    IndexOrigin::TimeSeries,
                    "Time-range scans of an append-only table",
                )
                .method(IndexMethod::Brin),
        )
        .table(
            TableBuilder::entity("LegalHold", "legal_holds")
                .varchar("table_name", 63, false)
                .col("row_id", ColumnType::BigInt, false)
                .varchar("reason", 500, false)
                .col("released_at", ColumnType::Timestamp { with_time_zone: true }, true)
                .timestamps(),
        )
        .build()
}

/// `n` entities in groups of 30, each referencing the previous one: forces the diagram split.
pub fn large(n: usize) -> Fixture {
    let mut b = SchemaBuilder::new(config(
        &[Engine::Postgres],
        Migration::Greenfield,
        Tenancy::None,
        Depth::Schema,
    ));
    for i in 0..n {
        let name = format!("entity_{i:03}s");
        let mut t = TableBuilder::entity(&format!("Entity{i:03}"), &name)
            .group(&format!("module_{}", i / 30))
            .varchar("label", 100, false)
            .describe("A label")
            .decimal("amount", 10, 2)
            .col("ratio", ColumnType::Double, true)
            .timestamps();
        if i > 0 {
            t = t.belongs_to(
                "parent_id",
                &format!("entity_{:03}s", i - 1),
                RefAction::Cascade,
                i % 2 == 0,
                "child of",
            );
        }
        b = b.table(t);
    }
    b.build()
}

/// Names Mermaid and SQL find hard: reserved words, quotes, key markers, digits, spaces.
pub fn awkward() -> Fixture {
    SchemaBuilder::new(config(
        &[Engine::Mysql, Engine::Postgres],
        Migration::Mixed,
        Tenancy::None,
        Depth::Production,
    ))
    .table(
        TableBuilder::entity("End", "end")
            .comment("Table named after a \"reserved\" word; comment has | pipes and \"quotes\"")
            .varchar("pk", 10, false)
            .describe("A column literally named \"pk\"")
            .varchar("FK", 10, true)
            .varchar("uk", 10, true)
            .col("order", ColumnType::Integer, false)
            .col("2fa secret", ColumnType::Bytes, true)
            .col("double", ColumnType::Double, false)
            .decimal("price", 12, 2)
            .timestamps(),
    )
    .table(
        TableBuilder::entity("Style", "style")
            .belongs_to("end_id", "end", RefAction::Cascade, false, "the \"end\" of")
            .one_to_one()
            .belongs_to("class", "style", RefAction::SetNull, true, "")
            .deferred()
            .col("direction", ColumnType::String, true),
    )
    .table(
        TableBuilder::entity("Group", "group")
            .col("erDiagram", ColumnType::Boolean, false)
            .default("false"),
    )
    .table(TableBuilder::junction(
        "GroupStyle",
        "group_style",
        ("group_id", "group"),
        ("style_id", "style"),
    ))
    .many_to_many("group", "style", "group_style", "uses")
    .build()
}

/// A table-per-type subtype: its primary key is the FK to the parent (identifying).
pub fn with_subtype() -> Fixture {
    let mut sub = TableBuilder::entity("Admin", "admins").varchar("level", 20, false);
    sub.table.kind = TableKind::Subtype;
    sub.table.foreign_keys.push(ForeignKey {
        name: "fk_admins_id_users".into(),
        on_update: RefAction::Cascade,
        on_delete_explicit: true,
        one_to_one: true,
        ..ForeignKey::new(
            vec!["id".into()],
            "users",
            vec!["id".into()],
            RefAction::Cascade,
        )
    });
    sub.table.columns[0].identity = false;
    sub.rels.push(Relationship {
        from_table: "admins".into(),
        to_table: "users".into(),
        cardinality: Cardinality::Inheritance,
        columns: vec!["id".into()],
        optional: false,
        identifying: true,
        junction: None,
        label: "is a".into(),
    });
    SchemaBuilder::new(config(
        &[Engine::Postgres],
        Migration::Greenfield,
        Tenancy::None,
        Depth::Mvp,
    ))
    .table(TableBuilder::entity("User", "users").varchar("email", 255, false))
    .table(sub)
    .build()
}
