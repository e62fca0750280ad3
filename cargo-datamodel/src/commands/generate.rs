//! `cargo datamodel` / `cargo datamodel generate` and `cargo datamodel check`: write (or
//! verify) the data-model document, the DDL of every configured engine and the output index.
//!
//! Generation refuses to write when a deny-level lint fires (the violations are printed, the
//! exit code is 1). `check` (or `generate --check`) computes everything in memory, writes
//! nothing, and exits 1 with a unified diff when a file is stale or missing: teams run it in
//! CI next to `cargo test`. It also compares the structs with the committed schema snapshot
//! (the migration baseline, [`output::baseline`]) and exits 1 with DM043 when they changed and
//! no migration was written. `generate` writes that snapshot only when there is none.

use crate::cli::GenerateArgs;
use crate::collect::{CollectOptions, Collected};
use crate::document::{DocContext, DocError, PackageInfo, ScorecardView};
use crate::lints;
use crate::output;
use crate::report::{Console, Error, Failure};
use crate::schema::Schema;
use std::path::{Path, PathBuf};

pub fn run(
    opts: &CollectOptions,
    args: &GenerateArgs,
    console: &mut Console<'_>,
) -> Result<(), Failure> {
    let (collected, schema) = super::resolve(opts, console)?;
    let target = crate::target::Target::from_config(&collected.config);
    let verb = if args.check { "checked" } else { "generated" };
    let report = lint_gate(&collected, &schema, &target, console, verb)?;
    let ctx = doc_context(&collected, &schema, &report);
    let out_root = out_root(&collected, args.out.out.as_deref());
    let shown = relative_to_cwd(&out_root);
    reject_file_in_the_way(&out_root)?;
    if args.check {
        console.status("Checking", &format!("{}/", shown.display()))?;
        let r = output::check(&schema, &target, &ctx, &out_root).map_err(doc_failure)?;
        let baseline = out_root.join(&r.baseline_dir);
        migration_missing(&schema, &baseline)?;
        // A rename expanded by `migrate --expand-contract` waits for its contract: said, not
        // a failure (the next release runs it).
        let history =
            crate::migrate::history::History::read(&baseline.join(output::baseline::HISTORY_FILE))?;
        super::migrate::note_pending(console, &history.pending_contracts())?;
        if r.is_fresh() {
            console.status("Fresh", &format!("{}/ is up to date", shown.display()))?;
            return Ok(());
        }
        console.out.write_all(r.diff.as_bytes())?;
        return Err(Failure::Rejected(
            Error::new(format!(
                "the generated data model under {} is out of date: {}",
                shown.display(),
                stale_list(&r.stale)
            ))
            .help("run `cargo datamodel` (generate) and commit the result"),
        ));
    }
    // Everything is rendered before anything is written: when rendering fails (a template
    // error), the folders `generate` created are removed again and the disk is as it was.
    let r = output::generate(&schema, &target, &ctx, &out_root).map_err(doc_failure)?;
    let files = |n: usize| format!("{n} file{}", if n == 1 { "" } else { "s" });
    console.status(
        "Writing",
        &format!(
            "{}/{}/ ({} written, {} unchanged)",
            shown.display(),
            r.folder,
            files(r.written.len()),
            r.unchanged.len()
        ),
    )?;
    for path in &r.removed {
        console.status("Removing", &format!("{path} (no longer generated)"))?;
    }
    Ok(())
}

/// Lints the schema the way every writing command does: the warnings where the user runs, one
/// line counting them, and a refusal when a deny-level rule fires (or `-D warnings`).
pub(crate) fn lint_gate(
    collected: &Collected,
    schema: &Schema,
    target: &crate::target::Target,
    console: &mut Console<'_>,
    verb: &str,
) -> Result<lints::LintReport, Failure> {
    let report = super::lint::lint_schema(schema, target, &collected.config)?;
    // Like `cargo build`: the warnings where the user runs, then one line counting them.
    super::lint::print_report(&report, console)?;
    summarize(collected, console)?;
    if report.has_deny() {
        return Err(super::lint::deny_failure(&report));
    }
    super::lint::deny_warnings(console, verb)?;
    Ok(report)
}

/// `check`'s DM043: the structs describe another Schema than the committed snapshot (in
/// `baseline_dir`), so a migration was not generated. No snapshot yet: nothing to compare
/// (the drift check reports it missing).
fn migration_missing(schema: &Schema, baseline_dir: &Path) -> Result<(), Failure> {
    use crate::migrate::snapshot;
    let path = baseline_dir.join(output::baseline::SNAPSHOT_FILE);
    let Some(old) = snapshot::read(&path)? else {
        return Ok(());
    };
    let changes = crate::migrate::diff(&old, schema);
    if changes.is_empty() {
        return Ok(());
    }
    let listed: Vec<String> = changes.iter().take(5).map(|c| c.describe()).collect();
    let more = match changes.len() {
        n if n > 5 => format!(" (and {} more)", n - 5),
        _ => String::new(),
    };
    Err(Failure::Rejected(
        Error::new(format!(
            "the structs changed since the schema snapshot `{}` and no migration was generated: {}{more}",
            relative_to_cwd(&path).display(),
            listed.join(", ")
        ))
        .code(crate::diagnostics::migrate_codes::codes::MIGRATION_MISSING)
        .help("run `cargo datamodel migrate --name <what_changed>` (`--dry-run` first to see the plan) and commit the migration files with the snapshot"),
    ))
}

/// cargo's one line after a build with warnings:
/// ``warning: `blog` (data model) generated 2 warnings``.
fn summarize(collected: &Collected, console: &mut Console<'_>) -> Result<(), Failure> {
    let c = console.counts();
    if console.message_format != crate::cli::MessageFormat::Human
        || c.warnings + c.errors + c.notes == 0
    {
        return Ok(());
    }
    let mut parts = Vec::new();
    for (n, one, many) in [
        (c.errors, "error", "errors"),
        (c.warnings, "warning", "warnings"),
        (c.notes, "note", "notes"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    let name = collected
        .primary_package()
        .map_or_else(|| "workspace".to_string(), |p| p.name.clone());
    let label = if c.errors > 0 { "error" } else { "warning" };
    console.plain(
        label,
        &format!("`{name}` (data model) generated {}", parts.join(", ")),
    )?;
    Ok(())
}

/// `a.md, b.sql (no longer generated; `cargo datamodel` removes it)`.
fn stale_list(stale: &[output::StaleFile]) -> String {
    stale
        .iter()
        .map(|s| match s.status {
            output::FileStatus::Leftover => format!(
                "{} (no longer generated; `cargo datamodel` removes it)",
                s.path
            ),
            _ => s.path.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The document context of a collected model: title, slug, package, technical context, the
/// lint scorecard and the user template (resolved against the package directory).
pub fn doc_context(
    collected: &Collected,
    schema: &Schema,
    report: &lints::LintReport,
) -> DocContext {
    let base = collected.workspace_root.join(collected.output_base());
    let package = collected.primary_package();
    DocContext {
        title: collected.doc_title(),
        slug: Some(collected.doc_slug()),
        key: Some(collected.doc_key()),
        id: None,
        package: PackageInfo {
            name: package.map(|p| p.name.clone()).unwrap_or_default(),
            version: package.map(|p| p.version.clone()).unwrap_or_default(),
        },
        tech: collected.tech.clone(),
        scorecard: Some(ScorecardView::from(&lints::scorecard::compute(
            schema, report,
        ))),
        template: collected.config.template.as_ref().map(|t| base.join(t)),
    }
}

/// `--out DIR` (relative to the current directory), else `out_dir` of the configuration under
/// the package directory.
pub(crate) fn out_root(collected: &Collected, out: Option<&Path>) -> PathBuf {
    match out {
        Some(dir) => dir.to_path_buf(),
        None => collected.workspace_root.join(crate::paths::out_root_rel(
            &collected.output_base(),
            &collected.config.out_dir,
        )),
    }
}

/// A clear error when a file stands where the output folder should be.
pub(crate) fn reject_file_in_the_way(dir: &Path) -> Result<(), Failure> {
    if dir.exists() && !dir.is_dir() {
        return Err(Failure::Fatal(
            Error::new(format!("the output path {} is a file, not a directory", dir.display()))
                .help("remove or rename that file, or choose another folder with `--out DIR` or `out-dir` in `[package.metadata.datamodel]`"),
        ));
    }
    Ok(())
}

/// `path` relative to the current directory when it is below it (shorter messages).
pub(crate) fn relative_to_cwd(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

pub(crate) fn doc_failure(e: DocError) -> Failure {
    let help = match &e {
        DocError::Baseline(e) => return Failure::Fatal(e.clone()),
        DocError::Template { .. } => {
            "fix the template (the variables it gets are listed in docs/template-context.md of the datamodel repository), or remove `template` from `[package.metadata.datamodel]` to use the built-in one"
        }
        DocError::TemplateRead { .. } => {
            "check the `template` path in `[package.metadata.datamodel]` (relative to the package directory), or remove the key to use the built-in template"
        }
        DocError::Manifest { .. } => "nothing was written or removed",
        DocError::Io { .. } => "check that the output folder exists and is writable, or choose another with `--out DIR`",
    };
    Failure::Fatal(Error::new(e.to_string()).help(help))
}
