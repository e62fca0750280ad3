//! `generate` prints the lint warnings and cargo's one-line summary; `-D warnings` turns them
//! into a failure that writes nothing.

use crate::support::{files_under, on_warned, repo_root};

const SUMMARY: &str = "warning: `warned` (data model) generated 2 warnings";

#[test]
fn generate_prints_the_warnings_and_a_one_line_summary_then_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = on_warned(&["generate", "--out", out.to_str().unwrap()], &[]);
    run.expect_code(0);
    let err = &run.stderr;
    for code in ["warning[DM122]", "warning[DM123]"] {
        assert!(err.contains(code), "{code} missing:\n{err}");
    }
    assert!(err.contains("--> src/lib.rs:16:9"), "{err}");
    let summaries: Vec<&str> = err.lines().filter(|l| l.contains("generated")).collect();
    assert_eq!(summaries, [SUMMARY], "{err}");
    // The summary follows the warnings and comes before the files are written.
    let at = |needle: &str| {
        err.find(needle)
            .unwrap_or_else(|| panic!("{needle}:\n{err}"))
    };
    assert!(
        at("warning[DM123]") < at(SUMMARY) && at(SUMMARY) < at("Writing"),
        "{err}"
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let written = files_under(&out);
    assert!(
        written
            .iter()
            .any(|(p, _)| p.ends_with("schema.postgres.sql")),
        "{written:?}"
    );
}

#[test]
fn deny_warnings_exits_1_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    for flag in [["-D", "warnings"], ["--deny", "warnings"]] {
        let mut args = vec!["--out", out.to_str().unwrap()];
        args.extend(flag);
        let run = on_warned(&args, &[]);
        run.expect_code(1);
        assert!(run.stderr.contains("warning[DM122]"), "{}", run.stderr);
        assert!(
            run.stderr
                .contains("error: 2 warnings denied by `-D warnings`; nothing was generated"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("Writing"), "{}", run.stderr);
        assert!(!out.exists(), "{flag:?} created {}", out.display());
    }
    // Nor does the default output folder of the fixture appear.
    assert!(!repo_root().join("tests/fixtures/warned/docs").exists());
}

#[test]
fn deny_warnings_leaves_an_existing_output_folder_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("README.md"), "hand-written, must survive\n").unwrap();
    let before = files_under(&out);
    let run = on_warned(
        &["generate", "--out", out.to_str().unwrap(), "-D", "warnings"],
        &[],
    );
    run.expect_code(1);
    assert_eq!(files_under(&out), before);
    // `check -D warnings` fails the same way and writes nothing either.
    let run = on_warned(
        &["check", "--out", out.to_str().unwrap(), "-D", "warnings"],
        &[],
    );
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("error: 2 warnings denied by `-D warnings`; nothing was checked"),
        "{}",
        run.stderr
    );
    assert_eq!(files_under(&out), before);
}
