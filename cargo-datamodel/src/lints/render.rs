//! Rendering a [`LintReport`]: rustc-style text for people, JSON Lines for tools.
//!
//! Human output, one block per violation, then a summary:
//!
//! ```text
//! warning[DM111]: foreign key `fk_posts_user_id_users` (user_id) has no index that starts with its columns
//!   --> src/model.rs:33
//!    = note: `Post::user_id` (column `posts.user_id`), rule `fk-without-index`
//!    = help: add an index on (user_id) (`#[datamodel(index)]` on the field)
//! ```
//!
//! JSON: one object per violation per line, keys in a fixed order. Output is deterministic
//! (the report is in schema order) and never colored here; the CLI may add color on a terminal.

use super::{Level, LintReport, Violation};
use serde::Serialize;

/// One JSON line.
#[derive(Serialize)]
struct JsonViolation<'a> {
    code: &'static str,
    name: &'static str,
    level: &'static str,
    dimension: &'static str,
    table: &'a str,
    entity: &'a str,
    column: Option<&'a str>,
    field: Option<&'a str>,
    object: Option<&'a str>,
    message: &'a str,
    help: &'a str,
    file: Option<&'a str>,
    line: Option<u32>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Where the violation is, in words: `` `Post::user_id` (column `posts.user_id`) ``.
fn subject(v: &Violation) -> String {
    match (&v.column, &v.field) {
        (Some(c), Some(f)) => format!("`{}::{f}` (column `{}.{c}`)", v.entity, v.table),
        (Some(c), None) => format!("column `{}.{c}` of `{}`", v.table, v.entity),
        _ => format!("`{}` (table `{}`)", v.entity, v.table),
    }
}

impl LintReport {
    /// rustc-style diagnostics followed by a one-line summary.
    pub fn render_human(&self) -> String {
        let mut out = String::new();
        for v in &self.violations {
            out.push_str(&format!(
                "{}[{}]: {}\n",
                v.level.label(),
                v.rule.code(),
                v.message
            ));
            match &v.source {
                Some(s) => out.push_str(&format!("  --> {}:{}\n", s.file, s.line)),
                // Imported schemas have no Rust source: point at the table or column.
                None => match &v.column {
                    Some(c) => out.push_str(&format!("  --> column `{}.{c}`\n", v.table)),
                    None => out.push_str(&format!("  --> table `{}`\n", v.table)),
                },
            }
            out.push_str(&format!(
                "   = note: {}, rule `{}`\n",
                subject(v),
                v.rule.name()
            ));
            out.push_str(&format!("   = help: {}\n\n", v.help));
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// `datamodel lint: 1 error, 2 warnings, 1 info; 3 findings silenced by allow (82 checks)`.
    ///
    /// The silenced count is of *findings* (violations an `allow` hid); the scorecard's notes
    /// count waived *checks* (every subject of an allowed rule, passing or not).
    pub fn summary(&self) -> String {
        let checks = plural(self.checks.len(), "check", "checks");
        let silenced = plural(self.waived.len(), "finding", "findings");
        if self.violations.is_empty() {
            return format!(
                "datamodel lint: no violations; {silenced} silenced by allow ({checks})"
            );
        }
        format!(
            "datamodel lint: {}, {}, {} info; {silenced} silenced by allow ({checks})",
            plural(self.count(Level::Deny), "error", "errors"),
            plural(self.count(Level::Warn), "warning", "warnings"),
            self.count(Level::Info),
        )
    }

    /// One JSON object per violation, one per line (`--message-format json`).
    pub fn render_json(&self) -> String {
        let mut out = String::new();
        for v in &self.violations {
            let line = JsonViolation {
                code: v.rule.code(),
                name: v.rule.name(),
                level: v.level.label(),
                dimension: v.rule.dimension().title(),
                table: &v.table,
                entity: &v.entity,
                column: v.column.as_deref(),
                field: v.field.as_deref(),
                object: v.object.as_deref(),
                message: &v.message,
                help: &v.help,
                file: v.source.as_ref().map(|s| s.file.as_str()),
                line: v.source.as_ref().map(|s| s.line),
            };
            // A struct of strings and numbers always serializes.
            if let Ok(s) = serde_json::to_string(&line) {
                out.push_str(&s);
                out.push('\n');
            }
        }
        out
    }
}
