//! One random *valid* change to a generated model: the "mutate" step of the migration
//! property (v1 -> change -> v2). Every change is one a user makes to their structs and that a
//! migration can apply to a table holding rows: add a nullable column, add or drop an index,
//! widen a string, add an enum value, add an entity, rename a column (`renamed_from`), drop a
//! nullable column (destructive, with the flag), make a field unique, turn on soft delete, add
//! a nullable reference to another entity. Columns named in user SQL (checks, partial
//! index predicates, defaults) are never renamed or dropped: that SQL would name a column that
//! is gone, which the structs' author would have to rewrite too.

use crate::{indexable, Source};
use datamodel::model::{
    ColumnType, DeleteStrategy, Entity, Field, ForeignKeyDef, IndexDef, InheritanceStrategy,
    RefAction,
};
use datamodel::Model;

/// A mutated model and what was changed.
#[derive(Debug, Clone)]
pub struct Mutation {
    pub model: Model,
    /// One line for the failure report.
    pub what: String,
    /// The change drops data (needs `--allow-destructive`).
    pub destructive: bool,
}

/// A random valid change of `model`, decided by `bytes` (any bytes give one; when nothing
/// else applies, a new entity is added).
pub fn mutate(model: &Model, bytes: &[u8]) -> Mutation {
    let mut src = Source::new(bytes);
    let mut m = model.clone();
    let candidates: Vec<usize> = (0..m.entities.len())
        .filter(|&i| has_own_table(&m.entities[i]))
        .collect();
    let kind = src.int(0, 9);
    if !candidates.is_empty() {
        let i = candidates[src.index(candidates.len())];
        if kind == 9 {
            if let Some(what) = add_reference(&mut m, i, &mut src) {
                return Mutation {
                    model: m,
                    what,
                    destructive: false,
                };
            }
        } else if let Some((what, destructive)) = change_entity(&mut m.entities[i], kind, &mut src)
        {
            return Mutation {
                model: m,
                what,
                destructive,
            };
        }
    }
    add_entity(&mut m);
    Mutation {
        model: m,
        what: "add entity MutAdded".into(),
        destructive: false,
    }
}

/// Entities with a table of their own and ordinary fields (not single-table subtypes, whose
/// fields live in the parent's table, nor junction descriptions), other than the legal holds
/// table, whose column names the retention jobs read (DM030 requires them).
fn has_own_table(e: &Entity) -> bool {
    e.table != "legal_holds"
        && !e.junction
        && !e
            .inheritance
            .as_ref()
            .is_some_and(|i| i.strategy == InheritanceStrategy::SingleTable)
}

fn change_entity(e: &mut Entity, kind: u32, src: &mut Source) -> Option<(String, bool)> {
    let table = e.table.clone();
    match kind {
        0 => {
            let name = free_column(e, "mut_added")?;
            e.fields.push(Field {
                rust_name: name.clone(),
                column: name.clone(),
                ty: ColumnType::String,
                max_length: Some(40),
                nullable: true,
                ..Default::default()
            });
            Some((format!("add nullable column {table}.{name}"), false))
        }
        1 => {
            let fields: Vec<String> = e
                .fields
                .iter()
                .filter(|f| indexable(f) && f.belongs_to.is_none())
                .map(|f| f.rust_name.clone())
                .collect();
            let f = fields.get(src.index(fields.len().max(1)))?.clone();
            e.indexes.push(IndexDef {
                fields: vec![f.clone()],
                ..Default::default()
            });
            Some((format!("add index on {table}.{f}"), false))
        }
        2 => {
            e.indexes.pop()?;
            Some((format!("drop the last declared index of {table}"), false))
        }
        3 => {
            let f = e
                .fields
                .iter_mut()
                .find(|f| f.ty == ColumnType::String && !f.text && !f.unique && !f.index)?;
            let n = f.max_length?;
            // Key columns stay within MySQL's key limit (see the generator's rules).
            f.max_length = Some(
                if n < 100 {
                    n + (100 - n).min(20)
                } else {
                    n + 20
                }
                .min(500),
            );
            (f.max_length != Some(n)).then(|| (format!("widen {table}.{}", f.column), false))
        }
        4 => {
            let f = e.fields.iter_mut().find(|f| {
                matches!(&f.ty, ColumnType::Enum { values, .. } if !values.iter().any(|v| v == "mut_added"))
            })?;
            if let ColumnType::Enum { values, .. } = &mut f.ty {
                values.push("mut_added".into());
            }
            Some((format!("add an enum value to {table}.{}", f.column), false))
        }
        5 => {
            let i = plain_field(e)?;
            let new = free_column(e, "mut_renamed")?;
            let f = &mut e.fields[i];
            f.renamed_from = Some(f.column.clone());
            let what = format!("rename {table}.{} to {new}", f.column);
            f.column = new;
            Some((what, false))
        }
        6 => {
            let i = plain_field(e).filter(|&i| e.fields[i].nullable)?;
            let f = e.fields.remove(i);
            Some((format!("drop nullable column {table}.{}", f.column), true))
        }
        7 => {
            // One row per table in the property's databases: a new unique key holds.
            let f = e
                .fields
                .iter_mut()
                .find(|f| indexable(f) && !f.unique && !f.primary_key && f.belongs_to.is_none())?;
            f.unique = true;
            Some((format!("make {table}.{} unique", f.column), false))
        }
        _ => {
            // From hard delete only: leaving archival drops `archived_at` (destructive).
            if e.delete != Some(DeleteStrategy::Hard) || e.inheritance.is_some() {
                return None;
            }
            e.delete = Some(DeleteStrategy::Soft);
            if e.retention.as_ref().is_some_and(|r| r.ttl.is_some()) {
                // A TTL on a soft-deleted table counts from the delete (DM030).
                if let Some(r) = e.retention.as_mut() {
                    r.after_delete = true;
                }
            }
            Some((format!("turn on soft delete for {table}"), false))
        }
    }
}

/// A nullable `belongs_to` (ON DELETE SET NULL) from entity `i` to another entity with a
/// table and a single-column key.
fn add_reference(m: &mut Model, i: usize, src: &mut Source) -> Option<String> {
    let targets: Vec<usize> = (0..m.entities.len())
        .filter(|&j| j != i && has_own_table(&m.entities[j]) && m.entities[j].inheritance.is_none())
        .filter(|&j| {
            m.entities[j]
                .fields
                .iter()
                .filter(|f| f.primary_key)
                .count()
                == 1
        })
        .collect();
    let j = *targets.get(src.index(targets.len().max(1)))?;
    let target = &m.entities[j];
    let pk = target.fields.iter().find(|f| f.primary_key)?.clone();
    let (target_path, target_table) = (target.type_path.clone(), target.table.clone());
    let e = &mut m.entities[i];
    let name = free_column(e, "mut_ref_id")?;
    e.fields.push(Field {
        rust_name: name.clone(),
        column: name.clone(),
        ty: pk.ty,
        nullable: true,
        belongs_to: Some(ForeignKeyDef {
            target: target_path,
            on_delete: Some(RefAction::SetNull),
            on_update: None,
            one_to_one: false,
        }),
        ..Default::default()
    });
    Some(format!(
        "add a reference {}.{name} -> {target_table}",
        e.table
    ))
}

/// A column name not taken in `e` (`base`, `base_2`, ...).
fn free_column(e: &Entity, base: &str) -> Option<String> {
    (1..10)
        .map(|n| {
            if n == 1 {
                base.to_string()
            } else {
                format!("{base}_{n}")
            }
        })
        .find(|c| !e.fields.iter().any(|f| f.column.eq_ignore_ascii_case(c)))
}

/// A field nothing else names: not a key, relation, index, unique or query pattern column,
/// and no user SQL of the entity mentions its column.
fn plain_field(e: &Entity) -> Option<usize> {
    let sql: Vec<&str> = e
        .checks
        .iter()
        .map(|c| c.expr.as_str())
        .chain(e.indexes.iter().filter_map(|i| i.where_clause.as_deref()))
        .chain(e.fields.iter().filter_map(|f| f.check.as_deref()))
        .chain(e.fields.iter().filter_map(|f| f.default.as_deref()))
        .collect();
    let named = |f: &Field| {
        let r = &f.rust_name;
        e.indexes
            .iter()
            .any(|i| i.fields.contains(r) || i.include.contains(r))
            || e.uniques.iter().any(|u| u.fields.contains(r))
            || e.query_patterns.iter().any(|q| {
                q.equality.contains(r)
                    || q.sort.iter().any(|s| s.trim_start_matches('-') == r)
                    || q.range.contains(r)
            })
            || e.discriminator.as_deref() == Some(f.column.as_str())
            || sql.iter().any(|s| s.contains(f.column.as_str()))
    };
    e.fields.iter().position(|f| {
        !f.primary_key && f.belongs_to.is_none() && !f.unique && !f.index && !named(f)
    })
}

fn add_entity(m: &mut Model) {
    let template = m.entities.first().cloned().unwrap_or_default();
    let e = Entity {
        type_path: "gen::model::MutAdded".into(),
        rust_name: "MutAdded".into(),
        module_path: template.module_path.clone(),
        crate_name: template.crate_name.clone(),
        source: template.source.clone(),
        table: "mut_added".into(),
        fields: vec![
            Field {
                rust_name: "id".into(),
                column: "id".into(),
                ty: ColumnType::BigInt,
                primary_key: true,
                ..Default::default()
            },
            Field {
                rust_name: "label".into(),
                column: "label".into(),
                ty: ColumnType::String,
                max_length: Some(40),
                nullable: true,
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    if !m
        .entities
        .iter()
        .any(|x| x.table.eq_ignore_ascii_case("mut_added"))
    {
        m.entities.push(e);
        m.entities.sort_by(|a, b| a.type_path.cmp(&b.type_path));
    }
}
