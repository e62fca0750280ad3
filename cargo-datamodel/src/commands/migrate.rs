//! `cargo datamodel migrate --name <name>`: the migration from the committed schema snapshot
//! to the current structs, for every configured engine, in one migration tool's layout; then the
//! snapshot moves forward, the change history gains a record and the document is regenerated
//! (its "Change History" reads the history, so `check` stays green after a migration).
//!
//! Nothing is written unless everything can be: every engine is rendered first (a
//! [`Refusal`] from any of them, e.g. a destructive change without `--allow-destructive`, is
//! reported with its code and nothing is written), no migration file may already exist, and the
//! document is planned before the first write (a template error stops it too). The writes
//! themselves are atomic per file and undone as a whole when one fails, so the snapshot never
//! moves without its migration files. No change: nothing is written. `--dry-run` prints the
//! plan and writes nothing.

use super::generate::{doc_context, doc_failure, lint_gate, out_root, relative_to_cwd};
use crate::cli::MigrateArgs;
use crate::collect::CollectOptions;
use crate::config::Engine;
use crate::migrate::history::{ChangeRecord, History, Record};
use crate::migrate::layout::{normalize_name, Layout, MigrationFile, Naming};
use crate::migrate::render::{render_with, ExpandedRename, Options, Refusal, Rendered};
use crate::migrate::snapshot;
use crate::output::baseline::{HISTORY_FILE, SNAPSHOT_FILE};
use crate::report::{Console, Error, Failure};
use crate::schema::Schema;
use crate::target::Target;
use std::path::{Path, PathBuf};

pub fn run(
    opts: &CollectOptions,
    args: &MigrateArgs,
    console: &mut Console<'_>,
) -> Result<(), Failure> {
    // A bad name is refused before the (slow) collection.
    let name = args.name.as_deref().map(normalize_name).transpose()?;
    if let Some(url) = &args.baseline_from_database {
        return baseline_from_database(opts, args, url, name, console);
    }
    let (collected, schema) = super::resolve(opts, console)?;
    let target = Target::from_config(&collected.config);
    let report = lint_gate(&collected, &schema, &target, console, "migrated")?;
    let out = out_root(&collected, args.out.out.as_deref());
    super::generate::reject_file_in_the_way(&out)?;
    // From reading the snapshot to moving it forward: a second `migrate` waits, then sees
    // the new snapshot (never two migrations of one change).
    let lock = crate::output::lock_root(&out).map_err(doc_failure)?;
    let base = crate::output::baseline_dir(&out, &collected.doc_key(), &collected.doc_slug())
        .map_err(doc_failure)?;
    let old = read_baseline(&base)?;
    let changes = crate::migrate::diff(&old, &schema);
    let shown = relative_to_cwd(&base.join(SNAPSHOT_FILE));
    let pending = History::read(&base.join(HISTORY_FILE))?.pending_contracts();
    let contract = contracts_asked(args, &pending)?;
    if changes.is_empty() && contract.is_empty() {
        note_pending(console, &pending)?;
        console.status(
            "Fresh",
            &format!(
                "no change since the schema snapshot {}; nothing written",
                shown.display()
            ),
        )?;
        return Ok(());
    }
    let options = Options {
        allow_destructive: args.allow_destructive,
        backfills: args.backfill.clone(),
        expand_contract: args.expand_contract,
        contract: contract.clone(),
    };
    let rendered = render_all(&old, &schema, &target, &options)?;
    if args.dry_run {
        return print_plan(console, &rendered, changes.len());
    }
    let Some(name) = name else {
        return Err(Error::new("`migrate` needs `--name` to write a migration")
            .help("name what changed: `cargo datamodel migrate --name add_tags`")
            .into());
    };
    let root = args.migrations_dir.clone().unwrap_or_else(|| {
        collected
            .workspace_root
            .join(collected.output_base())
            .join("migrations")
    });
    let naming = |engine: Engine| Naming {
        name: &name,
        now: console.clock.now(),
        engine: engine.display_name(),
    };
    let files = migration_files(&root, args.layout, &rendered, naming)?;
    let ctx = doc_context(&collected, &schema, &report);
    // A template error stops us here, before anything is written.
    crate::output::plan(&schema, &target, &ctx, &out).map_err(doc_failure)?;
    let record = history_record(&name, console, &changes, &rendered, contract);
    let still: Vec<ExpandedRename> = pending
        .into_iter()
        .filter(|r| !record.contracted.contains(r))
        .chain(record.expanded.iter().cloned())
        .collect();
    write_migration(&files, &base, &schema, record)?;
    drop(lock); // `generate` takes it again
    report_written(console, &files, args.layout)?;
    note_pending(console, &still)?;
    console.status(
        "Updating",
        &format!("{} (the baseline moved forward)", shown.display()),
    )?;
    regenerate_document(&schema, &target, &ctx, &out, console)
}

/// `--dry-run`: the plan of each engine on stdout, nothing written.
fn print_plan(
    console: &mut Console<'_>,
    rendered: &[Rendered],
    changes: usize,
) -> Result<(), Failure> {
    console.out.write_all(plan_table(rendered).as_bytes())?;
    console.status(
        "Planned",
        &format!(
            "{changes} change{} for {}; nothing written (--dry-run)",
            if changes == 1 { "" } else { "s" },
            engine_list(rendered)
        ),
    )?;
    Ok(())
}

/// After the migration is written: the document again, whose change history lists it.
fn regenerate_document(
    schema: &Schema,
    target: &Target,
    ctx: &crate::document::DocContext,
    out: &Path,
    console: &mut Console<'_>,
) -> Result<(), Failure> {
    let r = crate::output::generate(schema, target, ctx, out).map_err(|e| {
        let mut f = doc_failure(e);
        if let Failure::Fatal(e) = &mut f {
            e.help.push("the migration files and the snapshot are written; after fixing this, run `cargo datamodel` to update the document".into());
        }
        f
    })?;
    console.status(
        "Writing",
        &format!(
            "{}/{}/ (the document's change history)",
            relative_to_cwd(out).display(),
            r.folder
        ),
    )?;
    Ok(())
}

/// `--baseline-from-database URL`: the snapshot written from the live database (the model
/// where the database agrees with it, [`crate::drift::baseline`]), with a history record, then
/// the document regenerated (its change history lists the baseline). An existing snapshot is
/// replaced only with `--force`.
fn baseline_from_database(
    opts: &CollectOptions,
    args: &MigrateArgs,
    url: &str,
    name: Option<String>,
    console: &mut Console<'_>,
) -> Result<(), Failure> {
    let shown_url = super::import::redact(url);
    super::drift::url_engine(url, &shown_url)?;
    let (collected, schema) = super::resolve(opts, console)?;
    let target = Target::from_config(&collected.config);
    let report = lint_gate(&collected, &schema, &target, console, "baselined")?;
    let out = out_root(&collected, args.out.out.as_deref());
    super::generate::reject_file_in_the_way(&out)?;
    let lock = crate::output::lock_root(&out).map_err(doc_failure)?;
    let base = crate::output::baseline_dir(&out, &collected.doc_key(), &collected.doc_slug())
        .map_err(doc_failure)?;
    let path = base.join(SNAPSHOT_FILE);
    let shown = relative_to_cwd(&path);
    if path.exists() && !args.force {
        return Err(Failure::Rejected(
            Error::new(format!(
                "a schema snapshot already exists at {}; the baseline from {shown_url} would replace it",
                shown.display()
            ))
            .code(crate::diagnostics::migrate_codes::codes::SNAPSHOT_EXISTS)
            .help("add `--force` to replace it with what the database holds (the change history records the baseline), or run `cargo datamodel migrate --name ...` to migrate from the committed snapshot; nothing was written"),
        ));
    }
    let (engine, live) = super::drift::read_live(url, console)?;
    if !target.engines().contains(&engine) {
        console.warn(&format!(
            "the structs are configured for {}; the baseline is read from a {} database",
            crate::prose::and_list(
                &target
                    .engines()
                    .iter()
                    .map(|e| e.display_name().to_string())
                    .collect::<Vec<_>>()
            ),
            engine.display_name()
        ))?;
    }
    let differences = crate::drift::compare(&schema, &live, engine);
    let snapshot = crate::drift::baseline(&schema, &live, engine);
    let record = Record {
        name: name.unwrap_or_else(|| "baseline_from_database".into()),
        timestamp: rfc3339(console.clock.now()),
        changes: Vec::new(),
        expanded: Vec::new(),
        contracted: Vec::new(),
    };
    let ctx = doc_context(&collected, &schema, &report);
    crate::output::plan(&schema, &target, &ctx, &out).map_err(doc_failure)?;
    write_migration(&[], &base, &snapshot, record)?;
    drop(lock);
    console.status(
        "Baseline",
        &format!("{} written from {shown_url}", shown.display()),
    )?;
    for d in &differences {
        console.status("Differs", &d.message)?;
    }
    let n = differences.len();
    console.status(
        "Next",
        &if n == 0 {
            "the database is what the structs describe: the next `migrate` has no change".into()
        } else {
            format!(
                "{n} difference{} from the structs: `cargo datamodel migrate --name ...` writes the migration that takes the database to the structs",
                if n == 1 { "" } else { "s" }
            )
        },
    )?;
    crate::output::generate(&schema, &target, &ctx, &out).map_err(doc_failure)?;
    Ok(())
}

/// The snapshot in `base`; a clear error when there is none.
fn read_baseline(base: &Path) -> Result<Schema, Failure> {
    let path = base.join(SNAPSHOT_FILE);
    snapshot::read(&path)?.ok_or_else(|| {
        Failure::Fatal(
            Error::new(format!(
                "no schema snapshot at {}: there is no baseline to migrate from",
                relative_to_cwd(&path).display()
            ))
            .help("run `cargo datamodel` first: its first run records the current structs as the baseline (what is deployed); commit it, change the structs, then run `migrate`"),
        )
    })
}

/// Every engine's migration, or the first refusal (as a coded error, exit 1).
fn render_all(
    old: &Schema,
    new: &Schema,
    target: &Target,
    options: &Options,
) -> Result<Vec<Rendered>, Failure> {
    target
        .engines()
        .iter()
        .map(|&e| render_with(old, new, e, options).map_err(|r| refusal(e, r)))
        .collect()
}

fn refusal(engine: Engine, r: Refusal) -> Failure {
    let mut e = Error::new(format!("{}: {}", engine.display_name(), r.message)).code(r.code);
    if !r.help.is_empty() {
        e = e.help(r.help);
    }
    e.help.push("nothing was written".into());
    Failure::Rejected(e)
}

/// `PostgreSQL and SQLite`.
fn engine_list(rendered: &[Rendered]) -> String {
    let names: Vec<String> = rendered
        .iter()
        .map(|r| r.up.engine.display_name().to_string())
        .collect();
    crate::prose::and_list(&names)
}

/// The `--dry-run` plan: one Markdown table, a row per step and engine.
fn plan_table(rendered: &[Rendered]) -> String {
    let cell = |s: &str| {
        let s = s.replace('|', "\\|").replace(['\n', '\r'], " ");
        if s.is_empty() {
            "—".to_string()
        } else {
            s
        }
    };
    let mut out = String::from(
        "| Engine | Table | Operation | Safety | Method | Notes |\n|--------|-------|-----------|--------|--------|-------|\n",
    );
    for r in rendered {
        for step in &r.up.steps {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                r.up.engine.display_name(),
                cell(step.change.table()),
                cell(&step.change.describe()),
                step.safety.as_str(),
                cell(&step.method),
                cell(&step.notes.join("; "))
            ));
        }
    }
    out
}

/// The files of every engine's migration under `root` (one subdirectory per engine when there
/// are several), refused when one is already there.
fn migration_files<'a>(
    root: &Path,
    layout: Layout,
    rendered: &[Rendered],
    naming: impl Fn(Engine) -> Naming<'a>,
) -> Result<Vec<MigrationFile>, Failure> {
    let mut files = Vec::new();
    for r in rendered {
        let engine = r.up.engine;
        let dir = match rendered.len() {
            1 => root.to_path_buf(),
            _ => root.join(engine.name()),
        };
        files.extend(layout.files(&dir, &naming(engine), r)?);
    }
    if let Some(f) = files.iter().find(|f| f.path.exists()) {
        return Err(Error::new(format!(
            "{} already exists; nothing was written",
            relative_to_cwd(&f.path).display()
        ))
        .help("a migration with this name was written in the same second: choose another `--name`, or remove that file if it is a leftover")
        .into());
    }
    Ok(files)
}

/// Writes the migration files, then the history and the snapshot; when a write fails, what
/// this call wrote is undone (new files removed, the history restored).
fn write_migration(
    files: &[MigrationFile],
    base: &Path,
    schema: &Schema,
    record: Record,
) -> Result<(), Failure> {
    let history_path = base.join(HISTORY_FILE);
    let old_history = std::fs::read_to_string(&history_path).ok();
    let mut history = History::read(&history_path)?;
    history.migrations.push(record);
    let snapshot_json = snapshot::render(schema)?;
    let mut written: Vec<PathBuf> = Vec::new();
    let result = (|| {
        for f in files {
            crate::output::write_atomic(&f.path, f.content.as_bytes())?;
            written.push(f.path.clone());
        }
        crate::output::write_atomic(&history_path, history.render().as_bytes())?;
        crate::output::write_atomic(&base.join(SNAPSHOT_FILE), snapshot_json.as_bytes())
    })();
    if let Err(e) = result {
        for p in &written {
            let _ = std::fs::remove_file(p);
        }
        // Best effort: the history is restored as it was (or removed when it is new).
        match &old_history {
            Some(text) => {
                let _ = crate::output::write_atomic(&history_path, text.as_bytes());
            }
            None => {
                let _ = std::fs::remove_file(&history_path);
            }
        }
        return Err(Error::new(format!(
            "{e}; nothing was written (the files of this run were removed again)"
        ))
        .help("check that the migrations directory and the output folder are writable")
        .into());
    }
    Ok(())
}

/// One status line per migration directory: the files written there.
fn report_written(
    console: &mut Console<'_>,
    files: &[MigrationFile],
    layout: Layout,
) -> Result<(), Failure> {
    for f in files {
        console.status("Writing", &relative_to_cwd(&f.path).display().to_string())?;
    }
    if !layout.has_down() {
        console.plain(
            "note",
            "refinery has no down migrations: none written (to undo, write a new migration)",
        )?;
    }
    Ok(())
}

/// `2026-01-02T03:04:05Z`.
fn rfc3339(t: std::time::SystemTime) -> String {
    let (y, mo, d, h, mi, s) = crate::term::status::utc(t);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

#[cfg(test)]
mod tests;

/// The renames `--contract` drops: every pending one; refused when there is none.
fn contracts_asked(
    args: &MigrateArgs,
    pending: &[ExpandedRename],
) -> Result<Vec<ExpandedRename>, Failure> {
    if !args.contract {
        return Ok(Vec::new());
    }
    if pending.is_empty() {
        return Err(Error::new(
            "`--contract`: no rename is waiting for its contract (the change history lists none expanded and not yet contracted)",
        )
        .help("`--contract` follows a `migrate --expand-contract` that renamed a column; without one there is nothing to drop")
        .into());
    }
    Ok(pending.to_vec())
}

/// The change history's record of this migration: its changes, the renames it expanded (once
/// each, whatever the number of engines) and the ones it contracted.
fn history_record(
    name: &str,
    console: &Console<'_>,
    changes: &[crate::migrate::Change],
    rendered: &[Rendered],
    contract: Vec<ExpandedRename>,
) -> Record {
    let mut expanded: Vec<ExpandedRename> = Vec::new();
    for r in rendered.iter().flat_map(|r| &r.expanded) {
        if !expanded.contains(r) {
            expanded.push(r.clone());
        }
    }
    let mut records: Vec<ChangeRecord> = changes.iter().map(ChangeRecord::of).collect();
    records.extend(contract.iter().map(|r| {
        ChangeRecord::of(&crate::migrate::Change::DropColumn {
            table: r.table.clone(),
            column: r.from.clone(),
        })
    }));
    Record {
        name: name.to_string(),
        timestamp: rfc3339(console.clock.now()),
        changes: records,
        expanded,
        contracted: contract,
    }
}

/// Says which renames wait for their contract (`migrate --contract`), where the user runs.
pub(super) fn note_pending(
    console: &mut Console<'_>,
    pending: &[ExpandedRename],
) -> Result<(), Failure> {
    if pending.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = pending.iter().map(ExpandedRename::describe).collect();
    console.warn(&format!(
        "rename{} expanded and waiting for the contract: {}; once every running instance uses the new name{}, run `cargo datamodel migrate --name <name> --contract` to drop the old column{}",
        if pending.len() == 1 { "" } else { "s" },
        list.join(", "),
        if pending.len() == 1 { "" } else { "s" },
        if pending.len() == 1 { "" } else { "s" },
    ))?;
    Ok(())
}
