//! Running the binary with a clean environment, and the fixture it collects.

use std::fs;
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

/// 2026-01-02 03:04:05 UTC: `SOURCE_DATE_EPOCH` of [`Evolving::run`], so migration file
/// names are stable.
pub const EVOLVING_EPOCH: &str = "1767323045";

/// A copy of `tests/fixtures/evolving` in a temporary directory (its own workspace), for the
/// migration and baseline tests: structs edited step by step, the wall time pinned.
pub struct Evolving {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Evolving {
    pub fn new() -> Evolving {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("evolving");
        let src = repo_root().join("tests/fixtures/evolving");
        fs::create_dir_all(dir.join("src")).unwrap();
        let runtime = repo_root().join("runtime");
        let manifest = fs::read_to_string(src.join("Cargo.toml"))
            .unwrap()
            .replace("../../../runtime", &runtime.to_string_lossy());
        fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        fs::copy(src.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        fs::copy(src.join("src/lib.rs"), dir.join("src/lib.rs")).unwrap();
        Evolving { _tmp: tmp, dir }
    }

    /// `cargo datamodel <args>` from the crate's directory.
    pub fn run(&self, args: &[&str]) -> Run {
        let (manifest, target) = (
            self.dir.join("Cargo.toml").to_string_lossy().into_owned(),
            target_dir(),
        );
        let mut all = args.to_vec();
        all.extend(["--manifest-path", &manifest, "--target-dir", &target]);
        cargo_datamodel_in(&self.dir, &all, &[("SOURCE_DATE_EPOCH", EVOLVING_EPOCH)])
    }

    /// Replaces `from` with `to` in the structs.
    pub fn edit(&self, from: &str, to: &str) {
        let path = self.dir.join("src/lib.rs");
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "the fixture has no `{from}`");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// Adds a table to the structs.
    pub fn add_tags(&self) {
        let path = self.dir.join("src/lib.rs");
        let mut text = fs::read_to_string(&path).unwrap();
        text.push_str(
            "\n/// A label on customers.\n#[derive(datamodel::DataModel)]\npub struct Tag {\n    pub id: i64,\n    /// The label.\n    #[datamodel(max_length = 50)]\n    pub label: Option<String>,\n}\n",
        );
        fs::write(&path, text).unwrap();
    }

    /// Adds a nullable, indexed column to an existing table (an online index build on
    /// PostgreSQL: a statement that runs alone).
    pub fn add_phone(&self) {
        self.edit(
            "    pub email: Option<String>,\n",
            "    pub email: Option<String>,\n    /// A phone number.\n    #[datamodel(max_length = 30, index)]\n    pub phone: Option<String>,\n",
        );
    }

    /// Every file of the crate but its lock file (which cargo may rewrite).
    pub fn files(&self) -> Vec<(String, String)> {
        files_under(&self.dir)
            .into_iter()
            .filter(|(p, _)| p != "Cargo.lock")
            .collect()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }
}
