//! cargo's status lines of a real `generate` and `check`, with the elapsed time from a fake
//! clock. Run in-process through `cargo_datamodel::run_from`, whose `Console` takes the clock
//! the binary fills with the system's.

use crate::support::{target_dir, warned};
use cargo_datamodel::report::Console;
use cargo_datamodel::term::FakeClock;
use std::time::Duration;

/// `cargo datamodel <args>` on the warned fixture in-process; (exit code, stderr).
fn run(args: &[&str]) -> (i32, String) {
    let (manifest, target) = (warned(), target_dir());
    let mut argv = vec!["cargo", "datamodel"];
    argv.extend(args);
    argv.extend(["--manifest-path", &manifest, "--target-dir", &target]);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = {
        let mut console = Console::captured(&mut out, &mut err);
        console.clock = Box::new(FakeClock::ticking(Duration::from_millis(1250)));
        cargo_datamodel::run_from(argv, &mut console)
    };
    (code, String::from_utf8(err).unwrap())
}

#[test]
fn generate_then_check_print_cargo_status_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out_str = out.to_str().unwrap();
    // A first run builds the collector if needed, so the snapshotted runs say `Collecting
    // warned` without the first-run note.
    let warm = tmp.path().join("warm");
    assert_eq!(run(&["generate", "--out", warm.to_str().unwrap()]).0, 0);

    let (code, generate) = run(&["generate", "--out", out_str]);
    assert_eq!(code, 0, "{generate}");
    let (code, check) = run(&["check", "--out", out_str]);
    assert_eq!(code, 0, "{check}");
    let (code, quiet) = run(&["check", "--out", out_str, "-q"]);
    assert_eq!(code, 0, "{quiet}");
    let text = format!(
        "$ cargo datamodel generate\n{generate}\n$ cargo datamodel check\n{check}\n$ cargo datamodel check -q\n{quiet}"
    )
    .replace(out_str, "[OUT]");
    insta::assert_snapshot!("status_lines", text);
}
