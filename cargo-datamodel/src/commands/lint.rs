//! `cargo datamodel lint`: runs the lint catalog ([`crate::lints`]) on the resolved schema,
//! prints rustc-style diagnostics (or JSON lines), optionally the scorecard, and fails with
//! exit code 1 when a deny-level rule fires. `--explain` and `--list` need no crate.

use crate::cli::{LintArgs, MessageFormat};
use crate::collect::CollectOptions;
use crate::diagnostics::Message;
use crate::lints::{self, LintConfig, LintReport, Rule};
use crate::report::{Console, Error, Failure};
use crate::schema::Schema;

pub fn run(
    opts: &CollectOptions,
    args: &LintArgs,
    console: &mut Console<'_>,
) -> Result<(), Failure> {
    if let Some(code) = &args.explain {
        return super::explain::print(code, console);
    }
    if args.list {
        for rule in Rule::ALL {
            writeln!(
                console.out,
                "{}  {:<36} {:<5} {}",
                rule.code(),
                rule.name(),
                rule.default_level().label(),
                rule.dimension().title()
            )?;
        }
        return Ok(());
    }
    let (collected, schema) = super::resolve(opts, console)?;
    let target = crate::target::Target::from_config(&collected.config);
    let report = lint_schema(&schema, &target, &collected.config)?;
    print_report(&report, console)?;
    if console.message_format == MessageFormat::Human {
        writeln!(console.err, "{}", report.summary())?;
    }
    if args.scorecard {
        let card = lints::scorecard::compute(&schema, &report);
        console.out.write_all(card.render_text().as_bytes())?;
    }
    if report.has_deny() {
        return Err(deny_failure(&report));
    }
    deny_warnings(console, "lint")
}

/// Reports every finding of the lint run through the console (rustc-style with the source
/// line, cargo JSON or SARIF).
pub fn print_report(report: &LintReport, console: &mut Console<'_>) -> Result<(), Failure> {
    for v in &report.violations {
        let m = Message::from_violation(v, console.sources.as_ref());
        console.report(&m)?;
    }
    Ok(())
}

/// With `-D warnings`, the failure for the warnings reported so far (model warnings and
/// lint findings), as clippy turns warnings into errors; `what` names the command's output.
pub fn deny_warnings(console: &Console<'_>, what: &str) -> Result<(), Failure> {
    let n = console.counts().warnings;
    if !console.deny_warnings || n == 0 {
        return Ok(());
    }
    let s = if n == 1 { "" } else { "s" };
    let nothing = if what == "lint" {
        String::new()
    } else {
        format!("; nothing was {what}")
    };
    Err(Failure::Rejected(
        Error::new(format!(
            "{n} warning{s} denied by `-D warnings`{nothing}"
        ))
        .help("fix them, or set the rule's level in the `lints` table of `[package.metadata.datamodel]` / silence it with `#[datamodel(allow = \"rule-name\")]`; without `-D warnings` they do not fail the run"),
    ))
}

/// Runs the lints with the levels of the configuration (`[package.metadata.datamodel.lints]`).
/// An unknown rule there, or in an `allow` attribute, is an error: a typo must not silently
/// leave a rule on or off.
pub fn lint_schema(
    schema: &Schema,
    target: &crate::target::Target,
    config: &crate::config::Config,
) -> Result<LintReport, Failure> {
    let levels = LintConfig::from_levels(&config.lints).map_err(|e| {
        Failure::Fatal(
            Error::new(format!(
                "invalid `lints` table of the datamodel configuration: {e}"
            ))
            .help("run `cargo datamodel lint --list` to see every rule's code and name"),
        )
    })?;
    if let Some((at, e)) = lints::unknown_allows(schema).into_iter().next() {
        return Err(Failure::Fatal(
            Error::new(format!("`#[datamodel(allow = ...)]` on `{at}`: {e}"))
                .help("fix the rule name in the attribute; `cargo datamodel lint --list` shows every rule's code and name"),
        ));
    }
    Ok(lints::run(schema, target, &levels))
}

/// The failure for a report with deny-level violations (already printed).
pub fn deny_failure(report: &LintReport) -> Failure {
    let n = report.count(lints::Level::Deny);
    Failure::Rejected(
        Error::new(format!(
            "{n} deny-level lint violation{} (see above)",
            if n == 1 { "" } else { "s" }
        ))
        .help("fix them, or lower the rule's level in the `lints` table of `[package.metadata.datamodel]` (or `[workspace.metadata.datamodel]`) / silence it with `#[datamodel(allow = \"rule-name\")]`"),
    )
}
