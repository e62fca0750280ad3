//! `cargo datamodel check --database-url URL`: the structs compared with a live database (see
//! [`crate::drift`]). Each difference is one DM045 error pointing at the struct or field it is
//! about (when the model has it); exit 1 when there is one, 0 when the database is what the
//! structs describe. A URL that can't be read is exit 2 (DM053), as for `import`.

use super::import::redact;
use crate::cli::CheckArgs;
use crate::collect::CollectOptions;
use crate::config::Engine;
use crate::diagnostics::import_codes::codes as import_codes;
use crate::diagnostics::migrate_codes::codes;
use crate::drift::Difference;
use crate::report::{Console, Error, Failure};
use crate::schema::Schema;
use datamodel::validate::{Diagnostic, Severity};

pub fn run(
    opts: &CollectOptions,
    args: &CheckArgs,
    console: &mut Console<'_>,
) -> Result<(), Failure> {
    let url = args.database_url.as_deref().unwrap_or_default();
    let shown = redact(url);
    // A URL that names no engine is refused before the (slow) collection.
    url_engine(url, &shown)?;
    let (collected, schema) = super::resolve(opts, console)?;
    let (engine, live) = read_live(url, console)?;
    console.status("Comparing", &format!("the structs with {shown}"))?;
    let differences = crate::drift::compare(&schema, &live, engine);
    if differences.is_empty() {
        console.status(
            "Fresh",
            &format!(
                "{shown} is what the structs describe ({})",
                engine.display_name()
            ),
        )?;
        return Ok(());
    }
    let diags = differences.iter().map(|d| diagnostic(d, &schema)).collect();
    for l in crate::collect::locate(&collected.model, &collected.crate_dirs, diags) {
        console.diagnostic(&l)?;
    }
    let n = differences.len();
    Err(Failure::Rejected(
        Error::new(format!(
            "the database {shown} differs from the structs: {n} difference{}",
            if n == 1 { "" } else { "s" }
        ))
        .help("change the structs to match the database, or write the migration (`cargo datamodel migrate --name ...`) and apply it; `cargo datamodel explain DM045`"),
    ))
}

/// The engine of the URL's scheme, or the error every database command gives (exit 2).
pub(crate) fn url_engine(url: &str, shown: &str) -> Result<Engine, Failure> {
    let scheme = url.split_once(':').map(|(s, _)| s);
    match scheme.and_then(Engine::parse) {
        Some(e) => Ok(e),
        None => Err(unreadable(
            shown,
            &match scheme {
                Some(s) => format!(
                    "unknown database URL scheme `{s}` (known: {})",
                    Engine::names()
                ),
                None => "it is not a database URL".into(),
            },
        )),
    }
}

fn unreadable(shown: &str, why: &str) -> Failure {
    Failure::Fatal(
        Error::new(format!("can't read the database `{shown}`: {why}"))
            .code(import_codes::UNREADABLE_DATABASE)
            .help("check the URL (`postgres://user@host:5432/db`, `mysql://user@host:3306/db`, `sqlite://path/to/file.db`) and that the server is reachable; nothing was compared"),
    )
}

/// The live database's Schema as the importer reads it; skipped statements are warnings.
pub(crate) fn read_live(url: &str, console: &mut Console<'_>) -> Result<(Engine, Schema), Failure> {
    let shown = redact(url);
    console.status("Reading", &shown)?;
    let live = crate::import::live::read(url).map_err(|e| {
        // The drivers' errors may repeat the URL: never with its password.
        let why = e.to_string().replace(url, &shown);
        unreadable(&shown, &why)
    })?;
    let imported = crate::import::import(&live.sources, Some(live.engine))
        .map_err(|e| Failure::Fatal(Error::new(e.to_string())))?;
    for w in &imported.warnings {
        console.warn(&format!("{w} [{}]", w.code))?;
    }
    Ok((live.engine, imported.schema))
}

/// A difference as a model diagnostic, about the struct (or field) that has the table (or
/// column) when the model has it.
fn diagnostic(d: &Difference, schema: &Schema) -> Diagnostic {
    let table = schema.tables.iter().find(|t| t.name == d.table);
    let field = table
        .zip(d.column.as_deref())
        .and_then(|(t, c)| t.columns.iter().find(|x| x.name == c))
        .and_then(|c| c.field.clone());
    Diagnostic {
        code: codes::DATABASE_DRIFT.into(),
        severity: Severity::Error,
        entity: table.and_then(|t| t.entity.clone()),
        field,
        message: d.message.clone(),
        help: None,
    }
}
