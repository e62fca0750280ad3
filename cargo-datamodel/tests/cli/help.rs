//! `--help` of `cargo datamodel` and of every subcommand, and `--version`, as the binary prints
//! them (no color: stdout is a pipe).

use crate::support::cargo_datamodel;

const SUBCOMMANDS: [&str; 11] = [
    "generate", "check", "plan", "schema", "ddl", "lint", "migrate", "explain", "new", "import",
    "init",
];

#[test]
fn help_of_the_top_command() {
    let run = cargo_datamodel(&["--help"], &[]);
    run.expect_code(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    insta::assert_snapshot!("help", run.stdout);
}

#[test]
fn help_of_every_subcommand() {
    for sub in SUBCOMMANDS {
        let run = cargo_datamodel(&[sub, "--help"], &[]);
        run.expect_code(0);
        let usage = format!("\nUsage: cargo datamodel {sub}");
        assert!(run.stdout.contains(&usage), "{sub}: {}", run.stdout);
        insta::assert_snapshot!(format!("help_{sub}"), run.stdout);
    }
}

/// The top help lists exactly the subcommands snapshotted above (a new one needs its snapshot).
#[test]
fn every_subcommand_has_a_help_snapshot() {
    let run = cargo_datamodel(&["--help"], &[]);
    let listed: Vec<&str> = run
        .stdout
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands section")
        .lines()
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert_eq!(listed, SUBCOMMANDS);
}

#[test]
fn version_reads_like_cargos() {
    let run = cargo_datamodel(&["--version"], &[]);
    run.expect_code(0);
    assert_eq!(
        run.stdout,
        format!("cargo-datamodel {}\n", env!("CARGO_PKG_VERSION"))
    );
}
