//! squawk (PyPI `squawk-cli`, installed by `.ci/run` through `scripts/install-squawk.sh`), the
//! PostgreSQL migration linter, as the outside judge of the migrations the tests generate.
//! Rules turned off are in the committed `.squawk.toml`, each with its reason.

use cargo_datamodel::migrate::render::Migration;
use std::path::PathBuf;

/// Collects migrations part by part (as sqlx runs them), then lints them all at once.
pub struct Judge {
    dir: PathBuf,
    files: Vec<(bool, PathBuf)>,
}

impl Judge {
    pub fn new(name: &str) -> Judge {
        let dir = std::env::temp_dir().join(format!("dm-squawk-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("squawk scratch directory");
        Judge {
            dir,
            files: Vec::new(),
        }
    }

    /// Adds every part of `m` as a file (with sqlx's `-- no-transaction` where it applies).
    pub fn add(&mut self, label: &str, m: &Migration) {
        for (j, part) in m.parts().iter().enumerate() {
            let n = self.files.len();
            let f = self.dir.join(format!("{n:04}_{label}_{j}.sql"));
            let header = if part.outside_transaction {
                "-- no-transaction\n"
            } else {
                ""
            };
            std::fs::write(&f, format!("{header}{}", part.sql)).expect("write migration part");
            self.files.push((part.outside_transaction, f));
        }
    }

    /// Runs squawk on every file added; panics with its report on a violation, and prints
    /// SKIPPED (fails under `CI=true`) when squawk is not installed.
    pub fn assert_clean(self) {
        let (outside, inside): (Vec<_>, Vec<_>) = self.files.into_iter().partition(|(o, _)| *o);
        for (files, in_transaction) in [(inside, true), (outside, false)] {
            if files.is_empty() {
                continue;
            }
            let config = concat!(env!("CARGO_MANIFEST_DIR"), "/../.squawk.toml");
            let mut cmd = std::process::Command::new("squawk");
            cmd.arg("--config").arg(config);
            // Files that run in a transaction (sqlx's default) are linted as such.
            if in_transaction {
                cmd.arg("--assume-in-transaction");
            }
            let out = match cmd.args(files.iter().map(|(_, f)| f)).output() {
                Ok(o) => o,
                Err(e) => {
                    crate::engines::skip(&format!(
                        "squawk is not installed (`bash scripts/install-squawk.sh`, run by .ci/run): {e}"
                    ));
                    return;
                }
            };
            assert!(
                out.status.success(),
                "squawk found problems:\n{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
