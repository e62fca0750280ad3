//! The layouts with migrations built by hand (the renderer's steps are the lead's; these pin
//! the file names, markers, headers and down files whatever the SQL is).

use super::*;
use crate::config::Engine;
use crate::migrate::render::{RenderedStep, Statement};
use crate::migrate::{Change, Safety};
use crate::term::status::FAKE_NOW;
use std::time::{Duration, UNIX_EPOCH};

fn stmt(sql: &str, outside: bool) -> Statement {
    Statement {
        sql: sql.into(),
        outside_transaction: outside,
        alone: outside,
        new_transaction: false,
    }
}

/// CREATE TABLE tags, then its index (CONCURRENTLY when `concurrent`).
pub(crate) fn add_tags(concurrent: bool) -> Rendered {
    let up = Migration {
        engine: Engine::Postgres,
        preamble: vec![stmt("SET lock_timeout = '5s'", false)],
        steps: vec![
            RenderedStep {
                change: Change::AddTable {
                    table: "tags".into(),
                },
                safety: Safety::Safe,
                method: "Instant".into(),
                statements: vec![stmt("CREATE TABLE tags (id BIGINT PRIMARY KEY)", false)],
                notes: vec![],
            },
            RenderedStep {
                change: Change::AddIndex {
                    table: "tags".into(),
                    index: "idx_tags_id".into(),
                    unique: false,
                },
                safety: Safety::Safe,
                method: "Online (CONCURRENTLY)".into(),
                statements: vec![stmt(
                    "CREATE INDEX CONCURRENTLY idx_tags_id ON tags (id)",
                    concurrent,
                )],
                notes: vec![],
            },
        ],
        epilogue: vec![],
    };
    let down = Migration {
        engine: Engine::Postgres,
        preamble: vec![],
        steps: vec![RenderedStep {
            change: Change::DropTable {
                table: "tags".into(),
            },
            safety: Safety::Breaking,
            method: "Instant".into(),
            statements: vec![stmt("DROP TABLE tags", false)],
            notes: vec![],
        }],
        epilogue: vec![],
    };
    Rendered {
        expanded: Vec::new(),
        up,
        down: Down::Migration(down),
    }
}

fn naming() -> Naming<'static> {
    Naming {
        name: "add_tags",
        now: UNIX_EPOCH + Duration::from_secs(FAKE_NOW),
        engine: "PostgreSQL",
    }
}

fn names(files: &[MigrationFile], dir: &Path) -> Vec<String> {
    files
        .iter()
        .map(|f| f.path.strip_prefix(dir).unwrap().display().to_string())
        .collect()
}

#[test]
fn each_layout_names_its_files_as_its_tool_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let r = add_tags(false);
    let got = |l: Layout| names(&l.files(d, &naming(), &r).unwrap(), d);
    assert_eq!(
        got(Layout::Plain),
        ["0001_add_tags.up.sql", "0001_add_tags.down.sql"]
    );
    assert_eq!(
        got(Layout::Sqlx),
        [
            "20260102030405_add_tags.up.sql",
            "20260102030405_add_tags.down.sql"
        ]
    );
    assert_eq!(
        got(Layout::Diesel),
        [
            "2026-01-02-030405_add_tags/up.sql",
            "2026-01-02-030405_add_tags/down.sql"
        ]
    );
    assert_eq!(got(Layout::Refinery), ["V1__add_tags.sql"]);
}

#[test]
fn sequence_numbers_continue_the_directorys_highest() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for f in [
        "0007_old.up.sql",
        "0012_x.down.sql",
        "notes.md",
        "V3__a.sql",
    ] {
        std::fs::write(d.join(f), "").unwrap();
    }
    std::fs::write(d.join("V41__b.sql"), "").unwrap();
    let r = add_tags(false);
    let plain = names(&Layout::Plain.files(d, &naming(), &r).unwrap(), d);
    assert_eq!(plain[0], "0013_add_tags.up.sql");
    let refinery = names(&Layout::Refinery.files(d, &naming(), &r).unwrap(), d);
    assert_eq!(refinery, ["V42__add_tags.sql"]);
}

/// `add_tags(true)` with its CONCURRENTLY statement outside a transaction but not alone: one
/// file, marked.
fn outside_but_not_alone() -> Rendered {
    let mut r = add_tags(true);
    r.up.steps[1].statements[0].alone = false;
    r
}

#[test]
fn outside_a_transaction_each_tool_gets_its_marker() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let r = outside_but_not_alone();
    let sqlx = Layout::Sqlx.files(d, &naming(), &r).unwrap();
    assert_eq!(sqlx.len(), 2);
    // sqlx reads the marker only as the very first bytes of the file.
    assert!(sqlx[0].content.starts_with("-- no-transaction\n"));
    assert!(
        !sqlx[1].content.contains("no-transaction"),
        "the down runs in one"
    );
    let refinery = Layout::Refinery.files(d, &naming(), &r).unwrap();
    assert!(refinery[0]
        .content
        .starts_with("-- refinery:noTransaction\n"));
    let diesel = Layout::Diesel.files(d, &naming(), &r).unwrap();
    let meta = diesel
        .iter()
        .find(|f| f.path.ends_with("metadata.toml"))
        .expect("diesel's metadata.toml");
    assert!(meta.content.contains("run_in_transaction = false\n"));
    let plain = Layout::Plain.files(d, &naming(), &r).unwrap();
    assert!(plain[0].content.contains("-- Runs outside a transaction"));
    // In a transaction: no marker, no metadata.toml.
    let r = add_tags(false);
    assert!(!Layout::Sqlx.files(d, &naming(), &r).unwrap()[0]
        .content
        .contains("no-transaction"));
    assert_eq!(Layout::Diesel.files(d, &naming(), &r).unwrap().len(), 2);
}

/// A statement that must be a query of its own (PostgreSQL runs a multi-statement query in
/// one transaction, which CONCURRENTLY refuses): tools that send a file as one query get one
/// migration per part, with consecutive versions; the down parts in reverse.
#[test]
fn a_statement_that_must_run_alone_gets_a_migration_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let r = add_tags(true);
    assert_eq!(r.up.parts().len(), 2);
    let sqlx = Layout::Sqlx.files(d, &naming(), &r).unwrap();
    assert_eq!(
        names(&sqlx, d),
        [
            "20260102030405_add_tags_part1.up.sql",
            "20260102030405_add_tags_part1.down.sql",
            "20260102030406_add_tags_part2.up.sql",
            "20260102030406_add_tags_part2.down.sql"
        ]
    );
    assert!(!sqlx[0].content.starts_with("-- no-transaction"));
    assert!(sqlx[0]
        .content
        .contains("SET lock_timeout = '5s';\nCREATE TABLE tags"));
    assert!(sqlx[0].content.contains("-- Part 1 of 2"));
    assert!(sqlx[0]
        .content
        .ends_with("CREATE TABLE tags (id BIGINT PRIMARY KEY);\n"));
    assert!(sqlx[2].content.starts_with("-- no-transaction\n"));
    assert!(sqlx[2]
        .content
        .ends_with("\nCREATE INDEX CONCURRENTLY idx_tags_id ON tags (id);\n"));
    // Reverted first, the last migration holds the down; the first one's down has nothing
    // to run (but a statement: MySQL refuses an empty query).
    assert!(
        sqlx[3].content.ends_with("DROP TABLE tags;\n"),
        "{}",
        sqlx[3].content
    );
    assert!(
        sqlx[1].content.ends_with("SELECT 1;\n"),
        "{}",
        sqlx[1].content
    );
    let diesel = Layout::Diesel.files(d, &naming(), &r).unwrap();
    assert_eq!(
        names(&diesel, d),
        [
            "2026-01-02-030405_add_tags_part1/up.sql",
            "2026-01-02-030405_add_tags_part1/down.sql",
            "2026-01-02-030406_add_tags_part2/up.sql",
            "2026-01-02-030406_add_tags_part2/down.sql",
            "2026-01-02-030406_add_tags_part2/metadata.toml"
        ]
    );
    let refinery = Layout::Refinery.files(d, &naming(), &r).unwrap();
    assert_eq!(
        names(&refinery, d),
        ["V1__add_tags_part1.sql", "V2__add_tags_part2.sql"]
    );
    // psql sends statement by statement: the plain layout stays one script.
    assert_eq!(Layout::Plain.files(d, &naming(), &r).unwrap().len(), 2);
}

#[test]
fn a_version_already_taken_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("20260102030405_other.up.sql"), "").unwrap();
    let e = Layout::Sqlx
        .files(d, &naming(), &add_tags(false))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("20260102030405 is taken by `20260102030405_other.up.sql`"),
        "{e}"
    );
}

#[test]
fn an_irreversible_down_says_why_and_fails_when_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = add_tags(false);
    r.down = Down::Irreversible("DROP COLUMN posts.body destroys data".into());
    let files = Layout::Plain.files(dir.path(), &naming(), &r).unwrap();
    let down = &files[1].content;
    assert!(
        down.contains("-- This migration can't be undone: DROP COLUMN posts.body"),
        "{down}"
    );
    assert!(down.ends_with(IRREVERSIBLE_SQL), "{down}");
    // It really fails: the table it reads doesn't exist (here on SQLite).
    let db = rusqlite::Connection::open_in_memory().unwrap();
    assert!(db.execute_batch(down).is_err());
}

#[test]
fn names_are_normalised_or_refused_with_the_fix() {
    assert_eq!(
        normalize_name(" Add-Tags table ").unwrap(),
        "add_tags_table"
    );
    let e = normalize_name("add/tags").unwrap_err().to_string();
    assert!(
        e.contains("`/`") && e.contains("--name add_tags_table"),
        "{e}"
    );
    let e = normalize_name("  ").unwrap_err().to_string();
    assert!(e.contains("empty"), "{e}");
    assert!(normalize_name("ünïcode").is_err());
}

#[test]
fn a_distributing_engine_gets_the_plain_layout_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = add_tags(false);
    r.up.engine = Engine::Citus;
    for layout in [Layout::Sqlx, Layout::Diesel, Layout::Refinery] {
        let e = layout.files(dir.path(), &naming(), &r).unwrap_err();
        let text = format!("{e:?}");
        assert!(
            text.contains("refuses DDL of a distributed table inside a multi-statement query")
                && text.contains("nothing was written")
                && text.contains("--layout plain"),
            "{layout:?}: {text}"
        );
    }
    let files = Layout::Plain.files(dir.path(), &naming(), &r).unwrap();
    assert_eq!(files.len(), 2);
}
