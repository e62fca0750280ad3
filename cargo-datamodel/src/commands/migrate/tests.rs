//! The writing half of `migrate` with migrations built by hand (the renderer's steps are the
//! lead's): the plan table, one directory per engine, no file overwritten, and a failed write
//! undone as a whole.

use super::*;
use crate::config::Depth;
use crate::migrate::layout::tests::add_tags;
use crate::term::status::FAKE_NOW;
use std::time::{Duration, UNIX_EPOCH};

fn two_engines() -> Vec<Rendered> {
    let pg = add_tags(true);
    let mut lite = add_tags(false);
    lite.up.engine = Engine::Sqlite;
    if let crate::migrate::render::Down::Migration(m) = &mut lite.down {
        m.engine = Engine::Sqlite;
    }
    vec![pg, lite]
}

fn naming(engine: Engine) -> Naming<'static> {
    Naming {
        name: "add_tags",
        now: UNIX_EPOCH + Duration::from_secs(FAKE_NOW),
        engine: engine.display_name(),
    }
}

fn record() -> Record {
    Record {
        name: "add_tags".into(),
        timestamp: rfc3339(UNIX_EPOCH + Duration::from_secs(FAKE_NOW)),
        changes: vec![],
        expanded: vec![],
        contracted: vec![],
    }
}

#[test]
fn the_plan_has_a_row_per_step_and_engine() {
    let t = plan_table(&two_engines());
    assert!(
        t.contains("| PostgreSQL | tags | CREATE TABLE tags | Safe | Instant | — |"),
        "{t}"
    );
    assert!(
        t.contains("| SQLite | tags | CREATE INDEX idx_tags_id ON tags | Safe | Online (CONCURRENTLY) | — |"),
        "{t}"
    );
    assert_eq!(t.lines().count(), 2 + 4);
}

#[test]
fn several_engines_get_a_directory_each_and_nothing_is_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("migrations");
    let files = migration_files(&root, Layout::Sqlx, &two_engines(), naming).unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.path.strip_prefix(&root).unwrap().display().to_string())
        .collect();
    assert_eq!(
        names,
        [
            // CONCURRENTLY must be a query of its own on PostgreSQL: two migrations there.
            "postgres/20260102030405_add_tags_part1.up.sql",
            "postgres/20260102030405_add_tags_part1.down.sql",
            "postgres/20260102030406_add_tags_part2.up.sql",
            "postgres/20260102030406_add_tags_part2.down.sql",
            "sqlite/20260102030405_add_tags.up.sql",
            "sqlite/20260102030405_add_tags.down.sql"
        ]
    );
    let one = migration_files(&root, Layout::Plain, &two_engines()[..1], naming).unwrap();
    assert_eq!(
        one[0].path,
        root.join("0001_add_tags.up.sql"),
        "one engine: no subdirectory"
    );

    std::fs::create_dir_all(root.join("sqlite")).unwrap();
    std::fs::write(root.join("sqlite/20260102030405_add_tags.down.sql"), "mine").unwrap();
    let e = migration_files(&root, Layout::Sqlx, &two_engines(), naming).unwrap_err();
    let Failure::Fatal(e) = e else {
        panic!("{e:?}")
    };
    // The layout finds the version taken before the final check finds the file itself.
    assert!(
        e.message
            .contains("is taken by `20260102030405_add_tags.down.sql`"),
        "{e}"
    );
    assert!(e.message.contains("nothing was written"), "{e}");
}

#[test]
fn files_history_and_snapshot_are_written_together_or_not_at_all() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, base) = (tmp.path().join("migrations"), tmp.path().join("docs"));
    let schema = crate::testkit::blog(Depth::Production).schema.clone();
    let files = migration_files(&root, Layout::Plain, &two_engines(), naming).unwrap();
    write_migration(&files, &base, &schema, record()).unwrap();
    assert!(files.iter().all(|f| f.path.is_file()));
    assert_eq!(
        snapshot::read(&base.join(SNAPSHOT_FILE)).unwrap(),
        Some(schema.clone())
    );
    let history = History::read(&base.join(HISTORY_FILE)).unwrap();
    assert_eq!(history.migrations.len(), 1);
    let history_text = std::fs::read_to_string(base.join(HISTORY_FILE)).unwrap();

    // The snapshot can't be written (a directory stands in its place): the migration files of
    // this run are removed again and the history is as it was.
    std::fs::remove_file(base.join(SNAPSHOT_FILE)).unwrap();
    std::fs::create_dir(base.join(SNAPSHOT_FILE)).unwrap();
    let files = migration_files(&root, Layout::Plain, &two_engines(), naming).unwrap();
    assert!(files[0].path.ends_with("postgres/0002_add_tags.up.sql"));
    let e = write_migration(&files, &base, &schema, record()).unwrap_err();
    let Failure::Fatal(e) = e else {
        panic!("{e:?}")
    };
    assert!(e.message.contains("nothing was written"), "{e}");
    assert!(files.iter().all(|f| !f.path.exists()));
    assert_eq!(
        std::fs::read_to_string(base.join(HISTORY_FILE)).unwrap(),
        history_text
    );
}
