//! Table order: every table after the tables its foreign keys reference, so `CREATE TABLE`
//! statements run top to bottom.
//!
//! Kahn's algorithm, always taking the ready table that came first in the input (so the order
//! is deterministic and stays close to the model's). When only cycles remain, the first
//! remaining table whose remaining references all lie in its own cycle (its strongly connected
//! component) gets those foreign keys marked `deferred`: renderers add them with `ALTER TABLE
//! ... ADD CONSTRAINT` after all tables (PostgreSQL, MySQL) or declare them `DEFERRABLE
//! INITIALLY DEFERRED` inline (SQLite checks FKs lazily, so an inline reference to a later
//! table is fine). So a deferred FK is always one of a cycle (the document says it "closes a
//! reference cycle"); a table that merely references a cycle waits for it instead. A
//! self-reference is never deferred: a table can reference itself in its own `CREATE TABLE`.

use super::Table;
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};

/// Sorts `tables` into dependency order, marking the FKs that break cycles as deferred.
///
/// O((tables + FKs) log tables): a min-heap holds the ready tables by input position, each
/// table counts its unfinished dependencies, and placing a table decrements the counts of the
/// tables that reference it. (A scan for the first ready table per step was quadratic: 20,000
/// tables took seconds.)
pub fn order_tables(tables: Vec<Table>) -> Vec<Table> {
    let mut tables = tables;
    let index: HashMap<&str, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let n = tables.len();
    // deps[i]: tables i references (not itself), via non-deferred FKs; dependents: the reverse.
    let deps: Vec<BTreeSet<usize>> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            t.foreign_keys
                .iter()
                .filter(|fk| !fk.deferred)
                .filter_map(|fk| index.get(fk.ref_table.as_str()).copied())
                .filter(|&j| j != i)
                .collect()
        })
        .collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, ds) in deps.iter().enumerate() {
        for &j in ds {
            dependents[j].push(i);
        }
    }
    let component = components(&deps);
    let mut waiting: Vec<usize> = deps.iter().map(BTreeSet::len).collect();
    let mut ready: BinaryHeap<Reverse<usize>> =
        (0..n).filter(|&i| waiting[i] == 0).map(Reverse).collect();
    let mut done = vec![false; n];
    // Every table before `first_pending` is done (done flags only ever get set).
    let mut first_pending = 0;
    let mut order = Vec::with_capacity(n);
    let mut deferrals: Vec<(usize, Vec<usize>)> = Vec::new();
    while order.len() < n {
        let pick = match ready.pop() {
            Some(Reverse(i)) if done[i] => continue,
            Some(Reverse(i)) => i,
            None => {
                // Only cycles (and tables waiting for them) left: take the first remaining
                // table whose pending references all stay inside its own component and defer
                // exactly those. One exists: a sink of the DAG of pending components has
                // references only inside itself (and two tables or more, else it were ready).
                while first_pending < n && done[first_pending] {
                    first_pending += 1;
                }
                if first_pending == n {
                    break;
                }
                let i = (first_pending..n)
                    .find(|&i| {
                        !done[i]
                            && deps[i]
                                .iter()
                                .all(|&j| done[j] || component[j] == component[i])
                    })
                    .unwrap_or(first_pending);
                let pending: Vec<usize> = deps[i].iter().copied().filter(|&j| !done[j]).collect();
                deferrals.push((i, pending));
                i
            }
        };
        done[pick] = true;
        order.push(pick);
        for &d in &dependents[pick] {
            waiting[d] -= 1;
            if waiting[d] == 0 && !done[d] {
                ready.push(Reverse(d));
            }
        }
    }
    for (i, pending) in deferrals {
        let names: Vec<String> = pending.iter().map(|&j| tables[j].name.clone()).collect();
        for fk in &mut tables[i].foreign_keys {
            if names.contains(&fk.ref_table) {
                fk.deferred = true;
            }
        }
    }
    let mut slots: Vec<Option<Table>> = tables.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// Strongly connected components of the graph with an edge `i -> j` for each `j` in
/// `deps[i]`: two tables share a component exactly when each reaches the other, so an FK
/// between them is part of a reference cycle. Iterative Tarjan (recursion would overflow the
/// stack on a long chain of tables); O(tables + FKs).
fn components(deps: &[BTreeSet<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = deps.len();
    let adj: Vec<Vec<usize>> = deps.iter().map(|d| d.iter().copied().collect()).collect();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut component = vec![UNSEEN; n];
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        // (table, position of its next edge to follow)
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(frame) = call.last_mut() {
            let v = frame.0;
            if let Some(&w) = adj[v].get(frame.1) {
                frame.1 += 1;
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{ForeignKey, PrimaryKey, TableKind};
    use datamodel::model::RefAction;

    fn t(name: &str, refs: &[&str]) -> Table {
        Table {
            primary_key: PrimaryKey {
                name: String::new(),
                columns: vec!["id".into()],
                unhashed_name: None,
            },
            foreign_keys: refs
                .iter()
                .map(|r| ForeignKey {
                    name: format!("{name}->{r}"),
                    on_delete_explicit: true,
                    ..ForeignKey::new(
                        vec![format!("{r}_id")],
                        *r,
                        vec!["id".into()],
                        RefAction::SetNull,
                    )
                })
                .collect(),
            ..Table::new(name, TableKind::Entity, name)
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

    /// The original quadratic algorithm (first ready table by scanning; on a cycle, defer the
    /// first remaining table's FKs to the other remaining tables), kept as the reference the
    /// heap-based version must match exactly.
    fn reference_order(mut tables: Vec<Table>) -> Vec<Table> {
        let index: std::collections::HashMap<String, usize> = tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        let n = tables.len();
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
        let original = deps.clone();
        let mut done = vec![false; n];
        let mut order = Vec::new();
        while order.len() < n {
            let pick = match (0..n).find(|&i| !done[i] && deps[i].iter().all(|&j| done[j])) {
                Some(i) => i,
                None => {
                    // The first table whose pending references all reach back to it.
                    let i = (0..n)
                        .find(|&i| {
                            !done[i] && deps[i].iter().all(|&j| done[j] || reaches(&original, j, i))
                        })
                        .unwrap();
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

    /// `to` is reachable from `from` along the edges of `deps` (a plain search).
    fn reaches(deps: &[BTreeSet<usize>], from: usize, to: usize) -> bool {
        let mut seen = vec![false; deps.len()];
        let mut todo = vec![from];
        while let Some(x) = todo.pop() {
            if x == to {
                return true;
            }
            if !std::mem::replace(&mut seen[x], true) {
                todo.extend(deps[x].iter().copied());
            }
        }
        false
    }

    /// Every deferred FK is part of a cycle: its target table references, directly or not,
    /// the table holding it.
    fn assert_deferred_only_in_cycles(tables: &[Table], out: &[Table]) {
        let index: HashMap<&str, usize> = tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.as_str(), i))
            .collect();
        let deps: Vec<BTreeSet<usize>> = tables
            .iter()
            .map(|t| {
                t.foreign_keys
                    .iter()
                    .filter_map(|fk| index.get(fk.ref_table.as_str()).copied())
                    .collect()
            })
            .collect();
        for t in out {
            for fk in t.foreign_keys.iter().filter(|f| f.deferred) {
                let (from, to) = (index[t.name.as_str()], index[fk.ref_table.as_str()]);
                assert!(reaches(&deps, to, from), "{} is not in a cycle", fk.name);
            }
        }
    }

    #[test]
    fn matches_the_reference_algorithm_on_random_graphs() {
        // A fixed LCG: reproducible graphs with self-references, cycles and dangling targets.
        let mut seed: u64 = 0x5eed;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        for case in 0..300 {
            let n = 1 + next(14) as usize;
            let names: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
            let tables: Vec<Table> = (0..n)
                .map(|i| {
                    let k = next(4) as usize;
                    let refs: Vec<String> = (0..k)
                        .map(|_| match next(10) {
                            0 => "missing".to_string(),
                            _ => names[next(n as u64) as usize].clone(),
                        })
                        .collect();
                    let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
                    t(&names[i], &refs)
                })
                .collect();
            let fast = order_tables(tables.clone());
            assert_deferred_only_in_cycles(&tables, &fast);
            let slow = reference_order(tables);
            assert_eq!(names_of(&fast), names_of(&slow), "case {case}");
            assert_eq!(deferred(&fast), deferred(&slow), "case {case}");
        }
    }

    fn names_of(ts: &[Table]) -> Vec<String> {
        ts.iter().map(|t| t.name.clone()).collect()
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
    fn a_table_that_only_references_a_cycle_is_not_deferred() {
        // `a` references the cycle `b` <-> `c` but is in no cycle itself: its FK waits for
        // the cycle instead of being added later as if it closed one.
        let tables = vec![t("a", &["b"]), t("b", &["c"]), t("c", &["b"])];
        let out = order_tables(tables.clone());
        assert_eq!(deferred(&out), ["b->c"]);
        assert_eq!(names(&out), ["b", "a", "c"]);
        assert_deferred_only_in_cycles(&tables, &out);
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
