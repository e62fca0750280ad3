//! The `cargo-datamodel` binary: parses arguments, runs the library, exits with its code.

use cargo_datamodel::cli::Cli;
use cargo_datamodel::report::Console;
use clap::Parser;
use std::io::{IsTerminal, Write};

fn main() {
    let args = Cli::parse().into_args();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr());
    let mut console = Console {
        out: &mut out,
        err: &mut err,
        color,
        inherit_child_stderr: true,
        message_format: args.output.message_format,
        verbosity: cargo_datamodel::verbosity(&args.output),
    };
    let code = cargo_datamodel::run(&args, &mut console);
    let _ = out.flush();
    std::process::exit(code);
}
