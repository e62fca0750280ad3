//! Migration files: a rendered migration spelled as the files one migration tool reads.
//!
//! | layout | files | outside a transaction |
//! |---|---|---|
//! | `plain` | `NNNN_<name>.up.sql`, `.down.sql` (sequence continues the directory's highest) | a comment says so |
//! | `sqlx` | `<YYYYMMDDHHMMSS>_<name>.up.sql`, `.down.sql` | first line `-- no-transaction` (sqlx reads it only as the file's first bytes) |
//! | `diesel` | `<YYYY-MM-DD-HHMMSS>_<name>/up.sql`, `down.sql` | `metadata.toml`: `run_in_transaction = false` |
//! | `refinery` | `V<n>__<name>.sql` (refinery has no down migrations) | first line `-- refinery:noTransaction` |
//!
//! Every file starts with a header comment naming the tool, the engine and each change with its
//! safety class. A down migration that can't exist (the up destroys data) is a file that says
//! why and fails when run: a tool that ran an empty or comment-only file would record the
//! migration as reverted while the data is gone (diesel refuses only an empty file, sqlx runs
//! any). Nothing here writes: the command checks no file is in the way, then writes them all.

use super::render::{Down, Migration, Rendered};
use crate::report::Error;
use crate::term::status::utc;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The migration tool whose file layout `migrate` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Layout {
    /// `NNNN_<name>.up.sql` / `.down.sql`.
    #[default]
    Plain,
    /// `<timestamp>_<name>.up.sql` / `.down.sql`, sqlx's reversible migrations.
    Sqlx,
    /// `<timestamp>_<name>/up.sql`, `down.sql`, diesel's migration directories.
    Diesel,
    /// `V<n>__<name>.sql`, up only.
    Refinery,
}

/// One file to write: its path (under the engine's migration directory) and content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationFile {
    pub path: PathBuf,
    pub content: String,
}

/// What names and heads the files of one migration.
pub struct Naming<'a> {
    /// The normalised `--name`.
    pub name: &'a str,
    pub now: SystemTime,
    /// The engine's display name (`PostgreSQL`).
    pub engine: &'a str,
}

/// The statement an irreversible down migration runs: it fails on every engine (the table
/// doesn't exist), so no tool records the migration as reverted.
pub const IRREVERSIBLE_SQL: &str = "SELECT 1 FROM irreversible_migration_restore_from_backup;\n";

impl Layout {
    /// The files of `rendered` in this layout, under `dir` (the engine's migration directory,
    /// read for the sequence number of `plain` and `refinery`).
    pub fn files(
        self,
        dir: &Path,
        naming: &Naming<'_>,
        rendered: &Rendered,
    ) -> Result<Vec<MigrationFile>, Error> {
        let up = &rendered.up;
        let (y, mo, d, h, mi, s) = utc(naming.now);
        let name = naming.name;
        let file = |path: PathBuf, content: String| MigrationFile {
            path: dir.join(path),
            content,
        };
        Ok(match self {
            Layout::Plain => {
                let n = next_number(dir, plain_number)?;
                vec![
                    file(
                        format!("{n:04}_{name}.up.sql").into(),
                        up_sql(self, naming, up),
                    ),
                    file(
                        format!("{n:04}_{name}.down.sql").into(),
                        down_sql(self, naming, &rendered.down),
                    ),
                ]
            }
            Layout::Sqlx => {
                let stamp = format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}");
                vec![
                    file(
                        format!("{stamp}_{name}.up.sql").into(),
                        up_sql(self, naming, up),
                    ),
                    file(
                        format!("{stamp}_{name}.down.sql").into(),
                        down_sql(self, naming, &rendered.down),
                    ),
                ]
            }
            Layout::Diesel => {
                let folder =
                    PathBuf::from(format!("{y:04}-{mo:02}-{d:02}-{h:02}{mi:02}{s:02}_{name}"));
                let mut files = vec![
                    file(folder.join("up.sql"), up_sql(self, naming, up)),
                    file(
                        folder.join("down.sql"),
                        down_sql(self, naming, &rendered.down),
                    ),
                ];
                let down_outside =
                    matches!(&rendered.down, Down::Migration(m) if m.outside_transaction());
                if up.outside_transaction() || down_outside {
                    files.push(file(
                        folder.join("metadata.toml"),
                        "# Written by cargo-datamodel: a statement of this migration can't run in a transaction.\nrun_in_transaction = false\n".into(),
                    ));
                }
                files
            }
            Layout::Refinery => {
                let n = next_number(dir, refinery_number)?;
                vec![file(
                    format!("V{n}__{name}.sql").into(),
                    up_sql(self, naming, up),
                )]
            }
        })
    }

    /// `true` when the layout writes down migrations.
    pub fn has_down(self) -> bool {
        self != Layout::Refinery
    }
}

/// The marker line the tool reads when the file must run outside a transaction.
fn no_transaction_marker(layout: Layout) -> Option<&'static str> {
    match layout {
        Layout::Sqlx => Some("-- no-transaction\n"),
        Layout::Refinery => Some("-- refinery:noTransaction\n"),
        Layout::Plain | Layout::Diesel => None,
    }
}

/// The up file: marker, header, script.
fn up_sql(layout: Layout, naming: &Naming<'_>, m: &Migration) -> String {
    let mut out = String::new();
    let outside = m.outside_transaction();
    if outside {
        out.push_str(no_transaction_marker(layout).unwrap_or_default());
    }
    out.push_str(&header(naming, "up", m, outside));
    out.push_str(&m.script());
    out
}

/// The down file: the way back, or why there is none and a statement that fails.
fn down_sql(layout: Layout, naming: &Naming<'_>, down: &Down) -> String {
    match down {
        Down::Migration(m) => {
            let mut out = String::new();
            let outside = m.outside_transaction();
            if outside {
                out.push_str(no_transaction_marker(layout).unwrap_or_default());
            }
            out.push_str(&header(naming, "down", m, outside));
            out.push_str(&m.script());
            out
        }
        Down::Irreversible(why) => {
            let c = |t: &str| crate::dialect::line_comment("", t);
            let mut out = c(&format!(
                "Generated by cargo-datamodel (migration `{}`, {}, down).",
                naming.name, naming.engine
            ));
            out.push_str(&c(&format!("This migration can't be undone: {why}.")));
            out.push_str(&c(
                "The statement below fails on purpose, so that no migration tool records it as reverted.",
            ));
            out.push('\n');
            out.push_str(IRREVERSIBLE_SQL);
            out
        }
    }
}

/// The header comment: tool, migration, engine, direction, and each change with its class.
fn header(naming: &Naming<'_>, direction: &str, m: &Migration, outside: bool) -> String {
    let c = |t: &str| crate::dialect::line_comment("", t);
    let mut out = c(&format!(
        "Generated by cargo-datamodel (migration `{}`, {}, {direction}).",
        naming.name, naming.engine
    ));
    if outside {
        out.push_str(&c(
            "Runs outside a transaction: a statement can't run inside one (e.g. CREATE INDEX CONCURRENTLY).",
        ));
    }
    out.push_str(&c("Changes:"));
    for step in &m.steps {
        out.push_str(&crate::dialect::line_comment(
            "  ",
            &format!("{} [{}]", step.change.describe(), step.safety.as_str()),
        ));
    }
    out
}

/// `0007` of `0007_add_tags.up.sql`.
fn plain_number(file: &str) -> Option<u64> {
    let (n, rest) = file.split_once('_')?;
    (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty())
        .then(|| n.parse().ok())
        .flatten()
}

/// `7` of `V7__add_tags.sql` (or `U7__...`, refinery's unversioned migrations).
fn refinery_number(file: &str) -> Option<u64> {
    let rest = file.strip_prefix(['V', 'U'])?;
    let (n, _) = rest.split_once("__")?;
    n.parse().ok()
}

/// One more than the highest number `number` reads from the entries of `dir` (1 when none).
fn next_number(dir: &Path, number: fn(&str) -> Option<u64>) -> Result<u64, Error> {
    let highest = crate::output::list_dir(dir)
        .map_err(|e| Error::new(e.to_string()))?
        .iter()
        .filter_map(|(name, _)| number(name))
        .max()
        .unwrap_or(0);
    Ok(highest + 1)
}

/// The `--name` as it goes into file names: trimmed, lowercase, `-` and spaces as `_`; an error
/// naming the fix when anything else is left.
pub fn normalize_name(raw: &str) -> Result<String, Error> {
    let name: String = raw
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect();
    let help =
        "name the change with lowercase letters, digits and `_`, e.g. `--name add_tags_table`";
    if name.is_empty() {
        return Err(Error::new("the migration name is empty").help(help));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_'))
    {
        return Err(Error::new(format!(
            "the migration name `{}` contains `{bad}`, which migration tools don't accept in a file name",
            raw.trim()
        ))
        .help(help));
    }
    Ok(name)
}

#[cfg(test)]
pub(crate) mod tests;
