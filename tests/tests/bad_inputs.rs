//! Bad inputs end to end: what a user sees when `cargo datamodel` refuses, and proof that a
//! refusal writes nothing. Each test backs a row of the README's "What you did -> what you
//! see" table (the other rows name tests in `collect.rs`, `commands.rs` and unit tests).
//!
//! The crates are members of `tests/fixtures/badinputs/` (one per mistake), collected with
//! `-p`; every run writes into a fresh temp folder given with `--out`, so "nothing written"
//! means that folder does not exist afterwards.

use datamodel_tests::cli::{cargo_datamodel, manifest, Run};
use std::path::Path;

/// `cargo datamodel generate --out <out> -p <package>` on the bad-inputs workspace.
fn generate(package: &str, out: &Path) -> Run {
    let m = manifest("tests/fixtures/badinputs/Cargo.toml");
    cargo_datamodel(&[
        "generate",
        "--out",
        &out.to_string_lossy(),
        "--manifest-path",
        &m,
        "-p",
        package,
    ])
}

#[test]
fn unknown_engine_in_config_names_key_value_and_allowed_values() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = generate("bad-badengine", &out);
    run.expect_code(2);
    assert!(
        run.stderr.contains(
            "key `engines` in `badengine/Cargo.toml`: invalid value `oracle`; allowed values: postgres, mysql, sqlite"
        ),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn not_null_fk_cycle_is_printed_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = generate("bad-cycle", &out);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("error[DM003]: NOT NULL foreign keys form a cycle"),
        "{}",
        run.stderr
    );
    // The whole cycle, edge by edge.
    assert!(
        run.stderr
            .contains("Badge.team_id -> Team, Team.captain_id -> Person, Person.badge_id -> Badge"),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("make one foreign key of the cycle optional"));
    assert!(
        run.stderr.contains("nothing was generated"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn sql_fragments_that_are_not_one_expression_are_rejected_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = generate("bad-unsafe-sql", &out);
    run.expect_code(1);
    for (what, sql) in [
        (
            "the check of `User.email`",
            "`1); DROP TABLE users; --` contains `;`",
        ),
        (
            "the default of `User.logins`",
            "`0) --` contains an SQL comment",
        ),
        (
            "the index `where` of `User`",
            "`email IS NOT NULL; DELETE FROM users` contains `;`",
        ),
    ] {
        assert!(
            run.stderr
                .contains(&format!("error[DM020]: {what} is rejected: {sql}")),
            "{what}:\n{}",
            run.stderr
        );
    }
    assert!(run
        .stderr
        .contains("the data model has 3 errors; nothing was generated"));
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(!out.exists(), "nothing may be written");
}

/// The crate is configured for PostgreSQL only; its CHECK is fine there but MySQL reads the
/// backslash as an escape. `ddl --engine mysql` must refuse it (as must every other
/// command: the guard checks every engine the tool can render), never print the DDL.
#[test]
fn ddl_for_an_unconfigured_engine_refuses_a_fragment_unsafe_there() {
    let m = manifest("tests/fixtures/badinputs/Cargo.toml");
    let run = cargo_datamodel(&[
        "ddl",
        "--engine",
        "mysql",
        "--manifest-path",
        &m,
        "-p",
        "bad-mysql-unsafe",
    ]);
    run.expect_code(1);
    assert!(
        run.stderr.contains(
            r"error[DM020]: the check of `Note.path` is rejected: `path <> 'C:\' AND path <> ''` contains a backslash"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("(parsed as MySQL/MariaDB SQL)"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("CREATE TABLE"), "{}", run.stdout);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn fk_to_an_entity_that_is_not_collected_names_it_and_the_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = generate("bad-uncollected", &out);
    run.expect_code(1);
    assert!(
        run.stderr.contains(
            "error[DM002]: `Book.author_id` references `bad_uncollected::Author`, which is not in the collected model"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("uncollected/src/lib.rs:14"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("datamodel::entities!(...)"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn template_with_an_undefined_variable_names_file_line_and_variable() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = generate("bad-badtemplate", &out);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("badtemplate/templates/doc.md.j2:6: `executive_summary` is undefined"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("docs/template-context.md"),
        "{}",
        run.stderr
    );
    // The document renders before the output folder is created.
    assert!(!out.exists(), "nothing may be written");
}

/// An output folder that cannot be created. Permission bits can't show this here: the tests
/// may run as root, for whom a `chmod 0555` folder is still writable. A path *below a file*
/// fails for every user (`ENOTDIR`), so that is the unwritable folder.
#[test]
fn output_folder_that_cannot_be_created_is_an_error_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let out = file.join("docs");
    let m = manifest("examples/blog/Cargo.toml");
    let run = cargo_datamodel(&[
        "generate",
        "--out",
        &out.to_string_lossy(),
        "--manifest-path",
        &m,
    ]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains(&format!("cannot write {}: Not a directory", out.display())),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("is writable, or choose another with `--out DIR`"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

/// Citus among the engines: a global entity with a `belongs_to` a tenant-scoped one, and
/// `set_null` between tenant-scoped ones, are refused when the model is resolved (the DDL
/// would fail on the cluster), each naming the field and the fix; nothing is written.
#[test]
fn what_citus_refuses_is_an_error_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = generate("bad-citus-refused", &out);
    run.expect_code(1);
    for expected in [
        "error[DM034]: `Plan` (table `plans`) is global (a Citus reference table, copied to every node) and its foreign key (curator_id) references `users`",
        "citus-refused/src/lib.rs:33",
        "help: make `Plan` tenant-scoped (remove `tenancy = \"global\"`), or make `User` global",
        "error[DM036]: the foreign key (tenant_id, owner_id) of `Project` (table `projects`) to `users` has ON DELETE SET NULL",
        "citus-refused/src/lib.rs:42",
        "help: say `on_delete = \"restrict\"` or `\"cascade\"` on that `belongs_to`",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
    assert!(!out.exists(), "nothing may be written");
}
