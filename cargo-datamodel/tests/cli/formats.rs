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

/// The SARIF 2.1.0 JSON schema, as the `serde-sarif` crate ships it (`src/schema.json`, the
/// OASIS schema from github.com/oasis-tcs/sarif-spec that its types are generated from),
/// found through cargo's metadata so no copy of it lives in this repository.
fn sarif_schema() -> Value {
    let meta = cargo_metadata::MetadataCommand::new()
        .manifest_path(repo_root().join("Cargo.toml"))
        .exec()
        .expect("cargo metadata of the workspace");
    let package = meta
        .packages
        .iter()
        .find(|p| p.name.as_str() == "serde-sarif")
        .expect("serde-sarif, a dev-dependency of cargo-datamodel");
    let path = package
        .manifest_path
        .parent()
        .expect("a package directory")
        .join("src/schema.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the SARIF schema at {path}: {e}"));
    let mut schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    // The language `pattern`s (`run`, `toolComponent`) have a stray `]`, a literal in
    // ECMA-262 (JSON Schema's regex dialect) that the validator's format check of the schema
    // refuses: escaped here, same meaning. Nothing else is changed.
    fn escape_stray_bracket(v: &mut Value, fixed: &mut usize) {
        match v {
            Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    if key == "pattern" && value == "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$" {
                        *value = Value::from(r"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\]?$");
                        *fixed += 1;
                    } else {
                        escape_stray_bracket(value, fixed);
                    }
                }
            }
            Value::Array(items) => items
                .iter_mut()
                .for_each(|i| escape_stray_bracket(i, fixed)),
            _ => {}
        }
    }
    let mut fixed = 0;
    escape_stray_bracket(&mut schema, &mut fixed);
    assert_eq!(fixed, 2, "the schema's language patterns changed");
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    schema
}

/// The schema's complaints about `log` (formats such as `uri` checked too).
fn schema_errors(log: &Value) -> Vec<String> {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&sarif_schema())
        .expect("the SARIF schema compiles");
    validator
        .iter_errors(log)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn sarif_output_is_valid_against_the_sarif_2_1_0_schema() {
    let run = on_warned(&["lint", "--message-format", "sarif"], &[]);
    run.expect_code(0);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(schema_errors(&log), Vec::<String>::new());
    let typed: serde_sarif::sarif::Sarif = serde_json::from_value(log).expect("typed SARIF");
    assert_eq!(typed.runs[0].results.as_ref().map(Vec::len), Some(2));
}

/// Shapes the fixture does not produce: a file outside the workspace (absolute path), a
/// place without a source line, a plain failure without a code, a note.
#[test]
fn every_kind_of_message_gives_a_valid_sarif_log() {
    use cargo_datamodel::diagnostics::message::SourceSpan;
    use cargo_datamodel::diagnostics::{sarif, Message, MessageLevel};
    let spanned = |file: &str| Message {
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
        notes: vec!["a note".into()],
        helps: vec!["add an index".into()],
        crate_name: None,
    };
    let mut placed = spanned("src/lib.rs");
    placed.span = None;
    placed.place = Some("table `posts`".into());
    placed.level = MessageLevel::Info;
    let mut plain = placed.clone();
    plain.code = None;
    plain.place = None;
    plain.level = MessageLevel::Error;
    let messages = [
        spanned("src/lib.rs"),
        spanned("/home/me/shared models/src/lib.rs"),
        placed,
        plain,
    ];
    let log = sarif::log(&messages, Some(std::path::Path::new("/work/my app")));
    assert_eq!(schema_errors(&log), Vec::<String>::new());
    let location = &log["runs"][0]["results"][1]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"],
        serde_json::json!({ "uri": "file:///home/me/shared%20models/src/lib.rs" })
    );

    // The validator is not a rubber stamp: a level SARIF does not know is refused.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    let errors = schema_errors(&broken);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("/runs/0/results/0/level")),
        "{errors:?}"
    );
}
