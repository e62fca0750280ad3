//! The resolved Schema: the one engine-neutral description every renderer reads.
//!
//! `resolve` turns the collected [`datamodel::Model`] plus the [`Config`] into this: every
//! table, column, constraint and index exists here with its final name (limits enforced,
//! collisions impossible), cross-cutting columns applied (timestamps, `deleted_at`,
//! `tenant_id`), junction and subtype tables generated, indexes planned from query patterns
//! (ESR) and FK coverage. DDL dialects, the document, the lints and migrations only *read* a
//! Schema: none of them invents a name, a column or an index.
//!
//! What is engine-specific (type spelling, quoting, identity syntax, how a partial unique index
//! is emulated on MySQL) belongs to the dialects; what the engines must agree on (names,
//! columns, which rows are unique) belongs here.

pub mod columns;
pub mod comments;
mod indexes;
pub(crate) mod model_rules;
pub mod names;
mod order;
pub(crate) use order::order_tables;
mod audit;
mod counts;
pub mod distribution_rules;
mod json;
mod keys;
pub mod resolve;
pub mod retention_rules;
pub mod sql_guard;
mod tenancy;

pub use audit::{AppendOnlyGuard, History, TableAudit};
pub use counts::TableCounts;
pub use json::SchemaJsonError;
pub use resolve::resolve;
pub use tenancy::{TENANT_COLUMN, TENANT_POLICY};

use crate::config::Tenancy;
use datamodel::model::{
    ColumnType, DeleteStrategy, IndexMethod, RefAction, Retention, SourceLocation,
};
use serde::{Deserialize, Serialize};

/// Version of the Schema JSON format (what [`Schema::from_json`] reads; migration snapshots
/// rely on it). 2: the Schema no longer embeds the configuration (it travels beside it as a
/// [`crate::target::Target`]). Still 2 with `Table::namespace` / `ForeignKey::ref_namespace`:
/// optional fields, left out when absent, so every version-2 file reads as before and a Schema
/// without namespaces (every derived one) writes the same bytes.
pub const SCHEMA_FORMAT_VERSION: u32 = 2;

/// The predicate of every soft-delete partial index.
pub const SOFT_DELETE_PREDICATE: &str = "deleted_at IS NULL";

/// Maximum identifier length used for every engine (PostgreSQL's 63 bytes; MySQL allows 64).
pub const MAX_IDENT_LEN: usize = 63;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    /// [`SCHEMA_FORMAT_VERSION`] when written; [`Schema::from_json`] refuses any other.
    pub format_version: u32,
    /// How tenants are isolated: a property of the model (shared tenancy shapes keys and
    /// columns; schema- and database-per-tenant make the DDL a per-tenant template).
    pub tenancy: Tenancy,
    /// Tables in dependency order: every table comes after the tables its non-deferred
    /// foreign keys reference.
    pub tables: Vec<Table>,
    /// Relationships between tables, for the ER diagram and the document.
    pub relationships: Vec<Relationship>,
    /// The table tenants live in, under shared tenancy.
    pub tenant_table: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// A `#[derive(DataModel)]` struct.
    Entity,
    /// A many-to-many junction table (generated, or from a `junction` struct).
    Junction,
    /// A table-per-type subtype: its primary key is a foreign key to the parent.
    Subtype,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The table's identity in the Schema: what `Schema::table`, `ForeignKey::ref_table`, the
    /// document, lints and the migration differ know it by. For a table of a namespace
    /// ([`Table::namespace`]) it is `{namespace}.{local name}` (`sales.orders`), so
    /// `public.orders` (`orders`) and `sales.orders` stay two tables; SQL never writes it
    /// as one identifier but through `Dialect::quote_table`.
    pub name: String,
    /// The namespace (PostgreSQL schema) the table lives in when it is not the default one;
    /// only import sets it (`CREATE TABLE sales.orders`), the derive never does. `Some(ns)`
    /// means `name` is `{ns}.{local}` ([`Table::local_name`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// The name before it was shortened with a hash to fit the identifier limit; `None` when
    /// not shortened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unhashed_name: Option<String>,
    /// The table's name before a declared rename (`renamed_from`), for migrations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    pub kind: TableKind,
    /// Type path of the entity the table comes from (the owner entity for a generated junction).
    pub entity: Option<String>,
    /// Struct name (`Post`); for a generated junction, a descriptive name (`PostTag`).
    pub rust_name: String,
    /// Doc group: the `group` attribute or the Rust module path.
    pub group: String,
    pub comment: Option<String>,
    pub source: Option<SourceLocation>,
    pub columns: Vec<Column>,
    pub primary_key: PrimaryKey,
    pub foreign_keys: Vec<ForeignKey>,
    /// Unique keys and plain indexes alike (a unique key is a unique index; partial ones too).
    pub indexes: Vec<Index>,
    pub checks: Vec<Check>,
    pub delete: DeleteStrategy,
    /// Has `deleted_at`; unique keys are partial `WHERE deleted_at IS NULL`.
    pub soft_delete: bool,
    /// Has `tenant_id` under shared tenancy.
    pub tenant_scoped: bool,
    /// `updated_at` is kept current by the engine (trigger / ON UPDATE).
    pub updated_at_trigger: bool,
    /// Name of the trigger keeping `updated_at` current (PostgreSQL, SQLite), when
    /// `updated_at_trigger` is set. SQLite trigger names are schema-wide, so it is registered
    /// with every other name.
    #[serde(default)]
    pub updated_at_trigger_name: Option<String>,
    /// Optimistic locking (`#[datamodel(version)]`): the table has a `version` column the
    /// engine increments on every UPDATE.
    #[serde(default, skip_serializing_if = "is_false")]
    pub version: bool,
    /// Name of the trigger that increments `version`, when the engine keeps it with a trigger
    /// of its own (where the dialect folds it into the `updated_at` trigger, that one's name is
    /// used). Registered with every other name (trigger names are schema-wide on SQLite and
    /// MySQL/MariaDB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_trigger_name: Option<String>,
    /// Audit columns (`created_by` / `updated_by`) and how they are filled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit: Option<TableAudit>,
    /// The shared audit log (`audit(history)`): refuses UPDATE and DELETE (but the TTL's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub append_only_guard: Option<AppendOnlyGuard>,
    pub retention: Option<Retention>,
    pub append_only: bool,
    /// Lint rules allowed on this table (entity-level `allow`).
    pub allow: Vec<String>,
    pub allow_polymorphic: bool,
    /// The query patterns the application declared, in column names (ESR sets). The lints
    /// check that an index serves each one, in ESR order.
    #[serde(default)]
    pub query_patterns: Vec<QueryPatternColumns>,
    /// Row-level security policies (shared tenancy: one per tenant-scoped table). Rendered on
    /// engines with row-level security (PostgreSQL); named here so no renderer invents a name.
    #[serde(default)]
    pub policies: Vec<Policy>,
}

/// A row-level security policy: rows are visible and writable only when `column` equals the
/// value of the session setting `setting` (for every command: USING and WITH CHECK). An unset
/// or empty setting matches no row (fail closed). The table also gets ENABLE and FORCE ROW
/// LEVEL SECURITY, so its owner is filtered too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Policy name (per table in PostgreSQL), e.g. `tenant_isolation`.
    pub name: String,
    /// The column compared with the setting (`tenant_id`).
    pub column: String,
    /// The custom setting holding the current tenant, e.g. `app.current_tenant_id`.
    pub setting: String,
}

/// A declared query pattern (`query(name, eq(..), sort(..), range(..))`) with its Rust field
/// names mapped to column names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryPatternColumns {
    pub name: String,
    pub equality: Vec<String>,
    pub sort: Vec<String>,
    pub range: Vec<String>,
}

impl QueryPatternColumns {
    /// The pattern filters `tenant_id` with equality: on a table distributed by tenant
    /// (Citus) such a query goes to one shard, any other to every shard.
    pub fn filters_tenant(&self) -> bool {
        self.equality.iter().any(|c| c == TENANT_COLUMN)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnOrigin {
    /// A struct field.
    Field,
    /// `id` added because the primary key strategy asked for one.
    PrimaryKey,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
    /// `archived_at` of an archival table: set by the retention job instead of deleting.
    ArchivedAt,
    TenantId,
    PublicUuid,
    Discriminator,
    /// A junction table's reference column.
    JunctionKey,
    /// Subtype columns of a single-table inheritance child (nullable in the shared table).
    Subtype,
    /// `version` of an optimistically locked table (`#[datamodel(version)]`).
    Version,
    /// `created_by` of an audited table: the actor who created the row.
    CreatedBy,
    /// `updated_by` of an audited table: the actor who last changed the row.
    UpdatedBy,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum DefaultValue {
    /// The current timestamp (`now()`, `CURRENT_TIMESTAMP`, ...), per dialect.
    Now,
    /// A new random UUID (`gen_random_uuid()`, `UUID()`, ...), per dialect.
    NewUuid,
    /// A SQL expression validated by sqlparser, emitted as written.
    Expr(String),
    /// A text value (an enum default), written as a string literal by the dialect
    /// ([`crate::dialect::Dialect::string_literal`], the one escaper).
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    /// The name before it was shortened with a hash to fit the identifier limit; `None` when
    /// not shortened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unhashed_name: Option<String>,
    /// Rust field name, for columns that come from a field.
    pub field: Option<String>,
    pub origin: ColumnOrigin,
    pub ty: ColumnType,
    /// VARCHAR length (strings and enums); `None` with a string type means TEXT.
    pub max_length: Option<u32>,
    pub precision: Option<u32>,
    pub scale: Option<u32>,
    pub nullable: bool,
    pub default: Option<DefaultValue>,
    /// Generated by the engine (identity / AUTO_INCREMENT / rowid alias).
    pub identity: bool,
    pub comment: Option<String>,
    pub pii: bool,
    pub renamed_from: Option<String>,
    pub source_line: Option<u32>,
    /// Lint rules allowed on this column (field-level `allow`).
    pub allow: Vec<String>,
    /// The Rust type as written, for documentation.
    pub rust_type: Option<String>,
    /// How the type was spelled in imported DDL, when that spelling is one the derive never
    /// produces (native ENUM, VARCHAR without length, PostgreSQL `json`). `None` for
    /// derive-sourced columns. The lints report these.
    #[serde(default)]
    pub imported_type: Option<ImportedType>,
}

/// Column type spellings found in imported DDL that the derive forbids or never emits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportedType {
    /// A native ENUM type (MySQL `ENUM(...)`, PostgreSQL `CREATE TYPE ... AS ENUM`).
    NativeEnum,
    /// `VARCHAR` / `character varying` with no length.
    VarcharWithoutLength,
    /// PostgreSQL `json` (text, reparsed on every read) rather than `jsonb`.
    PlainJson,
    /// A type the model has no variant for (PostGIS `geometry`, `tsvector`, ranges, arrays,
    /// extension types, domains over them), kept by name as the file spelled it so that it
    /// round-trips: every dialect writes it back verbatim ([`Column::opaque_type`]). The
    /// column's `ty` is `String`, the closest the lints and the document can reason about.
    Opaque(String),
}

impl Column {
    /// The verbatim type of an imported column whose type the model doesn't know.
    pub fn opaque_type(&self) -> Option<&str> {
        match &self.imported_type {
            Some(ImportedType::Opaque(name)) => Some(name),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrimaryKey {
    /// `pk_{table}`.
    pub name: String,
    pub columns: Vec<String>,
    /// The name before it was shortened to fit the identifier limit; `None` when not hashed.
    #[serde(default)]
    pub unhashed_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    /// `fk_{table}_{column}_{ref_table}` (hashed when too long).
    pub name: String,
    pub columns: Vec<String>,
    pub ref_table: String,
    /// The namespace of the referenced table (its [`Table::namespace`]), when it has one:
    /// `ref_table` is then `{namespace}.{local}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ref_namespace: Option<String>,
    pub ref_columns: Vec<String>,
    pub on_delete: RefAction,
    pub on_update: RefAction,
    /// `on_delete` was written by the user (not defaulted, e.g. for a junction table).
    pub on_delete_explicit: bool,
    /// Added with ALTER TABLE after all tables exist, because it is part of an FK cycle.
    pub deferred: bool,
    /// The relationship is 1:1 (the FK columns are unique).
    pub one_to_one: bool,
    /// The name before it was shortened to fit the identifier limit; `None` when not hashed.
    #[serde(default)]
    pub unhashed_name: Option<String>,
    /// For a composite tenant FK `(tenant_id, x_id)` with `ON DELETE SET NULL`: the columns
    /// that are set to NULL (`x_id`; `tenant_id` is NOT NULL). PostgreSQL 15 renders
    /// `SET NULL (x_id)`; engines without column lists fall back to a single-column FK.
    #[serde(default)]
    pub set_null_columns: Vec<String>,
    /// With `set_null_columns` set, on engines without `SET NULL (col)` (MySQL/MariaDB,
    /// SQLite) the FK is rendered as the single column (`x_id -> id`, carrying the ON DELETE
    /// SET NULL) plus this guard: the composite `(tenant_id, x_id) -> (tenant_id, id)` with ON
    /// DELETE NO ACTION, which keeps cross-tenant references impossible. (The parent's primary
    /// key row goes first, so the SET NULL has run when the guard is checked.) `None` when the
    /// FK needs no guard.
    #[serde(default)]
    pub tenant_guard_name: Option<String>,
}

impl Column {
    /// A NOT NULL column of `ty` with nothing else set: no field, default, length, comment.
    pub fn new(name: impl Into<String>, origin: ColumnOrigin, ty: ColumnType) -> Self {
        Column {
            name: name.into(),
            field: None,
            origin,
            ty,
            max_length: None,
            precision: None,
            scale: None,
            nullable: false,
            default: None,
            identity: false,
            comment: None,
            pii: false,
            renamed_from: None,
            unhashed_name: None,
            source_line: None,
            allow: Vec::new(),
            rust_type: None,
            imported_type: None,
        }
    }
}

impl Index {
    /// A B-tree index on `columns`, unnamed until naming runs, without predicate, INCLUDE
    /// columns or rationale.
    pub fn new(columns: Vec<IndexColumn>, unique: bool, origin: IndexOrigin) -> Self {
        Index {
            name: String::new(),
            columns,
            unique,
            predicate: None,
            method: IndexMethod::Btree,
            include: Vec::new(),
            origin,
            rationale: String::new(),
            live_column: None,
            unhashed_name: None,
        }
    }
}

/// `name` without its `{namespace}.` prefix (`orders` of `sales.orders` in `sales`); `name`
/// itself without a namespace (or when it doesn't start with it).
pub fn local_name<'a>(name: &'a str, namespace: Option<&str>) -> &'a str {
    namespace
        .and_then(|ns| name.strip_prefix(ns))
        .and_then(|rest| rest.strip_prefix('.'))
        .unwrap_or(name)
}

impl ForeignKey {
    /// A reference from `columns` to `ref_table (ref_columns)` with the defaults the resolver
    /// starts from: unnamed until naming runs, `ON UPDATE NO ACTION`, `on_delete` not written
    /// by the user, not deferred, not 1:1, no tenant guard.
    pub fn new(
        columns: Vec<String>,
        ref_table: impl Into<String>,
        ref_columns: Vec<String>,
        on_delete: RefAction,
    ) -> Self {
        ForeignKey {
            name: String::new(),
            columns,
            ref_table: ref_table.into(),
            ref_namespace: None,
            ref_columns,
            on_delete,
            on_update: RefAction::NoAction,
            on_delete_explicit: false,
            deferred: false,
            one_to_one: false,
            unhashed_name: None,
            set_null_columns: Vec::new(),
            tenant_guard_name: None,
        }
    }
}

/// One column of an index, with its sort direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexColumn {
    pub name: String,
    pub descending: bool,
}

impl IndexColumn {
    pub fn asc(name: impl Into<String>) -> Self {
        IndexColumn {
            name: name.into(),
            descending: false,
        }
    }

    pub fn desc(name: impl Into<String>) -> Self {
        IndexColumn {
            name: name.into(),
            descending: true,
        }
    }

    /// Reads a sort key as the model writes it: `-col` (what `sort(desc(col))` records) or
    /// `col desc` is descending, `col` and `col asc` ascending.
    pub fn parse(raw: &str) -> Self {
        let t = raw.trim();
        if let Some(rest) = t.strip_prefix('-') {
            return IndexColumn::desc(rest.trim());
        }
        let lower = t.to_ascii_lowercase();
        if let Some(stripped) = lower.strip_suffix(" desc") {
            return IndexColumn::desc(t[..stripped.len()].trim());
        }
        if let Some(stripped) = lower.strip_suffix(" asc") {
            return IndexColumn::asc(t[..stripped.len()].trim());
        }
        IndexColumn::asc(t)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum IndexOrigin {
    /// `index(...)` on the struct or `index` on a field.
    Declared,
    /// `unique` / `unique(...)` / `one_to_one`.
    UniqueKey,
    /// Covers a foreign key (PostgreSQL does not create these).
    ForeignKey,
    /// Planned from the named query patterns (ESR order).
    QueryPattern(Vec<String>),
    /// `(id) WHERE deleted_at IS NULL`: the active-rows index of a soft-delete table.
    ActiveRows,
    PublicUuid,
    /// `(tenant_id, id)`: target of composite tenant foreign keys.
    TenantKey,
    /// Second column of a junction table's primary key.
    JunctionReverse,
    /// BRIN on `created_at` of an append-only table.
    TimeSeries,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    /// `idx_{table}_on_{columns}` or `uq_{table}_on_{columns}` (hashed when too long).
    pub name: String,
    pub columns: Vec<IndexColumn>,
    pub unique: bool,
    /// Partial index predicate (validated SQL).
    pub predicate: Option<String>,
    pub method: IndexMethod,
    /// Covering columns (`INCLUDE`, PostgreSQL only).
    pub include: Vec<String>,
    pub origin: IndexOrigin,
    /// Why the index exists (ESR explanation, FK lookup, ...), for the document.
    pub rationale: String,
    /// The name before it was shortened to fit the identifier limit; `None` when not hashed.
    #[serde(default)]
    pub unhashed_name: Option<String>,
    /// For a partial *unique* index: the generated column engines without partial indexes
    /// (MySQL/MariaDB) add to the table as `IF(<predicate>, 1, NULL)` and append to the key,
    /// so rows outside the predicate never conflict. Named by `names::LIVE_COLUMN`.
    #[serde(default)]
    pub live_column: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// `check_{table}_{column}_{type}` (hashed when too long).
    pub name: String,
    /// Validated SQL boolean expression.
    pub expr: String,
    /// The column it constrains, if it is a column check.
    pub column: Option<String>,
    /// What kind of check: `enum`, `range`, `positive`, `custom`, `discriminator`.
    pub kind: String,
    /// The name before it was shortened to fit the identifier limit; `None` when not hashed.
    #[serde(default)]
    pub unhashed_name: Option<String>,
    /// The check as structure, for generated checks: dialects render it with their own
    /// identifier quoting (a column named `order` needs quotes, and MySQL quotes differently).
    /// `Custom` means `expr` is user SQL, emitted as written after validation.
    #[serde(default)]
    pub rule: CheckRule,
}

/// A generated CHECK as structure (see [`Check::rule`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CheckRule {
    /// `expr` is user SQL (validated by `sql_guard`), emitted as written.
    #[default]
    Custom,
    /// `column IN ('v1', 'v2', ...)`.
    In { column: String, values: Vec<String> },
    /// `column >= min AND column <= max` (`>` when `exclusive_min`); bounds are numeric
    /// literals validated by `sql_guard`.
    Range {
        column: String,
        min: Option<String>,
        max: Option<String>,
        exclusive_min: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cardinality {
    /// Many rows of `from` point at one row of `to`.
    ManyToOne,
    OneToOne,
    /// Through the junction table named in the relationship.
    ManyToMany,
    /// Table-per-type subtype of `to`.
    Inheritance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relationship {
    /// The table holding the foreign key (for M:N, the owner entity's table).
    pub from_table: String,
    pub to_table: String,
    pub cardinality: Cardinality,
    /// FK columns on `from_table` (empty for M:N).
    pub columns: Vec<String>,
    /// `from` rows can exist without `to` (nullable FK).
    pub optional: bool,
    /// The FK is part of `from`'s primary key.
    pub identifying: bool,
    /// For M:N, the junction table.
    pub junction: Option<String>,
    /// A short verb phrase for the diagram (e.g. `belongs to`).
    pub label: String,
}

impl Schema {
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }
}

impl Table {
    /// The name inside its namespace (`orders` of `sales.orders`); the whole name for a table
    /// without one.
    pub fn local_name(&self) -> &str {
        local_name(&self.name, self.namespace.as_deref())
    }

    /// A table with nothing in it yet: no columns, keys, indexes or checks, hard delete, not
    /// tenant-scoped, no trigger. The resolver fills it; tests override what they need with
    /// `Table { .., ..Table::new(..) }`.
    pub fn new(name: impl Into<String>, kind: TableKind, rust_name: impl Into<String>) -> Table {
        Table {
            unhashed_name: None,
            renamed_from: None,
            name: name.into(),
            namespace: None,
            kind,
            entity: None,
            rust_name: rust_name.into(),
            group: String::new(),
            comment: None,
            source: None,
            columns: Vec::new(),
            primary_key: PrimaryKey {
                name: String::new(),
                columns: Vec::new(),
                unhashed_name: None,
            },
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            checks: Vec::new(),
            delete: DeleteStrategy::Hard,
            soft_delete: false,
            tenant_scoped: false,
            updated_at_trigger: false,
            updated_at_trigger_name: None,
            version: false,
            version_trigger_name: None,
            audit: None,
            append_only_guard: None,
            retention: None,
            append_only: false,
            allow: Vec::new(),
            allow_polymorphic: false,
            query_patterns: Vec::new(),
            policies: Vec::new(),
        }
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The table is optimistically locked and has its `version` column.
    pub fn has_version(&self) -> bool {
        self.version && self.column(VERSION_COLUMN).is_some()
    }
}

/// The optimistic-locking column (`#[datamodel(version)]`).
pub const VERSION_COLUMN: &str = "version";

fn is_false(b: &bool) -> bool {
    !*b
}

impl PrimaryKey {
    /// The primary key seen as the unique B-tree index every engine builds for it, for
    /// checks that ask "which index serves / covers this".
    pub fn as_index(&self) -> Index {
        Index {
            name: self.name.clone(),
            columns: self
                .columns
                .iter()
                .map(|c| IndexColumn {
                    name: c.clone(),
                    descending: false,
                })
                .collect(),
            unique: true,
            predicate: None,
            method: IndexMethod::Btree,
            include: Vec::new(),
            origin: IndexOrigin::UniqueKey,
            rationale: String::new(),
            unhashed_name: None,
            live_column: None,
        }
    }
}

#[cfg(test)]
mod json_tests;
