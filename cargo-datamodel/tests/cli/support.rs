//! Running the binary with a clean environment, and the fixture it collects.

use std::path::{Path, PathBuf};
use std::process::Command;

pub const BIN: &str = env!("CARGO_BIN_EXE_cargo-datamodel");

/// What a run printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
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
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("cargo-datamodel lives in the repository")
        .to_path_buf()
}

/// The shared target directory of the CLI tests (absolute).
pub fn target_dir() -> String {
    repo_root()
        .join("target")
        .join("datamodel-tests")
        .to_string_lossy()
        .into_owned()
}

/// The manifest of the fixture with two lint warnings.
pub fn warned() -> String {
    repo_root()
        .join("tests/fixtures/warned/Cargo.toml")
        .to_string_lossy()
        .into_owned()
}

/// The variables that change coloring, removed from every run unless a test sets them.
const COLOR_VARS: [&str; 5] = [
    "CARGO_TERM_COLOR",
    "NO_COLOR",
    "CLICOLOR_FORCE",
    "CLICOLOR",
    "TERM",
];

/// Runs `cargo-datamodel datamodel <args>` (as cargo runs it) with `env` set and the color
/// variables otherwise removed.
pub fn cargo_datamodel(args: &[&str], env: &[(&str, &str)]) -> Run {
    cargo_datamodel_in(&repo_root(), args, env)
}

/// [`cargo_datamodel`] run from the directory `cwd`.
pub fn cargo_datamodel_in(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(cwd);
    cmd.arg("datamodel").args(args);
    for v in COLOR_VARS {
        cmd.env_remove(v);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `args` + collecting the warned fixture into the shared target directory.
pub fn on_warned(args: &[&str], env: &[(&str, &str)]) -> Run {
    let (manifest, target) = (warned(), target_dir());
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--manifest-path", &manifest, "--target-dir", &target]);
    cargo_datamodel(&all, env)
}

/// Every file under `dir` with its content, sorted by path (relative to `dir`).
pub fn files_under(dir: &Path) -> Vec<(String, String)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.push((rel, std::fs::read_to_string(&p).unwrap_or_default()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
