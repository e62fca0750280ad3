//! Model + Config -> Schema: the orchestration of the resolve step.
//!
//! Order matters and is fixed here: (1) table and column names, (2) columns, FKs, declared
//! keys and checks per entity, (3) single-table and table-per-type inheritance, M:N junctions,
//! (4) shared tenancy, (5) timestamps and soft delete, (6) index planning (query patterns,
//! BRIN, FK coverage, de-duplication), (7) constraint names, (8) table order. The details live
//! in the sibling modules; this file only wires them and keeps the bookkeeping (which entity
//! lives in which table, which Rust field is which column).
//!
//! Decisions documented here:
//! * Rust-field references (`unique(a, b)`, `query(eq(...))`, ...) that name no field are an
//!   error naming the entity and the attribute.
//! * Single-table inheritance values: the parent's struct name plus each child's
//!   `discriminator_value` (default: struct name); the discriminator column is
//!   `#[datamodel(discriminator = "...")]` on the parent (default `kind`).
//! * Soft delete: entity `delete`, else config `deletes` (`mixed` falls back to hard; archival
//!   tables have no `deleted_at`).

use super::columns::{self, codes, error, guard};
use super::comments;
use super::indexes::{self, asc, index, sort_direction, Pattern};
use super::names::{self, NameRegistry};
use super::order::order_tables;
use super::sql_guard::FragmentKind;
use super::tenancy::{self, TenantRef, TENANT_COLUMN};
use super::{
    Cardinality, Check, CheckRule, Column, ColumnOrigin, DefaultValue, ForeignKey, IndexColumn,
    IndexOrigin, QueryPatternColumns, Relationship, Schema, Table, TableKind,
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
            finish_columns(t, self.config.updated_at_trigger);
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
        for t in &mut tables {
            self.name_constraints(t);
            comments::normalise_table(t);
        }
        let mut relationships = std::mem::take(&mut self.relationships);
        relationships.sort_by(|a, b| {
            (&a.from_table, &a.to_table, &a.columns).cmp(&(&b.from_table, &b.to_table, &b.columns))
        });
        Schema {
            format_version: SCHEMA_FORMAT_VERSION,
            config: self.config.clone(),
            tables,
            relationships,
            tenant_table: tenant.map(|t| t.table),
        }
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

    /// Maps Rust field names to column names, reporting unknown ones.
    fn map_fields(&mut self, e: &Entity, fields: &[String], what: &str) -> Option<Vec<String>> {
        let info = self.infos.get(&e.type_path)?;
        let mut out = Vec::new();
        let mut missing = Vec::new();
        for f in fields {
            let (name, suffix) = match f.trim().strip_prefix('-') {
                Some(rest) => (rest.to_string(), " DESC"),
                None => {
                    let (n, d) = indexes::sort_direction(f);
                    (n, if d { " DESC" } else { "" })
                }
            };
            match info.cols.get(&name) {
                Some(c) => out.push(format!("{c}{suffix}")),
                None if info.cols.values().any(|c| *c == name)
                    || CROSS_CUTTING.contains(&name.as_str()) =>
                {
                    out.push(format!("{name}{suffix}"))
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
            allow: e.allow.clone(),
            allow_polymorphic: e.allow_polymorphic,
            ..Table::new(name, kind, e.rust_name.clone())
        }
    }

    /// `retention(after_delete)` measures from `deleted_at`, which only soft delete has.
    fn check_after_delete(&mut self, e: &Entity) {
        let after_delete = e.retention.as_ref().is_some_and(|r| r.after_delete);
        if after_delete && self.delete_strategy(e) != DeleteStrategy::Soft {
            self.diags.push(columns::error(
                codes::AFTER_DELETE_WITHOUT_SOFT_DELETE,
                e,
                None,
                format!(
                    "`{}` has `retention(after_delete)` but is not soft-deleted, so there is no `deleted_at` to count from",
                    e.rust_name
                ),
                "add `delete = \"soft\"` to the struct, or drop `after_delete` to count the TTL from `created_at`",
            ));
        }
    }

    /// The table of an entity that owns one: primary key, public uuid, fields, discriminator.
    fn entity_table(&mut self, e: &'m Entity) {
        self.check_after_delete(e);
        let kind = match &e.inheritance {
            Some(i) if i.strategy == InheritanceStrategy::TablePerType => TableKind::Subtype,
            _ => TableKind::Entity,
        };
        let name = self.names.claim(&e.table);
        let mut t = self.empty_table(e, &name, kind);
        t.unhashed_name = unhashed(&e.table);
        let mut cols = BTreeMap::new();
        let pk_fields: Vec<&Field> = e.fields.iter().filter(|f| f.primary_key).collect();
        let is_subtype = kind == TableKind::Subtype;
        if pk_fields.is_empty() {
            let col_name = self.column_name(&name, "id");
            let mut c = match e.pk_strategy {
                Some(PkStrategy::Uuid) => {
                    let mut c = columns::added(
                        &col_name,
                        ColumnOrigin::PrimaryKey,
                        ColumnType::Uuid,
                        false,
                    );
                    c.default = Some(DefaultValue::NewUuid);
                    c
                }
                _ => {
                    let mut c = columns::added(
                        &col_name,
                        ColumnOrigin::PrimaryKey,
                        ColumnType::BigInt,
                        false,
                    );
                    c.identity = true;
                    c
                }
            };
            if is_subtype {
                // Filled in from the parent's PK once every table exists.
                c.identity = false;
                c.default = None;
            }
            t.primary_key.columns.push(c.name.clone());
            t.columns.push(c);
        }
        for f in &e.fields {
            let col_name = self.column_name(&name, &f.column);
            cols.insert(f.rust_name.clone(), col_name.clone());
            let mut c = columns::field_column(f, &col_name, e, &mut self.diags);
            if f.primary_key {
                c.nullable = false;
                if !is_subtype {
                    if columns::is_integer(&c.ty)
                        && c.default.is_none()
                        && e.pk_strategy != Some(PkStrategy::Uuid)
                    {
                        c.identity = true;
                    } else if c.ty == ColumnType::Uuid && c.default.is_none() {
                        c.default = Some(DefaultValue::NewUuid);
                    }
                }
                t.primary_key.columns.push(col_name.clone());
            }
            let checks = columns::field_checks(f, &col_name, e, &mut self.diags);
            t.checks.extend(checks);
            t.columns.push(c);
        }
        // Keep PK columns first.
        t.columns
            .sort_by_key(|c| !t.primary_key.columns.contains(&c.name));
        if e.public_uuid {
            let col_name = self.column_name(&name, "uuid");
            let mut c =
                columns::added(&col_name, ColumnOrigin::PublicUuid, ColumnType::Uuid, false);
            c.default = Some(DefaultValue::NewUuid);
            c.comment =
                Some("Public identifier, safe to show outside (the bigint id is not).".into());
            let pos = t.primary_key.columns.len();
            t.columns.insert(pos, c);
            let mut ix = index(asc(&[col_name]), true, IndexOrigin::PublicUuid);
            ix.rationale = "Lookups by the public id".into();
            t.indexes.push(ix);
        }
        if let Some(disc) = &e.discriminator {
            self.discriminator(e, &mut t, disc, &mut cols);
        }
        let pk_column = t.primary_key.columns.first().cloned().unwrap_or_default();
        let pk = t.column(&pk_column).cloned().unwrap_or_else(|| {
            columns::added(
                &pk_column,
                ColumnOrigin::PrimaryKey,
                ColumnType::BigInt,
                false,
            )
        });
        self.infos.insert(
            e.type_path.clone(),
            Info {
                table: name,
                pk_column,
                pk,
                cols,
            },
        );
        self.push_table(t);
    }

    /// The discriminator column of a single-table inheritance parent, with CHECK IN values.
    fn discriminator(
        &mut self,
        parent: &Entity,
        t: &mut Table,
        disc: &str,
        cols: &mut BTreeMap<String, String>,
    ) {
        // An abstract parent has no rows of its own: only its subtypes' values are allowed.
        let mut values = if parent.abstract_parent {
            Vec::new()
        } else {
            vec![parent.rust_name.clone()]
        };
        for child in self.model.entities.iter() {
            if let Some(i) = &child.inheritance {
                if i.strategy == InheritanceStrategy::SingleTable && i.parent == parent.type_path {
                    let v = i
                        .discriminator_value
                        .clone()
                        .unwrap_or_else(|| child.rust_name.clone());
                    if !values.contains(&v) {
                        values.push(v);
                    }
                }
            }
        }
        let existing = parent
            .fields
            .iter()
            .find(|f| f.column == disc || f.rust_name == disc);
        let col_name = match existing {
            Some(f) => cols
                .get(&f.rust_name)
                .cloned()
                .unwrap_or_else(|| f.column.clone()),
            None => {
                let n = self.column_name(&t.name, disc);
                let mut c =
                    columns::added(&n, ColumnOrigin::Discriminator, ColumnType::String, false);
                c.max_length = Some(
                    values
                        .iter()
                        .map(|v| v.chars().count() as u32)
                        .max()
                        .unwrap_or(1),
                );
                c.comment = Some("Which subtype the row is (single-table inheritance).".into());
                t.columns.push(c);
                cols.insert(disc.to_string(), n.clone());
                n
            }
        };
        let rule = CheckRule::In {
            column: col_name.clone(),
            values,
        };
        t.checks
            .push(columns::check(&col_name, "discriminator", rule));
    }

    /// A single-table inheritance child: its fields join the parent's table, nullable.
    fn sti_child(&mut self, e: &'m Entity) {
        let Some(parent) = e.inheritance.as_ref().map(|i| i.parent.clone()) else {
            return;
        };
        let Some(pinfo) = self.infos.get(&parent).cloned() else {
            return;
        };
        let table_name = pinfo.table.clone();
        let mut cols = BTreeMap::new();
        let mut new_cols = Vec::new();
        let mut checks = Vec::new();
        for f in &e.fields {
            if f.primary_key {
                cols.insert(f.rust_name.clone(), pinfo.pk_column.clone());
                continue;
            }
            if let Some(existing) = pinfo.cols.get(&f.rust_name) {
                cols.insert(f.rust_name.clone(), existing.clone());
                continue;
            }
            let col_name = self.column_name(&table_name, &f.column);
            let mut c = columns::field_column(f, &col_name, e, &mut self.diags);
            c.nullable = true;
            c.origin = ColumnOrigin::Subtype;
            checks.extend(columns::field_checks(f, &col_name, e, &mut self.diags));
            cols.insert(f.rust_name.clone(), col_name);
            new_cols.push(c);
        }
        if let Some(t) = self.table_mut(&table_name) {
            t.columns.extend(new_cols);
            t.checks.extend(checks);
        }
        self.infos.insert(
            e.type_path.clone(),
            Info {
                table: table_name,
                pk_column: pinfo.pk_column,
                pk: pinfo.pk,
                cols,
            },
        );
    }

    /// FKs, unique keys, declared indexes, table checks and query patterns of an entity.
    fn entity_relations(&mut self, e: &'m Entity) {
        // Borrowed, not cloned: `Info` holds a column and a map of every field.
        let Some(info) = self.infos.get(&e.type_path) else {
            return;
        };
        let table = info.table.clone();
        let mut fks = Vec::new();
        let mut new_indexes = Vec::new();
        for f in &e.fields {
            let Some(col) = info.cols.get(&f.rust_name).cloned() else {
                continue;
            };
            if f.unique {
                let mut ix = index(
                    asc(std::slice::from_ref(&col)),
                    true,
                    IndexOrigin::UniqueKey,
                );
                ix.rationale = format!("`{}` is unique", col);
                new_indexes.push(ix);
            }
            if f.index {
                let mut ix = index(
                    asc(std::slice::from_ref(&col)),
                    false,
                    IndexOrigin::Declared,
                );
                ix.rationale = "Declared on the field".into();
                new_indexes.push(ix);
            }
            let Some(bt) = &f.belongs_to else { continue };
            let Some(target) = self.infos.get(&bt.target) else {
                continue;
            };
            let on_delete = bt.on_delete.unwrap_or(RefAction::Restrict);
            let nullable = f.nullable || is_sti_child(e);
            if on_delete == RefAction::SetNull && !nullable {
                self.diags.push(error(
                    codes::SET_NULL_ON_NOT_NULL,
                    e,
                    Some(&f.rust_name),
                    format!(
                        "`{}.{}` is NOT NULL but `on_delete = \"set_null\"` would set it to NULL",
                        e.rust_name, f.rust_name
                    ),
                    "make the field an `Option<...>`, or use `on_delete = \"cascade\"` / `\"restrict\"`",
                ));
            }
            fks.push(ForeignKey {
                name: String::new(),
                columns: vec![col.clone()],
                ref_table: target.table.clone(),
                ref_columns: vec![target.pk_column.clone()],
                on_delete,
                on_update: bt.on_update.unwrap_or(RefAction::NoAction),
                on_delete_explicit: bt.on_delete.is_some(),
                deferred: false,
                one_to_one: bt.one_to_one,
                set_null_columns: Vec::new(),
                tenant_guard_name: None,
                unhashed_name: None,
            });
            if bt.one_to_one {
                let mut ix = index(
                    asc(std::slice::from_ref(&col)),
                    true,
                    IndexOrigin::UniqueKey,
                );
                ix.rationale = format!("1:1: at most one row per `{}` row", target.table);
                new_indexes.push(ix);
            }
            let target_rust = self
                .by_path
                .get(bt.target.as_str())
                .map(|t| t.rust_name.clone())
                .unwrap_or_default();
            self.relationships.push(Relationship {
                from_table: table.clone(),
                to_table: target.table.clone(),
                cardinality: if bt.one_to_one {
                    Cardinality::OneToOne
                } else {
                    Cardinality::ManyToOne
                },
                columns: vec![col.clone()],
                optional: nullable,
                identifying: info.pk_column == col,
                junction: None,
                label: if bt.one_to_one {
                    format!("has one {target_rust}")
                } else {
                    format!("belongs to {target_rust}")
                },
            });
        }
        for u in &e.uniques {
            if let Some(cols) = self.map_fields(e, &u.fields, "`unique(...)`") {
                let mut ix = index(asc(&cols), true, IndexOrigin::UniqueKey);
                if let Some(n) = &u.name {
                    ix.name = n.clone();
                }
                ix.rationale = format!("({}) is unique together", cols.join(", "));
                new_indexes.push(ix);
            }
        }
        for d in &e.indexes {
            let Some(cols) = self.map_fields(e, &d.fields, "`index(fields(...))`") else {
                continue;
            };
            let Some(include) = self.map_fields(e, &d.include, "`index(include(...))`") else {
                continue;
            };
            let columns: Vec<IndexColumn> = cols
                .iter()
                .map(|c| match c.strip_suffix(" DESC") {
                    Some(n) => IndexColumn {
                        name: n.to_string(),
                        descending: true,
                    },
                    None => IndexColumn {
                        name: c.clone(),
                        descending: false,
                    },
                })
                .collect();
            // Only B-tree indexes have an order: PostgreSQL rejects ASC/DESC on hash, GIN and
            // BRIN ("access method does not support ASC/DESC options"; property tests).
            let columns = if d.method == IndexMethod::Btree {
                columns
            } else {
                columns
                    .into_iter()
                    .map(|c| IndexColumn {
                        descending: false,
                        ..c
                    })
                    .collect()
            };
            let mut ix = index(columns, d.unique, IndexOrigin::Declared);
            ix.method = d.method;
            // Covering columns are a B-tree feature ("access method hash does not support
            // included columns"; property tests): other methods go without them.
            ix.include = if d.method == IndexMethod::Btree {
                include
            } else {
                Vec::new()
            };
            if let Some(n) = &d.name {
                ix.name = n.clone();
            }
            if let Some(w) = &d.where_clause {
                match guard(
                    w,
                    "index `where`",
                    FragmentKind::IndexWhere,
                    e,
                    None,
                    &mut self.diags,
                ) {
                    Some(p) => ix.predicate = Some(p),
                    None => continue,
                }
            }
            ix.rationale = "Declared".into();
            new_indexes.push(ix);
        }
        let mut checks = Vec::new();
        for c in &e.checks {
            if let Some(expr) = guard(
                &c.expr,
                "table check",
                FragmentKind::Check,
                e,
                None,
                &mut self.diags,
            ) {
                checks.push(Check {
                    name: c.name.clone().unwrap_or_default(),
                    expr,
                    column: None,
                    kind: "custom".into(),
                    rule: CheckRule::Custom,
                    unhashed_name: None,
                });
            }
        }
        let mut patterns = Vec::new();
        for q in &e.query_patterns {
            let eq = self.map_fields(e, &q.equality, &format!("query `{}` eq(...)", q.name));
            let sort = self.map_fields(e, &q.sort, &format!("query `{}` sort(...)", q.name));
            let range = self.map_fields(e, &q.range, &format!("query `{}` range(...)", q.name));
            if let (Some(equality), Some(sort), Some(range)) = (eq, sort, range) {
                let sort = sort
                    .into_iter()
                    .map(|s| match s.strip_suffix(" DESC") {
                        Some(n) => format!("-{n}"),
                        None => s,
                    })
                    .collect();
                patterns.push(Pattern {
                    name: q.name.clone(),
                    equality,
                    sort,
                    range,
                });
            }
        }
        let declared: Vec<QueryPatternColumns> = patterns
            .iter()
            .map(|p| QueryPatternColumns {
                name: p.name.clone(),
                equality: p.equality.clone(),
                sort: p.sort.iter().map(|s| sort_direction(s).0).collect(),
                range: p.range.clone(),
            })
            .collect();
        self.patterns
            .entry(table.clone())
            .or_default()
            .extend(patterns);
        if let Some(t) = self.table_mut(&table) {
            t.query_patterns.extend(declared);
            t.foreign_keys.extend(fks);
            t.indexes.extend(new_indexes);
            t.checks.extend(checks);
        }
    }

    /// A table-per-type child: its PK is also an FK to the parent's PK (ON DELETE CASCADE).
    fn table_per_type(&mut self, e: &'m Entity) {
        let Some(inh) = &e.inheritance else { return };
        if inh.strategy != InheritanceStrategy::TablePerType {
            return;
        }
        let (Some(child), Some(parent)) = (
            self.infos.get(&e.type_path).cloned(),
            self.infos.get(&inh.parent).cloned(),
        ) else {
            return;
        };
        let parent_rust = self
            .by_path
            .get(inh.parent.as_str())
            .map(|p| p.rust_name.clone())
            .unwrap_or_default();
        // The subtype's key takes the parent's type, in its table and in the bookkeeping that
        // junction tables read their key column types from (a M:N to a uuid-keyed subtype
        // otherwise got a bigint column: property tests).
        if let Some(info) = self.infos.get_mut(&e.type_path) {
            info.pk.ty = parent.pk.ty.clone();
            info.pk.max_length = parent.pk.max_length;
            info.pk.identity = false;
            info.pk.default = None;
        }
        if let Some(t) = self.table_mut(&child.table) {
            if let Some(c) = t.columns.iter_mut().find(|c| c.name == child.pk_column) {
                c.ty = parent.pk.ty.clone();
                c.max_length = parent.pk.max_length;
                c.identity = false;
                c.default = None;
            }
            t.foreign_keys.push(ForeignKey {
                name: String::new(),
                columns: vec![child.pk_column.clone()],
                ref_table: parent.table.clone(),
                ref_columns: vec![parent.pk_column.clone()],
                on_delete: RefAction::Cascade,
                on_update: RefAction::NoAction,
                on_delete_explicit: false,
                deferred: false,
                one_to_one: true,
                set_null_columns: Vec::new(),
                tenant_guard_name: None,
                unhashed_name: None,
            });
        }
        self.relationships.push(Relationship {
            from_table: child.table.clone(),
            to_table: parent.table.clone(),
            cardinality: Cardinality::Inheritance,
            columns: vec![child.pk_column.clone()],
            optional: false,
            identifying: true,
            junction: None,
            label: format!("is a {parent_rust}"),
        });
    }

    /// The junction tables of an entity's `many_to_many` declarations.
    fn junctions(&mut self, e: &'m Entity) {
        for m in &e.many_to_many {
            let (Some(owner), Some(target)) = (
                self.infos.get(&e.type_path).cloned(),
                self.infos.get(&m.target).cloned(),
            ) else {
                continue;
            };
            let Some(target_entity) = self.by_path.get(m.target.as_str()).copied() else {
                continue;
            };
            let wanted = if m.junction_table.is_empty() {
                format!("{}_{}", snake_case(&e.rust_name), target.table)
            } else {
                m.junction_table.clone()
            };
            if self.junction_names.contains(&wanted) {
                continue;
            }
            let name = self.names.claim(&wanted);
            let through = m
                .through
                .as_deref()
                .and_then(|p| self.by_path.get(p).copied());
            let mut t = self.empty_table(e, &name, TableKind::Junction);
            t.unhashed_name = unhashed(&wanted);
            t.delete = DeleteStrategy::Hard;
            t.soft_delete = false;
            t.append_only = false;
            t.retention = None;
            t.rust_name = through
                .map(|th| th.rust_name.clone())
                .unwrap_or_else(|| format!("{}{}", e.rust_name, target_entity.rust_name));
            t.comment = through.and_then(|th| th.comment.clone()).or_else(|| {
                Some(format!(
                    "Links {} and {} (many-to-many).",
                    owner.table, target.table
                ))
            });
            let a_wanted = format!("{}_id", snake_case(&e.rust_name));
            let mut b_wanted = format!("{}_id", snake_case(&target_entity.rust_name));
            if b_wanted == a_wanted {
                b_wanted = format!("related_{b_wanted}");
            }
            let a = self.column_name(&name, &a_wanted);
            let b = self.column_name(&name, &b_wanted);
            // The `through` struct's own key fields may say how their FK acts; without them
            // (or without a `through` struct) a junction row goes with either side: CASCADE.
            let mut key_fields = through
                .map(|th| {
                    th.fields
                        .iter()
                        .filter_map(|f| f.belongs_to.as_ref())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            let mut declared = |target_path: &str| {
                let i = key_fields.iter().position(|bt| bt.target == target_path)?;
                Some(key_fields.remove(i))
            };
            let a_decl = declared(&e.type_path);
            let b_decl = declared(&m.target);
            for (col, info, decl) in [(&a, &owner, a_decl), (&b, &target, b_decl)] {
                let mut c =
                    columns::added(col, ColumnOrigin::JunctionKey, info.pk.ty.clone(), false);
                c.max_length = info.pk.max_length;
                c.comment = Some(format!("References {}.{}.", info.table, info.pk_column));
                t.columns.push(c);
                let on_delete = decl.and_then(|d| d.on_delete);
                t.foreign_keys.push(ForeignKey {
                    name: String::new(),
                    columns: vec![col.clone()],
                    ref_table: info.table.clone(),
                    ref_columns: vec![info.pk_column.clone()],
                    on_delete: on_delete.unwrap_or(RefAction::Cascade),
                    on_update: decl
                        .and_then(|d| d.on_update)
                        .unwrap_or(RefAction::NoAction),
                    on_delete_explicit: on_delete.is_some(),
                    deferred: false,
                    one_to_one: false,
                    set_null_columns: Vec::new(),
                    tenant_guard_name: None,
                    unhashed_name: None,
                });
            }
            t.primary_key.columns = vec![a.clone(), b.clone()];
            let mut rev = index(
                asc(std::slice::from_ref(&b)),
                false,
                IndexOrigin::JunctionReverse,
            );
            rev.rationale = format!(
                "Second PK column: finds the {} of one {} row",
                owner.table, target.table
            );
            t.indexes.push(rev);
            if let Some(th) = through {
                for f in &th.fields {
                    let is_key = f.primary_key
                        || f.column == a
                        || f.column == b
                        || f.belongs_to
                            .as_ref()
                            .is_some_and(|bt| bt.target == e.type_path || bt.target == m.target);
                    if is_key || f.column == "created_at" || f.column == "updated_at" {
                        continue;
                    }
                    let col_name = self.column_name(&name, &f.column);
                    let c = columns::field_column(f, &col_name, th, &mut self.diags);
                    // A further reference of the junction row (who added the tag, ...).
                    if let Some((bt, info)) = f
                        .belongs_to
                        .as_ref()
                        .and_then(|bt| Some((bt, self.infos.get(&bt.target)?)))
                    {
                        let on_delete = bt.on_delete.unwrap_or(RefAction::Restrict);
                        if on_delete == RefAction::SetNull && !f.nullable {
                            self.diags.push(error(
                                codes::SET_NULL_ON_NOT_NULL,
                                th,
                                Some(&f.rust_name),
                                format!(
                                    "`{}.{}` is NOT NULL but `on_delete = \"set_null\"` would set it to NULL",
                                    th.rust_name, f.rust_name
                                ),
                                "make the field an `Option<...>`, or use `on_delete = \"cascade\"` / `\"restrict\"`",
                            ));
                        }
                        t.foreign_keys.push(ForeignKey {
                            name: String::new(),
                            columns: vec![col_name.clone()],
                            ref_table: info.table.clone(),
                            ref_columns: vec![info.pk_column.clone()],
                            on_delete,
                            on_update: bt.on_update.unwrap_or(RefAction::NoAction),
                            on_delete_explicit: bt.on_delete.is_some(),
                            deferred: false,
                            one_to_one: false,
                            set_null_columns: Vec::new(),
                            tenant_guard_name: None,
                            unhashed_name: None,
                        });
                        self.relationships.push(Relationship {
                            from_table: name.clone(),
                            to_table: info.table.clone(),
                            cardinality: Cardinality::ManyToOne,
                            columns: vec![col_name.clone()],
                            optional: f.nullable,
                            identifying: false,
                            junction: None,
                            label: format!("belongs to {}", info.table),
                        });
                    }
                    t.checks
                        .extend(columns::field_checks(f, &col_name, th, &mut self.diags));
                    t.columns.push(c);
                }
            }
            self.relationships.push(Relationship {
                from_table: owner.table.clone(),
                to_table: target.table.clone(),
                cardinality: Cardinality::ManyToMany,
                columns: Vec::new(),
                optional: true,
                identifying: false,
                junction: Some(name.clone()),
                label: format!("has many {} through {name}", target.table),
            });
            self.push_table(t);
        }
    }

    /// Shared tenancy: finds the tenants table and applies `tenancy::apply` to every
    /// tenant-scoped table.
    fn apply_tenancy(&mut self) -> Option<TenantRef> {
        if self.config.tenancy != Tenancy::Shared {
            return None;
        }
        let Some(tenant) = tenancy::tenant_entity(self.model) else {
            self.diags.push(Diagnostic {
                code: codes::NO_TENANT_TABLE.into(),
                severity: Severity::Error,
                entity: None,
                field: None,
                message: "`tenancy = \"shared\"` needs a tenants table, and the model has none".into(),
                help: Some("add a `Tenant` struct (table `tenants`) with `#[derive(DataModel)]` and `#[datamodel(tenancy = \"global\")]`, or choose another tenancy".into()),
            });
            return None;
        };
        let info = self.infos.get(&tenant.type_path)?.clone();
        let tref = TenantRef {
            table: info.table.clone(),
            pk_column: info.pk_column.clone(),
            pk: info.pk.clone(),
        };
        // Which tables are scoped: entity tables by their entity; a junction when either side is.
        let mut scoped_entities: BTreeSet<String> = BTreeSet::new();
        for e in self.entities() {
            if tenancy::entity_is_scoped(e, &tenant.type_path) {
                if let Some(i) = self.infos.get(&e.type_path) {
                    scoped_entities.insert(i.table.clone());
                }
            }
        }
        let mut scoped = scoped_entities.clone();
        for t in &self.tables {
            if t.kind == TableKind::Junction
                && t.foreign_keys
                    .iter()
                    .any(|fk| scoped_entities.contains(&fk.ref_table))
            {
                scoped.insert(t.name.clone());
            }
        }
        for t in &mut self.tables {
            if scoped.contains(&t.name) {
                let had_tenant_fk = t
                    .foreign_keys
                    .iter()
                    .any(|fk| fk.columns == [TENANT_COLUMN]);
                tenancy::apply(t, &tref, &scoped, &self.config.tenant_setting);
                if !had_tenant_fk {
                    self.relationships.push(Relationship {
                        from_table: t.name.clone(),
                        to_table: tref.table.clone(),
                        cardinality: Cardinality::ManyToOne,
                        columns: vec![TENANT_COLUMN.into()],
                        optional: false,
                        identifying: false,
                        junction: None,
                        label: "belongs to tenant".into(),
                    });
                }
            }
        }
        Some(tref)
    }

    /// Gives every constraint, index and trigger of `t` its final, registered name.
    fn name_constraints(&mut self, t: &mut Table) {
        let pk = names::primary_key(&t.name);
        t.primary_key.name = self.names.claim(&pk);
        t.primary_key.unhashed_name = unhashed(&pk);
        for fk in &mut t.foreign_keys {
            let cols: Vec<String> = fk
                .columns
                .iter()
                .filter(|c| fk.columns.len() == 1 || *c != TENANT_COLUMN)
                .cloned()
                .collect();
            let wanted = names::foreign_key(&t.name, &cols, &fk.ref_table);
            fk.name = self.names.claim(&wanted);
            fk.unhashed_name = unhashed(&wanted);
            if !fk.set_null_columns.is_empty() {
                // The composite guard of a SET NULL tenant FK (engines without `SET NULL
                // (col)`): named after all its columns, `fk_{table}_tenant_id_{x}_{ref}`.
                let guard = names::foreign_key(&t.name, &fk.columns, &fk.ref_table);
                fk.tenant_guard_name = Some(self.names.claim(&guard));
            }
        }
        for ix in &mut t.indexes {
            let wanted = if ix.name.is_empty() {
                let cols: Vec<String> = ix.columns.iter().map(|c| c.name.clone()).collect();
                let suffix = match (ix.origin.clone(), ix.method) {
                    (IndexOrigin::ActiveRows, _) => Some("active"),
                    (_, IndexMethod::Gin) => Some("gin"),
                    (_, IndexMethod::Brin) => Some("brin"),
                    (_, IndexMethod::Hash) => Some("hash"),
                    _ if ix.predicate.is_some() && ix.origin == IndexOrigin::Declared => {
                        Some("partial")
                    }
                    _ => None,
                };
                names::index(&t.name, &cols, ix.unique, suffix)
            } else {
                ix.name.clone()
            };
            ix.name = self.names.claim(&wanted);
            ix.unhashed_name = unhashed(&wanted);
        }
        for c in &mut t.checks {
            let wanted = if c.name.is_empty() {
                names::check(&t.name, c.column.as_deref(), &c.kind)
            } else {
                c.name.clone()
            };
            c.name = self.names.claim(&wanted);
            c.unhashed_name = unhashed(&wanted);
        }
        if t.updated_at_trigger {
            t.updated_at_trigger_name = Some(self.names.claim(&names::updated_at_trigger(&t.name)));
        }
    }
}

/// The wanted name when it is too long to be used as is (it is emitted hashed), for the
/// `identifier-too-long` lint.
fn unhashed(wanted: &str) -> Option<String> {
    (wanted.len() > super::MAX_IDENT_LEN).then(|| wanted.to_string())
}

/// Appends `created_at`, `updated_at` (not on append-only tables: their rows never change),
/// `deleted_at` (soft delete) and `archived_at` (archival) unless the struct has them already.
fn finish_columns(t: &mut Table, trigger: bool) {
    if t.column("created_at").is_none() {
        t.columns.push(columns::timestamp_column(
            "created_at",
            ColumnOrigin::CreatedAt,
        ));
    }
    if !t.append_only && t.column("updated_at").is_none() {
        t.columns.push(columns::timestamp_column(
            "updated_at",
            ColumnOrigin::UpdatedAt,
        ));
    }
    t.updated_at_trigger = trigger && t.column("updated_at").is_some();
    if t.soft_delete && t.column("deleted_at").is_none() {
        t.columns.push(columns::deleted_at_column());
    }
    if t.delete == DeleteStrategy::Archival && t.column("archived_at").is_none() {
        t.columns.push(columns::archived_at_column());
    }
}

/// Soft delete: every user unique key becomes partial `WHERE deleted_at IS NULL`, and the
/// active-rows partial index is added. Every partial unique (soft-delete or declared) gets its
/// `live_column` for engines without partial indexes.
fn apply_soft_delete(t: &mut Table) {
    if t.soft_delete {
        for ix in &mut t.indexes {
            let user_unique =
                ix.unique && matches!(ix.origin, IndexOrigin::UniqueKey | IndexOrigin::Declared);
            if !user_unique {
                continue;
            }
            ix.predicate = Some(match &ix.predicate {
                Some(p) => format!("({p}) AND {SOFT_DELETE_PREDICATE}"),
                None => SOFT_DELETE_PREDICATE.to_string(),
            });
            ix.rationale = format!("{}; among live rows only (soft delete)", ix.rationale);
        }
        let mut active = index(asc(&t.primary_key.columns), false, IndexOrigin::ActiveRows);
        active.predicate = Some(SOFT_DELETE_PREDICATE.into());
        active.rationale = "Active rows: queries filter `deleted_at IS NULL`".into();
        t.indexes.push(active);
    }
    for ix in &mut t.indexes {
        if ix.unique {
            if let Some(p) = &ix.predicate {
                ix.live_column = Some(names::live_column(p));
            }
        }
    }
}

#[cfg(test)]
mod tests {
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
}
