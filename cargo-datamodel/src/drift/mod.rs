//! Drift between the structs and a live database (`check --database-url`), and the baseline
//! a brownfield project starts from (`migrate --baseline-from-database`).
//!
//! Both sides go through the same importer before they are compared: the live database as
//! its catalog prints it ([`crate::import::live`]), the model as the DDL the tool renders for
//! that engine, imported back. So whatever the importer normalises (type spellings, names it
//! gives, features it reads back from the engines' encodings, what it leaves out) is the same
//! on both sides and is never reported as drift. What remains between DDL text and a catalog
//! is folded by [`normalise`], the one normaliser of this module: expressions compared in
//! sqlparser's canonical spelling with case and blanks folded outside string literals, a
//! default by its value (MySQL/MariaDB print `true` as `1` and `0` as `0.00`), a one-value
//! `IN` as `=` (PostgreSQL and MariaDB fold it), MySQL's unspoken `RESTRICT` as `NO ACTION`,
//! the index InnoDB adds for a foreign key left out, and types by the engine's spelling.
//!
//! The comparison is [`crate::migrate::diff`] from the database to the model, so a
//! difference is named after the change a migration would make; each becomes one sentence
//! ([`Difference`]). Not compared, because no catalog reader reads them back: comments,
//! row-level security policies and the `updated_at` triggers.
//!
//! Tables the database has and the model doesn't are reported, except the history tables of
//! the migration tools ([`MIGRATION_TOOL_TABLES`]), which belong to the tool that runs the
//! migrations, not to the model.

mod baseline;
mod describe;
mod normalise;
#[cfg(test)]
mod tests;

pub use baseline::baseline;
pub use normalise::{
    check_text, default_text, expr_text, is_engine_s_foreign_key_index, normalise,
};

use crate::config::Engine;
use crate::dialect::dialect_for;
use crate::migrate::Change;
use crate::schema::{Column, Schema, Table};
use describe::describe;
use normalise::type_text;
use std::collections::HashMap;

/// The history tables of the migration tools: never reported as drift, never in a baseline.
pub const MIGRATION_TOOL_TABLES: &[&str] = &[
    "_sqlx_migrations",
    "__diesel_schema_migrations",
    "refinery_schema_history",
    "seaql_migrations",
    "flyway_schema_history",
    "schema_migrations",
    "goose_db_version",
    "atlas_schema_revisions",
    "knex_migrations",
    "knex_migrations_lock",
];

/// Is `table` a migration tool's history table?
pub fn is_migration_tool_table(table: &str) -> bool {
    MIGRATION_TOOL_TABLES
        .iter()
        .any(|t| t.eq_ignore_ascii_case(table))
}

/// One difference between the model and the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub table: String,
    /// The column it is about, when it is about one.
    pub column: Option<String>,
    /// `table posts: index posts_title_idx is in the model but not in the database`.
    pub message: String,
}

/// The model as `engine` keeps it: its DDL imported back, the way the live side is read.
pub fn model_as_kept(model: &Schema, engine: Engine) -> Schema {
    let ddl = crate::ddl::render_ddl(model, engine);
    match crate::import::import_sql(&ddl, Some(engine)) {
        Ok(i) => i.schema,
        // Unreachable: the engine is given, so nothing is inferred.
        Err(_) => model.clone(),
    }
}

/// The live Schema without the migration tools' tables.
pub fn owned_tables(live: &Schema) -> Schema {
    let mut s = live.clone();
    s.tables.retain(|t| !is_migration_tool_table(&t.name));
    s
}

/// A Schema's tables by name.
fn by_name(s: &Schema) -> HashMap<&str, &Table> {
    s.tables.iter().map(|t| (t.name.as_str(), t)).collect()
}

/// The differences between the model (as `engine` keeps it) and the live database, in the
/// order a migration from the database to the model would make them.
pub fn compare(model: &Schema, live: &Schema, engine: Engine) -> Vec<Difference> {
    let d = dialect_for(engine);
    let model_kept = model_as_kept(model, engine);
    let live = owned_tables(live);
    let (m, l) = (normalise(&model_kept, engine), normalise(&live, engine));
    let mut out = Vec::new();
    let mut changes = crate::migrate::diff(&l, &m);
    // Types are compared by the engine's spelling (below), which also sees opaque types.
    changes.retain(|c| !matches!(c, Change::ChangeType { .. }));
    let l_tables = by_name(&l);
    for t in &m.tables {
        let Some(lt) = l_tables.get(t.name.as_str()) else {
            continue;
        };
        for c in &t.columns {
            let Some(lc) = lt.columns.iter().find(|x| x.name == c.name) else {
                continue;
            };
            let (mt, ltt) = (type_text(d, c), type_text(d, lc));
            if mt != ltt || c.identity != lc.identity {
                let shown = |x: &Column| {
                    let mut s = d.column_type(x);
                    if x.identity {
                        s.push_str(" (identity)");
                    }
                    s
                };
                out.push(Difference {
                    table: t.name.clone(),
                    column: Some(c.name.clone()),
                    message: format!(
                        "column {}.{}: type {} in the model, {} in the database",
                        t.name,
                        c.name,
                        shown(c),
                        shown(lc)
                    ),
                });
            }
        }
    }
    let (model_tables, live_tables) = (by_name(&model_kept), by_name(&live));
    let mut done: Vec<(String, String)> = Vec::new();
    let mut seq = Vec::new();
    for ch in &changes {
        let table = ch.table();
        let (mt, lt) = (
            model_tables.get(table).copied(),
            live_tables.get(table).copied(),
        );
        // A table the model doesn't have is one difference, not one per foreign key too.
        let table_gone = mt.is_none() && lt.is_some();
        if table_gone && !matches!(ch, Change::DropTable { .. }) {
            continue;
        }
        if let Some(diff) = describe(ch, mt, lt, d, &mut done) {
            seq.push(diff);
        }
    }
    // The type differences (found above, by spelling) after the differ's changes.
    seq.extend(out);
    seq
}
