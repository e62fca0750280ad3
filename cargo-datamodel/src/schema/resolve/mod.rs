//! Model + Config -> Schema: the orchestration of the resolve step.
//!
//! Order matters and is fixed here: (1) table and column names, (2) columns, FKs, declared
//! keys and checks per entity, (3) single-table and table-per-type inheritance, M:N junctions,
//! (4) shared tenancy, (5) timestamps and soft delete, (6) index planning (query patterns,
//! BRIN, FK coverage, de-duplication), (7) constraint names, (8) table order. Each step is a
//! file of its own with an `impl Resolver` block: `entity_columns` (1, 5), `constraints` and
//! `query_patterns` (2), `inheritance` and `junctions` (3), `shared_tenancy` (4), `naming` (7);
//! the schema-wide rules (`model_rules` before, `retention_rules` after, `distribution_rules`
//! on the finished Schema when an engine distributes tables) and the planners
//! (`indexes`, `order`) live beside this module. This file only wires them and keeps the
//! bookkeeping (which entity lives in which table, which Rust field is which column).
//!
//! Decisions documented here:
//! * Rust-field references (`unique(a, b)`, `query(eq(...))`, ...) that name no field are an
//!   error naming the entity and the attribute.
//! * Single-table inheritance values: the parent's struct name plus each child's
//!   `discriminator_value` (default: struct name); the discriminator column is
//!   `#[datamodel(discriminator = "...")]` on the parent (default `kind`); an
//!   `abstract_parent` drops its own value.
//! * Soft delete: entity `delete`, else config `deletes` (`mixed` falls back to hard; archival
//!   tables have no `deleted_at`).

pub(crate) mod audit;
mod constraints;
mod entity_columns;
mod inheritance;
mod junctions;
mod naming;
mod query_patterns;
mod shared_tenancy;
#[cfg(test)]
mod tests;

pub(crate) use audit::audited;
use entity_columns::{apply_soft_delete, finish_columns};
use naming::unhashed;

use super::columns::{self, codes, error, guard};
use super::comments;
use super::indexes::{self, asc, index, names, Pattern};
use super::names::{self, NameRegistry};
use super::order::order_tables;
use super::sql_guard::FragmentKind;
use super::tenancy::{self, TenantRef, TENANT_COLUMN};
use super::{
    Cardinality, Check, CheckRule, Column, ColumnOrigin, DefaultValue, ForeignKey, Index,
    IndexColumn, IndexOrigin, QueryPatternColumns, Relationship, Schema, Table, TableKind,
    SCHEMA_FORMAT_VERSION, SOFT_DELETE_PREDICATE,
};
use crate::config::{Config, Deletes, Tenancy};
use datamodel::model::{
    ColumnType, DeleteStrategy, Entity, Field, IndexMethod, InheritanceStrategy, PkStrategy,
    RefAction,
};
use datamodel::naming::snake_case;
use datamodel::validate::{validate, Diagnostic, Severity};
use datamodel::Model;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Columns the resolver adds that attributes may name (e.g. `query(sort(created_at))`).
const CROSS_CUTTING: &[&str] = &[
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    TENANT_COLUMN,
];

/// Resolves the collected model into the Schema, or returns every error found.
pub fn resolve(model: &Model, config: &Config) -> Result<Schema, Vec<Diagnostic>> {
    let errors: Vec<Diagnostic> = validate(model)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let errors = super::model_rules::check(model, config);
    if !errors.is_empty() {
        return Err(errors);
    }
    let audited = audit::with_audit_fields(model, config)?;
    let model = audited.as_ref().unwrap_or(model);
    let mut r = Resolver::new(model, config);
    let schema = r.run();
    if r.diags.is_empty() {
        Ok(schema)
    } else {
        Err(r.diags)
    }
}

/// Where an entity lives after resolution.
#[derive(Debug, Clone)]
struct Info {
    table: String,
    pk_column: String,
    pk: Column,
    /// Rust field name -> column name.
    cols: BTreeMap<String, String>,
}

struct Resolver<'m> {
    model: &'m Model,
    config: &'m Config,
    diags: Vec<Diagnostic>,
    names: NameRegistry,
    column_names: HashMap<String, NameRegistry>,
    infos: BTreeMap<String, Info>,
    tables: Vec<Table>,
    /// Table name -> position in `tables` (a linear search per entity was quadratic).
    table_index: HashMap<String, usize>,
    /// Names of the junction tables made so far.
    junction_names: HashSet<String>,
    /// Entities by type path (`Model::entity` is a linear search, called per FK).
    by_path: HashMap<&'m str, &'m Entity>,
    patterns: BTreeMap<String, Vec<Pattern>>,
    relationships: Vec<Relationship>,
}

fn is_sti_child(e: &Entity) -> bool {
    matches!(&e.inheritance, Some(i) if i.strategy == InheritanceStrategy::SingleTable)
}

impl<'m> Resolver<'m> {
    fn new(model: &'m Model, config: &'m Config) -> Self {
        Resolver {
            model,
            config,
            diags: Vec::new(),
            names: NameRegistry::new(),
            column_names: HashMap::new(),
            infos: BTreeMap::new(),
            tables: Vec::new(),
            table_index: HashMap::new(),
            junction_names: HashSet::new(),
            by_path: {
                let mut m = HashMap::with_capacity(model.entities.len());
                for e in &model.entities {
                    m.entry(e.type_path.as_str()).or_insert(e);
                }
                m
            },
            patterns: BTreeMap::new(),
            relationships: Vec::new(),
        }
    }

    fn entities(&self) -> Vec<&'m Entity> {
        let mut es: Vec<&Entity> = self.model.entities.iter().filter(|e| !e.junction).collect();
        es.sort_by(|a, b| a.type_path.cmp(&b.type_path));
        es
    }

    fn run(&mut self) -> Schema {
        let entities = self.entities();
        let owners: Vec<&Entity> = entities
            .iter()
            .copied()
            .filter(|e| !is_sti_child(e))
            .collect();
        let children: Vec<&Entity> = entities
            .iter()
            .copied()
            .filter(|e| is_sti_child(e))
            .collect();
        for e in &owners {
            self.entity_table(e);
        }
        for e in &children {
            self.sti_child(e);
        }
        for e in &entities {
            self.entity_relations(e);
        }
        for e in &owners {
            self.table_per_type(e);
        }
        for e in &entities {
            self.junctions(e);
        }
        let tenant = self.apply_tenancy();
        for t in &mut self.tables {
            let stamps = super::model_rules::Timestamps {
                created_at: self.config.timestamps || t.append_only || t.retention.is_some(),
                updated_at: self.config.timestamps,
            };
            finish_columns(t, self.config.updated_at_trigger, stamps);
            apply_soft_delete(t);
        }
        for t in &mut self.tables {
            let lead: Vec<String> = if t.tenant_scoped {
                vec![TENANT_COLUMN.to_string()]
            } else {
                Vec::new()
            };
            if let Some(ps) = self.patterns.get(&t.name) {
                let planned = indexes::plan_query_indexes(t, ps, &lead);
                t.indexes.extend(planned);
            }
            if t.append_only && t.column("created_at").is_some() {
                let mut ix = index(
                    asc(&["created_at".to_string()]),
                    false,
                    IndexOrigin::TimeSeries,
                );
                ix.method = IndexMethod::Brin;
                ix.rationale = "BRIN on created_at: append-only time series, rows arrive in time order (PostgreSQL; a B-tree elsewhere)".into();
                t.indexes.push(ix);
            }
            indexes::cover_foreign_keys(t);
            indexes::dedupe(t);
        }
        self.diags
            .extend(super::retention_rules::check(&self.tables, self.model));
        let tables = std::mem::take(&mut self.tables);
        let mut tables = order_tables(tables);
        audit::mark(&mut tables, self.model, self.config);
        for t in &mut tables {
            self.name_constraints(t);
            comments::normalise_table(t);
        }
        let mut relationships = std::mem::take(&mut self.relationships);
        relationships.sort_by(|a, b| {
            (&a.from_table, &a.to_table, &a.columns).cmp(&(&b.from_table, &b.to_table, &b.columns))
        });
        let schema = Schema {
            format_version: SCHEMA_FORMAT_VERSION,
            tenancy: self.config.tenancy,
            tables,
            relationships,
            tenant_table: tenant.map(|t| t.table),
        };
        if let Some(d) = crate::dialect::distributing(self.config.target_engines()) {
            self.diags
                .extend(super::distribution_rules::check(&schema, d));
        }
        schema
    }

    fn column_name(&mut self, table: &str, wanted: &str) -> String {
        self.column_names
            .entry(table.to_string())
            .or_default()
            .claim(wanted)
    }

    fn table_mut(&mut self, name: &str) -> Option<&mut Table> {
        let i = *self.table_index.get(name)?;
        self.tables.get_mut(i)
    }

    /// Appends a table; the first table of a name is the one [`Self::table_mut`] finds.
    fn push_table(&mut self, t: Table) {
        if t.kind == TableKind::Junction {
            self.junction_names.insert(t.name.clone());
        }
        self.table_index
            .entry(t.name.clone())
            .or_insert(self.tables.len());
        self.tables.push(t);
    }

    fn delete_strategy(&self, e: &Entity) -> DeleteStrategy {
        e.delete.unwrap_or(match self.config.deletes {
            Deletes::Soft => DeleteStrategy::Soft,
            Deletes::Archival => DeleteStrategy::Archival,
            Deletes::Hard | Deletes::Mixed => DeleteStrategy::Hard,
        })
    }

    /// Maps Rust field names to column names, reporting unknown ones. A field may carry a
    /// sort direction (`-field`, `field desc`); the direction stays on the mapped column.
    fn map_fields(
        &mut self,
        e: &Entity,
        fields: &[String],
        what: &str,
    ) -> Option<Vec<IndexColumn>> {
        let info = self.infos.get(&e.type_path)?;
        let mut out = Vec::new();
        let mut missing = Vec::new();
        for f in fields {
            let IndexColumn { name, descending } = IndexColumn::parse(f);
            match info.cols.get(&name) {
                Some(c) => out.push(IndexColumn {
                    name: c.clone(),
                    descending,
                }),
                None if info.cols.values().any(|c| *c == name)
                    || CROSS_CUTTING.contains(&name.as_str()) =>
                {
                    out.push(IndexColumn { name, descending })
                }
                None => missing.push(name),
            }
        }
        if missing.is_empty() {
            return Some(out);
        }
        let known: Vec<&String> = info.cols.keys().collect();
        let d = error(
            codes::UNKNOWN_FIELD,
            e,
            None,
            format!(
                "{what} of `{}` names no field: {}",
                e.rust_name,
                missing.join(", ")
            ),
            &format!(
                "name Rust fields of the struct; it has: {}",
                known
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
        self.diags.push(d);
        None
    }

    fn empty_table(&self, e: &Entity, name: &str, kind: TableKind) -> Table {
        let delete = self.delete_strategy(e);
        Table {
            entity: Some(e.type_path.clone()),
            group: e.group.clone().unwrap_or_else(|| e.module_path.clone()),
            comment: e.comment.clone(),
            source: Some(e.source.clone()).filter(|s| !s.file.is_empty()),
            // The fields plus the generated ones (key, timestamps, deleted_at, tenant_id).
            columns: Vec::with_capacity(e.fields.len() + 5),
            delete,
            soft_delete: delete == DeleteStrategy::Soft,
            updated_at_trigger: self.config.updated_at_trigger,
            retention: e.retention.clone(),
            append_only: e.append_only,
            version: e.version,
            allow: e.allow.clone(),
            allow_polymorphic: e.allow_polymorphic,
            renamed_from: e.renamed_from.as_deref().map(crate::schema::names::shorten),
            ..Table::new(name, kind, e.rust_name.clone())
        }
    }
}
