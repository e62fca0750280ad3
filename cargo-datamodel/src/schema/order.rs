//! Table order: every table after the tables its foreign keys reference, so `CREATE TABLE`
//! statements run top to bottom.
//!
//! Kahn's algorithm, always taking the ready table that came first in the input (so the order
//! is deterministic and stays close to the model's). When only cycles remain, the first
//! remaining table's foreign keys to other remaining tables are marked `deferred`: renderers
//! add them with `ALTER TABLE ... ADD CONSTRAINT` after all tables (PostgreSQL, MySQL) or
//! declare them `DEFERRABLE INITIALLY DEFERRED` inline (SQLite checks FKs lazily, so an inline
//! reference to a later table is fine). A self-reference is never deferred: a table can
//! reference itself in its own `CREATE TABLE`.

use super::Table;
use std::collections::{BTreeSet, HashMap};

/// Sorts `tables` into dependency order, marking the FKs that break cycles as deferred.
pub fn order_tables(tables: Vec<Table>) -> Vec<Table> {
    let mut tables = tables;
    let index: HashMap<String, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let n = tables.len();
    // deps[i]: tables i references (not itself), via non-deferred FKs.
    let deps_of = |t: &Table, i: usize| -> BTreeSet<usize> {
        t.foreign_keys
            .iter()
            .filter(|fk| !fk.deferred)
            .filter_map(|fk| index.get(&fk.ref_table).copied())
            .filter(|&j| j != i)
            .collect()
    };
    let mut deps: Vec<BTreeSet<usize>> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| deps_of(t, i))
        .collect();
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let ready = (0..n).find(|&i| !done[i] && deps[i].iter().all(|&j| done[j]));
        let pick = match ready {
            Some(i) => i,
            None => {
                // Only cycles left: defer the first remaining table's FKs to pending tables.
                let Some(i) = (0..n).find(|&i| !done[i]) else {
                    break;
                };
                let pending: BTreeSet<String> = (0..n)
                    .filter(|&j| !done[j] && j != i)
                    .map(|j| tables[j].name.clone())
                    .collect();
                for fk in &mut tables[i].foreign_keys {
                    if pending.contains(&fk.ref_table) {
                        fk.deferred = true;
                    }
                }
                deps[i] = deps_of(&tables[i], i);
                i
            }
        };
        done[pick] = true;
        order.push(pick);
    }
    let mut slots: Vec<Option<Table>> = tables.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{ForeignKey, PrimaryKey, TableKind};
    use datamodel::model::{DeleteStrategy, RefAction};

    fn t(name: &str, refs: &[&str]) -> Table {
        Table {
            name: name.into(),
            kind: TableKind::Entity,
            entity: None,
            rust_name: name.into(),
            group: String::new(),
            comment: None,
            source: None,
            columns: Vec::new(),
            primary_key: PrimaryKey {
                name: String::new(),
                columns: vec!["id".into()],
                unhashed_name: None,
            },
            foreign_keys: refs
                .iter()
                .map(|r| ForeignKey {
                    name: format!("{name}->{r}"),
                    columns: vec![format!("{r}_id")],
                    ref_table: (*r).into(),
                    ref_columns: vec!["id".into()],
                    on_delete: RefAction::SetNull,
                    on_update: RefAction::NoAction,
                    on_delete_explicit: true,
                    deferred: false,
                    one_to_one: false,
                    set_null_columns: Vec::new(),
                    tenant_guard_name: None,
                    unhashed_name: None,
                })
                .collect(),
            indexes: Vec::new(),
            checks: Vec::new(),
            delete: DeleteStrategy::Hard,
            soft_delete: false,
            tenant_scoped: false,
            updated_at_trigger: false,
            updated_at_trigger_name: None,
            retention: None,
            append_only: false,
            allow: Vec::new(),
            allow_polymorphic: false,
            query_patterns: Vec::new(),
            policies: Vec::new(),
        }
    }

    fn names(ts: &[Table]) -> Vec<&str> {
        ts.iter().map(|t| t.name.as_str()).collect()
    }

    fn deferred(ts: &[Table]) -> Vec<String> {
        ts.iter()
            .flat_map(|t| {
                t.foreign_keys
                    .iter()
                    .filter(|f| f.deferred)
                    .map(|f| f.name.clone())
            })
            .collect()
    }

    #[test]
    fn parents_come_first() {
        let out = order_tables(vec![
            t("comments", &["posts", "users"]),
            t("posts", &["users"]),
            t("users", &[]),
        ]);
        assert_eq!(names(&out), ["users", "posts", "comments"]);
        assert!(deferred(&out).is_empty());
    }

    #[test]
    fn input_order_breaks_ties() {
        let out = order_tables(vec![t("b", &[]), t("a", &[]), t("c", &["a"])]);
        assert_eq!(names(&out), ["b", "a", "c"]);
    }

    #[test]
    fn self_reference_is_not_deferred() {
        let out = order_tables(vec![t("nodes", &["nodes"])]);
        assert_eq!(names(&out), ["nodes"]);
        assert!(deferred(&out).is_empty());
    }

    #[test]
    fn two_table_cycle_defers_one_fk() {
        let out = order_tables(vec![t("a", &["b"]), t("b", &["a"]), t("c", &["a", "b"])]);
        assert_eq!(names(&out), ["a", "b", "c"]);
        assert_eq!(deferred(&out), ["a->b"]);
    }

    #[test]
    fn three_table_cycle() {
        let out = order_tables(vec![t("x", &["z"]), t("y", &["x"]), t("z", &["y"])]);
        assert_eq!(names(&out), ["x", "y", "z"]);
        assert_eq!(deferred(&out), ["x->z"]);
        // Every non-deferred FK points backwards.
        for (i, tb) in out.iter().enumerate() {
            for fk in tb.foreign_keys.iter().filter(|f| !f.deferred) {
                let j = out.iter().position(|o| o.name == fk.ref_table).unwrap();
                assert!(j <= i);
            }
        }
    }
}
