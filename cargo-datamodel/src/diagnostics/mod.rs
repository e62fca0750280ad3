//! Every diagnostic code `cargo datamodel` can print, declared once with a one-line summary and
//! a long explanation, so `cargo datamodel explain CODE` works for all of them, like
//! `rustc --explain`.
//!
//! Three families, one registry:
//! - `DM001`-`DM0xx` model errors (the runtime's `validate` pass and the resolver): declared in
//!   [`model_codes`], which also defines the constants the resolver reports with;
//! - `DM1xx` lint rules: declared in `lints/rules/` (one file per rule, its `DOC` text is the
//!   explanation), listed by [`crate::lints::Rule`];
//! - codes of later passes (migrations, import) go into [`model_codes`] the same way.
//!
//! Rendering: every report becomes a [`Message`] ([`message`]), printed rustc-style with its
//! source line ([`human`]), as cargo's JSON ([`json`]) or as SARIF ([`sarif`]).
//!
//! A test checks that codes are unique, every one is explained, and every code the source
//! reports is declared here.

pub mod human;
pub mod import_codes;
pub mod json;
pub mod message;
pub mod migrate_codes;
pub mod model_codes;
pub mod sarif;

pub use message::{Message, MessageLevel, Sources};

use crate::lints::Rule;

/// A model (non-lint) diagnostic code and its documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeDoc {
    pub code: &'static str,
    /// One line: what is wrong.
    pub summary: &'static str,
    /// Markdown: why it is refused and how to fix it.
    pub explanation: &'static str,
}

/// Every code with its one-line summary, sorted: model codes, then lint rules.
pub fn all() -> Vec<(&'static str, String)> {
    let mut v: Vec<(&'static str, String)> = model_codes::all()
        .map(|c| (c.code, c.summary.to_string()))
        .collect();
    v.extend(
        Rule::ALL
            .iter()
            .map(|r| (r.code(), format!("lint `{}`", r.name()))),
    );
    v.sort_by(|a, b| a.0.cmp(b.0));
    v
}

/// The explanation of a code (`DM027`, any case) or lint name (`fk-without-index`); `None`
/// when there is no such code.
pub fn explain(code_or_name: &str) -> Option<String> {
    let wanted = code_or_name.trim().to_ascii_uppercase();
    if let Some(c) = model_codes::all().find(|c| c.code == wanted) {
        return Some(format!(
            "# {} {}\n\n{}\n",
            c.code,
            c.summary,
            c.explanation.trim()
        ));
    }
    crate::lints::explain(code_or_name)
}

/// The closest code or lint name to a mistyped one, for "did you mean".
pub fn closest(code_or_name: &str) -> Option<String> {
    let wanted = code_or_name.trim().to_ascii_lowercase();
    let candidates = model_codes::all()
        .map(|c| c.code.to_ascii_lowercase())
        .chain(Rule::ALL.iter().map(|r| r.code().to_ascii_lowercase()))
        .chain(Rule::ALL.iter().map(|r| r.name().to_string()));
    candidates
        .map(|c| (strsim::levenshtein(&wanted, &c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min()
        .map(|(_, c)| {
            if c.starts_with("dm") {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
}

#[cfg(test)]
mod tests;
