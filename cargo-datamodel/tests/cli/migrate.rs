//! `cargo datamodel migrate` and the snapshot, through the real binary on a scratch copy of
//! `tests/fixtures/evolving` (PostgreSQL and SQLite configured): `generate` writes the
//! baseline, a changed struct makes `check` fail with DM043, refusals (DM040, DM041) and bad
//! snapshots write nothing, no change writes nothing. The wall time is pinned with
//! `SOURCE_DATE_EPOCH`, so the sqlx and diesel file names are stable.

use crate::support::{files_under, Evolving, Run};
use std::fs;
use std::path::Path;

const SNAPSHOT: &str = "docs/data-model/01-evolving/schema.snapshot.json";

/// The scratch crate with its baseline generated.
fn generated() -> Evolving {
    let s = Evolving::new();
    s.run(&[]).expect_code(0);
    assert!(s.path(SNAPSHOT).is_file(), "generate writes the baseline");
    s
}

#[test]
fn generate_writes_the_snapshot_and_check_catches_a_forgotten_migration() {
    let s = generated();
    assert!(
        !s.path("migrations").exists(),
        "generate writes no migration"
    );
    s.run(&["check"]).expect_code(0);
    s.add_tags();
    // generate brings the document up to date but never moves the baseline forward.
    let baseline = fs::read_to_string(s.path(SNAPSHOT)).unwrap();
    s.run(&[]).expect_code(0);
    assert_eq!(fs::read_to_string(s.path(SNAPSHOT)).unwrap(), baseline);
    let before = s.files();
    let run = s.run(&["check"]);
    run.expect_code(1);
    assert!(run.stderr.contains("error[DM043]"), "{}", run.stderr);
    assert!(run.stderr.contains("CREATE TABLE tags"), "{}", run.stderr);
    assert!(
        run.stderr.contains("cargo datamodel migrate --name"),
        "{}",
        run.stderr
    );
    assert_eq!(s.files(), before, "check writes nothing");
}

#[test]
fn migrate_without_a_change_writes_nothing_and_says_so() {
    let s = generated();
    let before = s.files();
    let run = s.run(&["migrate", "--name", "nothing"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("no change since the schema snapshot"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing written"), "{}", run.stderr);
    assert_eq!(s.files(), before);
}

#[test]
fn contract_without_an_expanded_rename_is_refused_and_writes_nothing() {
    let s = generated();
    let before = s.files();
    let run = s.run(&["migrate", "--name", "drop_old", "--contract"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("no rename is waiting for its contract"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--expand-contract"), "{}", run.stderr);
    assert_eq!(s.files(), before);
}

#[test]
fn without_a_snapshot_migrate_says_to_run_cargo_datamodel_first() {
    let s = Evolving::new();
    let before = s.files();
    let run = s.run(&["migrate", "--name", "first"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("no schema snapshot at"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("run `cargo datamodel` first"),
        "{}",
        run.stderr
    );
    assert_eq!(s.files(), before, "nothing written");
}

#[test]
fn a_corrupt_or_newer_snapshot_is_a_clear_error_and_nothing_is_written() {
    let s = generated();
    s.add_tags();
    for (text, says) in [
        ("{ not json", "git checkout --"),
        (r#"{"format_version": 999, "tables": []}"#, "upgrade"),
    ] {
        fs::write(s.path(SNAPSHOT), text).unwrap();
        let before = s.files();
        let run = s.run(&["migrate", "--name", "add_tags"]);
        run.expect_code(2);
        assert!(
            run.stderr.contains("schema.snapshot.json"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains(says), "{}", run.stderr);
        assert_eq!(s.files(), before, "nothing written");
        // check reads it too, and says the same.
        let run = s.run(&["check"]);
        run.expect_code(2);
        assert!(run.stderr.contains(says), "{}", run.stderr);
        assert_eq!(s.files(), before, "nothing written");
    }
}

#[test]
fn a_destructive_change_without_the_flag_is_refused_with_dm040() {
    let s = generated();
    s.edit(
        "    /// Where invoices go.\n    #[datamodel(max_length = 200)]\n    pub email: Option<String>,\n",
        "",
    );
    let before = s.files();
    let run = s.run(&["migrate", "--name", "drop_email"]);
    run.expect_code(1);
    assert!(run.stderr.contains("error[DM040]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("DROP COLUMN customers.email"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--allow-destructive"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(s.files(), before);
    // The plan is refused the same way.
    s.run(&["migrate", "--dry-run"]).expect_code(1);
    assert_eq!(s.files(), before);
}

/// A NOT NULL column without a default gives existing rows no value: no engine can add it.
#[test]
fn a_change_the_engines_cant_make_is_refused_with_dm041_and_nothing_is_written() {
    let s = generated();
    s.edit(
        "    pub email: Option<String>,\n",
        "    pub email: Option<String>,\n    /// Loyalty points.\n    pub points: i64,\n",
    );
    let before = s.files();
    let run = s.run(&["migrate", "--name", "add_points"]);
    run.expect_code(1);
    assert!(run.stderr.contains("error[DM041]"), "{}", run.stderr);
    assert!(run.stderr.contains("customers.points"), "{}", run.stderr);
    assert_eq!(s.files(), before);
}

/// Renames are never guessed: a `renamed_from` that names no column of the snapshot is refused.
#[test]
fn a_rename_from_a_column_the_snapshot_lacks_is_refused_with_dm042() {
    let s = generated();
    s.edit(
        "    pub email: Option<String>,\n",
        "    pub email: Option<String>,\n    /// A phone number.\n    #[datamodel(max_length = 30, renamed_from = \"fax\")]\n    pub phone: Option<String>,\n",
    );
    let before = s.files();
    let run = s.run(&["migrate", "--name", "rename_mail"]);
    run.expect_code(1);
    assert!(run.stderr.contains("error[DM042]"), "{}", run.stderr);
    assert!(run.stderr.contains("no column `fax`"), "{}", run.stderr);
    assert_eq!(s.files(), before);
}

#[test]
fn a_bad_name_is_refused_with_the_fix_before_collecting() {
    let s = Evolving::new();
    let run = s.run(&["migrate", "--name", "add/tags"]);
    run.expect_code(2);
    assert!(run.stderr.contains("contains `/`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("--name add_tags_table"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("Collecting"), "{}", run.stderr);
    let run = s.run(&["migrate"]);
    run.expect_code(2);
    assert!(run.stderr.contains("--name"), "{}", run.stderr);
}

/// File names of every file under `dir`, relative to it.
fn names_under(dir: &Path) -> Vec<String> {
    files_under(dir).into_iter().map(|(p, _)| p).collect()
}

#[test]
fn dry_run_prints_the_plan_then_each_layout_writes_its_files_and_moves_the_snapshot() {
    let s = generated();
    s.add_tags();
    s.add_phone();
    let before = s.files();
    let run = s.run(&["migrate", "--dry-run"]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("| PostgreSQL | tags | CREATE TABLE tags | Safe |"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("| SQLite | tags |"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("| PostgreSQL | customers | ADD COLUMN customers.phone | Safe |"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("nothing written (--dry-run)"),
        "{}",
        run.stderr
    );
    assert_eq!(s.files(), before, "--dry-run writes nothing");

    let baseline = fs::read(s.path(SNAPSHOT)).unwrap();
    let history = s.path("docs/data-model/01-evolving/migrations.json");
    let mut listing = String::new();
    for layout in ["plain", "sqlx", "diesel", "refinery"] {
        // Each layout starts from the same baseline.
        fs::write(s.path(SNAPSHOT), &baseline).unwrap();
        let _ = fs::remove_file(&history);
        let dir = format!("mig-{layout}");
        let run = s.run(&[
            "migrate",
            "--name",
            "add-tags",
            "--layout",
            layout,
            "--migrations-dir",
            &dir,
        ]);
        run.expect_code(0);
        assert_ne!(
            fs::read(s.path(SNAPSHOT)).unwrap(),
            baseline,
            "moved forward"
        );
        listing.push_str(&format!("{layout}:\n"));
        for n in names_under(&s.path(&dir)) {
            listing.push_str(&format!("  {n}\n"));
        }
    }
    insta::assert_snapshot!("migrate_layouts", listing);
    // Every up file of PostgreSQL's sqlx migrations: the online index build is a part alone.
    let mut sqlx_up = String::new();
    for (name, text) in files_under(&s.path("mig-sqlx/postgres")) {
        if name.ends_with(".up.sql") {
            sqlx_up.push_str(&format!("==> {name}\n{text}"));
        }
    }
    insta::assert_snapshot!("migrate_sqlx_up_postgres", sqlx_up);
    squawk_accepts(&s.path("mig-sqlx/postgres"));

    // The document's change history, and a fresh check.
    let doc = fs::read_to_string(s.path("docs/data-model/01-evolving/01-evolving.md")).unwrap();
    assert!(doc.contains("### Change History"), "{doc}");
    assert!(doc.contains("| add_tags |"), "{doc}");
    s.run(&["check"]).expect_code(0);

    // Nothing changed since: a second run writes nothing.
    let before = s.files();
    let run = s.run(&["migrate", "--name", "again", "--migrations-dir", "mig-sqlx"]);
    run.expect_code(0);
    assert!(run.stderr.contains("no change"), "{}", run.stderr);
    assert_eq!(s.files(), before);

    // The default directory: `migrations/<engine>/` beside Cargo.toml.
    fs::write(s.path(SNAPSHOT), &baseline).unwrap();
    s.run(&["migrate", "--name", "add_tags"]).expect_code(0);
    assert_eq!(
        names_under(&s.path("migrations")),
        [
            "postgres/0001_add_tags.down.sql",
            "postgres/0001_add_tags.up.sql",
            "sqlite/0001_add_tags.down.sql",
            "sqlite/0001_add_tags.up.sql"
        ]
    );
}

/// squawk (`bash scripts/install-squawk.sh`, run by `.ci/run`) reports nothing on the
/// PostgreSQL files `--layout sqlx` wrote, linted as sqlx runs them (in a transaction unless
/// the file starts with `-- no-transaction`); the rules it has off are in `.squawk.toml`.
fn squawk_accepts(dir: &std::path::Path) {
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/../.squawk.toml");
    let mut inside = Vec::new();
    let mut outside = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        if text.starts_with("-- no-transaction") {
            outside.push(path);
        } else {
            inside.push(path);
        }
    }
    for (files, in_transaction) in [(inside, true), (outside, false)] {
        if files.is_empty() {
            continue;
        }
        let mut cmd = std::process::Command::new("squawk");
        cmd.arg("--config").arg(config);
        if in_transaction {
            cmd.arg("--assume-in-transaction");
        }
        match cmd.args(&files).output() {
            Ok(out) => assert!(
                out.status.success(),
                "squawk found problems:\n{}",
                String::from_utf8_lossy(&out.stdout)
            ),
            Err(e) if std::env::var("CI").as_deref() != Ok("true") => {
                println!("SKIPPED: squawk is not installed (bash scripts/install-squawk.sh): {e}");
                return;
            }
            Err(e) => panic!("squawk is not installed under CI=true: {e}"),
        }
    }
}

/// A rename expanded by `--expand-contract` and not contracted yet: `check` says so (a
/// warning, exit 0), and names the command of the next release.
#[test]
fn check_names_a_rename_waiting_for_its_contract() {
    let s = generated();
    let history = s.path(SNAPSHOT).with_file_name("migrations.json");
    std::fs::write(
        &history,
        r#"{
  "format": 1,
  "migrations": [
    {
      "name": "rename_email",
      "timestamp": "2026-01-02T03:04:05Z",
      "changes": [],
      "expanded": [
        {
          "table": "customers",
          "from": "email",
          "to": "email_address"
        }
      ]
    }
  ]
}
"#,
    )
    .unwrap();
    s.run(&[]).expect_code(0); // the document's Change History lists the migration
    let run = s.run(&["check"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("customers.email → email_address") && run.stderr.contains("--contract"),
        "{}",
        run.stderr
    );
}

/// Two `migrate` runs at once on one change: the second waits for the first to move the
/// snapshot forward (the output root's lock), then finds nothing to do. Exactly one migration
/// is written.
#[test]
fn two_migrate_runs_at_once_write_one_migration() {
    let s = generated();
    s.add_tags();
    let runs: Vec<Run> = std::thread::scope(|scope| {
        let a =
            scope.spawn(|| s.run(&["migrate", "--name", "add_tags", "--migrations-dir", "mig"]));
        let b =
            scope.spawn(|| s.run(&["migrate", "--name", "add_tags", "--migrations-dir", "mig"]));
        vec![a.join().unwrap(), b.join().unwrap()]
    });
    for r in &runs {
        r.expect_code(0);
    }
    let nothing = runs
        .iter()
        .filter(|r| r.stderr.contains("no change since the schema snapshot"))
        .count();
    assert_eq!(
        nothing,
        1,
        "{:#?}",
        runs.iter().map(|r| &r.stderr).collect::<Vec<_>>()
    );
    let ups = files_under(&s.path("mig"))
        .into_iter()
        .filter(|(name, _)| name.ends_with(".up.sql"))
        .count();
    assert_eq!(
        ups, 2,
        "one migration per engine (PostgreSQL and SQLite), written once"
    );
}
