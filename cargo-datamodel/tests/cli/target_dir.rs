//! `--target-dir` relative to the current directory, as cargo reads it, wherever the collected
//! workspace is.

use crate::support::{cargo_datamodel_in, repo_root, warned};

#[test]
fn a_relative_target_dir_is_relative_to_the_current_directory() {
    // From the repository root, `target/datamodel-tests` is the shared test directory; the
    // fixture's own workspace root is tests/fixtures/warned, where it does not exist.
    let manifest = warned();
    let run = cargo_datamodel_in(
        &repo_root(),
        &[
            "plan",
            "--manifest-path",
            &manifest,
            "--target-dir",
            "target/datamodel-tests",
        ],
        &[],
    );
    run.expect_code(0);
    assert!(run.stdout.contains("DATA MODEL PLAN"), "{}", run.stdout);
    assert!(!repo_root().join("tests/fixtures/warned/target").exists());
}
