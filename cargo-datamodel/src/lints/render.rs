//! Rendering a [`LintReport`] without a console: the findings as the CLI prints them (through
//! [`crate::diagnostics`], one shape for every diagnostic) and the one-line summary.
//!
//! ```text
//! warning[DM111]: foreign key `fk_posts_user_id_users` (user_id) has no index that starts with its columns
//! --> src/model.rs:33
//!  = note: `Post::user_id` (column `posts.user_id`), rule `fk-without-index`
//!  = help: add an index on (user_id) (`#[datamodel(index)]` on the field)
//! ```
//!
//! (The CLI knows the workspace, and adds the source line with the name underlined.) Output is
//! deterministic (the report is in schema order) and never colored here.

use super::{Level, LintReport};
use crate::diagnostics::{human, Message};
use crate::prose::plural;

impl LintReport {
    /// rustc-style diagnostics followed by a one-line summary.
    pub fn render_human(&self) -> String {
        let mut out = String::new();
        for v in &self.violations {
            out.push_str(&human::render(&Message::from_violation(v, None), false));
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }
    /// `datamodel lint: 1 error, 2 warnings, 1 info; 3 findings silenced by allow (82 checks)`.
    ///
    /// The silenced count is of *findings* a user's `allow` hid (on a field or struct, or in
    /// the `lints` table); findings of allow-by-default rules nobody switched on are not the
    /// user's doing and are not counted. The scorecard's notes count waived *checks* (every
    /// subject of an allowed rule, passing or not).
    pub fn summary(&self) -> String {
        let checks = plural(self.checks.len(), "check", "checks");
        let by_user = self
            .waived
            .iter()
            .filter(|v| v.waived_by != Some(super::WaivedBy::Default))
            .count();
        let silenced = plural(by_user, "finding", "findings");
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
}
