//! The migration playbook's steps (seed: brownfield mode, Safe / Caution / Breaking with
//! expand-contract), computed from the Schema and the Target. The document's playbook section
//! only reads them, so a schema differ can emit the same [`Step`]s later.

use crate::config::{Engine, Migration};
use crate::dialect::recipes::online_methods;
use crate::schema::{Schema, Table};
use crate::target::Target;
use serde::Serialize;

/// How risky a step is for a table that is live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Safety {
    /// No long lock, nothing breaks: instant or online.
    Safe,
    /// Works online with care: validates every row, or needs a batched backfill.
    Caution,
    /// Breaks running application code unless done in several releases (expand-contract).
    Breaking,
}

impl Safety {
    /// `Safe`, `Caution` or `Breaking`, as the playbook prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Safety::Safe => "Safe",
            Safety::Caution => "Caution",
            Safety::Breaking => "Breaking",
        }
    }
}

/// One row of the migration playbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub table: String,
    /// `CREATE TABLE`, `ADD COLUMN a, b`, `CREATE INDEX ...`, `RENAME a → b`, ...
    pub operation: String,
    pub safety: Safety,
    /// `Instant`, `Online`, `NOT VALID + VALIDATE`, `Expand-Contract`, `After all tables`.
    pub method: String,
    pub notes: String,
}

/// Columns that a live table cannot get in one metadata-only step: NOT NULL without a default.
pub fn not_null_without_default(t: &Table) -> Vec<String> {
    t.columns
        .iter()
        .filter(|c| {
            !c.nullable
                && c.default.is_none()
                && !c.identity
                && !t.primary_key.columns.contains(&c.name)
        })
        .map(|c| c.name.clone())
        .collect()
}

/// The steps of the migration playbook: per table, how it is created (greenfield and mixed)
/// and how a live copy changes (brownfield and mixed), in table order.
pub fn playbook(schema: &Schema, target: &Target) -> Vec<Step> {
    let engines = target.engines();
    let mode = target.migration;
    let mut rows = Vec::new();
    for t in &schema.tables {
        if mode != Migration::Brownfield {
            create_steps(t, mode, &mut rows);
        }
        if mode != Migration::Greenfield {
            live_steps(t, engines, mode, &mut rows);
        }
    }
    rows
}

/// `CREATE TABLE` and the cycle-closing foreign keys added once every table exists.
fn create_steps(t: &Table, mode: Migration, rows: &mut Vec<Step>) {
    rows.push(Step {
        table: t.name.clone(),
        operation: "CREATE TABLE".into(),
        safety: Safety::Safe,
        method: "Instant".into(),
        notes: if mode == Migration::Mixed {
            "If new: no rows, no locks on live tables".into()
        } else {
            "New table, no locks on live tables".into()
        },
    });
    for fk in t.foreign_keys.iter().filter(|f| f.deferred) {
        rows.push(Step {
            table: t.name.clone(),
            operation: format!("ADD CONSTRAINT {}", fk.name),
            safety: Safety::Safe,
            method: "After all tables".into(),
            notes: "Closes a reference cycle; the tables are still empty".into(),
        });
    }
}

/// The zero-downtime steps that change a live copy of `t`.
fn live_steps(t: &Table, engines: &[Engine], mode: Migration, rows: &mut Vec<Step>) {
    let live = if mode == Migration::Mixed {
        "If live: "
    } else {
        ""
    };
    for c in t.columns.iter().filter(|c| c.renamed_from.is_some()) {
        rows.push(Step {
            table: t.name.clone(),
            operation: format!(
                "RENAME {} → {}",
                c.renamed_from.clone().unwrap_or_default(),
                c.name
            ),
            safety: Safety::Breaking,
            method: "Expand-Contract".into(),
            notes: format!("{live}add new, dual-write, backfill, switch reads, drop old"),
        });
    }
    let hard = not_null_without_default(t);
    if !hard.is_empty() {
        rows.push(Step {
            table: t.name.clone(),
            operation: format!("ADD NOT NULL {}", hard.join(", ")),
            safety: Safety::Caution,
            method: "NOT VALID + VALIDATE".into(),
            notes: format!(
                "{live}add nullable, backfill in batches, CHECK NOT VALID, VALIDATE, SET NOT NULL"
            ),
        });
    }
    let easy: Vec<String> = t
        .columns
        .iter()
        .filter(|c| !hard.contains(&c.name) && !t.primary_key.columns.contains(&c.name))
        .map(|c| c.name.clone())
        .collect();
    if !easy.is_empty() {
        rows.push(Step {
            table: t.name.clone(),
            operation: format!("ADD COLUMN {}", easy.join(", ")),
            safety: Safety::Safe,
            method: "Instant".into(),
            notes: format!("{live}{}", online_methods(engines, |o| o.add_column)),
        });
    }
    if !t.indexes.is_empty() {
        rows.push(Step {
            table: t.name.clone(),
            operation: format!(
                "CREATE INDEX {}",
                t.indexes
                    .iter()
                    .map(|i| i.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            safety: Safety::Safe,
            method: "Online".into(),
            notes: format!("{live}{}", online_methods(engines, |o| o.create_index)),
        });
    }
    let cons: Vec<&str> = t
        .foreign_keys
        .iter()
        .map(|f| f.name.as_str())
        .chain(t.checks.iter().map(|c| c.name.as_str()))
        .collect();
    if !cons.is_empty() {
        rows.push(Step {
            table: t.name.clone(),
            operation: format!("ADD CONSTRAINT {}", cons.join(", ")),
            safety: Safety::Caution,
            method: "NOT VALID + VALIDATE".into(),
            notes: format!("{live}{}", online_methods(engines, |o| o.add_constraint)),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{not_null_without_default, playbook, Safety};
    use crate::config::{Depth, Migration};
    use crate::testkit::saas;

    #[test]
    fn greenfield_creates_every_table_safely_and_nothing_else() {
        let f = saas(Depth::Production, Migration::Greenfield);
        let steps = playbook(&f, &f.target);
        assert_eq!(steps.len(), f.tables.len());
        assert!(steps
            .iter()
            .all(|s| s.operation == "CREATE TABLE" && s.safety == Safety::Safe));
    }

    #[test]
    fn live_tables_get_classified_steps_with_per_engine_methods() {
        let f = saas(Depth::Production, Migration::Brownfield);
        let steps = playbook(&f, &f.target);
        let of = |table: &str, op: &str| {
            steps
                .iter()
                .find(|s| s.table == table && s.operation.starts_with(op))
                .unwrap_or_else(|| panic!("{table} {op}: {steps:?}"))
        };
        assert_eq!(of("users", "RENAME").safety, Safety::Breaking);
        let idx = of("projects", "CREATE INDEX");
        assert_eq!(idx.safety, Safety::Safe);
        assert_eq!(idx.notes, "PG: CONCURRENTLY; MySQL: ALGORITHM=INPLACE, LOCK=NONE; SQLite: CREATE INDEX (short write lock)");
        assert_eq!(of("invoices", "ADD CONSTRAINT").safety, Safety::Caution);
        let mixed = saas(Depth::Production, Migration::Mixed);
        let steps = playbook(&mixed, &mixed.target);
        assert!(steps
            .iter()
            .filter(|s| s.operation != "CREATE TABLE")
            .all(|s| s.notes.starts_with("If live: ")));
        assert!(Safety::Safe < Safety::Caution && Safety::Caution < Safety::Breaking);
    }

    #[test]
    fn not_null_without_default_skips_keys_identity_and_defaults() {
        let f = saas(Depth::Production, Migration::Brownfield);
        let users = f.table("users").unwrap();
        let hard = not_null_without_default(users);
        assert!(hard.contains(&"email".to_string()), "{hard:?}");
        assert!(
            !hard.contains(&"id".to_string()) && !hard.contains(&"role".to_string()),
            "{hard:?}"
        );
    }
}
