//! Index planning: query patterns into ESR-ordered composite indexes, merging, FK coverage and
//! de-duplication.
//!
//! * ESR (the seed's Step 3): a query pattern's columns are ordered Equality, then Sort (in
//!   the written direction), then Range; a planned index whose columns are a prefix of another
//!   planned or declared index is merged into it (one index serves both queries).
//! * A JSON column compared by equality is served by a GIN index of its own (PostgreSQL;
//!   dialects without GIN skip it), not by a B-tree column.
//! * FK coverage: every foreign key gets an index unless an existing full (non-partial) B-tree
//!   index or the primary key starts with the FK's columns. PostgreSQL never creates these;
//!   MySQL would create its own, so ours must exist first and counts as that one.
//!
//! Indexes here are unnamed; `resolve` names them once everything is final.

use super::{Index, IndexColumn, IndexOrigin, Table, SOFT_DELETE_PREDICATE};
use datamodel::model::{ColumnType, IndexMethod};

/// One query pattern with its columns already mapped to column names; sort columns carry
/// their direction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pattern {
    pub name: String,
    pub equality: Vec<String>,
    pub sort: Vec<IndexColumn>,
    pub range: Vec<String>,
}

pub(crate) fn index(columns: Vec<IndexColumn>, unique: bool, origin: IndexOrigin) -> Index {
    Index::new(columns, unique, origin)
}

/// The column names of `cols`, without their directions.
pub(crate) fn names(cols: &[IndexColumn]) -> Vec<String> {
    cols.iter().map(|c| c.name.clone()).collect()
}

pub(crate) fn asc(names: &[String]) -> Vec<IndexColumn> {
    names.iter().map(IndexColumn::asc).collect()
}

/// Plans the indexes for `patterns` on `table` (ESR order, `lead` columns first, e.g.
/// `tenant_id`), merged among themselves and against the table's existing indexes.
pub fn plan_query_indexes(table: &Table, patterns: &[Pattern], lead: &[String]) -> Vec<Index> {
    let is_json = |c: &str| {
        table
            .column(c)
            .is_some_and(|col| matches!(col.ty, ColumnType::Json))
    };
    let mut planned: Vec<Index> = Vec::new();
    let mut gin: Vec<Index> = Vec::new();
    for p in patterns {
        let mut cols: Vec<IndexColumn> = Vec::new();
        let mut push = |name: &str, desc: bool| {
            if !cols.iter().any(|c| c.name == name) {
                cols.push(IndexColumn {
                    name: name.to_string(),
                    descending: desc,
                });
            }
        };
        for l in lead {
            push(l, false);
        }
        for e in &p.equality {
            if is_json(e) {
                if !gin.iter().any(|g| g.columns[0].name == *e) {
                    let mut g = index(
                        asc(std::slice::from_ref(e)),
                        false,
                        IndexOrigin::QueryPattern(vec![p.name.clone()]),
                    );
                    g.method = IndexMethod::Gin;
                    g.rationale = format!("GIN: query `{}` filters inside the JSON column `{e}` (containment `@>` / key lookups)", p.name);
                    gin.push(g);
                } else if let Some(g) = gin.iter_mut().find(|g| g.columns[0].name == *e) {
                    if let IndexOrigin::QueryPattern(names) = &mut g.origin {
                        names.push(p.name.clone());
                    }
                }
                continue;
            }
            push(e, false);
        }
        for s in &p.sort {
            push(&s.name, s.descending);
        }
        for r in &p.range {
            push(r, false);
        }
        if cols.len() <= lead.len() {
            continue;
        }
        let mut ix = index(cols, false, IndexOrigin::QueryPattern(vec![p.name.clone()]));
        ix.rationale = esr_rationale(p);
        planned.push(ix);
    }
    let mut merged = merge_prefixes(planned);
    // An existing index serves a planned one it starts with; a soft-delete partial index
    // counts too, since the application's queries filter live rows (`deleted_at IS NULL`).
    merged.retain(|p| {
        !table.indexes.iter().any(|e| {
            (e.predicate.is_none() || e.predicate.as_deref() == Some(SOFT_DELETE_PREDICATE))
                && e.method == IndexMethod::Btree
                && is_prefix(&p.columns, &e.columns)
        })
    });
    merged.extend(gin);
    merged
}

/// The sort columns as the model writes them (`-col` descending).
fn sort_keys(sort: &[IndexColumn]) -> Vec<String> {
    sort.iter()
        .map(|c| {
            if c.descending {
                format!("-{}", c.name)
            } else {
                c.name.clone()
            }
        })
        .collect()
}

fn esr_rationale(p: &Pattern) -> String {
    let part = |label: &str, cols: &[String]| {
        if cols.is_empty() {
            None
        } else {
            Some(format!("{label} ({})", cols.join(", ")))
        }
    };
    let parts: Vec<String> = [
        part("equality", &p.equality),
        part("sort", &sort_keys(&p.sort)),
        part("range", &p.range),
    ]
    .into_iter()
    .flatten()
    .collect();
    format!("ESR for query `{}`: {}", p.name, parts.join(", then "))
}

/// `short` is a prefix of `long` (same names and directions).
pub fn is_prefix(short: &[IndexColumn], long: &[IndexColumn]) -> bool {
    short.len() <= long.len() && short.iter().zip(long).all(|(a, b)| a == b)
}

/// Drops every planned index whose columns are a prefix of another one's, moving its query
/// names onto the longer index. Keeps the input order of the survivors.
pub fn merge_prefixes(planned: Vec<Index>) -> Vec<Index> {
    let mut out: Vec<Index> = Vec::new();
    // Longest first, so a prefix always finds its host; stable for equal lengths.
    let mut order: Vec<usize> = (0..planned.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(planned[i].columns.len()));
    let mut kept: Vec<(usize, Index)> = Vec::new();
    for i in order {
        let p = &planned[i];
        if let Some((_, host)) = kept
            .iter_mut()
            .find(|(_, k)| is_prefix(&p.columns, &k.columns))
        {
            if let (IndexOrigin::QueryPattern(h), IndexOrigin::QueryPattern(n)) =
                (&mut host.origin, &p.origin)
            {
                for name in n {
                    if !h.contains(name) {
                        h.push(name.clone());
                    }
                }
                host.rationale = format!("{}; also serves: {}", host.rationale, p.rationale);
            }
            continue;
        }
        kept.push((i, p.clone()));
    }
    kept.sort_by_key(|(i, _)| *i);
    out.extend(kept.into_iter().map(|(_, ix)| ix));
    out
}

/// Does the table already have an index (or primary key) whose leading columns are `cols`?
/// Only full B-tree indexes count: a partial index can't serve the FK checks of a delete.
pub fn is_covered(table: &Table, cols: &[String]) -> bool {
    let starts = |names: &[String]| names.len() >= cols.len() && names[..cols.len()] == *cols;
    if starts(&table.primary_key.columns) {
        return true;
    }
    table.indexes.iter().any(|ix| {
        ix.predicate.is_none()
            && ix.method == IndexMethod::Btree
            && starts(
                &ix.columns
                    .iter()
                    .map(|c| c.name.clone())
                    .collect::<Vec<_>>(),
            )
    })
}

/// Adds an index for every foreign key no index starts with.
pub fn cover_foreign_keys(table: &mut Table) {
    let fks: Vec<(Vec<String>, String)> = table
        .foreign_keys
        .iter()
        .map(|fk| (fk.columns.clone(), fk.ref_table.clone()))
        .collect();
    for (cols, ref_table) in fks {
        if is_covered(table, &cols) {
            continue;
        }
        let mut ix = index(asc(&cols), false, IndexOrigin::ForeignKey);
        ix.rationale = format!(
            "FK lookup: deletes/updates of `{ref_table}` and joins find the rows of `{}` by ({})",
            table.name,
            cols.join(", ")
        );
        table.indexes.push(ix);
    }
}

/// Removes exact duplicates, and plain indexes made redundant by a full unique index on the
/// same columns. The first of equal indexes wins.
pub fn dedupe(table: &mut Table) {
    let mut kept: Vec<Index> = Vec::new();
    for ix in std::mem::take(&mut table.indexes) {
        let same_shape = |k: &Index| {
            k.columns == ix.columns && k.predicate == ix.predicate && k.method == ix.method
        };
        if let Some(pos) = kept.iter().position(same_shape) {
            if ix.unique && !kept[pos].unique {
                kept[pos] = ix;
            }
            continue;
        }
        kept.push(ix);
    }
    table.indexes = kept;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{ForeignKey, PrimaryKey, TableKind};
    use datamodel::model::RefAction;

    fn table(cols: &[&str]) -> Table {
        Table {
            columns: cols
                .iter()
                .map(|c| {
                    let ty = if *c == "meta" {
                        ColumnType::Json
                    } else {
                        ColumnType::BigInt
                    };
                    crate::schema::columns::added(c, crate::schema::ColumnOrigin::Field, ty, false)
                })
                .collect(),
            primary_key: PrimaryKey {
                name: String::new(),
                columns: vec!["id".into()],
                unhashed_name: None,
            },
            ..Table::new("posts", TableKind::Entity, "Post")
        }
    }

    fn names(ix: &Index) -> Vec<String> {
        ix.columns
            .iter()
            .map(|c| format!("{}{}", c.name, if c.descending { " desc" } else { "" }))
            .collect()
    }

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    fn keys(v: &[&str]) -> Vec<IndexColumn> {
        v.iter().map(|x| IndexColumn::parse(x)).collect()
    }

    #[test]
    fn esr_orders_equality_sort_range() {
        let t = table(&["id", "status", "created_at", "user_id"]);
        let p = Pattern {
            name: "feed".into(),
            equality: s(&["status"]),
            sort: keys(&["-created_at"]),
            range: s(&["user_id"]),
        };
        let out = plan_query_indexes(&t, &[p], &[]);
        assert_eq!(out.len(), 1);
        assert_eq!(names(&out[0]), s(&["status", "created_at desc", "user_id"]));
        assert!(out[0].rationale.contains("ESR"), "{}", out[0].rationale);
    }

    #[test]
    fn tenant_lead_comes_first() {
        let t = table(&["id", "tenant_id", "status"]);
        let p = Pattern {
            name: "q".into(),
            equality: s(&["status"]),
            ..Default::default()
        };
        let out = plan_query_indexes(&t, &[p], &s(&["tenant_id"]));
        assert_eq!(names(&out[0]), s(&["tenant_id", "status"]));
    }

    #[test]
    fn prefix_is_merged_into_the_longer_index() {
        let t = table(&["id", "a", "b", "c"]);
        let short = Pattern {
            name: "short".into(),
            equality: s(&["a"]),
            ..Default::default()
        };
        let long = Pattern {
            name: "long".into(),
            equality: s(&["a", "b"]),
            range: s(&["c"]),
            ..Default::default()
        };
        let other = Pattern {
            name: "other".into(),
            equality: s(&["b"]),
            ..Default::default()
        };
        let out = plan_query_indexes(&t, &[short, long, other], &[]);
        assert_eq!(out.len(), 2);
        assert_eq!(names(&out[0]), s(&["a", "b", "c"]));
        assert_eq!(
            out[0].origin,
            IndexOrigin::QueryPattern(s(&["long", "short"]))
        );
        assert_eq!(names(&out[1]), s(&["b"]));
    }

    #[test]
    fn direction_matters_for_merging() {
        let t = table(&["id", "a", "b"]);
        let p1 = Pattern {
            name: "p1".into(),
            sort: keys(&["-a"]),
            ..Default::default()
        };
        let p2 = Pattern {
            name: "p2".into(),
            equality: s(&["a", "b"]),
            ..Default::default()
        };
        assert_eq!(plan_query_indexes(&t, &[p1, p2], &[]).len(), 2);
    }

    #[test]
    fn existing_index_absorbs_a_planned_prefix() {
        let mut t = table(&["id", "a", "b"]);
        t.indexes
            .push(index(asc(&s(&["a", "b"])), false, IndexOrigin::Declared));
        let p = Pattern {
            name: "p".into(),
            equality: s(&["a"]),
            ..Default::default()
        };
        assert!(plan_query_indexes(&t, &[p], &[]).is_empty());
    }

    #[test]
    fn soft_delete_partial_index_serves_a_pattern_other_partials_do_not() {
        let mut t = table(&["id", "a"]);
        let mut live = index(asc(&s(&["a"])), true, IndexOrigin::UniqueKey);
        live.predicate = Some(SOFT_DELETE_PREDICATE.into());
        t.indexes.push(live);
        let p = Pattern {
            name: "p".into(),
            equality: s(&["a"]),
            ..Default::default()
        };
        assert!(plan_query_indexes(&t, std::slice::from_ref(&p), &[]).is_empty());
        t.indexes[0].predicate = Some("a > 0".into());
        assert_eq!(plan_query_indexes(&t, &[p], &[]).len(), 1);
    }

    #[test]
    fn json_equality_gets_gin() {
        let t = table(&["id", "meta", "status"]);
        let p = Pattern {
            name: "by_meta".into(),
            equality: s(&["meta", "status"]),
            ..Default::default()
        };
        let out = plan_query_indexes(&t, &[p], &[]);
        assert_eq!(out.len(), 2);
        assert_eq!(names(&out[0]), s(&["status"]));
        assert_eq!(out[1].method, IndexMethod::Gin);
        assert_eq!(names(&out[1]), s(&["meta"]));
    }

    fn fk(cols: &[&str]) -> ForeignKey {
        ForeignKey {
            on_delete_explicit: true,
            ..ForeignKey::new(s(cols), "users", s(&["id"]), RefAction::Cascade)
        }
    }

    #[test]
    fn fk_coverage_by_leading_column_only() {
        let mut t = table(&["id", "user_id", "status"]);
        t.foreign_keys.push(fk(&["user_id"]));
        // An index with user_id second does not cover it.
        t.indexes.push(index(
            asc(&s(&["status", "user_id"])),
            false,
            IndexOrigin::Declared,
        ));
        cover_foreign_keys(&mut t);
        assert_eq!(t.indexes.len(), 2);
        assert_eq!(names(&t.indexes[1]), s(&["user_id"]));
        assert_eq!(t.indexes[1].origin, IndexOrigin::ForeignKey);
        // Now covered: running again adds nothing.
        cover_foreign_keys(&mut t);
        assert_eq!(t.indexes.len(), 2);
    }

    #[test]
    fn fk_covered_by_leading_composite_and_not_by_partial() {
        let mut t = table(&["id", "user_id", "status"]);
        t.foreign_keys.push(fk(&["user_id"]));
        let mut partial = index(asc(&s(&["user_id"])), true, IndexOrigin::UniqueKey);
        partial.predicate = Some("deleted_at IS NULL".into());
        t.indexes.push(partial);
        assert!(!is_covered(&t, &s(&["user_id"])));
        t.indexes.push(index(
            asc(&s(&["user_id", "status"])),
            false,
            IndexOrigin::Declared,
        ));
        assert!(is_covered(&t, &s(&["user_id"])));
        // The primary key counts too.
        assert!(is_covered(&t, &s(&["id"])));
    }

    #[test]
    fn dedupe_prefers_unique() {
        let mut t = table(&["id", "a"]);
        t.indexes
            .push(index(asc(&s(&["a"])), false, IndexOrigin::Declared));
        t.indexes
            .push(index(asc(&s(&["a"])), true, IndexOrigin::UniqueKey));
        dedupe(&mut t);
        assert_eq!(t.indexes.len(), 1);
        assert!(t.indexes[0].unique);
    }

    #[test]
    fn sort_directions() {
        assert_eq!(
            IndexColumn::parse("-created_at"),
            IndexColumn::desc("created_at")
        );
        assert_eq!(
            IndexColumn::parse("created_at DESC"),
            IndexColumn::desc("created_at")
        );
        assert_eq!(
            IndexColumn::parse(" created_at asc"),
            IndexColumn::asc("created_at")
        );
        assert_eq!(
            IndexColumn::parse("created_at"),
            IndexColumn::asc("created_at")
        );
    }
}
