//! Command-line arguments, cargo-subcommand style.
//!
//! Cargo runs `cargo-datamodel datamodel <args>` for `cargo datamodel <args>`, so the top level
//! is a one-variant enum named like cargo (`cargo datamodel ...`), the way cargo-semver-checks
//! does it. The same parse works for `cargo run -p cargo-datamodel -- datamodel ...`.
//!
//! Only the shape of the arguments lives here; what they mean is in [`crate::collect`] and
//! [`crate::commands`]. The flags that pick *what* to collect mirror cargo's own (`-p`,
//! `--workspace`, `--features`, `--release`, ...), so they are accepted before or after the
//! subcommand.

use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// `cargo datamodel`: the data model of your `#[derive(DataModel)]` structs.
#[derive(Debug, Parser)]
#[command(name = "cargo", bin_name = "cargo", version, styles = clap::builder::styling::Styles::styled())]
pub enum Cli {
    /// Collect the entities of a crate and render its data model.
    #[command(version)]
    Datamodel(Args),
}

/// Arguments of `cargo datamodel`.
#[derive(Debug, Clone, ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// `generate`'s own flags, for `cargo datamodel` without a subcommand (which generates).
    #[command(flatten)]
    pub generate: GenerateArgs,
    #[command(flatten)]
    pub collect: CollectArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The subcommands. Without one, `generate` runs.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Write the data-model document, the DDL of every configured engine and the index under
    /// `docs/data-model/` of the package (the default command).
    Generate(GenerateArgs),
    /// Verify the generated files are up to date; writes nothing, exits 1 with a diff if not.
    /// With `--database-url`: compare the structs with a live database instead (exit 1 on
    /// drift, each difference named).
    Check(CheckArgs),
    /// Print the DATA MODEL PLAN: engine, tenancy, deletes, the entities and where the
    /// document will be written.
    Plan,
    /// Print the collected model (what the derives declared) as JSON.
    Schema(SchemaArgs),
    /// Print the DDL (CREATE TABLE, indexes, constraints, triggers) for one engine.
    Ddl(DdlArgs),
    /// Run the lint catalog on the resolved schema (exit 1 when a deny-level rule fires).
    Lint(LintArgs),
    /// Write the migration from the committed schema snapshot to the current structs for every
    /// configured engine, and move the snapshot forward (`--dry-run`: print the plan only).
    Migrate(MigrateArgs),
    /// Explain a diagnostic code (model errors `DM0xx` and lint rules `DM1xx`, or a lint's
    /// name), like `rustc --explain`; `--list` prints every code. Nothing is collected.
    Explain(ExplainArgs),
    /// Draft annotated `#[derive(DataModel)]` structs from an entity list
    /// (`new "User, Post, Comment"`) or a PRD (`new --from prd.md`), see docs/scaffold.md.
    New(NewArgs),
    /// Read an existing schema (SQL dumps, DDL files, a migrations directory) into the model:
    /// its data-model document (lint findings and scorecard are the gaps), or `--format json`.
    Import(ImportArgs),
    /// Ask the seed's six design questions (engine, migration, tenancy, deletes, retention,
    /// depth) and write the answers to `[package.metadata.datamodel]` of Cargo.toml.
    Init(InitArgs),
}

/// `init --engine` values: every engine's name (`dialect/`), then `multiple`.
fn engine_answers() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        crate::dialect::Engine::ALL
            .map(crate::dialect::Engine::name)
            .into_iter()
            .chain(["multiple"]),
    )
}

#[derive(Debug, Clone, Default, ClapArgs)]
pub struct InitArgs {
    /// Take every unanswered question's default (the current value, else the recommended one)
    /// without asking; also what happens when stdin is not a terminal.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Database engine(s).
    #[arg(long, value_name = "ENGINE", value_parser = engine_answers())]
    pub engine: Option<String>,
    /// Greenfield schema or extending existing tables.
    #[arg(long, value_parser = ["greenfield", "brownfield", "mixed"])]
    pub migration: Option<String>,
    /// Multi-tenancy.
    #[arg(long, value_parser = ["none", "shared", "schema", "database"])]
    pub tenancy: Option<String>,
    /// Delete strategy.
    #[arg(long, value_parser = ["soft", "hard", "archival", "mixed"])]
    pub deletes: Option<String>,
    /// Retention or GDPR requirements.
    #[arg(long, value_parser = ["none", "gdpr", "ttl", "custom"])]
    pub retention: Option<String>,
    /// Level of detail of the document.
    #[arg(long, value_parser = ["production", "mvp", "schema"])]
    pub depth: Option<String>,
}

#[derive(Debug, Clone, ClapArgs)]
pub struct NewArgs {
    /// Comma-separated entity names, e.g. "User, Post, Comment, Tag".
    #[arg(value_name = "ENTITIES", required_unless_present = "from")]
    pub entities: Option<String>,
    /// Extract entities and constraints from a PRD or feature description (Markdown file, or
    /// `-` for stdin) with the rule engine of docs/scaffold.md.
    #[arg(long, value_name = "FILE", conflicts_with = "entities")]
    pub from: Option<PathBuf>,
    /// The file to write, relative to the package directory.
    #[arg(long, value_name = "FILE", default_value = "src/models.rs")]
    pub out: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Default, ClapArgs)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub out: OutArgs,
    /// Write nothing: exit 1 with a unified diff when a generated file is stale or missing.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Clone, Default, ClapArgs)]
pub struct CheckArgs {
    #[command(flatten)]
    pub out: OutArgs,
    /// Compare the structs with this live database instead of the generated files:
    /// `postgres://user@host/db` (`?schema=name`, default the connection's current schema),
    /// `mysql://` or `mariadb://` `user@host/db`, `sqlite://path`. Read-only. Exit 1 when
    /// they differ, each difference named (DM045).
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
}

#[derive(Debug, Clone, Default, ClapArgs)]
pub struct OutArgs {
    /// Output root (default: `out-dir` of the configuration, `docs/data-model` of the package).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, ClapArgs)]
pub struct MigrateArgs {
    /// What the migration does, in file names: lowercase letters, digits and `_`
    /// (`add_tags`; `-` and spaces become `_`).
    #[arg(long, value_name = "NAME", required_unless_present_any = ["dry_run", "baseline_from_database"])]
    pub name: Option<String>,
    /// Print the plan (table, operation, safety, method, notes per engine) and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Allow changes that destroy data (dropping a column or table, narrowing a type); the
    /// down migration then says why it can't undo them.
    #[arg(long)]
    pub allow_destructive: bool,
    /// The value existing rows get in a NOT NULL column added without a default:
    /// `TABLE.COLUMN=EXPR`, one SQL expression per row (a literal, the row's columns, or a
    /// subquery). Repeatable. How an existing table becomes tenant-scoped.
    #[arg(long, value_name = "TABLE.COLUMN=EXPR", value_parser = crate::migrate::render::Backfill::parse)]
    pub backfill: Vec<crate::migrate::render::Backfill>,
    /// Renames in two releases where the engine can (PostgreSQL): this migration adds the
    /// new column kept in sync with the old one by a trigger; `--contract` drops the old one
    /// once no running code uses it. Without it a rename is one RENAME.
    #[arg(long)]
    pub expand_contract: bool,
    /// Drop the old columns of renames an earlier `--expand-contract` migration expanded
    /// (the change history lists them), once every running instance uses the new names.
    #[arg(long)]
    pub contract: bool,
    /// The migration tool's file layout.
    #[arg(long, value_enum, value_name = "LAYOUT", default_value_t = crate::migrate::layout::Layout::Plain)]
    pub layout: crate::migrate::layout::Layout,
    /// Adopt an existing database: write the schema snapshot (the baseline the next
    /// `migrate` diffs against) from this live database instead of migrating, so the next
    /// migration takes what is deployed to the structs. Same URLs as `check --database-url`.
    /// Refuses to replace a snapshot without `--force` (DM046).
    #[arg(long, value_name = "URL", conflicts_with_all = ["dry_run", "expand_contract", "contract", "backfill", "allow_destructive"])]
    pub baseline_from_database: Option<String>,
    /// With `--baseline-from-database`: replace the existing schema snapshot.
    #[arg(long, requires = "baseline_from_database")]
    pub force: bool,
    #[command(flatten)]
    pub out: OutArgs,
    /// Where the migration files go (default: `migrations/` next to the package's Cargo.toml;
    /// one subdirectory per engine when several are configured).
    #[arg(long, value_name = "DIR")]
    pub migrations_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, ClapArgs)]
pub struct DdlArgs {
    /// Engine to render for: postgres, mysql (MariaDB too) or sqlite. Default: the first
    /// configured engine.
    #[arg(long, value_name = "ENGINE")]
    pub engine: Option<String>,
}

#[derive(Debug, Clone, Default, ClapArgs)]
pub struct ImportArgs {
    /// SQL files and migrations directories (sqlx, diesel, refinery layouts), applied in
    /// the order given; a directory's migrations in version order.
    #[arg(value_name = "FILE|DIR", required_unless_present = "database_url")]
    pub inputs: Vec<PathBuf>,
    /// Read a live database's schema instead of files: `postgres://user@host/db` (with
    /// `?schema=name`, default the connection's current schema; `?schema=app,sales` reads
    /// several, the first one's tables bare, the others' as `sales.orders`), `mysql://` or `mariadb://`
    /// `user@host/db`, `sqlite://path`. Read-only.
    #[arg(long, value_name = "URL", conflicts_with_all = ["inputs", "dialect"])]
    pub database_url: Option<String>,
    /// The engine the SQL was written for: postgres, mysql (MariaDB too) or sqlite. Default:
    /// inferred from the SQL (an error when it can't be).
    #[arg(long, value_name = "ENGINE")]
    pub dialect: Option<String>,
    /// What to write: the data-model document under `--out` (default), or the imported
    /// Schema as JSON on stdout.
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,
    /// Folder of the document (default: `docs/data-model` under the current directory).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write the schema as `#[derive(DataModel)]` structs instead: `--emit rust DIR` (a
    /// `mod.rs` and one file per group; files without the generated marker are never
    /// overwritten) or `--emit rust -` (one stream on stdout).
    #[arg(long, num_args = 2, value_names = ["LANG", "DIR|-"], conflicts_with_all = ["format", "out"])]
    pub emit: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// The data-model document (Markdown, DDL, index) under `--out`.
    Document,
    /// The imported Schema, pretty JSON on stdout.
    Json,
}

#[derive(Debug, Clone, Default, ClapArgs)]
pub struct ExplainArgs {
    /// The code (`DM027`, `DM111`) or lint name (`fk-without-index`).
    #[arg(value_name = "CODE", required_unless_present = "list")]
    pub code: Option<String>,
    /// List every code with its one-line summary, and exit.
    #[arg(long, conflicts_with = "code")]
    pub list: bool,
}

#[derive(Debug, Clone, ClapArgs)]
pub struct LintArgs {
    /// Print the documentation of a rule (code like `DM111` or name like `fk-without-index`)
    /// and exit; nothing is collected. Same as `cargo datamodel explain`, which also explains
    /// the model error codes (`DM0xx`).
    #[arg(long, value_name = "RULE")]
    pub explain: Option<String>,
    /// Also print the 5-dimension quality scorecard.
    #[arg(long)]
    pub scorecard: bool,
    /// List every rule with its code, name, default level and dimension, and exit.
    #[arg(long, conflicts_with = "explain")]
    pub list: bool,
}

#[derive(Debug, Clone, ClapArgs)]
pub struct SchemaArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = SchemaFormat::Json)]
    pub format: SchemaFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaFormat {
    Json,
}

/// Which crates to collect and how to build them: cargo's own flags.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct CollectArgs {
    /// Path to Cargo.toml.
    #[arg(long, value_name = "PATH", global = true)]
    pub manifest_path: Option<PathBuf>,
    /// Package(s) to collect (repeatable).
    #[arg(short = 'p', long = "package", value_name = "SPEC", global = true)]
    pub packages: Vec<String>,
    /// Collect every workspace member that depends on `datamodel`.
    #[arg(long, global = true)]
    pub workspace: bool,
    /// Space or comma separated features to activate (`feat` or `package/feat`).
    #[arg(short = 'F', long, value_name = "FEATURES", global = true)]
    pub features: Vec<String>,
    /// Activate all features of the selected packages.
    #[arg(long, global = true)]
    pub all_features: bool,
    /// Do not activate the `default` feature.
    #[arg(long, global = true)]
    pub no_default_features: bool,
    /// Build the collector with the release profile.
    #[arg(short = 'r', long, global = true, conflicts_with = "profile")]
    pub release: bool,
    /// Build the collector with the given profile.
    #[arg(long, value_name = "PROFILE-NAME", global = true)]
    pub profile: Option<String>,
    /// Directory for all generated artifacts (default: the workspace's target directory).
    #[arg(long, value_name = "DIRECTORY", global = true)]
    pub target_dir: Option<PathBuf>,
}

/// How to report.
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct OutputArgs {
    /// Diagnostics as text on stderr, cargo's JSON messages on stdout, or a SARIF 2.1.0 log on
    /// stdout.
    #[arg(long, value_enum, value_name = "FMT", default_value_t = MessageFormat::Human, global = true)]
    pub message_format: MessageFormat,
    /// Coloring: auto, always, never (default: `CARGO_TERM_COLOR`, else auto).
    #[arg(long, value_enum, value_name = "WHEN", global = true)]
    pub color: Option<crate::term::ColorWhen>,
    /// `-D warnings`: fail (exit 1, nothing written) when a warning is reported, as clippy.
    #[arg(short = 'D', long = "deny", value_name = "warnings", value_parser = ["warnings"], global = true)]
    pub deny: Vec<String>,
    /// Print nothing but results and errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Show the collector's build output (repeat for more).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// rustc-style text with source snippets on stderr.
    #[default]
    Human,
    /// cargo's `--message-format json` records, one per line on stdout.
    Json,
    /// One SARIF 2.1.0 log on stdout (GitHub code scanning).
    Sarif,
}

/// The command line as cargo passes it: `cargo datamodel plan` runs
/// `cargo-datamodel datamodel plan`. When the binary is run directly (`cargo-datamodel plan`)
/// the `datamodel` cargo would have added is missing: it is inserted, so both work.
pub fn normalize_argv<I, T>(argv: I) -> Vec<std::ffi::OsString>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString>,
{
    let mut v: Vec<std::ffi::OsString> = argv.into_iter().map(Into::into).collect();
    if !v.is_empty() && v.get(1).is_none_or(|a| a != "datamodel") {
        v.insert(1, "datamodel".into());
    }
    v
}

/// The `--color` of a command line (`--color WHEN` or `--color=WHEN`, before any `--`), read
/// before clap parses it so that clap's own help and errors follow it too, as cargo's do.
/// `None` when absent or not a valid value (clap then reports the value).
pub fn color_flag(argv: &[std::ffi::OsString]) -> Option<crate::term::ColorWhen> {
    let mut found = None;
    let mut args = argv.iter().skip(1).filter_map(|a| a.to_str());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let value = if arg == "--color" {
            args.next()
        } else {
            arg.strip_prefix("--color=")
        };
        if let Some(v) = value {
            found = crate::term::ColorWhen::from_str(v, true).ok();
        }
    }
    found
}

/// The clap command with its colors set as `cargo datamodel` decides them: `--color`, else
/// `CARGO_TERM_COLOR` (`cargo_term_color`), else clap's auto (which reads `NO_COLOR`,
/// `CLICOLOR_FORCE` and whether the stream is a terminal).
pub fn command(argv: &[std::ffi::OsString], cargo_term_color: Option<&str>) -> clap::Command {
    use clap::CommandFactory;
    let when =
        crate::term::ColorWhen::resolve(color_flag(argv), cargo_term_color).unwrap_or_default();
    Cli::command().color(when.to_clap())
}

impl CollectArgs {
    /// The flags given that choose what is collected, as the user spelled them
    /// (`--workspace`), for the warning of a subcommand that collects nothing. `--target-dir`
    /// is not among them: it only says where builds go, and such a subcommand builds nothing.
    pub fn given(&self) -> Vec<&'static str> {
        let flags = [
            (self.manifest_path.is_some(), "--manifest-path"),
            (!self.packages.is_empty(), "--package"),
            (self.workspace, "--workspace"),
            (!self.features.is_empty(), "--features"),
            (self.all_features, "--all-features"),
            (self.no_default_features, "--no-default-features"),
            (self.release, "--release"),
            (self.profile.is_some(), "--profile"),
        ];
        flags
            .into_iter()
            .filter(|(on, _)| *on)
            .map(|(_, f)| f)
            .collect()
    }
}

impl Cli {
    /// Parses `argv` (already [`normalize_argv`]ed) with the colors of [`command`].
    pub fn try_parse_colored(
        argv: Vec<std::ffi::OsString>,
        cargo_term_color: Option<&str>,
    ) -> Result<Self, clap::Error> {
        use clap::FromArgMatches;
        let mut cmd = command(&argv, cargo_term_color);
        let matches = cmd.try_get_matches_from_mut(argv)?;
        Cli::from_arg_matches(&matches).map_err(|e| e.with_cmd(&cmd))
    }

    /// The arguments of `cargo datamodel`.
    pub fn into_args(self) -> Args {
        match self {
            Cli::Datamodel(args) => args,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Args {
        Cli::try_parse_from(args).unwrap().into_args()
    }

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn flags_before_or_after_the_subcommand() {
        let a = parse(&[
            "cargo",
            "datamodel",
            "plan",
            "--manifest-path",
            "x/Cargo.toml",
        ]);
        assert!(matches!(a.command, Some(Command::Plan)));
        assert_eq!(a.collect.manifest_path, Some(PathBuf::from("x/Cargo.toml")));
        let b = parse(&["cargo", "datamodel", "-p", "a", "-p", "b", "schema"]);
        assert_eq!(b.collect.packages, vec!["a", "b"]);
        assert!(matches!(b.command, Some(Command::Schema(_))));
    }

    #[test]
    fn no_subcommand_is_allowed() {
        let a = parse(&["cargo", "datamodel", "--workspace"]);
        assert!(a.command.is_none() && a.collect.workspace);
    }

    #[test]
    fn release_conflicts_with_profile() {
        assert!(
            Cli::try_parse_from(["cargo", "datamodel", "--release", "--profile", "x"]).is_err()
        );
    }

    #[test]
    fn must_be_invoked_as_cargo_subcommand() {
        assert!(Cli::try_parse_from(["cargo", "plan"]).is_err());
    }

    #[test]
    fn the_binary_run_directly_gets_the_datamodel_cargo_adds() {
        let direct = normalize_argv(["cargo-datamodel", "plan", "-q"]);
        assert_eq!(direct, ["cargo-datamodel", "datamodel", "plan", "-q"]);
        let via_cargo = normalize_argv(["cargo-datamodel", "datamodel", "plan"]);
        assert_eq!(via_cargo, ["cargo-datamodel", "datamodel", "plan"]);
        assert_eq!(
            normalize_argv(["cargo-datamodel"]),
            ["cargo-datamodel", "datamodel"]
        );
        let a = Cli::try_parse_from(direct).unwrap().into_args();
        assert!(matches!(a.command, Some(Command::Plan)) && a.output.quiet);
    }

    #[test]
    fn the_color_flag_is_found_before_parsing() {
        use crate::term::ColorWhen;
        let argv = |a: &[&str]| normalize_argv(a.iter().copied());
        assert_eq!(
            color_flag(&argv(&["cargo-datamodel", "plan", "--color", "always"])),
            Some(ColorWhen::Always)
        );
        assert_eq!(
            color_flag(&argv(&["cargo-datamodel", "--color=never", "--help"])),
            Some(ColorWhen::Never)
        );
        assert_eq!(
            color_flag(&argv(&["cargo-datamodel", "--color", "sometimes"])),
            None
        );
        assert_eq!(
            color_flag(&argv(&["cargo-datamodel", "new", "--", "--color=always"])),
            None
        );
        assert_eq!(color_flag(&argv(&["cargo-datamodel", "plan"])), None);
    }

    #[test]
    fn clap_gets_the_color_choice() {
        let argv = |a: &[&str]| normalize_argv(a.iter().copied());
        let always = command(&argv(&["cargo-datamodel", "--color", "always"]), None);
        assert_eq!(always.get_color(), clap::ColorChoice::Always);
        let env = command(&argv(&["cargo-datamodel"]), Some("never"));
        assert_eq!(env.get_color(), clap::ColorChoice::Never);
        let flag_wins = command(&argv(&["cargo-datamodel", "--color=always"]), Some("never"));
        assert_eq!(flag_wins.get_color(), clap::ColorChoice::Always);
        assert_eq!(
            command(&argv(&["cargo-datamodel"]), None).get_color(),
            clap::ColorChoice::Auto
        );
    }

    #[test]
    fn deny_takes_warnings_only() {
        let a = parse(&["cargo", "datamodel", "-D", "warnings"]);
        assert_eq!(a.output.deny, ["warnings"]);
        let a = parse(&["cargo", "datamodel", "lint", "--deny", "warnings"]);
        assert_eq!(a.output.deny, ["warnings"]);
        let e = Cli::try_parse_from(["cargo", "datamodel", "-D", "fk-without-index"]).unwrap_err();
        assert!(e.to_string().contains("[possible values: warnings]"), "{e}");
    }
}
