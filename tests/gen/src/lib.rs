//! Random *valid* `datamodel` models, decoded from bytes.
//!
//! One generator serves the property tests (`tests/tests/properties.rs`: proptest feeds it
//! byte vectors from a seeded RNG) and the fuzz targets (`fuzz/`: libFuzzer feeds it its
//! inputs). Every decision is read from a [`Source`]; running out of bytes means "the smallest
//! choice", so any byte string is a valid model and shorter strings are simpler models.
//!
//! "Valid" means: what `#[derive(DataModel)]` would accept, in a crate the collector would
//! accept. Models are built directly (not through the derive), but respect the derive's rules
//! (`docs/attributes.md`): a primary key on every ordinary entity, `max_length` or `text` on
//! every string, a default on every NOT NULL bool, `on_delete` on every `belongs_to`, a foreign
//! key type equal to the target's primary key type, `set_null` only on nullable fields,
//! `scale <= precision`, `min <= max`, field references naming real fields, no polymorphic
//! `<x>_type` + `<x>_id` pair, no two fields on one column; and the cross-entity rules
//! (`datamodel::validate`): no two structs on one table, no NOT NULL foreign-key cycle (NOT NULL
//! foreign keys only point at entities generated earlier; later and self references are
//! nullable, so FK cycles exist but stay insertable), junction names distinct from tables.
//!
//! What is covered: 1-30 entities; every [`ColumnType`]; nullable and not; names that are
//! reserved words, mixed case or 60-80 bytes long; N:1, self-references, 1:1, M:N with and
//! without a junction struct carrying extra columns; FK cycles; every delete strategy and
//! tenancy mode (config and per entity); enums, checks, defaults, ranges; declared indexes of
//! every method with partial predicates and INCLUDE columns; query patterns; both inheritance
//! strategies; public uuids, retention, append-only tables, comments with quotes, backslashes
//! and newlines.
//!
//! Some combinations are valid for the derive but beyond what an engine can store, and are
//! kept out on purpose (each is a known engine limit, not a generator shortcut): unique keys
//! and indexes only on indexable types (no BLOB/TEXT/JSON keys on MySQL) with VARCHARs of at
//! most 100 characters in keys (MySQL's 3072-byte key limit), no VARCHAR over 500 characters
//! (MySQL's 65535-byte row limit), GIN only on JSON columns, hash indexes never unique
//! (PostgreSQL), and user SQL (checks, predicates) naming only plain columns (a reserved-word
//! column cannot be written portably in SQL text: MySQL reads `"order"` as a string).

mod mutate;
mod names;
mod source;

pub use mutate::{mutate, Mutation};
pub use source::Source;

use cargo_datamodel::config::{
    Config, Deletes, Depth, Engine, Migration, RetentionPolicy, Tenancy,
};
use datamodel::model::{
    CheckDef, ColumnType, DeleteStrategy, Entity, Field, ForeignKeyDef, IndexDef, IndexMethod,
    Inheritance, InheritanceStrategy, ManyToMany, PkStrategy, QueryPattern, RefAction, Retention,
    SourceLocation, TenantScope, UniqueKey, DUMP_FORMAT_VERSION,
};
use datamodel::naming::{snake_case, table_name};
use datamodel::Model;
use std::collections::BTreeSet;

/// One generated input: a model and the configuration it is resolved with.
#[derive(Debug, Clone)]
pub struct Case {
    pub model: Model,
    pub config: Config,
}

/// Decodes a case from bytes (any bytes give a valid case).
pub fn case_from_bytes(bytes: &[u8]) -> Case {
    let mut case = Gen::new(Source::new(bytes)).case();
    for_engines_that_accept(&case.model, &mut case.config);
    case
}

/// A model the derive accepts can still be one an engine that distributes tables (Citus)
/// refuses (`schema::distribution_rules`: a global entity referencing a tenant-scoped one,
/// `set_null` between tenant-scoped ones, ...; the resolver says so with those codes). Such a
/// model is resolved for the single-node engines only: `config` loses its distributing
/// engines when the resolver refuses `model` for them, and keeps them otherwise.
pub fn for_engines_that_accept(model: &Model, config: &mut Config) {
    let distributes = |e: &Engine| cargo_datamodel::dialect::dialect_for(*e).distributes_tables();
    if !config.engines.iter().any(distributes) {
        return;
    }
    let refused = cargo_datamodel::schema::resolve(model, config).is_err_and(|errors| {
        errors
            .iter()
            .any(|d| cargo_datamodel::schema::distribution_rules::CODES.contains(&d.code.as_str()))
    });
    if refused {
        config.engines.retain(|e| !distributes(e));
    }
}

/// The largest number of ordinary entities of one case.
pub const MAX_ENTITIES: u32 = 30;

/// How an entity relates to others by inheritance.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Plain,
    /// Single-table inheritance parent (has a discriminator).
    StiParent,
    StiChild(usize),
    TptChild(usize),
}

struct Gen<'a> {
    src: Source<'a>,
    /// Every table name handed out (entity tables, junction tables).
    tables: BTreeSet<String>,
    rust_names: BTreeSet<String>,
    tenancy: Tenancy,
}

/// Is `name`, or a name that differs from it only in letter case, in `set`? (Case-only
/// differences are refused by `cargo datamodel`: MySQL and SQLite fold them.)
fn has_folded(set: &BTreeSet<String>, name: &str) -> bool {
    let folded = name.to_lowercase();
    set.iter().any(|n| n.to_lowercase() == folded)
}

/// Generation state of one entity.
struct Draft {
    entity: Entity,
    role: Role,
    /// The primary key's type (the effective one for subtypes: the parent's).
    pk_ty: ColumnType,
    /// Column names taken (compare with [`has_folded`]: case variants are refused).
    columns: BTreeSet<String>,
}

/// Number of `column_type` choices (String counts twice: the most common type).
const TYPES: usize = 16;

fn column_type(k: usize, with_time_zone: bool) -> ColumnType {
    match k {
        0 => ColumnType::SmallInt,
        1 => ColumnType::Integer,
        2 => ColumnType::BigInt,
        3 => ColumnType::Real,
        4 => ColumnType::Double,
        5 => ColumnType::Boolean,
        6 | 7 => ColumnType::String,
        8 => ColumnType::Bytes,
        9 => ColumnType::Uuid,
        10 => ColumnType::Decimal,
        11 => ColumnType::Json,
        12 => ColumnType::Timestamp { with_time_zone },
        13 => ColumnType::Date,
        14 => ColumnType::Time,
        _ => ColumnType::Enum {
            name: "Kind".into(),
            values: Vec::new(),
        },
    }
}

fn is_numeric(ty: &ColumnType) -> bool {
    matches!(
        ty,
        ColumnType::SmallInt
            | ColumnType::Integer
            | ColumnType::BigInt
            | ColumnType::Real
            | ColumnType::Double
            | ColumnType::Decimal
    )
}

/// Can this field be a key column of an index on every engine?
fn indexable(f: &Field) -> bool {
    match f.ty {
        ColumnType::Bytes | ColumnType::Json => false,
        ColumnType::String => !f.text && f.max_length.is_some_and(|n| n <= 100),
        _ => true,
    }
}

const ENUM_VALUES: &[&str] = &[
    "active", "draft", "closed", "on_hold", "x", "archived", "it's",
];

impl<'a> Gen<'a> {
    fn new(src: Source<'a>) -> Self {
        Gen {
            src,
            tables: BTreeSet::new(),
            rust_names: BTreeSet::new(),
            tenancy: Tenancy::None,
        }
    }

    fn case(mut self) -> Case {
        let config = self.config();
        self.tenancy = config.tenancy;
        let n = self.src.int(1, MAX_ENTITIES) as usize;
        let mut drafts: Vec<Draft> = Vec::new();
        for i in 0..n {
            let d = if i == 0 && self.tenancy == Tenancy::Shared {
                self.tenant()
            } else {
                self.entity_shell(i, &drafts)
            };
            drafts.push(d);
        }
        // Single-table parents get their discriminator column before any field is named.
        for i in 0..drafts.len() {
            if drafts.iter().any(|d| d.role == Role::StiChild(i)) {
                drafts[i].role = Role::StiParent;
                drafts[i].entity.discriminator = Some("kind".into());
                drafts[i].columns.insert("kind".into());
            }
        }
        for i in 0..drafts.len() {
            self.fields(i, &mut drafts);
        }
        let mut junctions = Vec::new();
        for i in 0..drafts.len() {
            self.relations(i, &mut drafts, &mut junctions);
        }
        let mut entities: Vec<Entity> = drafts.into_iter().map(|d| d.entity).collect();
        entities.extend(junctions);
        self.retention_that_keeps_live_rows(&mut entities, &config);
        entities.sort_by(|a, b| a.type_path.cmp(&b.type_path));
        Case {
            model: Model {
                format_version: DUMP_FORMAT_VERSION,
                entities,
            },
            config,
        }
    }

    fn config(&mut self) -> Config {
        let mut engines = Engine::ALL.to_vec();
        engines.rotate_left(self.src.index(3));
        Config {
            engines,
            engines_inferred: false,
            migration: self.src.pick(&[
                Migration::Greenfield,
                Migration::Brownfield,
                Migration::Mixed,
            ]),
            tenancy: self.src.pick(&[
                Tenancy::None,
                Tenancy::Shared,
                Tenancy::Schema,
                Tenancy::Database,
            ]),
            deletes: self.src.pick(&[
                Deletes::Hard,
                Deletes::Soft,
                Deletes::Archival,
                Deletes::Mixed,
            ]),
            retention: self.src.pick(&[
                RetentionPolicy::None,
                RetentionPolicy::Gdpr,
                RetentionPolicy::Ttl,
                RetentionPolicy::Custom,
            ]),
            depth: self
                .src
                .pick(&[Depth::Production, Depth::Mvp, Depth::Schema]),
            updated_at_trigger: !self.src.chance(25),
            ..Config::default()
        }
    }

    /// Claims a table name; false if taken, also by a name that differs only in case (MySQL
    /// and SQLite fold them: `cargo datamodel` refuses such a model, see
    /// `regression_names_differing_only_in_case_are_refused`).
    fn claim_table(&mut self, name: &str) -> bool {
        self.tables.insert(name.to_lowercase())
    }

    fn base_entity(&mut self, rust_name: &str, table: &str, overridden: bool) -> Entity {
        self.rust_names.insert(rust_name.to_string());
        Entity {
            type_path: format!("gen::model::{rust_name}"),
            rust_name: rust_name.into(),
            module_path: "gen::model".into(),
            crate_name: "gen".into(),
            source: SourceLocation {
                file: "src/model.rs".into(),
                line: 1,
            },
            table: table.into(),
            table_overridden: overridden,
            ..Default::default()
        }
    }

    /// Retention `cargo datamodel` accepts (DM030): a TTL on a soft-deleted entity counts from
    /// the deletion; a purge of rows referenced with RESTRICT / NO ACTION is dropped (the TTL
    /// goes, the entity stays); `legal_hold` comes with the `legal_holds` table its jobs read.
    fn retention_that_keeps_live_rows(&mut self, entities: &mut Vec<Entity>, config: &Config) {
        let mut holds = false;
        for e in entities.iter_mut() {
            let delete = e.delete.unwrap_or(match config.deletes {
                Deletes::Soft => DeleteStrategy::Soft,
                Deletes::Archival => DeleteStrategy::Archival,
                Deletes::Hard | Deletes::Mixed => DeleteStrategy::Hard,
            });
            let Some(r) = e.retention.as_mut() else {
                continue;
            };
            if r.ttl.is_some() && delete == DeleteStrategy::Soft {
                r.after_delete = true;
            }
            holds |= r.legal_hold;
        }
        if holds {
            if self.claim_table("legal_holds") && !self.rust_names.contains("LegalHold") {
                let mut h = self.base_entity("LegalHold", "legal_holds", false);
                h.tenancy = Some(TenantScope::Global);
                h.delete = Some(DeleteStrategy::Hard);
                h.fields.push(pk_field("id", ColumnType::BigInt));
                for (name, len) in [("table_name", 63), ("row_id", 64)] {
                    h.fields.push(Field {
                        max_length: Some(len),
                        ..field(name, ColumnType::String)
                    });
                }
                h.fields.push(Field {
                    nullable: true,
                    ..field(
                        "released_at",
                        ColumnType::Timestamp {
                            with_time_zone: true,
                        },
                    )
                });
                entities.push(h);
            } else {
                for r in entities.iter_mut().filter_map(|e| e.retention.as_mut()) {
                    r.legal_hold = false;
                }
            }
        }
        // A purge of rows referenced with RESTRICT / NO ACTION (through any FK, subtype or
        // junction): the resolver knows them all, so ask it and drop those TTLs.
        for _ in 0..entities.len() {
            let model = Model {
                format_version: DUMP_FORMAT_VERSION,
                entities: entities.clone(),
            };
            let Err(errors) = cargo_datamodel::schema::resolve(&model, config) else {
                break;
            };
            let refused: Vec<String> = errors
                .iter()
                .filter(|d| d.code == "DM030")
                .filter_map(|d| d.entity.clone())
                .collect();
            if refused.is_empty() {
                break;
            }
            for e in entities
                .iter_mut()
                .filter(|e| refused.contains(&e.type_path))
            {
                if let Some(r) = e.retention.as_mut() {
                    r.ttl = None;
                    r.after_delete = false;
                }
            }
        }
    }

    fn tenant(&mut self) -> Draft {
        self.claim_table("tenants");
        let mut e = self.base_entity("Tenant", "tenants", false);
        e.tenancy = Some(TenantScope::Global);
        e.fields.push(pk_field("id", ColumnType::BigInt));
        e.fields.push(Field {
            max_length: Some(100),
            ..field("name", ColumnType::String)
        });
        Draft {
            entity: e,
            role: Role::Plain,
            pk_ty: ColumnType::BigInt,
            columns: ["id".to_string(), "name".to_string()].into(),
        }
    }

    /// Name, table, primary key, inheritance role and entity-level attributes.
    fn entity_shell(&mut self, i: usize, drafts: &[Draft]) -> Draft {
        let (rust_name, table, overridden) = self.entity_name(i);
        let mut e = self.base_entity(&rust_name, &table, overridden);
        // Inheritance: a subtype of an earlier plain entity (never of the tenants table).
        let parents: Vec<usize> = drafts
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                matches!(d.role, Role::Plain | Role::StiParent)
                    && d.entity.tenancy != Some(TenantScope::Global)
            })
            .map(|(j, _)| j)
            .collect();
        let role = if !parents.is_empty() && self.src.chance(15) {
            let p = parents[self.src.index(parents.len())];
            if self.src.chance(50) {
                Role::StiChild(p)
            } else {
                Role::TptChild(p)
            }
        } else {
            Role::Plain
        };
        let mut columns = BTreeSet::new();
        let pk_ty = match role {
            Role::StiChild(p) | Role::TptChild(p) => {
                let strategy = if matches!(role, Role::StiChild(_)) {
                    InheritanceStrategy::SingleTable
                } else {
                    InheritanceStrategy::TablePerType
                };
                e.inheritance = Some(Inheritance {
                    strategy,
                    parent: drafts[p].entity.type_path.clone(),
                    discriminator_value: self.src.chance(30).then(|| format!("{rust_name} kind")),
                });
                drafts[p].pk_ty.clone()
            }
            _ => {
                let (name, ty, strategy) = match self.src.int(0, 5) {
                    0 | 1 => ("id", ColumnType::BigInt, None),
                    2 => ("id", ColumnType::Integer, None),
                    3 => ("id", ColumnType::Uuid, Some(PkStrategy::Uuid)),
                    4 => ("key", ColumnType::BigInt, Some(PkStrategy::BigintIdentity)),
                    _ => ("id", ColumnType::SmallInt, None),
                };
                e.pk_strategy = strategy;
                e.fields.push(pk_field(name, ty.clone()));
                columns.insert(name.to_string());
                ty
            }
        };
        self.entity_attributes(&mut e, role);
        Draft {
            entity: e,
            role,
            pk_ty,
            columns,
        }
    }

    fn entity_name(&mut self, i: usize) -> (String, String, bool) {
        for _ in 0..4 {
            let (rust, table, overridden) = match self.src.int(0, 9) {
                0 => {
                    let (r, t) = self.src.pick(names::RESERVED_ENTITIES);
                    (r.to_string(), t.to_string(), true)
                }
                1 => {
                    let len = self.src.int(60, 80) as usize;
                    let r = names::long_camel(&mut self.src, len);
                    let t = table_name(&r);
                    (r, t, false)
                }
                2 => {
                    let r = self.src.pick(names::MIXED_ENTITIES).to_string();
                    (r.clone(), r, true)
                }
                _ => {
                    let r = self.src.pick(names::ENTITIES).to_string();
                    let t = table_name(&r);
                    (r, t, false)
                }
            };
            if !self.rust_names.contains(&rust) && !self.tables.contains(&table.to_lowercase()) {
                self.claim_table(&table);
                return (rust, table, overridden);
            }
        }
        // Unique fallback: the position makes it distinct.
        let rust = format!("Thing{i}");
        let table = table_name(&rust);
        self.claim_table(&table);
        (rust, table, false)
    }

    fn entity_attributes(&mut self, e: &mut Entity, role: Role) {
        e.delete = match self.src.int(0, 4) {
            0 | 1 => None,
            2 => Some(DeleteStrategy::Soft),
            3 => Some(DeleteStrategy::Hard),
            _ => Some(DeleteStrategy::Archival),
        };
        e.tenancy = match self.src.int(0, 4) {
            0..=2 => None,
            3 => Some(TenantScope::Scoped),
            _ => Some(TenantScope::Global),
        };
        if self.src.chance(30) {
            e.comment = Some(self.comment());
        }
        if matches!(role, Role::StiChild(_)) {
            return;
        }
        e.public_uuid = self.src.chance(15);
        e.append_only = self.src.chance(10);
        if self.src.chance(15) {
            let ttl = self
                .src
                .chance(70)
                .then(|| self.src.pick(&["90d", "1y", "12h", "2w", "6m"]).to_string());
            // `after_delete` needs a ttl (derive) and a soft-deleted entity (resolve).
            let after_delete =
                ttl.is_some() && e.delete == Some(DeleteStrategy::Soft) && self.src.chance(50);
            e.retention = Some(Retention {
                ttl,
                legal_hold: self.src.chance(50),
                after_delete,
            });
        }
        if self.src.chance(20) {
            e.group = Some(
                self.src
                    .pick(&["billing", "core", "Reporting Zone"])
                    .to_string(),
            );
        }
    }

    fn comment(&mut self) -> String {
        self.src
            .pick(&[
                "A plain comment.",
                "It's \"quoted\"; ends with a backslash C:\\",
                "Two lines:\nthe second one.",
                "Unicode: café, 日本, emoji 🚀.",
                "Percent % and {braces} and |pipes| and <angle> & ampersand",
                "-- not a comment; /* nor this */",
            ])
            .to_string()
    }

    /// A column name for entity `d` that the derive accepts (unique, not a cross-cutting or
    /// polymorphic name). `None` if the pools are exhausted for this entity.
    fn field_name(&mut self, d: &Draft, parent_cols: &BTreeSet<String>) -> Option<String> {
        for _ in 0..4 {
            let name = match self.src.int(0, 9) {
                0 => self.src.pick(names::RESERVED).to_string(),
                1 => self.src.pick(names::MIXED).to_string(),
                2 => {
                    let len = self.src.int(60, 80) as usize;
                    names::long_snake(&mut self.src, len)
                }
                3..=5 => self.src.pick(names::EXPR_SAFE).to_string(),
                _ => self.src.pick(names::PLAIN).to_string(),
            };
            if !has_folded(&d.columns, &name) && !has_folded(parent_cols, &name) {
                return Some(name);
            }
        }
        None
    }

    /// The columns of the parent table an STI child must not reuse.
    fn parent_columns(&self, d: &Draft, drafts: &[Draft]) -> BTreeSet<String> {
        match d.role {
            Role::StiChild(p) => {
                let mut cols = drafts[p].columns.clone();
                // Sibling subtypes share the table too.
                for other in drafts {
                    if other.role == Role::StiChild(p) {
                        cols.extend(other.columns.iter().cloned());
                    }
                }
                cols
            }
            _ => BTreeSet::new(),
        }
    }

    /// Plain (non-FK) fields with their attributes.
    fn fields(&mut self, i: usize, drafts: &mut [Draft]) {
        if drafts[i].entity.rust_name == "Tenant" && self.tenancy == Tenancy::Shared {
            return;
        }
        let count = self.src.int(0, 8);
        for _ in 0..count {
            let parent_cols = self.parent_columns(&drafts[i], drafts);
            let Some(name) = self.field_name(&drafts[i], &parent_cols) else {
                continue;
            };
            let f = self.plain_field(&name);
            drafts[i].columns.insert(name);
            drafts[i].entity.fields.push(f);
        }
    }

    fn plain_field(&mut self, name: &str) -> Field {
        let expr_safe = names::EXPR_SAFE.contains(&name);
        let k = self.src.index(TYPES);
        let mut ty = column_type(k, self.src.chance(70));
        if expr_safe && self.src.chance(60) {
            // Numbers where checks and predicates can name them.
            ty = column_type(self.src.pick(&[0, 1, 2, 3, 4, 10]), true);
        }
        let mut f = field(name, ty.clone());
        f.nullable = self.src.chance(40);
        match &mut f.ty {
            ColumnType::String => {
                if self.src.chance(20) {
                    f.text = true;
                } else {
                    f.max_length = Some(self.src.pick(&[1, 20, 50, 100, 191, 255, 500]));
                }
            }
            ColumnType::Decimal => {
                let p = self.src.int(1, 38);
                f.precision = Some(p);
                f.scale = Some(self.src.int(0, p.min(10)));
            }
            ColumnType::Enum { values, .. } => {
                let n = self.src.int(1, 4) as usize;
                for _ in 0..n {
                    let v = self.src.pick(ENUM_VALUES).to_string();
                    if !values.contains(&v) {
                        values.push(v);
                    }
                }
            }
            _ => {}
        }
        if f.ty == ColumnType::Boolean && !f.nullable || self.src.chance(30) {
            f.default = self.default_for(&f);
        }
        if is_numeric(&f.ty) && self.src.chance(30) {
            let min = self.src.int(0, 100) as i64 - 50;
            let max = min + self.src.int(0, 1000) as i64;
            if self.src.chance(50) {
                f.min = Some(min.to_string());
            }
            if self.src.chance(50) {
                f.max = Some(max.to_string());
            }
            f.positive = self.src.chance(20);
            // A default outside the range would be a valid model whose inserts fail; the
            // ranges are what is tested here, so they go without one.
            f.default = None;
        }
        if expr_safe && is_numeric(&f.ty) && self.src.chance(25) {
            f.check = Some(format!("{name} >= -1000000"));
        }
        if indexable(&f) {
            f.unique = self.src.chance(12);
            f.index = self.src.chance(10);
        }
        f.pii = self.src.chance(10);
        if self.src.chance(15) {
            f.comment = Some(self.comment());
        }
        if self.src.chance(5) {
            f.renamed_from = Some(format!("old_{}", name.to_ascii_lowercase()));
        }
        f
    }

    fn default_for(&mut self, f: &Field) -> Option<String> {
        let d = match &f.ty {
            ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt => {
                self.src.pick(&["0", "1", "-1", "42"]).to_string()
            }
            ColumnType::Real | ColumnType::Double => self.src.pick(&["0", "1.5", "-2.25"]).into(),
            ColumnType::Decimal => "0".into(),
            ColumnType::Boolean => self.src.pick(&["false", "true"]).into(),
            ColumnType::String => {
                let len = if f.text {
                    20
                } else {
                    f.max_length.unwrap_or(1)
                };
                let options: Vec<&str> = ["'x'", "'draft'", "'it''s'", "''"]
                    .into_iter()
                    .filter(|s| s.len() as u32 - 2 <= len)
                    .collect();
                self.src.pick(&options).to_string()
            }
            ColumnType::Uuid => "gen_random_uuid()".into(),
            ColumnType::Json => self.src.pick(&["'{}'", "'[]'"]).into(),
            ColumnType::Timestamp { .. } => self.src.pick(&["now()", "CURRENT_TIMESTAMP"]).into(),
            ColumnType::Date => "'2024-01-31'".into(),
            ColumnType::Time => "'12:30:00'".into(),
            ColumnType::Enum { values, .. } => values.first().cloned()?,
            ColumnType::Bytes => return None,
        };
        Some(d)
    }

    /// Foreign keys, keys, indexes, checks, query patterns and M:N of entity `i`.
    fn relations(&mut self, i: usize, drafts: &mut [Draft], junctions: &mut Vec<Entity>) {
        let is_tenant = drafts[i].entity.rust_name == "Tenant" && self.tenancy == Tenancy::Shared;
        if !is_tenant {
            self.foreign_keys(i, drafts);
        }
        self.keys_and_indexes(&mut drafts[i]);
        if !is_tenant && self.src.chance(12) {
            self.many_to_many(i, drafts, junctions);
        }
    }

    fn foreign_keys(&mut self, i: usize, drafts: &mut [Draft]) {
        let count = self.src.int(0, 3);
        let targets: Vec<usize> = (0..drafts.len()).collect();
        for _ in 0..count {
            let t = self.src.pick(&targets);
            let target_rust = drafts[t].entity.rust_name.clone();
            let parent_cols = self.parent_columns(&drafts[i], drafts);
            let name = match self.src.int(0, 5) {
                0 => self.src.pick(names::RESERVED).to_string(),
                1 => {
                    let len = self.src.int(60, 80) as usize;
                    format!("{}_id", names::long_snake(&mut self.src, len - 3))
                }
                _ => format!("{}_id", snake_case(&target_rust)),
            };
            if has_folded(&drafts[i].columns, &name) || has_folded(&parent_cols, &name) {
                continue;
            }
            // Shared tenancy adds `tenant_id` itself; a field of that name must be a NOT NULL
            // `belongs_to` the tenants entity (DM027), which the nullable choice below breaks.
            if name == "tenant_id" && self.tenancy == Tenancy::Shared {
                continue;
            }
            // NOT NULL only towards earlier entities: no NOT NULL cycle, ever.
            let mut nullable = t >= i || self.src.chance(30);
            let on_delete = self.src.pick(&[
                RefAction::Cascade,
                RefAction::Restrict,
                RefAction::SetNull,
                RefAction::NoAction,
            ]);
            if on_delete == RefAction::SetNull {
                nullable = true;
            }
            let on_update = self
                .src
                .chance(20)
                .then(|| self.src.pick(&[RefAction::Cascade, RefAction::Restrict]));
            let mut f = field(&name, drafts[t].pk_ty.clone());
            f.nullable = nullable;
            f.belongs_to = Some(ForeignKeyDef {
                target: drafts[t].entity.type_path.clone(),
                on_delete: Some(on_delete),
                on_update,
                one_to_one: self.src.chance(15),
            });
            f.index = self.src.chance(10);
            drafts[i].columns.insert(name);
            drafts[i].entity.fields.push(f);
        }
    }

    fn keys_and_indexes(&mut self, d: &mut Draft) {
        let keyable: Vec<String> = d
            .entity
            .fields
            .iter()
            .filter(|f| indexable(f) && !f.primary_key)
            .map(|f| f.rust_name.clone())
            .collect();
        let expr_cols: Vec<String> = d
            .entity
            .fields
            .iter()
            .filter(|f| names::EXPR_SAFE.contains(&f.rust_name.as_str()) && is_numeric(&f.ty))
            .map(|f| f.rust_name.clone())
            .collect();
        if keyable.len() >= 2 && self.src.chance(20) {
            let a = self.src.pick(&keyable);
            let b = self.src.pick(&keyable);
            let mut fields = vec![a];
            if !fields.contains(&b) {
                fields.push(b);
            }
            d.entity.uniques.push(UniqueKey { name: None, fields });
        }
        if !keyable.is_empty() && self.src.chance(25) {
            let mut fields = vec![self.src.pick(&keyable)];
            if self.src.chance(40) {
                let b = self.src.pick(&keyable);
                if !fields.contains(&b) {
                    fields.push(b);
                }
            }
            if self.src.chance(20) {
                fields[0] = format!("-{}", fields[0]);
            }
            let unique = self.src.chance(30);
            let where_clause = if !expr_cols.is_empty() && self.src.chance(30) {
                let c = self.src.pick(&expr_cols);
                Some(if self.src.chance(50) {
                    format!("{c} > 0")
                } else {
                    format!("{c} IS NOT NULL")
                })
            } else {
                None
            };
            let include: Vec<String> = if self.src.chance(15) {
                keyable
                    .iter()
                    .filter(|k| {
                        !fields
                            .iter()
                            .any(|f| f.trim_start_matches('-') == k.as_str())
                    })
                    .take(1)
                    .cloned()
                    .collect()
            } else {
                Vec::new()
            };
            let method = if !unique && fields.len() == 1 && self.src.chance(20) {
                IndexMethod::Hash
            } else {
                IndexMethod::Btree
            };
            d.entity.indexes.push(IndexDef {
                name: None,
                fields,
                unique,
                where_clause,
                method,
                include,
            });
        }
        // GIN on a JSON column, BRIN on a timestamp.
        for f in d.entity.fields.clone() {
            let method = match f.ty {
                ColumnType::Json if self.src.chance(30) => IndexMethod::Gin,
                ColumnType::Timestamp { .. } if self.src.chance(15) => IndexMethod::Brin,
                _ => continue,
            };
            d.entity.indexes.push(IndexDef {
                name: None,
                fields: vec![f.rust_name.clone()],
                unique: false,
                where_clause: None,
                method,
                include: Vec::new(),
            });
        }
        if self.src.chance(15) {
            let expr = match expr_cols.first() {
                Some(c) if self.src.chance(70) => format!("{c} <> 123456789"),
                _ => "1 <> 2".to_string(),
            };
            d.entity.checks.push(CheckDef { name: None, expr });
        }
        if !keyable.is_empty() && self.src.chance(25) {
            let mut equality = vec![self.src.pick(&keyable)];
            if self.src.chance(30) {
                let b = self.src.pick(&keyable);
                if !equality.contains(&b) {
                    equality.push(b);
                }
            }
            let sort = if self.src.chance(50) {
                vec![self.src.pick(&["-created_at", "created_at"]).to_string()]
            } else {
                Vec::new()
            };
            let range = if self.src.chance(30) {
                vec![self.src.pick(&keyable)]
                    .into_iter()
                    .filter(|r| !equality.contains(r))
                    .collect()
            } else {
                Vec::new()
            };
            let name = self
                .src
                .pick(&["feed", "select", "by_key", "lookup"])
                .to_string();
            if !d.entity.query_patterns.iter().any(|q| q.name == name) {
                d.entity.query_patterns.push(QueryPattern {
                    name,
                    equality,
                    sort,
                    range,
                });
            }
        }
    }

    fn many_to_many(&mut self, i: usize, drafts: &mut [Draft], junctions: &mut Vec<Entity>) {
        let candidates: Vec<usize> = (0..drafts.len())
            .filter(|&j| !matches!(drafts[j].role, Role::StiChild(_)))
            .collect();
        if candidates.is_empty() || matches!(drafts[i].role, Role::StiChild(_)) {
            return;
        }
        let t = self.src.pick(&candidates);
        let owner = drafts[i].entity.rust_name.clone();
        let target = drafts[t].entity.rust_name.clone();
        let wanted = match self.src.int(0, 3) {
            0 => format!("{}_{}", snake_case(&owner), drafts[t].entity.table),
            1 => "links".to_string(),
            2 => "select".to_string(),
            _ => format!("{}_{}_links", snake_case(&owner), snake_case(&target)),
        };
        if !self.claim_table(&wanted) {
            return;
        }
        let through = if self.src.chance(40) {
            let rust = format!("{owner}{target}Link");
            if self.rust_names.contains(&rust) {
                return;
            }
            let mut e = self.base_entity(&rust, &wanted, true);
            e.junction = true;
            let keys = [
                format!("{}_id", snake_case(&owner)),
                format!("{}_id", snake_case(&target)),
                format!("related_{}_id", snake_case(&target)),
            ];
            let mut draft = Draft {
                entity: Entity::default(),
                role: Role::Plain,
                pk_ty: ColumnType::BigInt,
                columns: keys.into_iter().collect(),
            };
            for _ in 0..self.src.int(1, 2) {
                if let Some(name) = self.field_name(&draft, &BTreeSet::new()) {
                    let mut f = self.plain_field(&name);
                    f.unique = false;
                    f.index = false;
                    draft.columns.insert(name);
                    e.fields.push(f);
                }
            }
            junctions.push(e.clone());
            Some(e.type_path)
        } else {
            None
        };
        drafts[i].entity.many_to_many.push(ManyToMany {
            target: drafts[t].entity.type_path.clone(),
            junction_table: wanted,
            through,
        });
    }
}

fn field(name: &str, ty: ColumnType) -> Field {
    Field {
        rust_name: name.into(),
        column: name.into(),
        rust_type: String::new(),
        ty,
        line: 1,
        ..Default::default()
    }
}

fn pk_field(name: &str, ty: ColumnType) -> Field {
    Field {
        primary_key: true,
        ..field(name, ty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_is_one_minimal_entity() {
        let c = case_from_bytes(&[]);
        assert_eq!(c.model.entities.len(), 1);
        assert_eq!(c.config.tenancy, Tenancy::None);
    }

    /// Pseudo-random bytes (xorshift), so this test needs no RNG crate.
    fn bytes(seed: u64, len: usize) -> Vec<u8> {
        let mut x = seed.max(1);
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect()
    }

    /// The generator is not degenerate: over a few hundred inputs it produces every column
    /// type, relation kind, inheritance strategy and tenancy mode it promises.
    #[test]
    fn random_inputs_cover_every_feature() {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for seed in 1..300u64 {
            let c = case_from_bytes(&bytes(seed, 3000));
            seen.insert(format!("tenancy:{}", c.config.tenancy));
            for e in &c.model.entities {
                if e.rust_name.len() >= 60 {
                    seen.insert("long entity".into());
                }
                if let Some(i) = &e.inheritance {
                    seen.insert(format!("{:?}", i.strategy));
                }
                for m in &e.many_to_many {
                    seen.insert(
                        if m.through.is_some() {
                            "m:n through"
                        } else {
                            "m:n"
                        }
                        .into(),
                    );
                }
                for f in &e.fields {
                    let kind = serde_json_kind(&f.ty);
                    seen.insert(format!("type:{kind}"));
                    if let Some(fk) = &f.belongs_to {
                        seen.insert(
                            if fk.target == e.type_path {
                                "self fk"
                            } else {
                                "fk"
                            }
                            .into(),
                        );
                        if fk.one_to_one {
                            seen.insert("1:1".into());
                        }
                    }
                    if names::RESERVED.contains(&f.column.as_str()) {
                        seen.insert("reserved column".into());
                    }
                }
                if e.delete == Some(DeleteStrategy::Soft) {
                    seen.insert("soft".into());
                }
                if !e.query_patterns.is_empty() {
                    seen.insert("query".into());
                }
            }
        }
        for want in [
            "tenancy:none",
            "tenancy:shared",
            "tenancy:schema",
            "tenancy:database",
            "long entity",
            "SingleTable",
            "TablePerType",
            "m:n",
            "m:n through",
            "self fk",
            "fk",
            "1:1",
            "reserved column",
            "soft",
            "query",
            "type:SmallInt",
            "type:Integer",
            "type:BigInt",
            "type:Real",
            "type:Double",
            "type:Boolean",
            "type:String",
            "type:Bytes",
            "type:Uuid",
            "type:Decimal",
            "type:Json",
            "type:Timestamp",
            "type:Date",
            "type:Time",
            "type:Enum",
        ] {
            assert!(seen.contains(want), "never generated: {want}; saw {seen:?}");
        }
    }

    fn serde_json_kind(ty: &ColumnType) -> String {
        let s = format!("{ty:?}");
        s.split([' ', '{']).next().unwrap_or_default().to_string()
    }

    #[test]
    fn decoding_is_deterministic() {
        let bytes: Vec<u8> = (0..4000u32).map(|i| (i * 7919 % 251) as u8).collect();
        let a = case_from_bytes(&bytes);
        let b = case_from_bytes(&bytes);
        assert_eq!(a.model, b.model);
        assert_eq!(a.config, b.config);
        assert!(a.model.entities.len() > 1);
    }
}
