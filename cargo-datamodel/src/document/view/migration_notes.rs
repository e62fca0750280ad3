//! Each table's migration notes: how it is created (greenfield), how a live copy of it changes
//! without downtime (brownfield), or both (mixed), per engine.

use super::prose::{and_list, code_list, column_of};
use crate::config::{Depth, Engine, Migration};
use crate::dialect::dialect_for;
use crate::migrate::not_null_without_default;
use crate::schema::{ColumnOrigin, Table};
use crate::target::Target;

fn engine_names(engines: &[Engine]) -> String {
    and_list(
        &engines
            .iter()
            .map(|e| e.display_name().to_string())
            .collect::<Vec<_>>(),
    )
}

pub(super) fn ddl_files(engines: &[Engine]) -> String {
    code_list(engines.iter().map(|e| format!("schema.{}.sql", e.name())))
}

/// The parts of the notes that are the same for every table (the DDL files, how `updated_at`
/// is kept current): written once per document, not once per table.
pub(super) struct Shared {
    ddl_files: String,
    updated_at: String,
}

impl Shared {
    pub(super) fn new(engines: &[Engine]) -> Self {
        Shared {
            ddl_files: ddl_files(engines),
            updated_at: and_list(&updated_at_mechanisms(engines)),
        }
    }
}

fn greenfield_notes(t: &Table, engines: &[Engine], minimal: bool, shared: &Shared) -> Vec<String> {
    let mut notes = vec![format!(
        "New table: `CREATE TABLE {}` ({}); it holds no rows yet, so creating it locks nothing that is live.",
        t.name, shared.ddl_files
    )];
    if minimal {
        return notes;
    }
    let mut after: Vec<String> = Vec::new();
    for fk in t.foreign_keys.iter().filter(|f| !f.deferred) {
        if fk.ref_table != t.name && !after.contains(&fk.ref_table) {
            after.push(fk.ref_table.clone());
        }
    }
    if !after.is_empty() {
        notes.push(format!(
            "Create after {}: its foreign keys reference them.",
            code_list(&after)
        ));
    }
    for fk in t.foreign_keys.iter().filter(|f| f.deferred) {
        notes.push(format!(
            "`{}` closes a reference cycle: it is added with `ALTER TABLE {} ADD CONSTRAINT` once every table exists.",
            fk.name, t.name
        ));
    }
    if t.updated_at_trigger && column_of(t, ColumnOrigin::UpdatedAt).is_some() {
        notes.push(format!(
            "`updated_at` is kept current by {}.",
            shared.updated_at
        ));
    }
    if t.tenant_scoped {
        for d in engines
            .iter()
            .map(|e| dialect_for(*e))
            .filter(|d| d.supports_row_level_security())
        {
            notes.push(format!(
                "{}: enable row-level security with the `tenant_isolation` policy (see Multi-Tenancy).",
                d.display_name()
            ));
        }
    }
    notes
}

pub(super) fn updated_at_mechanisms(engines: &[Engine]) -> Vec<String> {
    engines
        .iter()
        .map(|e| dialect_for(*e).updated_at_mechanism_note())
        .collect()
}

fn brownfield_notes(t: &Table, engines: &[Engine]) -> Vec<String> {
    let mut notes = Vec::new();
    let hard_columns = not_null_without_default(t);
    for c in t.columns.iter().filter(|c| c.renamed_from.is_some()) {
        if let Some(old) = &c.renamed_from {
            notes.push(format!(
                "Rename `{old}` → `{}` by expand-contract: add `{}`, write both, backfill in batches, switch reads, drop `{old}` in a later release (a plain RENAME breaks every running instance).",
                c.name, c.name
            ));
        }
    }
    for e in engines {
        notes.extend(dialect_for(*e).live_table_notes(t, &hard_columns));
    }
    notes
}

#[cfg(test)]
pub(super) fn migration_notes(target: &Target, t: &Table) -> Vec<String> {
    notes_with(target, t, &Shared::new(target.engines()))
}

/// The notes of `t`, with the per-document parts computed once by the caller.
pub(super) fn notes_with(target: &Target, t: &Table, shared: &Shared) -> Vec<String> {
    let (engines, depth) = (target.engines(), target.depth);
    if depth == Depth::Schema {
        return Vec::new();
    }
    let minimal = depth == Depth::Mvp;
    match target.migration {
        Migration::Greenfield => greenfield_notes(t, engines, minimal, shared),
        Migration::Brownfield if minimal => vec![format!(
            "Live table: apply changes with the zero-downtime methods of {} (online index builds, NOT VALID + VALIDATE, expand-contract for renames).",
            engine_names(engines)
        )],
        Migration::Brownfield => brownfield_notes(t, engines),
        Migration::Mixed => {
            let mut notes = greenfield_notes(t, engines, true, shared);
            notes[0] = format!("If new: {}", notes[0]);
            if minimal {
                notes.push(
                    "If live: apply changes with online index builds, NOT VALID + VALIDATE and expand-contract for renames.".into(),
                );
            } else {
                notes.extend(
                    brownfield_notes(t, engines)
                        .into_iter()
                        .map(|n| format!("If live: {n}")),
                );
            }
            notes
        }
    }
}

#[cfg(test)]
mod tests {
    use super::migration_notes;
    use crate::config::{Depth, Migration};
    use crate::testkit::{blog, saas};

    #[test]
    fn greenfield_names_creation_order_and_the_files() {
        let f = blog(Depth::Production);
        let notes = migration_notes(&f.target, f.table("comments").unwrap());
        assert!(
            notes[0].starts_with(
                "New table: `CREATE TABLE comments` (`schema.postgres.sql`, `schema.sqlite.sql`)"
            ),
            "{notes:?}"
        );
        assert!(
            notes
                .iter()
                .any(|n| n == "Create after `posts`, `users`: its foreign keys reference them."),
            "{notes:?}"
        );
        let schema_depth = blog(Depth::Schema);
        assert!(migration_notes(
            &schema_depth.target,
            schema_depth.table("comments").unwrap()
        )
        .is_empty());
    }

    #[test]
    fn brownfield_gives_online_recipes_per_engine_and_mixed_prefixes_them() {
        let f = saas(Depth::Production, Migration::Brownfield);
        let notes = migration_notes(&f.target, f.table("projects").unwrap());
        assert!(
            notes.iter().any(|n| n.starts_with(
                "PostgreSQL: `CREATE INDEX CONCURRENTLY \"idx_projects_on_settings\""
            )),
            "{notes:?}"
        );
        assert!(
            notes
                .iter()
                .any(|n| n
                    .contains("NOT VALID;` then `ALTER TABLE \"projects\" VALIDATE CONSTRAINT")),
            "{notes:?}"
        );
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("MySQL/MariaDB: state the algorithm")),
            "{notes:?}"
        );
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("SQLite: `ALTER TABLE \"projects\" ADD COLUMN` only")),
            "{notes:?}"
        );
        let users = f.table("users").unwrap();
        let notes = migration_notes(&f.target, users);
        assert!(
            notes[0].starts_with("Rename `name` → `full_name` by expand-contract"),
            "{notes:?}"
        );
        let mixed = saas(Depth::Production, Migration::Mixed);
        let notes = migration_notes(&mixed.target, mixed.table("users").unwrap());
        assert!(notes[0].starts_with("If new: New table"), "{notes:?}");
        assert!(
            notes[1..].iter().all(|n| n.starts_with("If live: ")),
            "{notes:?}"
        );
    }
}
