//! Migration files: a rendered migration spelled as the files one migration tool reads.
//!
//! | layout | files | outside a transaction |
//! |---|---|---|
//! | `plain` | `NNNN_<name>.up.sql`, `.down.sql` (sequence continues the directory's highest) | a comment says so |
//! | `sqlx` | `<YYYYMMDDHHMMSS>_<name>.up.sql`, `.down.sql` | first line `-- no-transaction` (sqlx reads it only as the file's first bytes) |
//! | `diesel` | `<YYYY-MM-DD-HHMMSS>_<name>/up.sql`, `down.sql` | `metadata.toml`: `run_in_transaction = false` |
//! | `refinery` | `V<n>__<name>.sql` (refinery has no down migrations) | first line `-- refinery:noTransaction` |
//!
//! sqlx, diesel and refinery send a file as one query, and PostgreSQL runs a multi-statement
//! query as one implicit transaction, which `CREATE INDEX CONCURRENTLY` refuses. So for them a
//! migration whose statements must run alone ([`Migration::parts`]) becomes several migrations,
//! `<name>_part1`, `<name>_part2`, ... with consecutive versions, one part each. The down parts
//! go in reverse, the migration reverted first holding the first down part; when the up and
//! the down have a different number of parts, the shorter side gets parts that only say so
//! (reverting all of them undoes the whole migration). The plain layout is one script for
//! `psql` (which sends statement by statement) or a person.
//!
//! Every file starts with a header comment naming the tool, the engine and each change with its
//! safety class. A down migration that can't exist (the up destroys data) is a file that says
//! why and fails when run: a tool that ran an empty or comment-only file would record the
//! migration as reverted while the data is gone (diesel refuses only an empty file, sqlx runs
//! any). Nothing here writes: the command checks no file is in the way, then writes them all.
//!
//! An engine that distributes tables (Citus) gets the plain layout only: it refuses DDL of a
//! distributed table inside a multi-statement query, which is how the tools send a file.

use super::render::{Down, Migration, Part, Rendered};
use crate::report::Error;
use crate::term::status::utc;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

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

/// What one file runs: a whole migration (one file holds it), one part of it, nothing (the
/// other direction has more parts), or the failing statement of an irreversible down.
enum Body<'a> {
    Whole(&'a Migration),
    Part(Part),
    Nothing,
    Irreversible(&'a str),
}

impl Body<'_> {
    /// The file must run outside a transaction.
    fn outside_transaction(&self) -> bool {
        match self {
            Body::Whole(m) => m.outside_transaction(),
            Body::Part(p) => p.outside_transaction,
            Body::Nothing | Body::Irreversible(_) => false,
        }
    }
}

/// One migration of the tool: its up and down bodies, its position among the pieces.
struct Piece<'a> {
    up: Body<'a>,
    down: Body<'a>,
    index: usize,
    total: usize,
}

impl Layout {
    /// The files of `rendered` in this layout, under `dir` (the engine's migration directory,
    /// read for the sequence numbers and the versions already taken).
    pub fn files(
        self,
        dir: &Path,
        naming: &Naming<'_>,
        rendered: &Rendered,
    ) -> Result<Vec<MigrationFile>, Error> {
        let name = naming.name;
        let d = crate::dialect::dialect_for(rendered.up.engine);
        if self != Layout::Plain && d.distributes_tables() {
            return Err(Error::new(format!(
                "`--layout {}` sends each file to {} as one query, and {} refuses DDL of a distributed table inside a multi-statement query (\"cannot insert multiple commands into a prepared statement\"); nothing was written",
                format!("{self:?}").to_lowercase(),
                d.display_name(),
                d.display_name()
            ))
            .help("write `--layout plain` and run each file with `psql -1 -f FILE` (psql sends one statement at a time), or with a runner that sends statements one by one"));
        }
        let file = |path: String, content: String| MigrationFile {
            path: dir.join(path),
            content,
        };
        if self == Layout::Plain {
            let n = next_number(dir, plain_number)?;
            let whole = Piece {
                up: Body::Whole(&rendered.up),
                down: down_whole(&rendered.down),
                index: 0,
                total: 1,
            };
            return Ok(vec![
                file(
                    format!("{n:04}_{name}.up.sql"),
                    self.up_text(naming, &rendered.up, &whole),
                ),
                file(
                    format!("{n:04}_{name}.down.sql"),
                    self.down_text(naming, &rendered.down, &whole),
                ),
            ]);
        }
        let first_number = match self {
            Layout::Refinery => next_number(dir, refinery_number)?,
            _ => 0,
        };
        let mut files = Vec::new();
        for piece in pieces(rendered, self.has_down()) {
            let name = piece_name(name, &piece);
            let at = naming.now + Duration::from_secs(piece.index as u64);
            let (y, mo, d, h, mi, s) = utc(at);
            let up = self.up_text(naming, &rendered.up, &piece);
            let down = self.down_text(naming, &rendered.down, &piece);
            match self {
                Layout::Sqlx => {
                    let v = format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}");
                    version_free(dir, &v)?;
                    files.push(file(format!("{v}_{name}.up.sql"), up));
                    files.push(file(format!("{v}_{name}.down.sql"), down));
                }
                Layout::Diesel => {
                    let v = format!("{y:04}-{mo:02}-{d:02}-{h:02}{mi:02}{s:02}");
                    version_free(dir, &v)?;
                    let outside =
                        piece.up.outside_transaction() || piece.down.outside_transaction();
                    files.push(file(format!("{v}_{name}/up.sql"), up));
                    files.push(file(format!("{v}_{name}/down.sql"), down));
                    if outside {
                        files.push(file(
                            format!("{v}_{name}/metadata.toml"),
                            "# Written by cargo-datamodel: a statement of this migration can't run in a transaction.\nrun_in_transaction = false\n".into(),
                        ));
                    }
                }
                Layout::Refinery => {
                    let n = first_number + piece.index as u64;
                    files.push(file(format!("V{n}__{name}.sql"), up));
                }
                Layout::Plain => unreachable!("handled above"),
            }
        }
        Ok(files)
    }

    /// `true` when the layout writes down migrations.
    pub fn has_down(self) -> bool {
        self != Layout::Refinery
    }

    /// The marker line the tool reads when the file must run outside a transaction.
    fn no_transaction_marker(self) -> &'static str {
        match self {
            Layout::Sqlx => "-- no-transaction\n",
            Layout::Refinery => "-- refinery:noTransaction\n",
            // diesel reads metadata.toml; the comment the header writes marks it for us.
            Layout::Plain | Layout::Diesel => "",
        }
    }

    /// The up file of a piece: marker, header, body.
    fn up_text(self, naming: &Naming<'_>, whole: &Migration, piece: &Piece<'_>) -> String {
        self.text(naming, "up", Some(whole), piece, &piece.up)
    }

    /// The down file of a piece: the way back, or why there is none and a statement that
    /// fails.
    fn down_text(self, naming: &Naming<'_>, down: &Down, piece: &Piece<'_>) -> String {
        let whole = match down {
            Down::Migration(m) => Some(m),
            Down::Irreversible(_) => None,
        };
        self.text(naming, "down", whole, piece, &piece.down)
    }

    fn text(
        self,
        naming: &Naming<'_>,
        direction: &str,
        whole: Option<&Migration>,
        piece: &Piece<'_>,
        body: &Body<'_>,
    ) -> String {
        let outside = body.outside_transaction();
        let mut out = String::new();
        if outside {
            out.push_str(self.no_transaction_marker());
        }
        out.push_str(&header(naming, direction, whole, piece, outside));
        out.push_str(&match body {
            Body::Whole(m) => m.script(),
            Body::Part(p) => p.sql.clone(),
            // A statement, not only a comment: MySQL refuses an empty query.
            Body::Nothing => format!(
                "{}SELECT 1;\n",
                crate::dialect::line_comment(
                    "",
                    &format!("Nothing to run in this part: the {direction} migration has fewer parts than the other direction."),
                )
            ),
            Body::Irreversible(why) => irreversible(why),
        });
        out
    }
}

/// The down body of a migration held by one file.
fn down_whole(down: &Down) -> Body<'_> {
    match down {
        Down::Migration(m) => Body::Whole(m),
        Down::Irreversible(why) => Body::Irreversible(why),
    }
}

/// The migrations a tool that sends each file as one query needs: one per part (the longer of
/// the up and the down), the down parts in reverse. One piece holds the whole migration when
/// neither direction must be cut.
fn pieces<'a>(rendered: &'a Rendered, with_down: bool) -> Vec<Piece<'a>> {
    let ups = rendered.up.parts();
    let downs = match &rendered.down {
        Down::Migration(m) if with_down => m.parts(),
        _ => Vec::new(),
    };
    if ups.len() <= 1 && downs.len() <= 1 {
        return vec![Piece {
            up: Body::Whole(&rendered.up),
            down: down_whole(&rendered.down),
            index: 0,
            total: 1,
        }];
    }
    let total = ups.len().max(downs.len()).max(1);
    let part = |parts: &[Part], i: usize| parts.get(i).cloned().map_or(Body::Nothing, Body::Part);
    (0..total)
        .map(|i| Piece {
            up: part(&ups, i),
            down: match &rendered.down {
                Down::Irreversible(why) if i + 1 == total => Body::Irreversible(why),
                Down::Irreversible(_) => Body::Nothing,
                Down::Migration(_) => part(&downs, total - 1 - i),
            },
            index: i,
            total,
        })
        .collect()
}

/// `add_tags`, or `add_tags_part2` when the migration is cut.
fn piece_name(name: &str, piece: &Piece<'_>) -> String {
    match piece.total {
        1 => name.to_string(),
        _ => format!("{name}_part{}", piece.index + 1),
    }
}

/// A version (`20260102030405`) no migration of `dir` has yet: tools order by it, and two
/// migrations with one version are an error in sqlx and diesel.
fn version_free(dir: &Path, version: &str) -> Result<(), Error> {
    let prefix = format!("{version}_");
    let taken = crate::output::list_dir(dir)
        .map_err(|e| Error::new(e.to_string()))?
        .into_iter()
        .find(|(name, _)| name.starts_with(&prefix));
    match taken {
        Some((name, _)) => Err(Error::new(format!(
            "the migration version {version} is taken by `{}` in {}; nothing was written",
            name,
            dir.display()
        ))
        .help("run `migrate` again a few seconds later: the version is the current UTC time")),
        None => Ok(()),
    }
}

/// The failing body of an irreversible down migration.
fn irreversible(why: &str) -> String {
    let c = |t: &str| crate::dialect::line_comment("", t);
    let mut out = c(&format!("This migration can't be undone: {why}."));
    out.push_str(&c(
        "The statement below fails on purpose, so that no migration tool records it as reverted.",
    ));
    out.push('\n');
    out.push_str(IRREVERSIBLE_SQL);
    out
}

/// The header comment: tool, migration, engine, direction, the part, and each change with its
/// class.
fn header(
    naming: &Naming<'_>,
    direction: &str,
    whole: Option<&Migration>,
    piece: &Piece<'_>,
    outside: bool,
) -> String {
    let c = |t: &str| crate::dialect::line_comment("", t);
    let mut out = c(&format!(
        "Generated by cargo-datamodel (migration `{}`, {}, {direction}).",
        naming.name, naming.engine
    ));
    if piece.total > 1 {
        out.push_str(&c(&format!(
            "Part {} of {}: a statement must be a query of its own (CREATE INDEX CONCURRENTLY), and this tool sends a file as one query. Apply all parts in order; revert all of them to undo the migration.",
            piece.index + 1,
            piece.total
        )));
    }
    if outside {
        out.push_str(&c(
            "Runs outside a transaction: a statement can't run inside one (e.g. CREATE INDEX CONCURRENTLY).",
        ));
    }
    if let Some(m) = whole {
        out.push_str(&c("Changes:"));
        for step in &m.steps {
            out.push_str(&crate::dialect::line_comment(
                "  ",
                &format!("{} [{}]", step.change.describe(), step.safety.as_str()),
            ));
        }
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
