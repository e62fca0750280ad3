//! Cross-entity validation of a collected [`Model`]: the mistakes no single derive can see.
//!
//! The derive checks one struct at a time; these checks need all of them: a foreign key to an
//! entity that was not collected, cycles of NOT NULL foreign keys (no row could ever be
//! inserted first), two structs with the same table, a junction table colliding with an
//! entity's table. Results are structured [`Diagnostic`]s; `cargo datamodel` prints them and
//! the lint catalog builds on the same type.

use crate::model::{Entity, Model};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// One finding about the model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `DM001`.
    pub code: String,
    pub severity: Severity,
    /// Type path of the entity concerned, if any.
    pub entity: Option<String>,
    /// Rust field name concerned, if any.
    pub field: Option<String>,
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// Codes of the model validation pass (the lint catalog uses `DM1xx` and up).
pub mod codes {
    /// Two entities map to the same table.
    pub const DUPLICATE_TABLE: &str = "DM001";
    /// A relation points at an entity that was not collected.
    pub const UNKNOWN_ENTITY: &str = "DM002";
    /// NOT NULL foreign keys form a cycle: no row can be inserted first.
    pub const NOT_NULL_FK_CYCLE: &str = "DM003";
    /// A junction table has the same name as an entity's table.
    pub const JUNCTION_COLLISION: &str = "DM004";
    /// The model has no entities.
    pub const EMPTY_MODEL: &str = "DM005";
    /// An entity has no primary key.
    pub const NO_PRIMARY_KEY: &str = "DM006";
}

/// Runs every cross-entity check. Diagnostics come sorted (by code, entity, field).
pub fn validate(model: &Model) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if model.entities.is_empty() {
        out.push(Diagnostic {
            code: codes::EMPTY_MODEL.into(),
            severity: Severity::Error,
            entity: None,
            field: None,
            message: "the model has no entities".into(),
            help: Some("add `#[derive(DataModel)]` to at least one struct of the crate (and depend on the `datamodel` crate), or pick the right package with `-p`".into()),
        });
        return out;
    }
    duplicate_tables(model, &mut out);
    unknown_targets(model, &mut out);
    junction_collisions(model, &mut out);
    not_null_cycles(model, &mut out);
    out.sort_by(|a, b| (&a.code, &a.entity, &a.field).cmp(&(&b.code, &b.entity, &b.field)));
    out
}

fn err(code: &str, e: &Entity, field: Option<&str>, message: String, help: String) -> Diagnostic {
    Diagnostic {
        code: code.into(),
        severity: Severity::Error,
        entity: Some(e.type_path.clone()),
        field: field.map(str::to_string),
        message,
        help: Some(help),
    }
}

fn duplicate_tables(model: &Model, out: &mut Vec<Diagnostic>) {
    let mut by_table: BTreeMap<&str, Vec<&Entity>> = BTreeMap::new();
    for e in model
        .entities
        .iter()
        .filter(|e| !is_single_table_child(model, e))
    {
        by_table.entry(e.table.as_str()).or_default().push(e);
    }
    for (table, es) in by_table.into_iter().filter(|(_, es)| es.len() > 1) {
        let names: Vec<&str> = es.iter().map(|e| e.type_path.as_str()).collect();
        out.push(err(
            codes::DUPLICATE_TABLE,
            es[1],
            None,
            format!(
                "table `{table}` is declared by more than one struct: {}",
                names.join(" and ")
            ),
            "give one of them another name with `#[datamodel(table = \"...\")]`".into(),
        ));
    }
}

fn is_single_table_child(model: &Model, e: &Entity) -> bool {
    let _ = model;
    matches!(&e.inheritance, Some(i) if i.strategy == crate::model::InheritanceStrategy::SingleTable)
}

fn unknown_targets(model: &Model, out: &mut Vec<Diagnostic>) {
    let known: BTreeSet<&str> = model
        .entities
        .iter()
        .map(|e| e.type_path.as_str())
        .collect();
    let help = |t: &str| {
        format!("`{t}` derives DataModel but was not collected: add its crate with `-p <crate>` or `--workspace`, or make it a dependency of the collected crate; with `collect = \"explicit\"`, list it in `datamodel::entities!(...)`")
    };
    for e in &model.entities {
        for f in &e.fields {
            if let Some(fk) = &f.belongs_to {
                if !known.contains(fk.target.as_str()) {
                    out.push(err(
                        codes::UNKNOWN_ENTITY,
                        e,
                        Some(&f.rust_name),
                        format!(
                            "`{}.{}` references `{}`, which is not in the collected model",
                            e.rust_name, f.rust_name, fk.target
                        ),
                        help(&fk.target),
                    ));
                }
            }
        }
        for m in &e.many_to_many {
            for t in std::iter::once(&m.target).chain(m.through.iter()) {
                if !known.contains(t.as_str()) {
                    out.push(err(
                        codes::UNKNOWN_ENTITY,
                        e,
                        None,
                        format!("many-to-many `{}` of `{}` references `{t}`, which is not in the collected model", m.junction_table, e.rust_name),
                        help(t),
                    ));
                }
            }
        }
        if let Some(i) = &e.inheritance {
            if !known.contains(i.parent.as_str()) {
                out.push(err(
                    codes::UNKNOWN_ENTITY,
                    e,
                    None,
                    format!(
                        "`{}` extends `{}`, which is not in the collected model",
                        e.rust_name, i.parent
                    ),
                    help(&i.parent),
                ));
            }
        }
    }
}

fn junction_collisions(model: &Model, out: &mut Vec<Diagnostic>) {
    let tables: BTreeMap<&str, &Entity> = model
        .entities
        .iter()
        .filter(|e| !e.junction)
        .map(|e| (e.table.as_str(), e))
        .collect();
    for e in &model.entities {
        for m in &e.many_to_many {
            if m.through.is_some() {
                continue; // the junction struct *is* the table
            }
            if let Some(other) = tables.get(m.junction_table.as_str()) {
                out.push(err(
                    codes::JUNCTION_COLLISION,
                    e,
                    None,
                    format!("junction table `{}` of `{}` has the same name as the table of `{}`", m.junction_table, e.rust_name, other.type_path),
                    "name the junction table differently (`many_to_many(..., junction = \"...\")`) or declare that struct as the junction with `through = ...`".into(),
                ));
            }
        }
    }
}

/// Cycles in the graph of NOT NULL foreign keys (a self-reference counts: the first row of a
/// NOT NULL self-referencing table can't be inserted unless it points at itself).
fn not_null_cycles(model: &Model, out: &mut Vec<Diagnostic>) {
    let index: BTreeMap<&str, usize> = model
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.type_path.as_str(), i))
        .collect();
    let n = model.entities.len();
    let mut edges: Vec<Vec<(usize, &str)>> = vec![Vec::new(); n];
    for (i, e) in model.entities.iter().enumerate() {
        for f in &e.fields {
            if let (Some(fk), false) = (&f.belongs_to, f.nullable) {
                if let Some(&j) = index.get(fk.target.as_str()) {
                    edges[i].push((j, f.rust_name.as_str()));
                }
            }
        }
    }
    // Iterative DFS with colors; report each cycle once (by its smallest member).
    let mut color = vec![0u8; n];
    let mut reported: BTreeSet<Vec<usize>> = BTreeSet::new();
    for start in 0..n {
        if color[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        let mut path: Vec<usize> = vec![start];
        color[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if *next < edges[node].len() {
                let (to, _) = edges[node][*next];
                *next += 1;
                match color[to] {
                    0 => {
                        color[to] = 1;
                        stack.push((to, 0));
                        path.push(to);
                    }
                    1 => {
                        let pos = path.iter().position(|&p| p == to).unwrap_or(0);
                        let cycle: Vec<usize> = path[pos..].to_vec();
                        let mut key = cycle.clone();
                        key.sort_unstable();
                        if reported.insert(key) {
                            report_cycle(model, &edges, &cycle, out);
                        }
                    }
                    _ => {}
                }
            } else {
                color[node] = 2;
                stack.pop();
                path.pop();
            }
        }
    }
}

fn report_cycle(
    model: &Model,
    edges: &[Vec<(usize, &str)>],
    cycle: &[usize],
    out: &mut Vec<Diagnostic>,
) {
    let mut steps = Vec::new();
    for (k, &from) in cycle.iter().enumerate() {
        let to = cycle[(k + 1) % cycle.len()];
        let field = edges[from]
            .iter()
            .find(|(t, _)| *t == to)
            .map(|(_, f)| *f)
            .unwrap_or("?");
        steps.push(format!(
            "{}.{} -> {}",
            model.entities[from].rust_name, field, model.entities[to].rust_name
        ));
    }
    let first = &model.entities[cycle[0]];
    out.push(err(
        codes::NOT_NULL_FK_CYCLE,
        first,
        None,
        format!("NOT NULL foreign keys form a cycle, so no row of these tables can be inserted first: {}", steps.join(", ")),
        "make one foreign key of the cycle optional (`Option<...>` with `on_delete = \"set_null\"`)".into(),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, ForeignKeyDef, RefAction};

    fn entity(name: &str, fks: &[(&str, &str, bool)]) -> Entity {
        let mut fields = vec![Field {
            rust_name: "id".into(),
            column: "id".into(),
            primary_key: true,
            ..Default::default()
        }];
        for (f, target, nullable) in fks {
            fields.push(Field {
                rust_name: (*f).into(),
                column: (*f).into(),
                nullable: *nullable,
                belongs_to: Some(ForeignKeyDef {
                    target: format!("m::{target}"),
                    on_delete: Some(RefAction::Cascade),
                    ..Default::default()
                }),
                ..Default::default()
            });
        }
        Entity {
            type_path: format!("m::{name}"),
            rust_name: name.into(),
            table: crate::naming::table_name(name),
            fields,
            ..Default::default()
        }
    }

    fn codes_of(m: &Model) -> Vec<String> {
        validate(m).into_iter().map(|d| d.code).collect()
    }

    #[test]
    fn clean_model_has_no_diagnostics() {
        let m = Model {
            format_version: 1,
            entities: vec![
                entity("User", &[]),
                entity("Post", &[("user_id", "User", false)]),
            ],
        };
        assert!(validate(&m).is_empty());
    }

    #[test]
    fn empty_model() {
        assert_eq!(codes_of(&Model::default()), vec![codes::EMPTY_MODEL]);
    }

    #[test]
    fn duplicate_table_names_both_structs() {
        let mut b = entity("User", &[]);
        b.type_path = "other::User".into();
        let m = Model {
            format_version: 1,
            entities: vec![entity("User", &[]), b],
        };
        let d = validate(&m);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.contains("m::User") && d[0].message.contains("other::User"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn unknown_target() {
        let m = Model {
            format_version: 1,
            entities: vec![entity("Post", &[("user_id", "User", false)])],
        };
        assert_eq!(codes_of(&m), vec![codes::UNKNOWN_ENTITY]);
    }

    #[test]
    fn not_null_cycle_is_printed() {
        let m = Model {
            format_version: 1,
            entities: vec![
                entity("A", &[("b_id", "B", false)]),
                entity("B", &[("a_id", "A", false)]),
            ],
        };
        let d = validate(&m);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.contains("A.b_id -> B, B.a_id -> A"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn nullable_cycle_is_fine() {
        let m = Model {
            format_version: 1,
            entities: vec![
                entity("A", &[("b_id", "B", true)]),
                entity("B", &[("a_id", "A", false)]),
            ],
        };
        assert!(validate(&m).is_empty());
    }

    #[test]
    fn self_reference_not_null_is_a_cycle() {
        let m = Model {
            format_version: 1,
            entities: vec![entity("Node", &[("parent_id", "Node", false)])],
        };
        assert_eq!(codes_of(&m), vec![codes::NOT_NULL_FK_CYCLE]);
    }
}
