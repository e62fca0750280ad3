//! Each table's migration notes: how it is created (greenfield), how a live copy of it changes
//! without downtime (brownfield), or both (mixed), per engine.

use super::prose::{and_list, code_list, column_of};
use crate::config::{Depth, Engine, Migration};
use crate::document::engine_text::{check_text, quote};
use crate::migrate::not_null_without_default;
use crate::schema::{ColumnOrigin, Index, Table};
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
    code_list(
        &engines
            .iter()
            .map(|e| format!("schema.{}.sql", e.name()))
            .collect::<Vec<_>>(),
    )
}

fn greenfield_notes(t: &Table, engines: &[Engine], minimal: bool) -> Vec<String> {
    let mut notes = vec![format!(
        "New table: `CREATE TABLE {}` ({}); it holds no rows yet, so creating it locks nothing that is live.",
        t.name,
        ddl_files(engines)
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
            and_list(&updated_at_mechanisms(engines))
        ));
    }
    if t.tenant_scoped && engines.contains(&Engine::Postgres) {
        notes.push(
            "PostgreSQL: enable row-level security with the `tenant_isolation` policy (see Multi-Tenancy)."
                .into(),
        );
    }
    notes
}

pub(super) fn updated_at_mechanisms(engines: &[Engine]) -> Vec<String> {
    engines
        .iter()
        .map(|e| match e {
            Engine::Postgres => "a trigger on PostgreSQL".to_string(),
            Engine::Mysql => "`ON UPDATE CURRENT_TIMESTAMP` on MySQL/MariaDB".to_string(),
            Engine::Sqlite => "a trigger on SQLite".to_string(),
        })
        .collect()
}

fn brownfield_notes(t: &Table, engines: &[Engine]) -> Vec<String> {
    let mut notes = Vec::new();
    let secondary: Vec<&Index> = t.indexes.iter().collect();
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
        let q = |s: &str| quote(*e, s);
        let tn = q(&t.name);
        match e {
            Engine::Postgres => {
                notes.push(format!(
                    "PostgreSQL: run every statement on `{}` after `SET lock_timeout = '5s';` so a blocked ALTER gives up instead of queueing every query behind it; retry on timeout.",
                    t.name
                ));
                if !hard_columns.is_empty() {
                    notes.push(format!(
                        "PostgreSQL: NOT NULL without default ({}): add the column nullable, backfill in batches, `ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID`, `VALIDATE CONSTRAINT`, then `SET NOT NULL` (PG 12+ skips the scan) and drop the check. Nullable columns and constant defaults are metadata-only (PG 11+).",
                        code_list(&hard_columns)
                    ));
                }
                for i in &secondary {
                    let cols: Vec<String> = i
                        .columns
                        .iter()
                        .map(|c| {
                            if c.descending {
                                format!("{} DESC", q(&c.name))
                            } else {
                                q(&c.name)
                            }
                        })
                        .collect();
                    notes.push(format!(
                        "PostgreSQL: `CREATE {}INDEX CONCURRENTLY {} ON {tn} ({}){};` (outside a transaction; on failure drop the INVALID index and retry).",
                        if i.unique { "UNIQUE " } else { "" },
                        q(&i.name),
                        cols.join(", "),
                        i.predicate.as_ref().map(|p| format!(" WHERE {p}")).unwrap_or_default()
                    ));
                }
                for fk in &t.foreign_keys {
                    notes.push(format!(
                        "PostgreSQL: `ALTER TABLE {tn} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} NOT VALID;` then `ALTER TABLE {tn} VALIDATE CONSTRAINT {};` (validation takes only a SHARE UPDATE EXCLUSIVE lock).",
                        q(&fk.name),
                        fk.columns.iter().map(|c| q(c)).collect::<Vec<_>>().join(", "),
                        q(&fk.ref_table),
                        fk.ref_columns.iter().map(|c| q(c)).collect::<Vec<_>>().join(", "),
                        fk.on_delete.sql(),
                        q(&fk.name)
                    ));
                }
                for ck in &t.checks {
                    notes.push(format!(
                        "PostgreSQL: `ALTER TABLE {tn} ADD CONSTRAINT {} CHECK ({}) NOT VALID;` then `VALIDATE CONSTRAINT {}`.",
                        q(&ck.name),
                        check_text(Engine::Postgres, ck),
                        q(&ck.name)
                    ));
                }
            }
            Engine::Mysql => {
                notes.push(format!(
                    "MySQL/MariaDB: state the algorithm on every ALTER of `{}` so it fails instead of silently copying: `ALGORITHM=INSTANT` for added columns (MySQL 8.0.12+, MariaDB 10.3+), `ALGORITHM=INPLACE, LOCK=NONE` for added indexes.",
                    t.name
                ));
                if !t.foreign_keys.is_empty() || !t.checks.is_empty() {
                    notes.push(
                        "MySQL/MariaDB: adding a foreign key or a CHECK validates every row (COPY, or INPLACE only with `foreign_key_checks=0`): on a large table run it with pt-online-schema-change (gh-ost does not support tables with foreign keys)."
                            .into(),
                    );
                }
                notes.push(
                    "MySQL/MariaDB: a column type change is a COPY: run it with gh-ost or pt-online-schema-change, or expand-contract into a new column."
                        .into(),
                );
            }
            Engine::Sqlite => {
                notes.push(format!(
                    "SQLite: `ALTER TABLE {tn} ADD COLUMN` only; a new constraint, foreign key or type change rebuilds the table (create the new table, copy, drop, rename, in one transaction with `PRAGMA foreign_keys = OFF`)."
                ));
            }
        }
    }
    notes
}

pub(super) fn migration_notes(target: &Target, t: &Table) -> Vec<String> {
    let (engines, depth) = (target.engines(), target.depth);
    if depth == Depth::Schema {
        return Vec::new();
    }
    let minimal = depth == Depth::Mvp;
    match target.migration {
        Migration::Greenfield => greenfield_notes(t, engines, minimal),
        Migration::Brownfield if minimal => vec![format!(
            "Live table: apply changes with the zero-downtime methods of {} (online index builds, NOT VALID + VALIDATE, expand-contract for renames).",
            engine_names(engines)
        )],
        Migration::Brownfield => brownfield_notes(t, engines),
        Migration::Mixed => {
            let mut notes = greenfield_notes(t, engines, true);
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
    use crate::document::testkit::{blog, saas};

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
