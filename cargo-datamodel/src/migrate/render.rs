//! Per-engine migration SQL: the [`Change`]s between two Schemas rendered as the statements
//! one engine runs to go from the old Schema to the new one without losing a row, each step
//! with its safety class and method (seed: brownfield mode, the migration playbook).
//!
//! The recipes are the dialects' (`Dialect::migration_*` methods): this module orders the
//! steps, asks the dialect how to spell each one online, and decides what needs the old
//! Schema (a SQLite table rebuild copies the columns both sides have). A change the engine
//! can't do online and the tool can't do safely is refused with a [`Refusal`] that names the
//! change and the fix, before anything is written.
//!
//! The down migration is the same rendering from the new Schema back to the old one, except
//! where the forward migration destroys data (a dropped column or table, a narrowed type):
//! then the down file says why it can't be undone.

pub use expand::ExpandedRename;

use super::diff::{diff, Change};
use super::Safety;
use crate::config::Engine;
use crate::schema::Schema;

/// One SQL statement of a migration (without its final `;`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub sql: String,
    /// The engine refuses it inside a transaction (`CREATE INDEX CONCURRENTLY`): the
    /// migration file then runs without one (sqlx's `-- no-transaction`).
    pub outside_transaction: bool,
    /// It must also be the only statement of its query: PostgreSQL runs a multi-statement
    /// query as one implicit transaction, which `CONCURRENTLY` refuses. See
    /// [`Migration::parts`].
    pub alone: bool,
    /// It starts a new transaction: what it does must not hold the locks of the statements
    /// before it (`VALIDATE CONSTRAINT` after `ADD CONSTRAINT ... NOT VALID`).
    pub new_transaction: bool,
}

/// A piece of a migration that a runner sending the whole file as one query (sqlx, diesel,
/// refinery) can run: one file each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub sql: String,
    /// Runs without a wrapping transaction.
    pub outside_transaction: bool,
}

impl Statement {
    /// A statement that runs inside the migration's transaction.
    pub fn new(sql: impl Into<String>) -> Statement {
        Statement {
            sql: sql.into(),
            outside_transaction: false,
            alone: false,
            new_transaction: false,
        }
    }

    /// A statement that starts a new transaction (see [`Statement::new_transaction`]).
    pub fn in_new_transaction(sql: impl Into<String>) -> Statement {
        Statement {
            new_transaction: true,
            ..Statement::new(sql)
        }
    }
}

/// The first lines of a part holding a statement that runs alone: the session settings come
/// from the part before it (squawk, which checks each file for them, is told why).
const ALONE_HEADER: &str =
    "-- The lock and statement timeouts are set by the previous migration on the same\n\
-- connection: a SET here would put this statement in a transaction, which it refuses.\n\
-- squawk-ignore-file require-lock-timeout, require-statement-timeout\n";

/// One change, rendered for one engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedStep {
    pub change: Change,
    pub safety: Safety,
    /// How the engine does it: `Instant`, `Online (CONCURRENTLY)`, `NOT VALID + VALIDATE`,
    /// `Table rebuild`, `Copy (use gh-ost / pt-online-schema-change)`, ...
    pub method: String,
    pub statements: Vec<Statement>,
    /// What the operator should know (a backfill to run first, the expand-contract sequence).
    pub notes: Vec<String>,
}

/// The statements that take one engine's database from the old Schema to the new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    pub engine: Engine,
    /// Session settings before the first step (`SET lock_timeout = ...`).
    pub preamble: Vec<Statement>,
    pub steps: Vec<RenderedStep>,
    /// Statements after the last step (checking and committing a table rebuild).
    pub epilogue: Vec<Statement>,
}

/// The way back: a migration, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Down {
    Migration(Migration),
    /// The forward migration destroys data (the reason names it).
    Irreversible(String),
}

/// The forward migration and the way back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub up: Migration,
    pub down: Down,
    /// The renames `up` expanded: their contract is pending (`migrate --contract`).
    pub expanded: Vec<ExpandedRename>,
}

/// A change this engine (or the tool) won't do, with the code `explain` documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
    pub help: String,
}

impl Migration {
    /// No step: the database already has the new Schema.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Some statement can't run in a transaction (or manages its own), so the file runs
    /// without one.
    pub fn outside_transaction(&self) -> bool {
        self.preamble
            .iter()
            .chain(self.steps.iter().flat_map(|s| &s.statements))
            .chain(&self.epilogue)
            .any(|s| s.outside_transaction)
    }

    /// The migration cut where a statement must run alone (`CREATE INDEX CONCURRENTLY`) or
    /// in a new transaction (`VALIDATE CONSTRAINT`): one part when none does. Such a statement is a part by itself (a runner sending it
    /// with anything else would wrap both in one transaction); the preamble's session
    /// settings start every other part, and a part of their own before a first statement
    /// that runs alone (runners keep one connection, so the settings hold for it).
    pub fn parts(&self) -> Vec<Part> {
        let mut groups: Vec<Vec<&Statement>> = vec![Vec::new()];
        let body = self
            .steps
            .iter()
            .flat_map(|s| &s.statements)
            .chain(&self.epilogue);
        for s in body {
            if s.alone {
                groups.push(vec![s]);
                groups.push(Vec::new());
            } else if s.new_transaction {
                groups.push(vec![s]);
            } else {
                groups.last_mut().expect("never empty").push(s);
            }
        }
        groups.retain(|g| !g.is_empty());
        if groups.first().is_some_and(|g| g[0].alone) && !self.preamble.is_empty() {
            groups.insert(0, Vec::new());
        }
        groups
            .into_iter()
            .map(|g| {
                let alone = g.first().is_some_and(|s| s.alone);
                let all: Vec<&Statement> = if alone {
                    g
                } else {
                    self.preamble.iter().chain(g).collect()
                };
                let mut sql = String::new();
                if alone && !self.preamble.is_empty() {
                    sql.push_str(ALONE_HEADER);
                }
                for s in &all {
                    sql.push_str(&s.sql);
                    sql.push_str(";\n");
                }
                Part {
                    sql,
                    outside_transaction: all.iter().any(|s| s.outside_transaction),
                }
            })
            .collect()
    }

    /// The migration as one SQL script: the preamble, then each step under a comment line
    /// with its change, safety class and method, and its notes.
    pub fn script(&self) -> String {
        let mut out = String::new();
        for s in &self.preamble {
            out.push_str(&s.sql);
            out.push_str(";\n");
        }
        for step in &self.steps {
            out.push('\n');
            out.push_str(&crate::dialect::line_comment(
                "",
                &format!(
                    "{} [{}; {}]",
                    step.change.describe(),
                    step.safety.as_str(),
                    step.method
                ),
            ));
            for n in &step.notes {
                out.push_str(&crate::dialect::line_comment("  ", n));
            }
            for s in &step.statements {
                out.push_str(&s.sql);
                out.push_str(";\n");
            }
        }
        if !self.epilogue.is_empty() {
            out.push('\n');
        }
        for s in &self.epilogue {
            out.push_str(&s.sql);
            out.push_str(";\n");
        }
        out
    }
}

/// What the user decided for this migration (`migrate`'s flags).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Allow changes that destroy data (`--allow-destructive`).
    pub allow_destructive: bool,
    /// Values for NOT NULL columns added to tables that have rows (`--backfill`).
    pub backfills: Vec<Backfill>,
    /// Renames in two releases where the engine can (`--expand-contract`).
    pub expand_contract: bool,
    /// Expanded renames whose old column this migration drops (`--contract`).
    pub contract: Vec<ExpandedRename>,
}

/// `--backfill TABLE.COLUMN=EXPR`: the value existing rows get in a NOT NULL column added
/// without a default. `expr` is one SQL expression evaluated per row (it may name the row's
/// other columns, or be a subquery).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backfill {
    pub table: String,
    pub column: String,
    pub expr: String,
}

impl Backfill {
    /// Reads `TABLE.COLUMN=EXPR`.
    pub fn parse(raw: &str) -> Result<Backfill, String> {
        let (target, expr) = raw.split_once('=').ok_or_else(|| {
            format!("`{raw}` is not TABLE.COLUMN=EXPR (e.g. `posts.tenant_id=(SELECT tenant_id FROM users WHERE users.id = posts.user_id)`)")
        })?;
        let (table, column) = target
            .trim()
            .split_once('.')
            .ok_or_else(|| format!("`{}` names no table: write TABLE.COLUMN", target.trim()))?;
        if table.is_empty() || column.is_empty() || expr.trim().is_empty() {
            return Err(format!("`{raw}` is not TABLE.COLUMN=EXPR"));
        }
        Ok(Backfill {
            table: table.to_string(),
            column: column.to_string(),
            expr: expr.trim().to_string(),
        })
    }
}

/// The migration from `old` to `new` on `engine`, and its way back. Destructive changes
/// (dropping a column or a table, narrowing a type) are refused unless `allow_destructive`.
pub fn render(
    old: &Schema,
    new: &Schema,
    engine: Engine,
    allow_destructive: bool,
) -> Result<Rendered, Refusal> {
    let options = Options {
        allow_destructive,
        ..Options::default()
    };
    render_with(old, new, engine, &options)
}

/// [`render`] with every option: backfills for NOT NULL columns added to tables with rows.
pub fn render_with(
    old: &Schema,
    new: &Schema,
    engine: Engine,
    options: &Options,
) -> Result<Rendered, Refusal> {
    check_renames(old, new)?;
    let changes = diff(old, new);
    check_backfills(&changes, &options.backfills, engine)?;
    check_distributed(old, new, &changes, engine)?;
    let destructive: Vec<&Change> = changes.iter().filter(|c| c.destroys_data()).collect();
    if !options.allow_destructive {
        if let Some(first) = destructive.first() {
            return Err(Refusal {
                code: crate::diagnostics::migrate_codes::codes::DESTRUCTIVE,
                message: format!(
                    "the migration would destroy data: {}{}",
                    first.describe(),
                    match destructive.len() {
                        1 => String::new(),
                        n => format!(" (and {} more)", n - 1),
                    }
                ),
                help: "pass `--allow-destructive` once the application no longer reads it (the playbook lists the releases: stop reading, deploy, then drop), or declare a rename with `renamed_from`".into(),
            });
        }
    }
    let plan = steps::Plan {
        backfills: &options.backfills,
        expand_contract: options.expand_contract,
        undo_expanded: &[],
        contract: &options.contract,
    };
    let (up, expanded) = steps::migration(old, new, &changes, engine, &plan)?;
    let down = match destructive.first() {
        Some(c) => Down::Irreversible(format!(
            "{} destroys data that a down migration can't bring back; restore from a backup instead",
            c.describe()
        )),
        None => {
            let back = with_reversed_renames(old, new);
            let plan = steps::Plan {
                undo_expanded: &expanded,
                ..steps::Plan::default()
            };
            Down::Migration(steps::migration(new, &back, &diff(new, &back), engine, &plan)?.0)
        }
    };
    Ok(Rendered { up, down, expanded })
}

/// Every backfill names a column this migration adds NOT NULL without a default, and is one
/// SQL expression for the engine (DM044).
fn check_backfills(
    changes: &[Change],
    backfills: &[Backfill],
    engine: Engine,
) -> Result<(), Refusal> {
    for b in backfills {
        let added = changes.iter().any(|c| {
            matches!(c, Change::AddColumn { table, column, needs_backfill: true, .. }
                if *table == b.table && *column == b.column)
        });
        let refuse = |message: String, help: &str| Refusal {
            code: crate::diagnostics::migrate_codes::codes::BAD_BACKFILL,
            message,
            help: help.into(),
        };
        if !added {
            return Err(refuse(
                format!(
                    "`--backfill {}.{}=...` names no column this migration adds NOT NULL without a default",
                    b.table, b.column
                ),
                "a backfill is only for such a column: check the table and column names against `migrate --dry-run`, or drop the flag",
            ));
        }
        crate::schema::sql_guard::single_expression(&b.expr, &[engine]).map_err(|e| {
            refuse(
                format!("the backfill of `{}.{}` is refused: {e}", b.table, b.column),
                "write one SQL expression: a literal, the row's other columns, or a parenthesised subquery",
            )
        })?;
    }
    Ok(())
}

/// What an engine that distributes tables (Citus) can't do to a live table, found on a real
/// cluster: rename a distributed table's constraints ("renaming constraints belonging to
/// distributed tables is currently unsupported"), and move a table between the reference and
/// the distributed kind (its rows would have to be redistributed).
fn check_distributed(
    old: &Schema,
    new: &Schema,
    changes: &[Change],
    engine: Engine,
) -> Result<(), Refusal> {
    let d = crate::dialect::dialect_for(engine);
    if !d.distributes_tables() {
        return Ok(());
    }
    let refuse = |message: String, help: &str| Refusal {
        code: crate::diagnostics::migrate_codes::codes::UNSUPPORTED,
        message,
        help: help.into(),
    };
    for c in changes {
        if let Change::RenamePrimaryKey { table, from, to } = c {
            if new.table(table).is_some_and(|t| t.tenant_scoped) {
                return Err(refuse(
                    format!(
                        "renaming `{table}` renames its primary key `{from}` to `{to}`, and {} refuses to rename a constraint of a distributed table",
                        d.display_name()
                    ),
                    "keep the table's name (`#[datamodel(table = \"...\")]` with the old one), or rename it in a maintenance window: create the new table, copy the rows, drop the old one",
                ));
            }
        }
    }
    for t in &new.tables {
        if let Some(o) = old.table(&t.name) {
            if o.tenant_scoped != t.tenant_scoped {
                return Err(refuse(
                    format!(
                        "`{}` becomes {}: on {} that moves every row between a reference table (a copy on every node) and a distributed one, which a migration doesn't do on a live table",
                        t.name,
                        if t.tenant_scoped { "tenant-scoped" } else { "global" },
                        d.display_name()
                    ),
                    "do it in a maintenance window (`SELECT undistribute_table(..)`, change the table, then `create_reference_table` or `create_distributed_table`), then baseline the snapshot (`migrate --baseline-from-database`)",
                ));
            }
        }
    }
    Ok(())
}

/// `old` with the renames of this migration declared the other way round (the old name
/// `renamed_from` the new one), so that the down migration renames back instead of dropping
/// the column and adding an empty one.
fn with_reversed_renames(old: &Schema, new: &Schema) -> Schema {
    let mut back = old.clone();
    for t in &new.tables {
        let from_table = match old.table(&t.name) {
            Some(_) => t.name.clone(),
            None => match t.renamed_from.as_deref().filter(|f| old.table(f).is_some()) {
                Some(from) => from.to_string(),
                None => continue,
            },
        };
        let Some(bt) = back.tables.iter_mut().find(|b| b.name == from_table) else {
            continue;
        };
        if bt.name != t.name {
            bt.renamed_from = Some(t.name.clone());
        }
        for c in &t.columns {
            let Some(from) = c.renamed_from.as_deref() else {
                continue;
            };
            if bt.column(&c.name).is_some() {
                continue;
            }
            if let Some(bc) = bt.columns.iter_mut().find(|b| b.name == from) {
                bc.renamed_from = Some(c.name.clone());
            }
        }
    }
    back
}

/// Every declared rename of a new column names exactly one column the snapshot has and the
/// structs no longer have (DM042): otherwise the differ would read it as a drop and an add.
fn check_renames(old: &Schema, new: &Schema) -> Result<(), Refusal> {
    for t in &new.tables {
        let renamed = || old.table(t.renamed_from.as_deref()?);
        let Some(before) = old.table(&t.name).or_else(renamed) else {
            continue;
        };
        let mut claimed: Vec<&str> = Vec::new();
        for c in &t.columns {
            let Some(from) = c.renamed_from.as_deref() else {
                continue;
            };
            if before.column(&c.name).is_some() {
                continue; // already renamed by an earlier migration
            }
            let problem = if t.column(from).is_some() {
                Some(format!("`{from}` still exists"))
            } else if before.column(from).is_none() {
                Some(format!(
                    "the snapshot of `{}` has no column `{from}`",
                    t.name
                ))
            } else if claimed.contains(&from) {
                Some(format!("another column is renamed from `{from}` too"))
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(Refusal {
                    code: crate::diagnostics::migrate_codes::codes::AMBIGUOUS_RENAME,
                    message: format!(
                        "`{}.{}` is declared `renamed_from = \"{from}\"`, but {problem}",
                        t.name, c.name
                    ),
                    help: "name the column as the snapshot has it, or remove `renamed_from` (the old column is then dropped and the new one added, which needs `--allow-destructive`)".into(),
                });
            }
            claimed.push(from);
        }
    }
    Ok(())
}

mod expand;
mod rebuild;
mod shadow;
mod sql;
mod steps;
#[cfg(test)]
mod tests;
mod upkeep;
