//! Running `cargo datamodel` in-process, with captured output.
//!
//! The tests call the library's [`cargo_datamodel::run_from`] rather than a built binary:
//! another package can't use `env!("CARGO_BIN_EXE_...")`, and in-process runs need no extra
//! build step, capture stdout/stderr exactly as the binary would print them (without color),
//! and return the exit code the binary would exit with. What the binary adds on top (argument
//! parsing by clap, color detection) is covered by cargo-datamodel's own unit tests.
//!
//! Every run collects into one shared directory under the workspace's `target/`
//! (`--target-dir target/datamodel-tests`), so the fixtures' collectors share compiled
//! dependencies.

use cargo_datamodel::report::Console;
use std::path::PathBuf;

/// What a run printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// Path of a manifest, relative to the repository root.
pub fn manifest(rel: &str) -> String {
    repo_root().join(rel).to_string_lossy().into_owned()
}

/// Runs `cargo datamodel <args>` in-process.
pub fn cargo_datamodel(args: &[&str]) -> Run {
    let target = repo_root().join("target").join("datamodel-tests");
    let mut argv: Vec<String> = vec!["cargo".into(), "datamodel".into()];
    argv.extend(args.iter().map(|a| a.to_string()));
    argv.push("--target-dir".into());
    argv.push(target.to_string_lossy().into_owned());
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = {
        let mut console = Console::captured(&mut out, &mut err);
        cargo_datamodel::run_from(argv, &mut console)
    };
    Run {
        code,
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
    }
}

impl Run {
    /// Panics with both streams unless the exit code is `code`.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code {} (expected {code})\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// The stderr without cargo-style status lines (`  Collecting blog`, `    Finished in
    /// 1.02s`), whose timing and first-run note vary from run to run.
    pub fn stderr_without_status(&self) -> String {
        self.stderr
            .lines()
            .filter(|l| !is_status_line(l))
            .map(|l| format!("{l}\n"))
            .collect()
    }

    /// The stdout as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\n--- stderr\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// A status line: a verb right-aligned in 12 columns, then the message.
pub fn is_status_line(line: &str) -> bool {
    const VERBS: [&str; 9] = [
        "Collecting",
        "Resolving",
        "Writing",
        "Removing",
        "Checking",
        "Fresh",
        "Planned",
        "Updating",
        "Finished",
    ];
    line.get(..12).is_some_and(|head| {
        let verb = head.trim_start();
        VERBS.contains(&verb)
    }) && line.as_bytes().get(12) == Some(&b' ')
}
