//! How many tables a Schema has, by kind: the one count the plan and the document state.

use super::{Schema, TableKind};

impl Schema {
    /// How many tables there are, by kind: the one count the plan and the document state.
    pub fn table_counts(&self) -> TableCounts {
        let count = |k: TableKind| self.tables.iter().filter(|t| t.kind == k).count();
        TableCounts {
            tables: self.tables.len(),
            entities: count(TableKind::Entity),
            junctions: count(TableKind::Junction),
            subtypes: count(TableKind::Subtype),
        }
    }
}

/// Tables of a Schema by kind ([`Schema::table_counts`]). Every table counts, generated ones
/// (junctions, subtypes) and declared support tables (`legal_holds`) alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableCounts {
    pub tables: usize,
    pub entities: usize,
    pub junctions: usize,
    pub subtypes: usize,
}

impl TableCounts {
    /// `6 entities, 1 junction table` (kinds with none left out, entities always said).
    pub fn breakdown(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {many}")
            }
        };
        let mut parts = vec![plural(self.entities, "entity", "entities")];
        if self.junctions > 0 {
            parts.push(plural(self.junctions, "junction table", "junction tables"));
        }
        if self.subtypes > 0 {
            parts.push(plural(self.subtypes, "subtype table", "subtype tables"));
        }
        parts.join(", ")
    }

    /// `7 tables (6 entities, 1 junction table)`.
    pub fn describe(&self) -> String {
        let tables = if self.tables == 1 { "table" } else { "tables" };
        format!("{} {tables} ({})", self.tables, self.breakdown())
    }
}
