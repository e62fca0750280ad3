//! The `cargo-datamodel` binary: parses arguments, decides on color, runs the library, exits
//! with its code.

use cargo_datamodel::cli::{normalize_argv, Cli};
use cargo_datamodel::report::Console;
use cargo_datamodel::term::{color, ColorWhen, SystemClock};
use std::io::Write;

fn main() {
    let clock = SystemClock::start();
    let env_color = std::env::var("CARGO_TERM_COLOR").ok();
    // clap's own help and errors follow `--color` / `CARGO_TERM_COLOR` too.
    let args = Cli::try_parse_colored(normalize_argv(std::env::args_os()), env_color.as_deref())
        .unwrap_or_else(|e| e.exit())
        .into_args();
    let when = match ColorWhen::resolve(args.output.color, env_color.as_deref()) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let colored = when.enabled(color::stderr_supports_color);
    let choice = if colored {
        anstream::ColorChoice::AlwaysAnsi
    } else {
        anstream::ColorChoice::Never
    };
    let mut out = std::io::stdout().lock();
    let mut err = anstream::AutoStream::new(std::io::stderr(), choice);
    let mut console = Console::captured(&mut out, &mut err);
    console.color = colored;
    console.inherit_child_stderr = true;
    console.message_format = args.output.message_format;
    console.verbosity = cargo_datamodel::verbosity(&args.output);
    console.deny_warnings = cargo_datamodel::deny_warnings(&args.output);
    console.clock = Box::new(clock);
    let code = cargo_datamodel::run(&args, &mut console);
    drop(console);
    let _ = out.flush();
    std::process::exit(code);
}
