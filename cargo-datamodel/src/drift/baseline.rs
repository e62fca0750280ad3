//! The migration baseline of a database that already exists (`migrate
//! --baseline-from-database`).

use super::normalise::type_text;
use super::{model_as_kept, normalise, owned_tables};
use crate::config::Engine;
use crate::dialect::{dialect_for, Dialect};
use crate::schema::{Schema, Table};

/// The migration baseline of a database that already exists (`migrate
/// --baseline-from-database`): the model wherever the database agrees with it (under the
/// comparison of [`compare`]), the database wherever it doesn't. So the next `migrate` diffs
/// from what is deployed: an identical database gives no change, and each difference becomes
/// the step that takes the database to the structs. Attribute by attribute: a column whose
/// default alone differs keeps the model's type, so no type change is invented.
///
/// Kept from the model because no catalog reader reads them back (the module doc): row-level
/// security policies, the `updated_at` triggers, comments and the document-only fields.
/// Tables of the migration tools are left out.
pub fn baseline(model: &Schema, live: &Schema, engine: Engine) -> Schema {
    let d = dialect_for(engine);
    let live = owned_tables(live);
    let (m, l) = (
        normalise(&model_as_kept(model, engine), engine),
        normalise(&live, engine),
    );
    let positions = |s: &Schema| -> std::collections::HashMap<String, usize> {
        (s.tables.iter().enumerate())
            .map(|(i, t)| (t.name.clone(), i))
            .collect()
    };
    let (in_live, in_m, in_model) = (positions(&live), positions(&m), positions(model));
    let mut out = model.clone();
    out.tables.clear();
    for t in &model.tables {
        let (Some(&li), Some(&mi)) = (in_live.get(&t.name), in_m.get(&t.name)) else {
            continue;
        };
        out.tables.push(merge_table(
            t,
            &m.tables[mi],
            &live.tables[li],
            &l.tables[li],
            d,
        ));
    }
    for t in &live.tables {
        if !in_model.contains_key(&t.name) {
            out.tables.push(t.clone());
        }
    }
    out
}

/// One table both sides have: `model` and its normalised kept copy `nm`, `live` and its
/// normalised copy `nl` (same order as `live`).
fn merge_table(model: &Table, nm: &Table, live: &Table, nl: &Table, d: &dyn Dialect) -> Table {
    let mut t = model.clone();
    t.columns.clear();
    for c in &model.columns {
        let (Some(nmc), Some(i)) = (
            nm.columns.iter().find(|x| x.name == c.name),
            live.columns.iter().position(|x| x.name == c.name),
        ) else {
            // Neither the engine's DDL nor the database has it: not a difference.
            if nm.column(&c.name).is_none() && live.column(&c.name).is_none() {
                t.columns.push(c.clone());
            }
            continue;
        };
        let (lc, nlc) = (&live.columns[i], &nl.columns[i]);
        let mut merged = c.clone();
        if type_text(d, nmc) != type_text(d, nlc) || nmc.identity != nlc.identity {
            merged.ty = lc.ty.clone();
            merged.max_length = lc.max_length;
            merged.precision = lc.precision;
            merged.scale = lc.scale;
            merged.identity = lc.identity;
            merged.imported_type = lc.imported_type.clone();
        }
        if nmc.nullable != nlc.nullable {
            merged.nullable = lc.nullable;
        }
        if nmc.default != nlc.default {
            merged.default = lc.default.clone();
        }
        t.columns.push(merged);
    }
    for c in &live.columns {
        if model.column(&c.name).is_none() {
            t.columns.push(c.clone());
        }
    }
    // Compared as the engine keeps them: a distributing engine's key is the tenant key
    // (`Table::distributed_key`), which is the model's, not a change of it.
    if nm.primary_key.columns != nl.primary_key.columns {
        t.primary_key = live.primary_key.clone();
    } else if model.primary_key.name != live.primary_key.name {
        t.primary_key.name = live.primary_key.name.clone();
    }
    t.indexes = merge_named(
        &model.indexes,
        &nm.indexes,
        &live.indexes,
        &nl.indexes,
        |i| &i.name,
        crate::migrate::same_index,
    );
    t.foreign_keys = merge_named(
        &model.foreign_keys,
        &nm.foreign_keys,
        &live.foreign_keys,
        &nl.foreign_keys,
        |f| &f.name,
        crate::migrate::same_fk,
    );
    t.checks = merge_named(
        &model.checks,
        &nm.checks,
        &live.checks,
        &nl.checks,
        |c| &c.name,
        crate::migrate::same_check,
    );
    t
}

/// Named objects (indexes, keys, checks): the model's where the database has an equal one
/// under its name (or where the engine's DDL doesn't have it either), else the database's;
/// the database's that the model doesn't name.
fn merge_named<T: Clone>(
    model: &[T],
    nm: &[T],
    live: &[T],
    nl: &[T],
    name: impl Fn(&T) -> &String,
    same: impl Fn(&T, &T) -> bool,
) -> Vec<T> {
    let at = |xs: &[T], n: &String| xs.iter().position(|x| name(x) == n);
    let mut out = Vec::new();
    for x in model {
        let n = name(x);
        // `nl` may hold fewer than `live` (see below): looked up by name, never by position.
        let equal = match (at(nm, n), at(nl, n)) {
            (Some(a), Some(b)) => same(&nm[a], &nl[b]),
            _ => false,
        };
        match (at(nm, n), at(live, n)) {
            _ if equal => out.push(x.clone()),
            (_, Some(b)) => out.push(live[b].clone()),
            // Not rendered for this engine at all (an index that would duplicate the primary
            // key where there are no partial indexes): not a difference, so the model's.
            (None, None) => out.push(x.clone()),
            (Some(_), None) => {}
        }
    }
    // What the normaliser leaves out (InnoDB's own index of a foreign key) is the engine's,
    // not a difference: a migration must not drop it.
    for x in live {
        if at(model, name(x)).is_none() && at(nl, name(x)).is_some() {
            out.push(x.clone());
        }
    }
    out
}
