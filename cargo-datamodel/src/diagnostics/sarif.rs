//! `--message-format sarif`: one SARIF 2.1.0 log on stdout at the end of the run, for GitHub
//! code scanning (`github/codeql-action/upload-sarif`) and other SARIF readers.
//!
//! One run of the tool `cargo-datamodel`; its rules are the codes that occurred (id, name,
//! summary, explanation as help text); each result has the rule, level (`error`, `warning`,
//! `note`), the message with its helps, and the physical location when the message has a
//! source span (relative to the workspace root, `%SRCROOT%`). A test validates the output
//! against the SARIF 2.1.0 schema.

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
        let mut uri = root.to_string_lossy().replace('\\', "/");
        if !uri.ends_with('/') {
            uri.push('/');
        }
        let uri = if uri.starts_with('/') {
            format!("file://{uri}")
        } else {
            format!("file:///{uri}")
        };
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
                "artifactLocation": { "uri": s.file.replace('\\', "/"), "uriBaseId": "SRCROOT" },
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
