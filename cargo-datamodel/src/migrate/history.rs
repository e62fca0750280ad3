//! The change history: one record per migration `cargo datamodel migrate` wrote (its name, when,
//! and each change with its safety class), kept beside the snapshot in the document folder.
//!
//! Why a file of its own: the snapshot holds only the latest Schema, and the migration files
//! live wherever the user's migration tool wants them (in any of four layouts, possibly edited
//! by hand), so neither can tell the document what each migration did. `migrate` appends one
//! record and writes it together with the snapshot; the document's "Change history" reads it.
//! Like the snapshot, it is committed, pretty JSON, and a file we can't read is an error that
//! says what to do, never silently replaced.

use super::render::ExpandedRename;
use super::{Change, Safety};
use crate::report::Error;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The format this version reads and writes.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct History {
    pub format: u32,
    /// Oldest first.
    pub migrations: Vec<Record>,
}

/// One migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The `--name` (normalised).
    pub name: String,
    /// UTC, `2026-01-02T03:04:05Z`.
    pub timestamp: String,
    pub changes: Vec<ChangeRecord>,
    /// Renames this migration expanded (`--expand-contract`): their contract is pending.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expanded: Vec<ExpandedRename>,
    /// Expanded renames whose old column this migration dropped (`--contract`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contracted: Vec<ExpandedRename>,
}

/// One change of a migration, as the plan describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeRecord {
    pub table: String,
    /// `ADD COLUMN posts.subtitle`.
    pub change: String,
    /// `Safe`, `Caution` or `Breaking`.
    pub safety: String,
}

impl Default for History {
    fn default() -> Self {
        History {
            format: FORMAT,
            migrations: Vec::new(),
        }
    }
}

impl ChangeRecord {
    pub fn of(c: &Change) -> Self {
        ChangeRecord {
            table: c.table().to_string(),
            change: c.describe(),
            safety: c.safety().as_str().to_string(),
        }
    }
}

impl Record {
    /// The riskiest safety class of its changes.
    pub fn safety(&self) -> &str {
        let rank = |s: &str| match s {
            "Breaking" => 2,
            "Caution" => 1,
            _ => 0,
        };
        self.changes
            .iter()
            .map(|c| c.safety.as_str())
            .max_by_key(|s| rank(s))
            .unwrap_or(Safety::Safe.as_str())
    }
}

impl History {
    /// Renames expanded by a migration and not contracted by a later one.
    pub fn pending_contracts(&self) -> Vec<ExpandedRename> {
        let mut pending: Vec<ExpandedRename> = Vec::new();
        for m in &self.migrations {
            pending.extend(m.expanded.iter().cloned());
            pending.retain(|r| !m.contracted.contains(r));
        }
        pending
    }

    /// The history at `path`; empty when there is none yet.
    pub fn read(path: &Path) -> Result<History, Error> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(History::default()),
            Err(e) => {
                return Err(Error::new(format!(
                    "can't read the migration history `{}`: {e}",
                    path.display()
                )))
            }
        };
        Self::parse(&text).map_err(|e| {
            Error::new(format!("the migration history `{}`: {e}", path.display())).help(format!(
                "restore it from version control (`git checkout -- {}`); `cargo datamodel migrate` appends to it and never rewrites a broken copy",
                path.display()
            ))
        })
    }

    fn parse(text: &str) -> Result<History, String> {
        #[derive(Deserialize)]
        struct Version {
            format: u32,
        }
        let v: Version = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
        if v.format != FORMAT {
            return Err(format!(
                "format {} is not the one this cargo-datamodel reads ({FORMAT}){}",
                v.format,
                if v.format > FORMAT {
                    "; it was written by a newer cargo-datamodel: upgrade this one"
                } else {
                    ""
                }
            ));
        }
        serde_json::from_str(text).map_err(|e| format!("not a migration history ({e})"))
    }

    /// The history as committed: pretty JSON with a trailing newline.
    pub fn render(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        Record {
            name: "add_tags".into(),
            timestamp: "2026-01-02T03:04:05Z".into(),
            changes: vec![
                ChangeRecord::of(&Change::AddTable {
                    table: "tags".into(),
                }),
                ChangeRecord::of(&Change::AddIndex {
                    table: "tags".into(),
                    index: "uq_tags_name".into(),
                    unique: true,
                }),
            ],
            expanded: Vec::new(),
            contracted: Vec::new(),
        }
    }

    #[test]
    fn an_expanded_rename_is_pending_until_a_later_migration_contracts_it() {
        let r = ExpandedRename {
            table: "users".into(),
            from: "name".into(),
            to: "full_name".into(),
        };
        let mut h = History::default();
        h.migrations.push(Record {
            expanded: vec![r.clone()],
            ..record()
        });
        h.migrations.push(record());
        assert_eq!(h.pending_contracts(), vec![r.clone()]);
        let text = h.render();
        assert!(text.contains("\"expanded\""), "{text}");
        assert_eq!(History::parse(&text).unwrap(), h);
        h.migrations.push(Record {
            contracted: vec![r],
            ..record()
        });
        assert!(h.pending_contracts().is_empty());
        // A record without renames is written as before (no empty lists).
        assert!(!History::default().render().contains("expanded"));
    }

    #[test]
    fn a_history_round_trips_and_a_record_has_its_riskiest_class() {
        let h = History {
            format: FORMAT,
            migrations: vec![record()],
        };
        let text = h.render();
        assert!(text.ends_with("}\n"));
        assert_eq!(History::parse(&text).unwrap(), h);
        assert_eq!(h.migrations[0].safety(), "Caution");
        assert_eq!(h.migrations[0].changes[0].change, "CREATE TABLE tags");
    }

    #[test]
    fn missing_is_empty_and_broken_or_newer_say_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("migrations.json");
        assert_eq!(History::read(&path).unwrap(), History::default());
        std::fs::write(&path, "{ nope").unwrap();
        let e = History::read(&path).unwrap_err().to_string();
        assert!(
            e.contains("migrations.json") && e.contains("git checkout"),
            "{e}"
        );
        std::fs::write(&path, r#"{"format": 7, "migrations": []}"#).unwrap();
        let e = History::read(&path).unwrap_err().to_string();
        assert!(e.contains("newer cargo-datamodel"), "{e}");
    }
}
