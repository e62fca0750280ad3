//! Hand-built Schemas for the document's tests (here and in the workspace `tests/` crate):
//! a small builder plus a few models that exercise every section, a large generated model
//! that forces the diagram split, and one with awkward names.
//!
//! Test data only: the renderer never uses this; real Schemas come from the resolver. The names
//! built here imitate the resolver's conventions so the snapshots read like real output.

use crate::config::{Config, Depth, Engine, Migration, RetentionPolicy, Tenancy};
use crate::schema::{
    Cardinality, Check, CheckRule, Column, ColumnOrigin, DefaultValue, ForeignKey, Index,
    IndexColumn, IndexOrigin, PrimaryKey, Relationship, Schema, Table, TableKind,
    SCHEMA_FORMAT_VERSION,
};
use crate::target::Target;
use datamodel::model::{ColumnType, DeleteStrategy, IndexMethod, RefAction, Retention};

/// Builds one table.
#[derive(Debug, Clone)]
pub struct TableBuilder {
    pub table: Table,
    rels: Vec<Relationship>,
}

fn column(name: &str, origin: ColumnOrigin, ty: ColumnType, nullable: bool) -> Column {
    Column {
        field: (origin == ColumnOrigin::Field).then(|| name.to_string()),
        ..crate::schema::columns::added(name, origin, ty, nullable)
    }
}

impl TableBuilder {
    /// An entity table with a bigint identity `id` primary key.
    pub fn entity(rust_name: &str, name: &str) -> Self {
        let mut id = column("id", ColumnOrigin::PrimaryKey, ColumnType::BigInt, false);
        id.identity = true;
        TableBuilder {
            table: Table {
                entity: Some(format!("app::{rust_name}")),
                group: "app".into(),
                columns: vec![id],
                primary_key: PrimaryKey {
                    name: format!("pk_{name}"),
                    columns: vec!["id".into()],
                    unhashed_name: None,
                },
                updated_at_trigger: true,
                updated_at_trigger_name: Some(format!("trg_{name}_updated_at")),
                ..Table::new(name, TableKind::Entity, rust_name)
            },
            rels: Vec::new(),
        }
    }

    /// A junction table `name` between `a` and `b` (composite primary key of both references).
    pub fn junction(rust_name: &str, name: &str, a: (&str, &str), b: (&str, &str)) -> Self {
        let mut t = TableBuilder::entity(rust_name, name);
        t.table.kind = TableKind::Junction;
        t.table.columns.clear();
        t.table.primary_key.columns = vec![a.0.into(), b.0.into()];
        for (col, target) in [a, b] {
            t.table.columns.push(column(
                col,
                ColumnOrigin::JunctionKey,
                ColumnType::BigInt,
                false,
            ));
            t.table.foreign_keys.push(ForeignKey {
                name: format!("fk_{name}_{col}_{target}"),
                on_update: RefAction::Cascade,
                ..ForeignKey::new(
                    vec![col.into()],
                    target,
                    vec!["id".into()],
                    RefAction::Cascade,
                )
            });
        }
        t.table.indexes.push(Index {
            name: format!("idx_{name}_on_{}", b.0),
            columns: vec![IndexColumn {
                name: b.0.into(),
                descending: false,
            }],
            unique: false,
            predicate: None,
            method: IndexMethod::Btree,
            include: Vec::new(),
            origin: IndexOrigin::JunctionReverse,
            rationale: format!("Reverse lookups: rows of `{}` for one `{}`", name, b.1),
            live_column: None,
            unhashed_name: None,
        });
        t
    }

    pub fn group(mut self, g: &str) -> Self {
        self.table.group = g.into();
        self
    }

    pub fn comment(mut self, c: &str) -> Self {
        self.table.comment = Some(c.into());
        self
    }

    pub fn uuid_pk(mut self) -> Self {
        let id = &mut self.table.columns[0];
        id.ty = ColumnType::Uuid;
        id.identity = false;
        id.default = Some(DefaultValue::NewUuid);
        self
    }

    fn push(mut self, c: Column) -> Self {
        self.table.columns.push(c);
        self
    }

    fn last(&mut self) -> &mut Column {
        let n = self.table.columns.len() - 1;
        &mut self.table.columns[n]
    }

    pub fn col(self, name: &str, ty: ColumnType, nullable: bool) -> Self {
        self.push(column(name, ColumnOrigin::Field, ty, nullable))
    }

    pub fn varchar(mut self, name: &str, len: u32, nullable: bool) -> Self {
        self = self.col(name, ColumnType::String, nullable);
        self.last().max_length = Some(len);
        self
    }

    pub fn decimal(mut self, name: &str, p: u32, s: u32) -> Self {
        self = self.col(name, ColumnType::Decimal, false);
        self.last().precision = Some(p);
        self.last().scale = Some(s);
        self
    }

    /// An enum column with its `IN (...)` check.
    pub fn enumeration(
        mut self,
        name: &str,
        type_name: &str,
        values: &[&str],
        default: &str,
    ) -> Self {
        let len = values.iter().map(|v| v.len()).max().unwrap_or(1) as u32;
        self = self.col(
            name,
            ColumnType::Enum {
                name: type_name.into(),
                values: values.iter().map(|v| v.to_string()).collect(),
            },
            false,
        );
        self.last().max_length = Some(len);
        self.last().default = Some(DefaultValue::Text(default.into()));
        let list = values
            .iter()
            .map(|v| format!("'{v}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let t = self.table.name.clone();
        self.check(
            &format!("check_{t}_{name}_enum"),
            &format!("{name} IN ({list})"),
            Some(name),
            "enum",
        )
    }

    pub fn default(mut self, expr: &str) -> Self {
        self.last().default = Some(DefaultValue::Expr(expr.into()));
        self
    }

    pub fn describe(mut self, comment: &str) -> Self {
        self.last().comment = Some(comment.into());
        self
    }

    pub fn pii(mut self) -> Self {
        self.last().pii = true;
        self
    }

    pub fn renamed_from(mut self, old: &str) -> Self {
        self.last().renamed_from = Some(old.into());
        self
    }

    pub fn timestamps(mut self) -> Self {
        for (name, origin) in [
            ("created_at", ColumnOrigin::CreatedAt),
            ("updated_at", ColumnOrigin::UpdatedAt),
        ] {
            let mut c = column(
                name,
                origin,
                ColumnType::Timestamp {
                    with_time_zone: true,
                },
                false,
            );
            c.default = Some(DefaultValue::Now);
            self.table.columns.push(c);
        }
        self
    }

    /// `deleted_at` plus the active-rows partial index.
    pub fn soft_delete(mut self) -> Self {
        self.table.delete = DeleteStrategy::Soft;
        self.table.soft_delete = true;
        self.table.columns.push(column(
            "deleted_at",
            ColumnOrigin::DeletedAt,
            ColumnType::Timestamp {
                with_time_zone: true,
            },
            true,
        ));
        let t = self.table.name.clone();
        self.index(
            &format!("idx_{t}_on_id_active"),
            &["id"],
            IndexOrigin::ActiveRows,
            "Active rows: every query filters `deleted_at IS NULL`",
        )
        .predicate("deleted_at IS NULL")
    }

    /// `tenant_id` referencing `tenants`, first column after `id`.
    pub fn tenant_scoped(mut self) -> Self {
        self.table.tenant_scoped = true;
        let c = column("tenant_id", ColumnOrigin::TenantId, ColumnType::Uuid, false);
        self.table.columns.insert(1, c);
        let t = self.table.name.clone();
        self.table.foreign_keys.push(ForeignKey {
            name: format!("fk_{t}_tenant_id_tenants"),
            on_update: RefAction::Cascade,
            on_delete_explicit: true,
            ..ForeignKey::new(
                vec!["tenant_id".into()],
                "tenants",
                vec!["id".into()],
                RefAction::Restrict,
            )
        });
        self.rels.push(Relationship {
            from_table: t,
            to_table: "tenants".into(),
            cardinality: Cardinality::ManyToOne,
            columns: vec!["tenant_id".into()],
            optional: false,
            identifying: false,
            junction: None,
            label: "belongs to tenant".into(),
        });
        self
    }

    /// A bigint FK column `col` -> `target.id`, its covering index and its relationship.
    pub fn belongs_to(
        mut self,
        col: &str,
        target: &str,
        on_delete: RefAction,
        nullable: bool,
        label: &str,
    ) -> Self {
        self = self.col(col, ColumnType::BigInt, nullable);
        let t = self.table.name.clone();
        self.table.foreign_keys.push(ForeignKey {
            name: format!("fk_{t}_{col}_{target}"),
            on_update: RefAction::Cascade,
            on_delete_explicit: true,
            ..ForeignKey::new(vec![col.into()], target, vec!["id".into()], on_delete)
        });
        self.rels.push(Relationship {
            from_table: t.clone(),
            to_table: target.into(),
            cardinality: Cardinality::ManyToOne,
            columns: vec![col.into()],
            optional: nullable,
            identifying: false,
            junction: None,
            label: label.into(),
        });
        self.index(
            &format!("idx_{t}_on_{col}"),
            &[col],
            IndexOrigin::ForeignKey,
            "FK lookup: joins and parent deletes",
        )
    }

    /// Makes the last FK 1:1 (unique).
    pub fn one_to_one(mut self) -> Self {
        let t = self.table.name.clone();
        let Some(fk) = self.table.foreign_keys.last_mut() else {
            return self;
        };
        fk.one_to_one = true;
        let col = fk.columns[0].clone();
        if let Some(r) = self.rels.last_mut() {
            r.cardinality = Cardinality::OneToOne;
        }
        self.table
            .indexes
            .retain(|i| i.name != format!("idx_{t}_on_{col}"));
        self.unique(&format!("uq_{t}_on_{col}"), &[&col])
    }

    /// Marks the last FK as closing a cycle (added after all tables).
    pub fn deferred(mut self) -> Self {
        if let Some(fk) = self.table.foreign_keys.last_mut() {
            fk.deferred = true;
        }
        self
    }

    pub fn index(mut self, name: &str, cols: &[&str], origin: IndexOrigin, why: &str) -> Self {
        self.table.indexes.push(Index {
            name: name.into(),
            columns: cols
                .iter()
                .map(|c| {
                    let (n, d) = match c.strip_suffix(" DESC") {
                        Some(n) => (n, true),
                        None => (*c, false),
                    };
                    IndexColumn {
                        name: n.into(),
                        descending: d,
                    }
                })
                .collect(),
            unique: false,
            predicate: None,
            method: IndexMethod::Btree,
            include: Vec::new(),
            origin,
            rationale: why.into(),
            live_column: None,
            unhashed_name: None,
        });
        self
    }

    pub fn unique(self, name: &str, cols: &[&str]) -> Self {
        let mut s = self.index(name, cols, IndexOrigin::UniqueKey, "Business rule: unique");
        let soft = s.table.soft_delete;
        if let Some(i) = s.table.indexes.last_mut() {
            i.unique = true;
            if soft {
                i.predicate = Some("deleted_at IS NULL".into());
                i.rationale = "Business rule: unique among live rows".into();
            }
        }
        s
    }

    pub fn predicate(mut self, p: &str) -> Self {
        if let Some(i) = self.table.indexes.last_mut() {
            i.predicate = Some(p.into());
        }
        self
    }

    pub fn method(mut self, m: IndexMethod) -> Self {
        if let Some(i) = self.table.indexes.last_mut() {
            i.method = m;
        }
        self
    }

    pub fn include(mut self, cols: &[&str]) -> Self {
        if let Some(i) = self.table.indexes.last_mut() {
            i.include = cols.iter().map(|c| c.to_string()).collect();
        }
        self
    }

    pub fn check(mut self, name: &str, expr: &str, col: Option<&str>, kind: &str) -> Self {
        self.table.checks.push(Check {
            name: name.into(),
            expr: expr.into(),
            column: col.map(str::to_string),
            kind: kind.into(),
            rule: CheckRule::Custom,
            unhashed_name: None,
        });
        self
    }

    pub fn retention(mut self, ttl: Option<&str>, legal_hold: bool) -> Self {
        self.table.retention = Some(Retention {
            after_delete: false,
            ttl: ttl.map(str::to_string),
            legal_hold,
        });
        self
    }

    pub fn append_only(mut self) -> Self {
        self.table.append_only = true;
        self
    }

    pub fn archival(mut self) -> Self {
        self.table.delete = DeleteStrategy::Archival;
        self
    }
}

/// A Schema with the target it is rendered for: what every fixture returns. It dereferences
/// to the Schema, so `&fixture` is a `&Schema` and `fixture.tables` its tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixture {
    pub schema: Schema,
    pub target: Target,
}

impl std::ops::Deref for Fixture {
    type Target = Schema;
    fn deref(&self) -> &Schema {
        &self.schema
    }
}

impl std::ops::DerefMut for Fixture {
    fn deref_mut(&mut self) -> &mut Schema {
        &mut self.schema
    }
}

/// Collects tables and relationships into a Schema.
#[derive(Debug, Clone)]
pub struct SchemaBuilder {
    schema: Schema,
    target: Target,
}

impl SchemaBuilder {
    pub fn new(config: Config) -> Self {
        SchemaBuilder {
            schema: Schema {
                format_version: SCHEMA_FORMAT_VERSION,
                tenancy: config.tenancy,
                tables: Vec::new(),
                relationships: Vec::new(),
                tenant_table: None,
            },
            target: Target::from_config(&config),
        }
    }

    pub fn table(mut self, t: TableBuilder) -> Self {
        self.schema.relationships.extend(t.rels);
        self.schema.tables.push(t.table);
        self
    }

    pub fn many_to_many(mut self, from: &str, to: &str, junction: &str, label: &str) -> Self {
        self.schema.relationships.push(Relationship {
            from_table: from.into(),
            to_table: to.into(),
            cardinality: Cardinality::ManyToMany,
            columns: Vec::new(),
            optional: true,
            identifying: false,
            junction: Some(junction.into()),
            label: label.into(),
        });
        self
    }

    pub fn tenant_table(mut self, t: &str) -> Self {
        self.schema.tenant_table = Some(t.into());
        self
    }

    pub fn build(self) -> Fixture {
        Fixture {
            schema: self.schema,
            target: self.target,
        }
    }
}

fn config(engines: &[Engine], migration: Migration, tenancy: Tenancy, depth: Depth) -> Config {
    Config {
        engines: engines.to_vec(),
        engines_inferred: false,
        migration,
        tenancy,
        depth,
        ..Config::default()
    }
}

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

impl TableBuilder {
    /// The public `uuid` column and its unique index.
    pub fn public_uuid(mut self) -> Self {
        let mut c = column("uuid", ColumnOrigin::PublicUuid, ColumnType::Uuid, false);
        c.default = Some(DefaultValue::NewUuid);
        self.table.columns.push(c);
        let t = self.table.name.clone();
        let mut s = self.index(
            &format!("uq_{t}_on_uuid"),
            &["uuid"],
            IndexOrigin::PublicUuid,
            "Lookup by public id",
        );
        if let Some(i) = s.table.indexes.last_mut() {
            i.unique = true;
        }
        s
    }
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
