//! `cargo datamodel init` through the real binary: flags, `--yes`, piped stdin (defaults) and a
//! pseudo-terminal session choosing non-default answers. Cargo.toml's comments and layout
//! survive (snapshots).

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_cargo-datamodel");

const MANIFEST: &str = r#"# My app: comments and spacing must survive init
[package]
name = "app"   # keep me
version = "0.1.0"
edition = "2021"

[dependencies]
serde = "1"    # aligned on purpose

# tool settings below
[package.metadata.datamodel]
title = "App"      # the document title
deletes = "hard"   # we purge for real
"#;

fn package(dir: &Path, manifest: &str) -> String {
    fs::create_dir_all(dir.join("src")).unwrap();
    fs::write(dir.join("src/lib.rs"), "").unwrap();
    fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    dir.join("Cargo.toml").to_string_lossy().into_owned()
}

/// Runs `cargo-datamodel datamodel init <args>` with `stdin` piped in.
fn init(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .arg("datamodel")
        .arg("init")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A run whose flags answer every question may exit before reading all of stdin: the
    // write then meets a closed pipe, which is not the test's concern (its output is).
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn piped_stdin_takes_the_defaults_and_flags_override_them() {
    let tmp = tempfile::tempdir().unwrap();
    let m = package(tmp.path(), MANIFEST);
    // stdin is not a terminal: nothing is asked, whatever it holds
    let (code, out, err) = init(&["--tenancy", "none", "--manifest-path", &m], "3\n\n");
    assert_eq!(code, 0, "{out}\n{err}");
    insta::assert_snapshot!("init_piped_stdout", out.replace(&m, "<manifest>"));
    insta::assert_snapshot!("init_piped_cargo_toml", fs::read_to_string(&m).unwrap());
}

#[test]
fn yes_rerun_keeps_current_values_and_infers_the_engine_from_dependencies() {
    let tmp = tempfile::tempdir().unwrap();
    let m = package(
        tmp.path(),
        &MANIFEST.replace(
            "serde = \"1\"",
            "sqlx = { version = \"0.8\", features = [\"sqlite\"] }\nserde = \"1\"",
        ),
    );
    let (code, out, err) = init(&["--yes", "--manifest-path", &m], "");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Engine: sqlite (inferred from the `sqlx` dependency)")
            && out.contains("Tenancy: shared (the seed's default)")
            && out.contains("Deletes: hard (kept from Cargo.toml)"),
        "{out}"
    );
    let (code, out, err) = init(&["--yes", "--depth", "mvp", "--manifest-path", &m], "");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Engine: sqlite (kept from Cargo.toml)")
            && out.contains("Tenancy: shared (kept from Cargo.toml)")
            && out.contains("Depth: mvp (from the flag)"),
        "{out}"
    );
    let text = fs::read_to_string(&m).unwrap();
    assert!(
        text.contains("deletes = \"hard\"   # we purge for real"),
        "{text}"
    );
    assert!(text.contains("depth = \"mvp\""), "{text}");
    // the written configuration is one `cargo datamodel` accepts
    let meta: toml::Value = toml::from_str(&text).unwrap();
    let dm = &meta["package"]["metadata"]["datamodel"];
    let json = serde_json::to_value(dm).unwrap();
    cargo_datamodel::config::Config::from_metadata(&json).unwrap();
}

#[test]
fn invalid_flag_value_and_virtual_manifest_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let m = package(tmp.path(), MANIFEST);
    let (code, _, err) = init(&["--tenancy", "shard", "--manifest-path", &m], "");
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'shard'"), "{err}");
    let v = package(&tmp.path().join("ws"), "[workspace]\nmembers = []\n");
    let (code, _, err) = init(&["--yes", "--manifest-path", &v], "");
    assert_eq!(code, 2);
    assert!(err.contains("has no `[package]` section"), "{err}");
    assert_eq!(
        fs::read_to_string(&v).unwrap(),
        "[workspace]\nmembers = []\n"
    );
}

/// A real terminal: every question is shown with "(Recommended)" and the seed's description,
/// the arrow keys pick non-default answers.
#[cfg(unix)]
#[test]
fn terminal_session_choosing_non_default_answers() {
    use expectrl::{Eof, Expect, Session};
    let tmp = tempfile::tempdir().unwrap();
    let m = package(tmp.path(), MANIFEST);
    let mut cmd = Command::new(BIN);
    cmd.args(["datamodel", "init", "--manifest-path", &m]);
    let mut p = Session::spawn(cmd).unwrap();
    p.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    let down = "\x1b[B";
    // Engine: SQLite (two down)
    p.expect("Which database engine(s) should the model target?")
        .unwrap();
    p.expect("PostgreSQL (Recommended) — Full constraint support")
        .unwrap();
    p.send(format!("{down}{down}\r")).unwrap();
    // Migration: Brownfield
    p.expect("greenfield schema or extending existing tables?")
        .unwrap();
    p.send(format!("{down}\r")).unwrap();
    // Tenancy: Schema-per-tenant (recommended is the 2nd, one down)
    p.expect("Shared tables + tenant_id (Recommended)").unwrap();
    p.send(format!("{down}\r")).unwrap();
    // Deletes: the current `hard` is preselected; keep it
    p.expect("Hard delete (current)").unwrap();
    p.send("\r").unwrap();
    // Retention: GDPR
    p.expect("Are there data retention or GDPR requirements?")
        .unwrap();
    p.send(format!("{down}\r")).unwrap();
    // Depth: MVP
    p.expect("What level of detail should the output include?")
        .unwrap();
    p.send(format!("{down}\r")).unwrap();
    p.expect("wrote [package.metadata.datamodel]").unwrap();
    p.expect(Eof).unwrap();
    let text = fs::read_to_string(&m).unwrap();
    for line in [
        "engines = [\"sqlite\"]",
        "migration = \"brownfield\"",
        "tenancy = \"schema\"",
        "deletes = \"hard\"   # we purge for real",
        "retention = \"gdpr\"",
        "depth = \"mvp\"",
        "name = \"app\"   # keep me",
    ] {
        assert!(text.contains(line), "missing `{line}` in\n{text}");
    }
}

/// `new --from -` reads the description from stdin (the binary, so stdin is really piped).
#[test]
fn new_from_stdin_reads_the_description() {
    let tmp = tempfile::tempdir().unwrap();
    let m = package(tmp.path(), MANIFEST);
    let mut child = Command::new(BIN)
        .args(["datamodel", "new", "--from", "-", "--manifest-path", &m])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"A comment belongs to a post. Each post has a unique slug.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("finding [Explicit] Comment N:1 Post: FK post_id on Comment <- \"A comment belongs to a post\"")
            && stdout.contains("finding [Explicit] UNIQUE(Post.slug)"),
        "{stdout}"
    );
    let code = fs::read_to_string(tmp.path().join("src/models.rs")).unwrap();
    assert!(
        code.contains("#[datamodel(belongs_to = Post, on_delete = \"restrict\", index)]"),
        "{code}"
    );
}
