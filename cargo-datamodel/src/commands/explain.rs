//! `cargo datamodel explain CODE` (and its alias `lint --explain CODE`): the long explanation
//! of any diagnostic code, from the one registry in [`crate::diagnostics`]. Needs no crate.

use crate::cli::ExplainArgs;
use crate::diagnostics;
use crate::report::{Console, Error, Failure};

pub fn run(args: &ExplainArgs, console: &mut Console<'_>) -> Result<(), Failure> {
    if args.list {
        for (code, summary) in diagnostics::all() {
            writeln!(console.out, "{code}  {summary}")?;
        }
        return Ok(());
    }
    match &args.code {
        Some(code) => print(code, console),
        None => Err(Failure::Fatal(
            Error::new("`explain` needs a code")
                .help("e.g. `cargo datamodel explain DM027`, or `--list`"),
        )),
    }
}

/// Prints the explanation of `code`, or an error with the closest code on a typo.
pub fn print(code: &str, console: &mut Console<'_>) -> Result<(), Failure> {
    let Some(doc) = diagnostics::explain(code) else {
        let help = match diagnostics::closest(code) {
            Some(c) => {
                format!("did you mean `{c}`? `cargo datamodel explain --list` prints every code")
            }
            None => "`cargo datamodel explain --list` prints every code".to_string(),
        };
        return Err(Failure::Fatal(
            Error::new(format!("no diagnostic code or lint rule `{code}`")).help(help),
        ));
    };
    console.out.write_all(doc.as_bytes())?;
    if !doc.ends_with('\n') {
        console.out.write_all(b"\n")?;
    }
    Ok(())
}
