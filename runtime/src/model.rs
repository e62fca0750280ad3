//! The collected Model: what `#[derive(DataModel)]` says about each struct, as plain data.
//!
//! These types are the contract between the derive (which builds one [`Entity`] per struct at
//! run time of the dumper), the JSON dump read by `cargo datamodel`, and the resolver there.
//! They hold only what the user declared: nothing here is engine-specific and nothing is
//! derived (no cross-cutting columns, no planned indexes, no constraint names). Field and
//! column references inside an entity use the *Rust field name*; the resolver maps them.
//!
//! Entities are identified by their full Rust type path (`std::any::type_name`), which is
//! unique across crates and modules and needs no registry of its own.

use serde::{Deserialize, Serialize};

/// Version of the JSON dump format written by the dumper and read by `cargo datamodel`.
pub const DUMP_FORMAT_VERSION: u32 = 1;

/// Every entity of the collected crates, sorted by type path.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub format_version: u32,
    pub entities: Vec<Entity>,
}

/// Where a struct or a field is written, for diagnostics that point at user code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLocation {
    /// Path as given by `file!()` (relative to the package root of the user crate).
    pub file: String,
    pub line: u32,
}

/// One `#[derive(DataModel)]` struct.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Full Rust type path, e.g. `blog::model::Post`. The identity of the entity.
    pub type_path: String,
    /// The struct's name, e.g. `Post`.
    pub rust_name: String,
    /// `module_path!()` of the struct.
    pub module_path: String,
    /// The crate the struct lives in (first segment of `module_path`).
    pub crate_name: String,
    pub source: SourceLocation,
    /// Table name: the override, or the plural snake_case of the struct name.
    pub table: String,
    /// True when `table` came from an explicit `table = "..."`.
    pub table_overridden: bool,
    /// `renamed_from = "old_table"`: the table had this name before (migrations rename it
    /// instead of dropping it and creating a new one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// From `comment = "..."` or the struct's doc comment.
    pub comment: Option<String>,
    /// `None`: the configured default delete strategy applies.
    pub delete: Option<DeleteStrategy>,
    /// `None`: the configured tenancy decides (tenant-scoped when tenancy is shared).
    pub tenancy: Option<TenantScope>,
    /// `None`: bigint identity.
    pub pk_strategy: Option<PkStrategy>,
    /// Adds a `uuid` column with a unique index, for ids shown to the public.
    pub public_uuid: bool,
    pub fields: Vec<Field>,
    pub uniques: Vec<UniqueKey>,
    pub indexes: Vec<IndexDef>,
    pub query_patterns: Vec<QueryPattern>,
    pub checks: Vec<CheckDef>,
    pub retention: Option<Retention>,
    /// Doc group, used to split large diagrams. `None`: the Rust module.
    pub group: Option<String>,
    pub many_to_many: Vec<ManyToMany>,
    pub inheritance: Option<Inheritance>,
    /// Column that holds the subtype name when this entity is a single-table parent.
    pub discriminator: Option<String>,
    /// Marks an append-only time-series table (BRIN candidate on PostgreSQL).
    pub append_only: bool,
    /// A single-table inheritance parent with no rows of its own: only its subtypes'
    /// discriminator values are allowed.
    #[serde(default)]
    pub abstract_parent: bool,
    /// `version`: optimistic locking. The table gets a `version` column (BIGINT NOT NULL
    /// DEFAULT 1) the engine increments on every UPDATE.
    #[serde(default, skip_serializing_if = "is_false")]
    pub version: bool,
    /// `audit` / `audit(actor = User)`: who created and last changed each row
    /// (`created_by` / `updated_by`). `None`: the configured `audit` default applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit: Option<Audit>,
    /// Lint rules silenced for this entity (rule code or name).
    pub allow: Vec<String>,
    /// Explicit permission for a polymorphic `<x>_type` + `<x>_id` pair.
    pub allow_polymorphic: bool,
    /// True when this struct only describes the columns of a many-to-many junction table.
    pub junction: bool,
}

/// `audit(actor = User)` on a struct.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audit {
    /// Type path of the entity whose key `created_by` / `updated_by` hold (a foreign key, ON
    /// DELETE SET NULL). `None`: the configured `audit-actor`, else no foreign key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// `audit(history)`: every INSERT, UPDATE and DELETE is written to the shared `audit_log`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub history: bool,
}

/// One struct field (one column unless skipped).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub rust_name: String,
    /// Column name: `column = "..."` or the field name.
    pub column: String,
    /// The field's Rust type as written, e.g. `Option<String>`.
    pub rust_type: String,
    pub ty: ColumnType,
    pub nullable: bool,
    pub primary_key: bool,
    pub max_length: Option<u32>,
    /// Unbounded text, explicitly asked for.
    pub text: bool,
    pub unique: bool,
    /// SQL literal or well-known function (`now()`), as written.
    pub default: Option<String>,
    pub belongs_to: Option<ForeignKeyDef>,
    /// Column-level CHECK expression, as written.
    pub check: Option<String>,
    /// Inclusive lower bound (`min = ...`, or `positive` gives an exclusive 0 via `positive`).
    pub min: Option<String>,
    pub max: Option<String>,
    pub positive: bool,
    /// Single-column index.
    pub index: bool,
    pub pii: bool,
    pub precision: Option<u32>,
    pub scale: Option<u32>,
    /// Former column name (used by migrations).
    pub renamed_from: Option<String>,
    pub comment: Option<String>,
    pub line: u32,
    pub allow: Vec<String>,
}

/// Logical column type, before any engine is chosen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ColumnType {
    SmallInt,
    Integer,
    #[default]
    BigInt,
    Real,
    Double,
    Boolean,
    /// Character data; bounded by the field's `max_length` unless `text`.
    String,
    Bytes,
    Uuid,
    /// Exact numeric; precision/scale from the field.
    Decimal,
    Json,
    Timestamp {
        with_time_zone: bool,
    },
    Date,
    Time,
    /// A `#[derive(DataModelEnum)]`: VARCHAR(longest value) + CHECK IN (...).
    Enum {
        name: String,
        values: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeleteStrategy {
    Soft,
    Hard,
    Archival,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TenantScope {
    /// Rows belong to one tenant (gets `tenant_id` under shared tenancy).
    Scoped,
    /// Shared by every tenant (lookup tables, the tenants table itself).
    Global,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PkStrategy {
    BigintIdentity,
    Uuid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefAction {
    Cascade,
    Restrict,
    SetNull,
    NoAction,
}

impl RefAction {
    /// The SQL spelling, e.g. `SET NULL`.
    pub fn sql(self) -> &'static str {
        match self {
            RefAction::Cascade => "CASCADE",
            RefAction::Restrict => "RESTRICT",
            RefAction::SetNull => "SET NULL",
            RefAction::NoAction => "NO ACTION",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ForeignKeyDef {
    /// Type path of the referenced entity.
    pub target: String,
    /// `None` only for models that did not come from the derive (the derive requires it).
    pub on_delete: Option<RefAction>,
    pub on_update: Option<RefAction>,
    /// 1:1: the FK column is also unique.
    pub one_to_one: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UniqueKey {
    pub name: Option<String>,
    /// Rust field names.
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndexMethod {
    #[default]
    Btree,
    Gin,
    Brin,
    Hash,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexDef {
    pub name: Option<String>,
    /// Rust field names, in index order.
    pub fields: Vec<String>,
    pub unique: bool,
    /// Partial index predicate (SQL expression), as written.
    pub where_clause: Option<String>,
    pub method: IndexMethod,
    /// Covering columns (`INCLUDE`), Rust field names.
    pub include: Vec<String>,
}

/// A query the application runs, as equality / sort / range column sets (ESR).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryPattern {
    pub name: String,
    pub equality: Vec<String>,
    pub sort: Vec<String>,
    pub range: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckDef {
    pub name: Option<String>,
    pub expr: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    /// Time-to-live as written, e.g. `90d`, `1y`, `12h`.
    pub ttl: Option<String>,
    /// Rows may be put under legal hold (blocks deletion).
    pub legal_hold: bool,
    /// The TTL counts from the soft delete (`deleted_at`), not from `created_at`: rows are
    /// purged that long after they were deleted (an erasure grace period).
    #[serde(default)]
    pub after_delete: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManyToMany {
    /// Type path of the other entity.
    pub target: String,
    /// Junction table name.
    pub junction_table: String,
    /// Type path of an explicit junction struct that carries extra columns.
    pub through: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InheritanceStrategy {
    /// Subtype columns live in the parent's table, told apart by the discriminator.
    SingleTable,
    /// Subtype has its own table whose primary key is a foreign key to the parent.
    TablePerType,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inheritance {
    pub strategy: InheritanceStrategy,
    /// Type path of the parent entity.
    pub parent: String,
    /// Discriminator value for single-table inheritance (default: the struct name).
    pub discriminator_value: Option<String>,
}

impl Model {
    /// The entity with this type path.
    pub fn entity(&self, type_path: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.type_path == type_path)
    }
}

impl Entity {
    pub fn field(&self, rust_name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.rust_name == rust_name)
    }

    pub fn primary_key(&self) -> Option<&Field> {
        self.fields.iter().find(|f| f.primary_key)
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}
