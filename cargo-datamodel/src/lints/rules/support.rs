//! Index reasoning shared by the index rules: which index a lookup can use (leading columns),
//! and what "serves a query pattern in ESR order" means.
//!
//! A b-tree index helps a lookup on columns C only when C are its *leading* columns: an index
//! on `(a, b)` serves `WHERE a = ?` and `WHERE a = ? AND b = ?`, never `WHERE b = ?`. Equality
//! columns may come in any order among themselves; sort columns must follow in the pattern's
//! order; one range column may follow them (ESR: Equality, Sort, Range).
//!
//! Also the by-name table lookup of the rules that follow foreign keys: a hash map built once
//! per rule, since `Schema::table` is a linear search (quadratic over all FKs).

use crate::lints::is_active_rows_predicate;
use crate::schema::{Index, IndexOrigin, QueryPatternColumns, Schema, Table};
use datamodel::model::IndexMethod;
use std::collections::{BTreeSet, HashMap};

/// Tables by name; like `Schema::table`, the first table of a name wins.
pub(crate) fn tables_by_name(schema: &Schema) -> HashMap<&str, &Table> {
    let mut map = HashMap::with_capacity(schema.tables.len());
    for t in &schema.tables {
        map.entry(t.name.as_str()).or_insert(t);
    }
    map
}

/// The index's column names, in order.
pub(crate) fn index_columns(index: &Index) -> Vec<&str> {
    index.columns.iter().map(|c| c.name.as_str()).collect()
}

/// The table's unique keys that state a business rule, with their columns: every unique index
/// except those covering the whole primary key and the generated public-uuid and
/// `(tenant_id, id)` keys (the rules about tenant and soft-delete uniqueness judge only these).
pub(crate) fn business_unique_keys(t: &Table) -> impl Iterator<Item = (&Index, Vec<&str>)> {
    t.indexes.iter().filter(|i| i.unique).filter_map(move |ix| {
        let cols = index_columns(ix);
        let over_pk = !t.primary_key.columns.is_empty()
            && t.primary_key
                .columns
                .iter()
                .all(|c| cols.contains(&c.as_str()));
        let generated = matches!(ix.origin, IndexOrigin::PublicUuid | IndexOrigin::TenantKey);
        (!over_pk && !generated).then_some((ix, cols))
    })
}

/// Do the first `cols.len()` columns of `index_cols` equal `cols` as a set?
pub(crate) fn leads_with<S: AsRef<str>>(index_cols: &[&str], cols: &[S]) -> bool {
    let want: BTreeSet<&str> = cols.iter().map(AsRef::as_ref).collect();
    index_cols.len() >= want.len()
        && index_cols[..want.len()]
            .iter()
            .copied()
            .collect::<BTreeSet<&str>>()
            == want
}

/// The column lists a lookup can use: every non-partial b-tree index, and the primary key.
pub(crate) fn lookup_paths(table: &Table) -> Vec<Vec<&str>> {
    let mut paths: Vec<Vec<&str>> = table
        .indexes
        .iter()
        .filter(|i| i.predicate.is_none() && i.method == IndexMethod::Btree)
        .map(index_columns)
        .collect();
    if !table.primary_key.columns.is_empty() {
        paths.push(
            table
                .primary_key
                .columns
                .iter()
                .map(String::as_str)
                .collect(),
        );
    }
    paths
}

/// A query pattern as ESR column sets. On a tenant-scoped table every query also filters by
/// `tenant_id`, so it is an equality column (first) even when the pattern does not name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Esr<'a> {
    pub equality: Vec<&'a str>,
    pub sort: Vec<&'a str>,
    pub range: Vec<&'a str>,
}

impl<'a> Esr<'a> {
    pub fn of(table: &Table, p: &'a QueryPatternColumns) -> Esr<'a> {
        let mut equality: Vec<&str> = Vec::new();
        let named = |c: &str| {
            p.equality
                .iter()
                .chain(&p.sort)
                .chain(&p.range)
                .any(|x| x == c)
        };
        if table.tenant_scoped && !named("tenant_id") {
            equality.push("tenant_id");
        }
        for c in &p.equality {
            if !equality.contains(&c.as_str()) {
                equality.push(c);
            }
        }
        let sort: Vec<&str> = p
            .sort
            .iter()
            .map(String::as_str)
            .filter(|c| !equality.contains(c))
            .collect();
        let range: Vec<&str> = p
            .range
            .iter()
            .map(String::as_str)
            .filter(|c| !equality.contains(c) && !sort.contains(c))
            .collect();
        Esr {
            equality,
            sort,
            range,
        }
    }

    /// Every column of the pattern, deduplicated.
    pub fn all(&self) -> Vec<&'a str> {
        self.equality
            .iter()
            .chain(&self.sort)
            .chain(&self.range)
            .copied()
            .collect()
    }

    /// The ESR-ordered index for this pattern: equality, sort, then range columns.
    pub fn ideal(&self) -> Vec<&'a str> {
        self.all()
    }

    /// Can `index` answer the pattern: equality columns leading (any order), then the sort
    /// columns in order, then a range column (when the pattern has one)? Only b-tree indexes
    /// over all rows (or over active rows, which is what queries of soft-delete tables read)
    /// count.
    pub fn served_by(&self, index: &Index) -> bool {
        if index.method != IndexMethod::Btree
            || !(index.predicate.is_none() || is_active_rows_predicate(index.predicate.as_deref()))
        {
            return false;
        }
        let cols = index_columns(index);
        let e = self.equality.len();
        if !leads_with(&cols, &self.equality) {
            return false;
        }
        let s_end = e + self.sort.len();
        if cols.len() < s_end || cols[e..s_end] != self.sort[..] {
            return false;
        }
        self.range.is_empty() || cols.get(s_end).is_some_and(|c| self.range.contains(c))
    }

    /// Is `index` meant for this pattern (planned from it, or its leading columns are exactly
    /// the pattern's columns in some order)?
    pub fn targeted_by(&self, index: &Index, pattern_name: &str) -> bool {
        let planned = matches!(&index.origin, crate::schema::IndexOrigin::QueryPattern(names) if names.iter().any(|n| n == pattern_name));
        planned || (self.all().len() > 1 && leads_with(&index_columns(index), &self.all()))
    }
}

/// Words that make a column name money-like (`total`, `unit_price`, `fees`).
pub(crate) const MONEY_WORDS: &[&str] = &[
    "price", "amount", "total", "balance", "cost", "fee", "tax", "salary",
];

/// The column name has a money word as one of its `_`-separated words (or its plural).
pub(crate) fn is_money_like(name: &str) -> bool {
    name.to_ascii_lowercase().split('_').any(|w| {
        MONEY_WORDS.contains(&w)
            || w.strip_suffix('s')
                .is_some_and(|w| MONEY_WORDS.contains(&w))
    })
}
