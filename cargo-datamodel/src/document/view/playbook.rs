//! The migration playbook section: the [`crate::migrate`] steps as table rows.

use crate::migrate::{playbook, Step};
use crate::schema::Schema;
use crate::target::Target;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct PlaybookRow {
    pub table: String,
    pub operation: String,
    /// `Safe`, `Caution` or `Breaking`.
    pub safety: String,
    pub method: String,
    pub notes: String,
}

impl From<Step> for PlaybookRow {
    fn from(s: Step) -> Self {
        PlaybookRow {
            table: s.table,
            operation: s.operation,
            safety: s.safety.as_str().into(),
            method: s.method,
            notes: s.notes,
        }
    }
}

pub fn build(schema: &Schema, target: &Target) -> Vec<PlaybookRow> {
    playbook(schema, target)
        .into_iter()
        .map(PlaybookRow::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::build;
    use crate::config::{Depth, Migration};
    use crate::testkit::saas;

    #[test]
    fn rows_print_the_safety_class_of_each_step() {
        let f = saas(Depth::Production, Migration::Brownfield);
        let rows = build(&f, &f.target);
        let rename = rows
            .iter()
            .find(|r| r.operation == "RENAME name → full_name")
            .unwrap();
        assert_eq!(
            (rename.safety.as_str(), rename.method.as_str()),
            ("Breaking", "Expand-Contract")
        );
        assert!(rows
            .iter()
            .all(|r| ["Safe", "Caution", "Breaking"].contains(&r.safety.as_str())));
        assert!(!rows.iter().any(|r| r.operation == "CREATE TABLE"));
    }
}
