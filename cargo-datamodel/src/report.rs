//! Where output goes and how failures look: the console, the error type, rustc-style rendering.
//!
//! Every command writes through a [`Console`] instead of the process's stdout/stderr so the
//! whole CLI runs in-process in tests with captured output. Results go to `out`; progress,
//! warnings and errors go to `err` (or, with `--message-format json`, diagnostics become JSON
//! lines on `out`). Nothing here decides *what* is wrong; it only says it the same way
//! everywhere: `error: <what>` then `= help: <fix>`, like rustc.

use crate::cli::MessageFormat;
use crate::diagnostics::json::Counts;
use crate::diagnostics::{human, json, sarif, Message, MessageLevel, Sources};
use crate::term::{status, Clock, SystemClock};
use anstyle::{AnsiColor, Style};
use datamodel::validate::{Diagnostic, Severity};
use std::fmt;
use std::io::{self, Write};

/// Output sinks and presentation settings of one run.
pub struct Console<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// Emit ANSI colors (`--color`, `CARGO_TERM_COLOR`, `NO_COLOR`, `CLICOLOR_FORCE`, terminal).
    pub color: bool,
    /// Child processes (cargo building the collector) write to the inherited stderr directly.
    /// When false their output is captured and copied into `err` (tests).
    pub inherit_child_stderr: bool,
    pub message_format: MessageFormat,
    /// -1 quiet, 0 default, 1+ verbose.
    pub verbosity: i8,
    /// `-D warnings`: warnings fail the run, as with clippy.
    pub deny_warnings: bool,
    /// Where the elapsed time of the status lines comes from.
    pub clock: Box<dyn Clock + 'a>,
    /// The collected workspace, once known: source lines and cargo's package ids.
    pub sources: Option<Sources>,
    counts: Counts,
    sarif: Vec<Message>,
    statuses: usize,
}

impl<'a> Console<'a> {
    /// A console writing into the given sinks, without color, capturing child output.
    pub fn captured(out: &'a mut dyn Write, err: &'a mut dyn Write) -> Self {
        Console {
            out,
            err,
            color: false,
            inherit_child_stderr: false,
            message_format: MessageFormat::Human,
            verbosity: 0,
            deny_warnings: false,
            clock: Box::new(SystemClock::start()),
            sources: None,
            counts: Counts::default(),
            sarif: Vec::new(),
            statuses: 0,
        }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    /// A cargo status line on stderr (`   Collecting blog`); silenced by `-q`.
    pub fn status(&mut self, verb: &str, message: &str) -> io::Result<()> {
        if self.verbosity < 0 {
            return Ok(());
        }
        self.statuses += 1;
        writeln!(self.err, "{}", status::line(verb, message, self.color))
    }

    /// How many diagnostics of each level were reported so far.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// A `warning: ...` line (suppressed by `-q`).
    pub fn warn(&mut self, message: &str) -> io::Result<()> {
        if self.verbosity < 0 {
            return Ok(());
        }
        let label = self.paint(yellow(), "warning");
        writeln!(self.err, "{label}: {message}")
    }

    /// An unlocated `error: ...` / `warning: ...` line on stderr (not counted, not JSON).
    pub fn plain(&mut self, level: &str, message: &str) -> io::Result<()> {
        let style = if level == "error" { red() } else { yellow() };
        let label = self.paint(style, level);
        writeln!(self.err, "{label}: {message}")
    }

    /// A progress line shown only with `-v`.
    pub fn verbose(&mut self, message: &str) -> io::Result<()> {
        if self.verbosity < 1 {
            return Ok(());
        }
        let label = self.paint(Style::new().bold(), "datamodel");
        writeln!(self.err, "{label}: {message}")
    }

    /// Reports one message the way the message format asks: rustc-style on stderr, a cargo
    /// `compiler-message` line on stdout, or kept for the SARIF log. Messages without a code
    /// (plain failures) are also always printed on stderr, as cargo prints its own errors.
    pub fn report(&mut self, m: &Message) -> io::Result<()> {
        match m.level {
            MessageLevel::Error => self.counts.errors += 1,
            MessageLevel::Warning => self.counts.warnings += 1,
            MessageLevel::Info => self.counts.notes += 1,
        }
        let human_too = m.code.is_none();
        match self.message_format {
            MessageFormat::Human => {
                return self.err.write_all(human::render(m, self.color).as_bytes())
            }
            MessageFormat::Json => {
                match self
                    .sources
                    .as_ref()
                    .and_then(|s| json::compiler_message(m, s))
                {
                    Some(v) => writeln!(self.out, "{v}")?,
                    None => return self.err.write_all(human::render(m, self.color).as_bytes()),
                }
            }
            MessageFormat::Sarif => self.sarif.push(m.clone()),
        }
        if human_too {
            self.err
                .write_all(human::render(m, self.color).as_bytes())?;
        }
        Ok(())
    }

    /// Ends the run: cargo's `build-finished` record (JSON), the SARIF log, or the
    /// `Finished` status line after a successful run that printed progress.
    pub fn finish(&mut self, success: bool) -> io::Result<()> {
        match self.message_format {
            MessageFormat::Json => {
                writeln!(self.out, "{}", json::build_finished(success, self.counts))
            }
            MessageFormat::Sarif => {
                let root = self.sources.as_ref().map(|s| s.workspace_root.as_path());
                let log = sarif::log(&self.sarif, root);
                writeln!(
                    self.out,
                    "{}",
                    serde_json::to_string_pretty(&log).unwrap_or_default()
                )
            }
            MessageFormat::Human => {
                if success && self.statuses > 0 {
                    let took = status::seconds(self.clock.elapsed());
                    self.status("Finished", &format!("in {took}"))?;
                }
                Ok(())
            }
        }
    }

    /// Prints a failure the way the message format asks.
    pub fn failure(&mut self, failure: &Failure) -> io::Result<()> {
        match failure {
            Failure::Fatal(e) | Failure::Rejected(e) => self.report(&Message::from_error(e)),
            Failure::Model(diags) => {
                for d in diags {
                    self.diagnostic(d)?;
                }
                let errors = diags
                    .iter()
                    .filter(|d| d.diagnostic.severity == Severity::Error)
                    .count();
                let label = self.paint(red(), "error");
                let s = if errors == 1 { "" } else { "s" };
                writeln!(
                    self.err,
                    "{label}: the data model has {errors} error{s}; nothing was generated"
                )
            }
        }
    }

    /// One located model diagnostic.
    pub fn diagnostic(&mut self, d: &Located) -> io::Result<()> {
        let m = Message::from_located(d, self.sources.as_ref());
        self.report(&m)
    }
}

fn red() -> Style {
    Style::new()
        .fg_color(Some(AnsiColor::BrightRed.into()))
        .bold()
}
fn yellow() -> Style {
    Style::new()
        .fg_color(Some(AnsiColor::BrightYellow.into()))
        .bold()
}

/// A diagnostic with the place in user code it is about (`src/model.rs:12`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub diagnostic: Diagnostic,
    pub location: Option<String>,
}

/// A usage, I/O, configuration or build problem (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    /// How to fix it, one line each.
    pub help: Vec<String>,
    /// The diagnostic code `explain` documents (`DM040`), for refusals that have one.
    pub code: Option<&'static str>,
}

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            message: message.into(),
            help: Vec::new(),
            code: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    /// The error is a refusal with a documented code (`error[DM040]: ...`).
    pub fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        for h in &self.help {
            write!(f, "\n  = help: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Why a command did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Usage, I/O, configuration or build problem: exit code 2.
    Fatal(Error),
    /// The model has errors: exit code 1.
    Model(Vec<Located>),
    /// The model is fine but the command's verdict is negative (a deny-level lint fired, the
    /// generated files are stale): exit code 1.
    Rejected(Error),
}

impl Failure {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Fatal(_) => 2,
            Failure::Model(_) | Failure::Rejected(_) => 1,
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Fatal(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Fatal(Error::new(format!("could not write output: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag() -> Located {
        Located {
            diagnostic: Diagnostic {
                code: "DM001".into(),
                severity: Severity::Error,
                entity: Some("a::User".into()),
                field: None,
                message: "table `users` is declared by more than one struct: a::User and b::User"
                    .into(),
                help: Some("rename one".into()),
            },
            location: Some("src/lib.rs:3".into()),
        }
    }

    #[test]
    fn model_failure_is_rustc_style() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut c = Console::captured(&mut out, &mut err);
        c.failure(&Failure::Model(vec![diag()])).unwrap();
        drop(c);
        let err = String::from_utf8(err).unwrap();
        assert_eq!(
            err,
            "error[DM001]: table `users` is declared by more than one struct: a::User and b::User\n--> src/lib.rs:3\n = help: rename one\n\nerror: the data model has 1 error; nothing was generated\n"
        );
        assert!(out.is_empty());
    }

    #[test]
    fn json_diagnostics_without_a_package_stay_human_on_stderr() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut c = Console::captured(&mut out, &mut err);
        c.message_format = MessageFormat::Json;
        c.diagnostic(&diag()).unwrap();
        c.finish(false).unwrap();
        drop(c);
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["reason"], "build-finished");
        assert_eq!(v["success"], false);
        assert_eq!(v["errors"], 1);
        assert!(String::from_utf8(err)
            .unwrap()
            .starts_with("error[DM001]: "));
    }

    #[test]
    fn exit_codes() {
        assert_eq!(Failure::Fatal(Error::new("x")).exit_code(), 2);
        assert_eq!(Failure::Model(vec![]).exit_code(), 1);
    }
}
