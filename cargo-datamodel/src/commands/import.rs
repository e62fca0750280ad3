//! `cargo datamodel import <FILE|DIR>...`: an existing schema read into the model (see
//! [`crate::import`]), then the same outputs as a derived model: the data-model document
//! (whose lint findings and scorecard are the brownfield schema's gaps) or the Schema JSON.
//!
//! No crate is collected: the SQL is the model. The document is configured as the
//! configuration's defaults with the imported engine as the only one, so every section speaks
//! of the engine the schema runs on. Deny-level lint findings don't stop the document here:
//! for an existing schema they are the findings, not a gate.

use crate::cli::{ImportArgs, ImportFormat};
use crate::config::{Config, Engine};
use crate::diagnostics::import_codes::codes;
use crate::document::{DocContext, PackageInfo, ScorecardView};
use crate::import::{self, inputs, Imported};
use crate::report::{Console, Error, Failure};
use std::path::PathBuf;

pub fn run(args: &ImportArgs, console: &mut Console<'_>) -> Result<(), Failure> {
    let engine = args
        .dialect
        .as_deref()
        .map(|d| {
            super::ddl::parse_engine(d).map_err(|e| {
                Error::new(format!("unknown `--dialect` `{d}`"))
                    .help(e.help.first().cloned().unwrap_or_default())
            })
        })
        .transpose()?;
    let imported = match &args.database_url {
        Some(url) => import_database(url, console)?,
        None => import_files(args, engine, console)?,
    };
    report_skipped(&imported, console)?;
    if !args.emit.is_empty() {
        return emit(args, &imported, console);
    }
    match args.format.unwrap_or(ImportFormat::Document) {
        ImportFormat::Json => {
            let json = serde_json::to_string_pretty(&imported.schema)
                .map_err(|e| Error::new(format!("could not serialize the schema: {e}")))?;
            writeln!(console.out, "{json}")?;
            Ok(())
        }
        ImportFormat::Document => write_document(args, &imported, console),
    }
}

fn import_files(
    args: &ImportArgs,
    engine: Option<Engine>,
    console: &mut Console<'_>,
) -> Result<Imported, Failure> {
    let sources = inputs::read_inputs(&args.inputs).map_err(|e| {
        Failure::Fatal(
            Error::new(e.to_string())
                .code(codes::UNREADABLE_INPUT)
                .help("give readable SQL files or migrations directories; nothing was imported"),
        )
    })?;
    console.status(
        "Importing",
        &format!("{} SQL file{}", sources.len(), plural(sources.len())),
    )?;
    import::import(&sources, engine).map_err(|e| {
        Failure::Fatal(Error::new(e.to_string()).code(codes::AMBIGUOUS_DIALECT).help(
            "say which engine with `--dialect postgres`, `--dialect mysql` (MariaDB too) or `--dialect sqlite`",
        ))
    })
}

/// `--emit rust DIR|-`: the structs, into a folder (atomic writes, never over a file without
/// the generated marker) or on stdout.
fn emit(args: &ImportArgs, imported: &Imported, console: &mut Console<'_>) -> Result<(), Failure> {
    let [lang, dest] = args.emit.as_slice() else {
        return Err(Error::new(
            "`--emit` takes a language and a destination: `--emit rust DIR` or `--emit rust -`",
        )
        .into());
    };
    if lang != "rust" {
        return Err(Error::new(format!("unknown `--emit` language `{lang}`"))
            .help("the one language is `rust`: `--emit rust DIR` or `--emit rust -`")
            .into());
    }
    let label = match (&args.database_url, args.inputs.as_slice()) {
        (Some(url), _) => redact(url),
        (None, [one]) => one.display().to_string(),
        (None, many) => many
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
    };
    let rust = import::emit_rust::emit_rust(imported, &label);
    for w in &rust.warnings {
        console.warn(&format!("{w} [{}]", w.code))?;
    }
    if dest == "-" {
        write!(console.out, "{}", rust.single_stream())?;
        return Ok(());
    }
    let dir = PathBuf::from(dest);
    if dir.exists() && !dir.is_dir() {
        return Err(Failure::Fatal(
            Error::new(format!("`{}` is a file, not a folder", dir.display()))
                .code(codes::EMIT_WOULD_OVERWRITE)
                .help("give a folder (created if missing), or `-` for stdout; nothing was written"),
        ));
    }
    let files = rust.files();
    for (name, _) in &files {
        let path = dir.join(name);
        let Ok(existing) = std::fs::read_to_string(&path) else {
            if path.exists() {
                return Err(not_ours(&path));
            }
            continue;
        };
        if !existing.starts_with(import::emit_rust::GENERATED_MARKER) {
            return Err(not_ours(&path));
        }
    }
    for (name, src) in &files {
        crate::output::write_atomic(&dir.join(name), src.as_bytes())
            .map_err(|e| Error::new(e.to_string()))?;
    }
    console.status(
        "Writing",
        &format!(
            "{}/ ({} file{}, {} warning{})",
            dir.display(),
            files.len(),
            plural(files.len()),
            rust.warnings.len(),
            plural(rust.warnings.len())
        ),
    )?;
    Ok(())
}

fn not_ours(path: &std::path::Path) -> Failure {
    Failure::Fatal(
        Error::new(format!(
            "`{}` exists and was not written by `--emit rust` (its first line is not `{}`); nothing was written",
            path.display(),
            import::emit_rust::GENERATED_MARKER
        ))
        .code(codes::EMIT_WOULD_OVERWRITE)
        .help("emit into an empty or new folder, move the file away, or write to stdout with `--emit rust -`"),
    )
}

/// `--database-url`: the catalog read as DDL, imported as the URL's engine.
fn import_database(url: &str, console: &mut Console<'_>) -> Result<Imported, Failure> {
    let shown = redact(url);
    console.status("Reading", &shown)?;
    let live = import::live::read(url).map_err(|e| {
        Failure::Fatal(
            Error::new(format!("can't read the database `{shown}`: {e}"))
                .code(codes::UNREADABLE_DATABASE)
                .help("check the URL (`postgres://user@host/db`, `mysql://user@host/db`, `sqlite://file.db`) and that the server is reachable; nothing was imported"),
        )
    })?;
    let mut imported = import::import(&live.sources, Some(live.engine))
        .map_err(|e| Failure::Fatal(Error::new(e.to_string())))?;
    imported.views.extend(live.views);
    Ok(imported)
}

/// The URL without its password (`user:***@`, `password=***`), for messages.
pub(crate) fn redact(url: &str) -> String {
    let url = redact_userinfo(url);
    match url.find("password=") {
        Some(at) => {
            let value_start = at + "password=".len();
            let end = url[value_start..]
                .find('&')
                .map_or(url.len(), |e| value_start + e);
            format!("{}***{}", &url[..value_start], &url[end..])
        }
        None => url,
    }
}

fn redact_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((user, host)) if user.contains(':') => {
            let name = user.split(':').next().unwrap_or("");
            format!("{scheme}://{name}:***@{host}")
        }
        _ => url.to_string(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// One warning per skipped statement (`file:line: reason`), then the summary.
fn report_skipped(imported: &Imported, console: &mut Console<'_>) -> Result<(), Failure> {
    for w in &imported.warnings {
        console.warn(&format!("{w} [{}]", w.code))?;
    }
    let counts = imported.schema.table_counts();
    let views = match imported.views.len() {
        0 => String::new(),
        n => format!(
            ", {n} view{} listed, not modelled ({})",
            plural(n),
            imported.views.join(", ")
        ),
    };
    console.status(
        "Imported",
        &format!(
            "{} table{} as {} SQL{views}; {} of {} statement{} skipped",
            counts.tables,
            plural(counts.tables),
            imported.engine.display_name(),
            imported.warnings.len(),
            imported.statements,
            plural(imported.statements),
        ),
    )?;
    Ok(())
}

fn write_document(
    args: &ImportArgs,
    imported: &Imported,
    console: &mut Console<'_>,
) -> Result<(), Failure> {
    let config = config_for(imported.engine);
    let target = crate::target::Target::from_config(&config);
    let report = super::lint::lint_schema(&imported.schema, &target, &config)?;
    super::lint::print_report(&report, console)?;
    let title = format!("{} data model", input_stem(args));
    let ctx = DocContext {
        title: title.clone(),
        slug: None,
        key: Some(format!("import:{title}")),
        id: None,
        package: PackageInfo::default(),
        tech: Default::default(),
        scorecard: Some(ScorecardView::from(&crate::lints::scorecard::compute(
            &imported.schema,
            &report,
        ))),
        template: None,
    };
    let out_root = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(Config::default().out_dir));
    super::generate::reject_file_in_the_way(&out_root)?;
    let r = crate::output::generate(&imported.schema, &target, &ctx, &out_root)
        .map_err(super::generate::doc_failure)?;
    console.status(
        "Writing",
        &format!(
            "{}/{}/ ({} written, {} unchanged)",
            out_root.display(),
            r.folder,
            r.written.len(),
            r.unchanged.len()
        ),
    )?;
    Ok(())
}

/// The defaults, with the imported engine as the one engine.
fn config_for(engine: Engine) -> Config {
    Config {
        engines: vec![engine],
        engines_inferred: false,
        ..Config::default()
    }
}

/// `chinook` for `chinook.sql`, `migrations` for a directory: the document's title.
fn input_stem(args: &ImportArgs) -> String {
    if let Some(url) = &args.database_url {
        let path = url.split('?').next().unwrap_or(url);
        let db = path.rsplit('/').next().unwrap_or("database");
        let stem = db.split('.').next().unwrap_or(db);
        return if stem.is_empty() {
            "database".into()
        } else {
            stem.into()
        };
    }
    args.inputs
        .first()
        .and_then(|p| p.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "imported".into())
}
