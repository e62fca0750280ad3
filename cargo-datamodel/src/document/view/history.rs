//! The change history (part of the migration playbook section): what each migration
//! `cargo datamodel migrate` wrote added, changed or removed, with its safety class, read from
//! the history file beside the snapshot ([`crate::migrate::history`]). Without a migration
//! yet, the list is empty and the template leaves the subsection out.

use crate::migrate::history::History;
use serde::Serialize;

/// One migration: its changes as rows.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub name: String,
    /// `2026-01-02 03:04:05 UTC`.
    pub date: String,
    /// The riskiest class of its changes.
    pub safety: String,
    pub changes: Vec<HistoryChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryChange {
    pub table: String,
    pub change: String,
    pub safety: String,
}

/// The entries of `history`, newest first (the latest change is what a reader looks for).
pub fn build(history: &History) -> Vec<HistoryEntry> {
    history
        .migrations
        .iter()
        .rev()
        .map(|r| HistoryEntry {
            name: r.name.clone(),
            date: r.timestamp.replace('T', " ").replace('Z', " UTC"),
            safety: r.safety().to_string(),
            changes: r
                .changes
                .iter()
                .map(|c| HistoryChange {
                    table: c.table.clone(),
                    change: c.change.clone(),
                    safety: c.safety.clone(),
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::build;
    use crate::migrate::history::{ChangeRecord, History, Record};

    #[test]
    fn newest_migration_first_with_its_riskiest_class() {
        let rec = |name: &str, safety: &str| Record {
            name: name.into(),
            timestamp: "2026-01-02T03:04:05Z".into(),
            changes: vec![ChangeRecord {
                table: "posts".into(),
                change: "ADD COLUMN posts.subtitle".into(),
                safety: safety.into(),
            }],
            expanded: vec![],
            contracted: vec![],
        };
        let h = History {
            migrations: vec![rec("first", "Safe"), rec("second", "Caution")],
            ..History::default()
        };
        let v = build(&h);
        assert_eq!(v[0].name, "second");
        assert_eq!(v[0].safety, "Caution");
        assert_eq!(v[1].date, "2026-01-02 03:04:05 UTC");
        assert!(build(&History::default()).is_empty());
    }
}
