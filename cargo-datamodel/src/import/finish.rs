//! What the statements leave implicit, made explicit the way the resolver would: names for
//! unnamed constraints, the engines' own encodings of model features read back (SQLite's
//! length and JSON CHECKs, its rowid key, MySQL's live columns), 1:1 FKs, relationships,
//! dependency order.

use super::build::Builder;
use crate::schema::{names, Cardinality, CheckRule, Relationship, Table};
use datamodel::model::{ColumnType, RefAction};
use std::collections::HashSet;

pub(super) fn finish(b: &mut Builder) -> (Vec<Table>, Vec<Relationship>) {
    live_columns(b);
    let rowid = b.dialect.identity_is_rowid();
    let mut tables = std::mem::take(&mut b.tables);
    reference_namespaces(&mut tables);
    for t in &mut tables {
        type_checks(t);
        tenant_guards(t);
        if rowid {
            rowid_key(t);
        }
        name_constraints(t);
        one_to_one(t);
    }
    let tables = crate::schema::order_tables(tables);
    let relationships = tables.iter().flat_map(relationships_of).collect();
    (tables, relationships)
}

/// A foreign key into an imported table references it in that table's namespace (after
/// renames; the statement's qualifier stays for a table that was not imported).
fn reference_namespaces(tables: &mut [Table]) {
    let namespaces: std::collections::HashMap<String, Option<String>> = tables
        .iter()
        .map(|t| (t.name.clone(), t.namespace.clone()))
        .collect();
    for f in tables.iter_mut().flat_map(|t| t.foreign_keys.iter_mut()) {
        if let Some(ns) = namespaces.get(&f.ref_table) {
            f.ref_namespace = ns.clone();
        }
    }
}

/// MySQL stands in for a partial unique key with a generated column `IF(pred, 1, NULL)`
/// appended to the key; read back, that is the key with its predicate.
fn live_columns(b: &mut Builder) {
    let generated = std::mem::take(&mut b.generated);
    for (table, col, expr) in generated {
        let predicate = live_predicate(&expr);
        let Some(t) = b.table_mut(&table) else {
            continue;
        };
        let Some(predicate) = predicate else {
            continue;
        };
        let mut used = false;
        for i in t.indexes.iter_mut().filter(|i| i.unique) {
            if i.columns.last().is_some_and(|c| c.name == col) {
                i.columns.pop();
                i.predicate = Some(predicate.clone());
                i.live_column = Some(col.clone());
                used = true;
            }
        }
        if used {
            t.columns.retain(|c| c.name != col);
        }
    }
}

/// `IF(pred, 1, NULL)` → `pred` (identifier quotes dropped).
fn live_predicate(expr: &str) -> Option<String> {
    let e = expr.trim().trim_start_matches('(').trim_end_matches(')');
    let inner = e.strip_prefix("IF(").or_else(|| e.strip_prefix("if("))?;
    let pred = inner.strip_suffix(", 1, NULL")?;
    Some(pred.replace('`', ""))
}

/// Engines without `ON DELETE SET NULL (col)` write a composite tenant FK that sets only its
/// reference column to NULL as that single-column FK plus a composite guard with NO ACTION;
/// read back, the pair is the one composite FK again.
fn tenant_guards(t: &mut Table) {
    let mut i = 0;
    while i < t.foreign_keys.len() {
        let a = t.foreign_keys[i].clone();
        let guard = t.foreign_keys.iter().position(|b| {
            a.on_delete == RefAction::SetNull
                && b.on_delete == RefAction::NoAction
                && b.ref_table == a.ref_table
                && b.columns.len() == a.columns.len() + 1
                && b.columns[1..] == a.columns[..]
                && b.ref_columns.len() == b.columns.len()
                && b.ref_columns[1..] == a.ref_columns[..]
        });
        if let Some(g) = guard {
            let b = t.foreign_keys.remove(g);
            let i_now = if g < i { i - 1 } else { i };
            let f = &mut t.foreign_keys[i_now];
            f.set_null_columns = std::mem::replace(&mut f.columns, b.columns);
            f.ref_columns = b.ref_columns;
            f.tenant_guard_name = Some(b.name);
            i = i_now;
        }
        i += 1;
    }
}

/// SQLite keeps lengths, JSON and decimal scale as CHECKs (`length(c) <= 50`,
/// `json_valid(c)`, `c = round(c, 2)`): read back as the column's type, not as checks.
fn type_checks(t: &mut Table) {
    let mut keep = Vec::new();
    for check in std::mem::take(&mut t.checks) {
        if !matches!(check.rule, CheckRule::Custom) || !absorb(t, &check.expr) {
            keep.push(check);
        }
    }
    t.checks = keep;
}

fn absorb(t: &mut Table, expr: &str) -> bool {
    let e = expr.trim();
    if let Some(rest) = e.strip_prefix("length(") {
        if let Some((col, n)) = rest.split_once(") <= ") {
            if let (Some(c), Ok(n)) = (t.columns.iter_mut().find(|c| c.name == col), n.parse()) {
                if c.ty == ColumnType::String && c.max_length.is_none() {
                    c.max_length = Some(n);
                    return true;
                }
            }
        }
    }
    if let Some(col) = e
        .strip_prefix("json_valid(")
        .and_then(|r| r.strip_suffix(')'))
    {
        if let Some(c) = t.columns.iter_mut().find(|c| c.name == col) {
            c.ty = ColumnType::Json;
            return true;
        }
    }
    if let Some((col, rest)) = e.split_once(" = round(") {
        if let Some((col2, s)) = rest.strip_suffix(')').and_then(|r| r.split_once(", ")) {
            if let (true, Some(c), Ok(s)) = (
                col == col2,
                t.columns.iter_mut().find(|c| c.name == col),
                s.parse(),
            ) {
                c.ty = ColumnType::Decimal;
                c.scale = Some(s);
                return true;
            }
        }
    }
    false
}

/// SQLite: a single INTEGER primary key is the rowid, which the engine numbers.
fn rowid_key(t: &mut Table) {
    if let [pk] = t.primary_key.columns.as_slice() {
        let pk = pk.clone();
        if let Some(c) = t.columns.iter_mut().find(|c| c.name == pk) {
            if matches!(c.ty, ColumnType::Integer | ColumnType::BigInt) && c.opaque_type().is_none()
            {
                c.identity = true;
            }
        }
    }
}

/// Names for what the file left unnamed, as the resolver names them (`schema::names`, hashed
/// when too long), made unique per table.
/// Names come from the table's name inside its namespace (`pk_orders` for `sales.orders`):
/// PostgreSQL keeps index names per schema, and engines without schemas prefix them with the
/// namespace (`Dialect::namespaced_object`).
fn name_constraints(t: &mut Table) {
    let table = t.local_name().to_string();
    let mut taken: HashSet<String> = HashSet::new();
    let fresh = |base: String, taken: &mut HashSet<String>| {
        let mut name = names::shorten(&base);
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = names::shorten(&format!("{base}_{n}"));
            n += 1;
        }
        name
    };
    if t.primary_key.name.is_empty() {
        t.primary_key.name = names::shorten(&names::primary_key(&table));
    }
    for i in &mut t.indexes {
        if i.name.is_empty() {
            let cols: Vec<String> = i.columns.iter().map(|c| c.name.clone()).collect();
            let suffix = i.predicate.as_ref().map(|_| "partial");
            i.name = fresh(names::index(&table, &cols, i.unique, suffix), &mut taken);
        } else {
            taken.insert(i.name.clone());
        }
    }
    for f in &mut t.foreign_keys {
        if f.name.is_empty() {
            let target = crate::schema::local_name(&f.ref_table, f.ref_namespace.as_deref());
            let base = names::foreign_key(&table, &f.columns, target);
            f.name = fresh(base, &mut taken);
        }
    }
    for c in &mut t.checks {
        if c.name.is_empty() {
            let base = names::check(&table, c.column.as_deref(), &c.kind);
            c.name = fresh(base, &mut taken);
        }
    }
}

/// An FK whose columns are exactly a unique key (or the primary key) is 1:1.
fn one_to_one(t: &mut Table) {
    let mut keys: Vec<Vec<String>> = t
        .indexes
        .iter()
        .filter(|i| i.unique && i.predicate.is_none())
        .map(|i| i.columns.iter().map(|c| c.name.clone()).collect())
        .collect();
    keys.push(t.primary_key.columns.clone());
    for f in &mut t.foreign_keys {
        f.one_to_one = keys.iter().any(|k| sorted(k) == sorted(&f.columns));
    }
}

fn sorted(v: &[String]) -> Vec<String> {
    let mut v = v.to_vec();
    v.sort();
    v
}

fn relationships_of(t: &Table) -> Vec<Relationship> {
    t.foreign_keys
        .iter()
        .map(|f| Relationship {
            from_table: t.name.clone(),
            to_table: f.ref_table.clone(),
            cardinality: if f.one_to_one {
                Cardinality::OneToOne
            } else {
                Cardinality::ManyToOne
            },
            columns: f.columns.clone(),
            optional: f
                .columns
                .iter()
                .any(|c| t.column(c).is_none_or(|c| c.nullable)),
            identifying: f.columns.iter().all(|c| t.primary_key.columns.contains(c)),
            junction: None,
            label: "belongs to".into(),
        })
        .collect()
}
