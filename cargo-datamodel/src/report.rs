//! Where output goes and how failures look: the console, the error type, rustc-style rendering.
//!
//! Every command writes through a [`Console`] instead of the process's stdout/stderr so the
//! whole CLI runs in-process in tests with captured output. Results go to `out`; progress,
//! warnings and errors go to `err` (or, with `--message-format json`, diagnostics become JSON
//! lines on `out`). Nothing here decides *what* is wrong; it only says it the same way
//! everywhere: `error: <what>` then `= help: <fix>`, like rustc.

use crate::cli::MessageFormat;
use anstyle::{AnsiColor, Style};
use datamodel::validate::{Diagnostic, Severity};
use std::fmt;
use std::io::{self, Write};

/// Output sinks and presentation settings of one run.
pub struct Console<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// Emit ANSI colors (only when stderr is a terminal and `NO_COLOR` is unset).
    pub color: bool,
    /// Child processes (cargo building the collector) write to the inherited stderr directly.
    /// When false their output is captured and copied into `err` (tests).
    pub inherit_child_stderr: bool,
    pub message_format: MessageFormat,
    /// -1 quiet, 0 default, 1+ verbose.
    pub verbosity: i8,
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
        }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    /// A `warning: ...` line (suppressed by `-q`).
    pub fn warn(&mut self, message: &str) -> io::Result<()> {
        if self.verbosity < 0 {
            return Ok(());
        }
        let label = self.paint(yellow(), "warning");
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

    /// Prints a failure the way the message format asks.
    pub fn failure(&mut self, failure: &Failure) -> io::Result<()> {
        match failure {
            Failure::Fatal(e) | Failure::Rejected(e) => {
                if self.message_format == MessageFormat::Json {
                    let v = serde_json::json!({
                        "reason": "error",
                        "message": e.message,
                        "help": e.help,
                    });
                    writeln!(self.out, "{v}")?;
                }
                let label = self.paint(red(), "error");
                writeln!(self.err, "{label}: {}", e.message)?;
                for h in &e.help {
                    writeln!(
                        self.err,
                        "  = {}: {h}",
                        self.paint(Style::new().bold(), "help")
                    )?;
                }
                Ok(())
            }
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

    /// One located diagnostic, rustc-style (or a JSON line).
    pub fn diagnostic(&mut self, d: &Located) -> io::Result<()> {
        if self.message_format == MessageFormat::Json {
            let mut v = serde_json::to_value(&d.diagnostic).unwrap_or_default();
            if let Some(map) = v.as_object_mut() {
                map.insert("reason".into(), "diagnostic".into());
                map.insert(
                    "location".into(),
                    d.location
                        .clone()
                        .map_or(serde_json::Value::Null, Into::into),
                );
            }
            return writeln!(self.out, "{v}");
        }
        let diag = &d.diagnostic;
        let (style, word) = match diag.severity {
            Severity::Error => (red(), "error"),
            Severity::Warning => (yellow(), "warning"),
            Severity::Info => (Style::new().bold(), "note"),
        };
        let head = self.paint(style, &format!("{word}[{}]", diag.code));
        let msg = self.paint(Style::new().bold(), &diag.message);
        writeln!(self.err, "{head}: {msg}")?;
        let arrow = self.paint(blue(), "-->");
        if let Some(loc) = &d.location {
            writeln!(self.err, "  {arrow} {loc}")?;
        } else if let Some(e) = &diag.entity {
            let what = match &diag.field {
                Some(f) => format!("{e}.{f}"),
                None => e.clone(),
            };
            writeln!(self.err, "  {arrow} {what}")?;
        }
        if let Some(h) = &diag.help {
            writeln!(
                self.err,
                "   = {}: {h}",
                self.paint(Style::new().bold(), "help")
            )?;
        }
        writeln!(self.err)
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
fn blue() -> Style {
    Style::new()
        .fg_color(Some(AnsiColor::BrightBlue.into()))
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
}

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            message: message.into(),
            help: Vec::new(),
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
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
        let err = String::from_utf8(err).unwrap();
        assert_eq!(
            err,
            "error[DM001]: table `users` is declared by more than one struct: a::User and b::User\n  --> src/lib.rs:3\n   = help: rename one\n\nerror: the data model has 1 error; nothing was generated\n"
        );
        assert!(out.is_empty());
    }

    #[test]
    fn json_diagnostics_go_to_stdout() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut c = Console::captured(&mut out, &mut err);
        c.message_format = MessageFormat::Json;
        c.diagnostic(&diag()).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["code"], "DM001");
        assert_eq!(v["location"], "src/lib.rs:3");
        assert_eq!(v["reason"], "diagnostic");
    }

    #[test]
    fn exit_codes() {
        assert_eq!(Failure::Fatal(Error::new("x")).exit_code(), 2);
        assert_eq!(Failure::Model(vec![]).exit_code(), 1);
    }
}
