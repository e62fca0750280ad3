//! The three message formats of a real `lint` run on the warned fixture: rustc-style text with
//! the source snippet, cargo's JSON messages (read back with `cargo_metadata`), and a SARIF
//! 2.1.0 log (validated against the SARIF schema).
//!
//! Snapshots replace the repository's path with `[ROOT]` and the long rule explanations (the
//! lint docs, snapshotted where the rules live) with `[explanation]`.

use crate::support::{on_warned, repo_root, Run};
use serde_json::Value;

/// stdout with the repository root replaced by `[ROOT]`.
fn redacted(run: &Run) -> String {
    run.stdout
        .replace(repo_root().to_string_lossy().as_ref(), "[ROOT]")
}

/// Replaces the explanation at `pointer` (checked to be the code's `explain` text) with a
/// placeholder.
fn redact_explanation(v: &mut Value, pointer: &str, code: &str) {
    let text = v
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer}"));
    assert!(
        text.as_str()
            .is_some_and(|t| t.starts_with(&format!("# {code} "))),
        "{pointer}: {text}"
    );
    *text = Value::from("[explanation]");
}

#[test]
fn human_diagnostics_show_the_source_line_underlined() {
    // `-q`: no status lines (their timing varies); diagnostics are still printed.
    let run = on_warned(&["lint", "-q"], &[]);
    run.expect_code(0);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    // The number of checks grows with the lint catalog; it is not what this test is about.
    let (head, tail) = run
        .stderr
        .rsplit_once(" (")
        .expect("the summary's check count");
    assert!(tail.ends_with(" checks)\n"), "{tail}");
    insta::assert_snapshot!("lint_human", format!("{head} (N checks)\n"));
}

fn json_lines() -> Vec<Value> {
    let run = on_warned(&["lint", "--message-format", "json"], &[]);
    run.expect_code(0);
    redacted(&run)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn json_is_cargos_compiler_messages_then_build_finished() {
    let mut lines = json_lines();
    for line in &mut lines {
        if line["reason"] == "compiler-message" {
            let code = line["message"]["code"]["code"]
                .as_str()
                .unwrap()
                .to_string();
            redact_explanation(line, "/message/code/explanation", &code);
        }
    }
    let reasons: Vec<&str> = lines
        .iter()
        .map(|l| l["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        ["compiler-message", "compiler-message", "build-finished"]
    );
    insta::assert_json_snapshot!("lint_json", lines);
}

/// What reads `cargo build --message-format json` reads ours: `cargo_metadata` parses every
/// line into compiler messages with their spans, then the build-finished record.
#[test]
fn cargo_metadata_parses_our_json() {
    use cargo_metadata::diagnostic::DiagnosticLevel;
    use cargo_metadata::Message;
    let run = on_warned(&["lint", "--message-format", "json"], &[]);
    run.expect_code(0);
    let messages: Vec<Message> = Message::parse_stream(run.stdout.as_bytes())
        .collect::<Result<_, _>>()
        .expect("every line parses");
    let mut codes = Vec::new();
    for m in &messages[..messages.len() - 1] {
        let Message::CompilerMessage(cm) = m else {
            panic!("not a compiler message: {m:?}");
        };
        assert_eq!(cm.target.name, "warned");
        assert!(cm.package_id.repr.contains("warned"), "{}", cm.package_id);
        assert_eq!(cm.message.level, DiagnosticLevel::Warning);
        let span = &cm.message.spans[0];
        assert_eq!(span.file_name, "src/lib.rs");
        assert!(span.is_primary && span.line_start > 0 && span.column_start > 0);
        assert!(cm
            .message
            .rendered
            .as_deref()
            .is_some_and(|r| r.contains("-->")));
        codes.push(cm.message.code.as_ref().unwrap().code.clone());
    }
    assert_eq!(codes, ["DM122", "DM123"]);
    let Some(Message::BuildFinished(done)) = messages.last() else {
        panic!("last is not build-finished: {:?}", messages.last());
    };
    assert!(done.success);
}

fn sarif_log() -> Value {
    let run = on_warned(&["lint", "--message-format", "sarif"], &[]);
    run.expect_code(0);
    serde_json::from_str(&redacted(&run)).expect("one JSON document")
}

#[test]
fn sarif_log_snapshot() {
    let mut log = sarif_log();
    for i in 0..2 {
        let code = log["runs"][0]["tool"]["driver"]["rules"][i]["id"]
            .as_str()
            .unwrap()
            .to_string();
        for part in ["text", "markdown"] {
            let pointer = format!("/runs/0/tool/driver/rules/{i}/help/{part}");
            redact_explanation(&mut log, &pointer, &code);
        }
    }
    log["runs"][0]["tool"]["driver"]["version"] = Value::from("[VERSION]");
    insta::assert_json_snapshot!("lint_sarif", log);
}
