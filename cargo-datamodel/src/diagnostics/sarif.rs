//! `--message-format sarif`: one SARIF 2.1.0 log on stdout at the end of the run, for GitHub
//! code scanning (`github/codeql-action/upload-sarif`) and other SARIF readers.
//!
//! One run of the tool `cargo-datamodel`; its rules are the codes that occurred (id, name,
//! summary, explanation as help text); each result has the rule, level (`error`, `warning`,
//! `note`), the message with its helps, and the physical location when the message has a
//! source span: relative to the workspace root (`uriBaseId: SRCROOT`), or, for a file outside
//! it, an absolute `file://` URI with no base. `cargo-datamodel/tests/cli/formats.rs`
//! validates the output against the SARIF 2.1.0 schema.

use super::message::{Message, MessageLevel};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The SARIF log of `messages`; `root` is the workspace root (the base of relative paths).
pub fn log(messages: &[Message], root: Option<&Path>) -> Value {
    let mut rules: BTreeMap<&str, Value> = BTreeMap::new();
    for m in messages {
        if let Some(code) = m.code.as_deref() {
            rules.entry(code).or_insert_with(|| rule(code));
        }
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, c)| (*c, i)).collect();
    let results: Vec<Value> = messages
        .iter()
        .map(|m| result(m, m.code.as_deref().and_then(|c| index.get(c).copied())))
        .collect();
    let mut run = json!({
        "tool": {
            "driver": {
                "name": "cargo-datamodel",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/cargo-datamodel",
                "rules": rules.into_values().collect::<Vec<_>>(),
            }
        },
        "results": results,
        "columnKind": "unicodeCodePoints",
    });
    if let Some(root) = root {
        let mut uri = file_uri(&root.to_string_lossy());
        if !uri.ends_with('/') {
            uri.push('/');
        }
        run["originalUriBaseIds"] = json!({ "SRCROOT": { "uri": uri } });
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    })
}

fn rule(code: &str) -> Value {
    let summary = super::all()
        .into_iter()
        .find(|(c, _)| *c == code)
        .map(|(_, s)| s)
        .unwrap_or_else(|| code.to_string());
    let name = crate::lints::Rule::parse(code).map(|r| r.name().to_string());
    let mut v = json!({
        "id": code,
        "shortDescription": { "text": summary },
    });
    if let Some(name) = name {
        v["name"] = json!(name);
    }
    if let Some(text) = super::explain(code) {
        v["help"] = json!({ "text": text, "markdown": text });
    }
    v
}

fn result(m: &Message, rule_index: Option<usize>) -> Value {
    let level = match m.level {
        MessageLevel::Error => "error",
        MessageLevel::Warning => "warning",
        MessageLevel::Info => "note",
    };
    let mut text = m.message.clone();
    for h in &m.helps {
        text.push_str("\nhelp: ");
        text.push_str(h);
    }
    let mut v = json!({
        "level": level,
        "message": { "text": text },
    });
    if let Some(code) = &m.code {
        v["ruleId"] = json!(code);
    }
    if let Some(i) = rule_index {
        v["ruleIndex"] = json!(i);
    }
    if let Some(s) = &m.span {
        let (start, end) = s.columns();
        v["locations"] = json!([{
            "physicalLocation": {
                "artifactLocation": artifact_location(&s.file),
                "region": {
                    "startLine": s.line,
                    "startColumn": start,
                    "endColumn": end,
                    "snippet": { "text": s.text },
                }
            }
        }]);
    } else if let Some(p) = &m.place {
        v["locations"] = json!([{ "message": { "text": p } }]);
    }
    v
}

/// Where a span's file is: a path relative to the workspace root is a relative reference
/// resolved against `%SRCROOT%`; an absolute path (a file outside the workspace) is a
/// `file://` URI of its own, since a base would make it point somewhere else.
fn artifact_location(file: &str) -> Value {
    if is_absolute(file) {
        json!({ "uri": file_uri(file) })
    } else {
        json!({ "uri": encode(&file.replace('\\', "/")), "uriBaseId": "SRCROOT" })
    }
}

/// Absolute on Unix (`/home/..`) or Windows (`C:\..`, `C:/..`, `\\server\share`), whatever
/// the platform the log is written on.
fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('\\')
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'/' | b'\\'))
}

/// The `file://` URI of an absolute path: `/home/a b/x.rs` -> `file:///home/a%20b/x.rs`,
/// `C:\src\x.rs` -> `file:///C:/src/x.rs`, `\\server\share\x.rs` -> `file://server/share/x.rs`.
fn file_uri(path: &str) -> String {
    let slashed = path.replace('\\', "/");
    if let Some(unc) = slashed.strip_prefix("//") {
        format!("file://{}", encode(unc))
    } else if slashed.starts_with('/') {
        format!("file://{}", encode(&slashed))
    } else {
        format!("file:///{}", encode(&slashed))
    }
}

/// Percent-encodes what may not stand in a URI path (RFC 3986: everything but unreserved
/// characters, sub-delimiters, `:`, `@` and `/`), byte by byte in UTF-8.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b);
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::message::SourceSpan;

    fn warning_at(file: &str) -> Message {
        Message {
            level: MessageLevel::Warning,
            code: Some("DM111".into()),
            message: "foreign key has no index".into(),
            span: Some(SourceSpan {
                file: file.into(),
                line: 3,
                text: "    pub author_id: i64,".into(),
                start: 8,
                end: 17,
                line_offset: 40,
            }),
            place: None,
            notes: Vec::new(),
            helps: Vec::new(),
            crate_name: None,
        }
    }

    fn artifact(file: &str) -> Value {
        let log = log(&[warning_at(file)], Some(Path::new("/work/app")));
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"].clone()
    }

    #[test]
    fn a_relative_path_is_resolved_against_srcroot() {
        assert_eq!(
            artifact("src/lib.rs"),
            json!({ "uri": "src/lib.rs", "uriBaseId": "SRCROOT" })
        );
        assert_eq!(
            artifact("models\\my posts.rs"),
            json!({ "uri": "models/my%20posts.rs", "uriBaseId": "SRCROOT" })
        );
    }

    #[test]
    fn an_absolute_path_is_a_file_uri_without_a_base() {
        assert_eq!(
            artifact("/home/me/shared models/src/lib.rs"),
            json!({ "uri": "file:///home/me/shared%20models/src/lib.rs" })
        );
        assert_eq!(
            artifact("C:\\src\\models\\lib.rs"),
            json!({ "uri": "file:///C:/src/models/lib.rs" })
        );
        assert_eq!(
            artifact("\\\\server\\share\\lib.rs"),
            json!({ "uri": "file://server/share/lib.rs" })
        );
    }

    #[test]
    fn the_root_is_a_file_uri_ending_with_a_slash() {
        let log = log(&[], Some(Path::new("/work/my app")));
        assert_eq!(
            log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"],
            "file:///work/my%20app/"
        );
    }

    #[test]
    fn non_ascii_and_reserved_characters_are_percent_encoded() {
        assert_eq!(
            file_uri("/tmp/été#1?.rs"),
            "file:///tmp/%C3%A9t%C3%A9%231%3F.rs"
        );
    }
}
