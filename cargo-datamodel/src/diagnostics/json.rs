//! `--message-format json`: one JSON object per line on stdout, in cargo's shape, so what
//! reads `cargo build --message-format json` (editors, CI annotators, `cargo_metadata`) reads
//! ours:
//!
//! - every diagnostic is a `compiler-message` of the package it is about, whose `message` is
//!   rustc's diagnostic (`code` with its explanation, `level`, `spans`, `children`,
//!   `rendered`);
//! - the run ends with cargo's `build-finished` record, which also carries our counts.
//!
//! Plain failures without a package (a missing manifest) stay on stderr, as cargo prints its
//! own errors.

use super::message::{Message, Sources};
use serde_json::{json, Value};

/// The `compiler-message` line of `m`; `None` when no package is known.
pub fn compiler_message(m: &Message, sources: &Sources) -> Option<Value> {
    let package = sources.package_of(m)?;
    let rendered = super::human::render(m, false);
    let children: Vec<Value> = m
        .notes
        .iter()
        .map(|n| child("note", n))
        .chain(m.helps.iter().map(|h| child("help", h)))
        .collect();
    let code = m
        .code
        .as_ref()
        .map(|c| json!({ "code": c, "explanation": super::explain(c) }));
    Some(json!({
        "reason": "compiler-message",
        "package_id": package.id,
        "manifest_path": package.manifest_path,
        "target": package.target,
        "message": {
            "$message_type": "diagnostic",
            "message": m.message,
            "code": code,
            "level": m.level.cargo_name(),
            "spans": spans(m),
            "children": children,
            "rendered": rendered,
        }
    }))
}

fn child(level: &str, message: &str) -> Value {
    json!({
        "$message_type": "diagnostic",
        "message": message,
        "code": null,
        "level": level,
        "spans": [],
        "children": [],
        "rendered": null,
    })
}

fn spans(m: &Message) -> Vec<Value> {
    let Some(s) = &m.span else {
        return Vec::new();
    };
    let (column_start, column_end) = s.columns();
    vec![json!({
        "file_name": s.file,
        "byte_start": s.line_offset + s.start,
        "byte_end": s.line_offset + s.end,
        "line_start": s.line,
        "line_end": s.line,
        "column_start": column_start,
        "column_end": column_end,
        "is_primary": true,
        "text": [{
            "text": s.text,
            "highlight_start": column_start,
            "highlight_end": column_end,
        }],
        "label": null,
        "suggested_replacement": null,
        "suggestion_applicability": null,
        "expansion": null,
    })]
}

/// How many messages of each level a run reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

/// cargo's final record, with our counts next to `success`.
pub fn build_finished(success: bool, counts: Counts) -> Value {
    json!({
        "reason": "build-finished",
        "success": success,
        "errors": counts.errors,
        "warnings": counts.warnings,
        "notes": counts.notes,
    })
}
