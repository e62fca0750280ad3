//! `cargo datamodel`: collect the entities of a crate, resolve them into one Schema, and render
//! DDL, the data-model document and lint reports from it.
//!
//! The binary (`main.rs`) only parses arguments, prints and picks the exit code; everything
//! else is here so it can be tested in-process: [`run`] takes parsed [`cli::Args`] and a
//! [`report::Console`] (captured buffers in tests) and returns the exit code.
//!
//! Exit codes: 0 success, 1 the model (or a lint) has errors, 2 usage, I/O, configuration or
//! build problems.

pub mod cli;
pub mod collect;
pub mod commands;
pub mod config;
pub mod ddl;
pub mod diagnostics;
pub mod dialect;
pub mod document;
pub mod drift;
pub mod import;
pub mod lints;
pub mod migrate;
pub mod output;
pub mod paths;
pub mod plan;
pub mod prose;
pub mod report;
pub mod retention;
pub mod scaffold;
pub mod schema;
pub mod target;
pub mod tenancy;
pub mod term;
#[doc(hidden)]
pub mod testkit;

use report::{Console, Failure};

/// Runs `cargo datamodel` with parsed arguments, printing results and failures to `console`;
/// returns the process exit code.
pub fn run(args: &cli::Args, console: &mut Console<'_>) -> i32 {
    let code = match execute(args, console) {
        Ok(()) => 0,
        Err(failure) => {
            let _ = console.failure(&failure);
            failure.exit_code()
        }
    };
    let _ = console.finish(code == 0);
    code
}

/// Like [`run`], returning the failure instead of printing it.
pub fn execute(args: &cli::Args, console: &mut Console<'_>) -> Result<(), Failure> {
    commands::dispatch(args, console)
}

/// Parses a command line (`["cargo", "datamodel", ...]`) and runs it in-process; usage errors
/// are printed like clap does and give exit code 2. For tests and embedding.
pub fn run_from<I, T>(argv: I, console: &mut Console<'_>) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let argv = cli::normalize_argv(argv);
    // In-process runs color only when asked, clap's help and errors included.
    let colored = cli::color_flag(&argv) == Some(term::ColorWhen::Always);
    let cargo_term_color = Some(if colored { "always" } else { "never" });
    match cli::Cli::try_parse_colored(argv, cargo_term_color) {
        Ok(cli) => {
            let args = cli.into_args();
            console.message_format = args.output.message_format;
            console.verbosity = verbosity(&args.output);
            console.deny_warnings = deny_warnings(&args.output);
            // In-process runs color only when asked: `--color always`.
            if let Some(when) = args.output.color {
                console.color = when.enabled(|| console.color);
            }
            run(&args, console)
        }
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = if colored {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            let sink: &mut dyn std::io::Write = if e.use_stderr() {
                &mut *console.err
            } else {
                &mut *console.out
            };
            let _ = sink.write_all(text.as_bytes());
            code
        }
    }
}

/// Whether `-D warnings` was given.
pub fn deny_warnings(o: &cli::OutputArgs) -> bool {
    o.deny.iter().any(|d| d == "warnings")
}

/// -1 for `-q`, else the number of `-v`.
pub fn verbosity(o: &cli::OutputArgs) -> i8 {
    if o.quiet {
        -1
    } else {
        i8::try_from(o.verbose).unwrap_or(i8::MAX)
    }
}
