//! The output folder is ours, but only what we wrote: leftovers go, the user's files stay,
//! ids survive title changes, concurrent runs don't collide, `check` writes nothing.

use super::*;
use crate::config::Depth;
use crate::config::Engine;
use crate::document::DocContext;
use crate::testkit;

fn ctx(title: &str, key: &str) -> DocContext {
    DocContext {
        title: title.into(),
        key: Some(key.into()),
        ..DocContext::default()
    }
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn leftover_paths(r: &CheckReport) -> Vec<String> {
    r.stale
        .iter()
        .filter(|s| s.status == FileStatus::Leftover)
        .map(|s| s.path.clone())
        .collect()
}

#[test]
fn an_engine_removed_from_the_config_loses_its_file_and_check_sees_it_first() {
    let root = tempfile::tempdir().unwrap();
    let c = ctx("Blog", "blog");
    let mut schema = testkit::blog(Depth::Production);
    schema.target =
        schema
            .target
            .clone()
            .with_engines(vec![Engine::Postgres, Engine::Mysql, Engine::Sqlite]);
    generate(&schema, &schema.target, &c, root.path()).unwrap();
    assert!(root.path().join("01-blog/schema.mysql.sql").is_file());
    fs::write(root.path().join("01-blog/my-notes.md"), "mine\n").unwrap();

    schema.target = schema
        .target
        .clone()
        .with_engines(vec![Engine::Postgres, Engine::Sqlite]);
    let r = check(&schema, &schema.target, &c, root.path()).unwrap();
    assert_eq!(leftover_paths(&r), vec!["01-blog/schema.mysql.sql"]);
    assert!(
        r.diff.contains("--- a/01-blog/schema.mysql.sql"),
        "{}",
        r.diff
    );
    assert!(r.diff.contains("+++ /dev/null"), "{}", r.diff);
    assert!(
        root.path().join("01-blog/schema.mysql.sql").is_file(),
        "check must not remove"
    );

    let g = generate(&schema, &schema.target, &c, root.path()).unwrap();
    assert_eq!(g.removed, vec!["01-blog/schema.mysql.sql"]);
    assert_eq!(
        names(&root.path().join("01-blog")),
        vec![
            "01-blog.md",
            "my-notes.md",
            "schema.postgres.sql",
            "schema.snapshot.json",
            "schema.sqlite.sql"
        ],
        "the user's file stays"
    );
    assert!(check(&schema, &schema.target, &c, root.path())
        .unwrap()
        .is_fresh());
}

#[test]
fn a_new_title_keeps_the_id_and_clears_the_old_folder() {
    let root = tempfile::tempdir().unwrap();
    let schema = testkit::blog(Depth::Production);
    generate(&schema, &schema.target, &ctx("Other", "other"), root.path()).unwrap();
    let first = generate(&schema, &schema.target, &ctx("Blog", "blog"), root.path()).unwrap();
    assert_eq!(first.folder, "02-blog");

    let renamed = ctx("Blog platform", "blog");
    let r = check(&schema, &schema.target, &renamed, root.path()).unwrap();
    assert!(
        leftover_paths(&r).contains(&"02-blog/02-blog.md".to_string()),
        "{:?}",
        r.stale
    );
    let g = generate(&schema, &schema.target, &renamed, root.path()).unwrap();
    assert_eq!(g.folder, "02-blog-platform", "same id after a title change");
    assert!(!root.path().join("02-blog").exists(), "old folder removed");
    let index = fs::read_to_string(root.path().join(INDEX_FILE)).unwrap();
    assert_eq!(index.matches("| 02 |").count(), 1, "{index}");
    assert!(
        index.contains("[Blog platform](02-blog-platform/"),
        "{index}"
    );
    assert!(
        index.contains("| 01 |"),
        "the other document's row stays: {index}"
    );

    // A user file in the old folder keeps that folder (and only that file) alive.
    fs::write(root.path().join("02-blog-platform/keep.txt"), "mine").unwrap();
    generate(&schema, &schema.target, &ctx("Blog", "blog"), root.path()).unwrap();
    assert_eq!(
        names(&root.path().join("02-blog-platform")),
        vec!["keep.txt"]
    );
    assert!(root.path().join("02-blog/02-blog.md").is_file());

    // Another document whose slug is that old title's gets a number of its own.
    generate(
        &schema,
        &schema.target,
        &ctx("Blog platform", "another"),
        root.path(),
    )
    .unwrap();
    let g = generate(
        &schema,
        &schema.target,
        &ctx("Blog platform", "another"),
        root.path(),
    )
    .unwrap();
    assert_eq!(g.folder, "03-blog-platform");
}

#[test]
fn temporary_files_a_crash_left_are_removed_and_reported() {
    let root = tempfile::tempdir().unwrap();
    let c = ctx("Blog", "blog");
    let schema = testkit::blog(Depth::Production);
    generate(&schema, &schema.target, &c, root.path()).unwrap();
    fs::write(root.path().join("01-blog/.datamodel-Ab12Cd.tmp"), "half").unwrap();
    fs::write(root.path().join(".datamodel-Zz99Yy.tmp"), "half").unwrap();
    fs::write(root.path().join("01-blog/.other.tmp"), "not ours").unwrap();
    let r = check(&schema, &schema.target, &c, root.path()).unwrap();
    assert_eq!(
        leftover_paths(&r),
        vec![".datamodel-Zz99Yy.tmp", "01-blog/.datamodel-Ab12Cd.tmp"]
    );
    generate(&schema, &schema.target, &c, root.path()).unwrap();
    assert!(!root.path().join("01-blog/.datamodel-Ab12Cd.tmp").exists());
    assert!(!root.path().join(".datamodel-Zz99Yy.tmp").exists());
    assert!(root.path().join("01-blog/.other.tmp").exists());
}

#[test]
fn outputs_of_a_version_without_manifest_lose_only_files_we_would_write() {
    let root = tempfile::tempdir().unwrap();
    let c = ctx("Blog", "blog");
    let schema = testkit::blog(Depth::Production);
    let folder = root.path().join("01-blog");
    fs::create_dir_all(&folder).unwrap();
    fs::write(folder.join("schema.mysql.sql"), "-- old\n").unwrap();
    fs::write(folder.join("provision.mysql.sql"), "-- old\n").unwrap();
    fs::write(folder.join("schema.oracle.sql"), "-- the user's\n").unwrap();
    fs::write(folder.join("notes.md"), "the user's\n").unwrap();
    let g = generate(&schema, &schema.target, &c, root.path()).unwrap();
    assert_eq!(
        g.removed,
        vec!["01-blog/provision.mysql.sql", "01-blog/schema.mysql.sql"]
    );
    assert!(folder.join("schema.oracle.sql").exists());
    assert!(folder.join("notes.md").exists());
    assert!(root.path().join(manifest::MANIFEST_FILE).is_file());
}

#[test]
fn a_manifest_pointing_outside_the_folder_stops_everything() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("out");
    fs::create_dir_all(&root).unwrap();
    let victim = parent.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    fs::write(
        root.join(manifest::MANIFEST_FILE),
        r#"{"format":1,"documents":{"blog":{"folder":"01-blog","files":["../victim.txt"]}}}"#,
    )
    .unwrap();
    let blog = testkit::blog(Depth::Production);
    let err = generate(&blog, &blog.target, &ctx("Blog", "blog"), &root).unwrap_err();
    assert!(err.to_string().contains("../victim.txt"), "{err}");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(names(&root), vec![manifest::MANIFEST_FILE]);
}

#[test]
fn check_writes_nothing_and_a_failed_generate_leaves_no_folder() {
    let parent = tempfile::tempdir().unwrap();
    let root = parent.path().join("a/b/out");
    let schema = testkit::blog(Depth::Production);
    let r = check(&schema, &schema.target, &ctx("Blog", "blog"), &root).unwrap();
    assert!(!r.is_fresh());
    assert!(!parent.path().join("a").exists(), "check created a folder");

    let mut broken = ctx("Blog", "blog");
    broken.template = Some(parent.path().join("missing.md.j2"));
    assert!(generate(&schema, &schema.target, &broken, &root).is_err());
    assert!(
        !parent.path().join("a").exists(),
        "a failed generate must leave no folder behind"
    );
}

/// Many runs into one root at once, half of them the same document: every document gets one
/// id, no two documents share one, and the index and manifest list every document once.
#[test]
fn concurrent_runs_never_share_an_id_or_lose_a_row() {
    let root = tempfile::tempdir().unwrap();
    let schema = std::sync::Arc::new(testkit::blog(Depth::Mvp));
    for round in 0..3 {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let root = root.path().to_path_buf();
                let schema = schema.clone();
                std::thread::spawn(move || {
                    let name = format!("doc{}", i % 4);
                    generate(&schema, &schema.target, &ctx(&name, &name), &root).unwrap()
                })
            })
            .collect();
        let mut ids: Vec<(String, String)> = handles
            .into_iter()
            .map(|h| {
                let r = h.join().unwrap();
                (r.folder, r.id)
            })
            .collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 4, "round {round}: {ids:?}");
        let mut only_ids: Vec<&String> = ids.iter().map(|(_, id)| id).collect();
        only_ids.dedup();
        assert_eq!(
            only_ids.len(),
            4,
            "round {round}: two documents share an id: {ids:?}"
        );
        let index = fs::read_to_string(root.path().join(INDEX_FILE)).unwrap();
        for (_, id) in &ids {
            assert_eq!(index.matches(&format!("| {id} |")).count(), 1, "{index}");
        }
        let m = Manifest::read(root.path()).unwrap();
        assert_eq!(m.documents.len(), 4, "{m:?}");
    }
}

/// The migration baseline: written once, never overwritten, never cleaned up, moved along with
/// a renamed folder, and not listed in the manifest.
#[test]
fn the_snapshot_is_written_once_kept_and_moved_with_the_folder() {
    use super::baseline::{HISTORY_FILE, SNAPSHOT_FILE};
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    let schema = testkit::blog(Depth::Production);
    let c = ctx("Blog", "blog");
    // check before the first run: the snapshot is missing like every other file.
    let before = check(&schema, &schema.target, &c, r).unwrap();
    assert!(before
        .stale
        .iter()
        .any(|s| s.path == "01-blog/schema.snapshot.json" && s.status == FileStatus::Missing));
    let g = generate(&schema, &schema.target, &c, r).unwrap();
    assert!(g
        .written
        .contains(&"01-blog/schema.snapshot.json".to_string()));
    let snap = r.join("01-blog").join(SNAPSHOT_FILE);
    let first = fs::read_to_string(&snap).unwrap();
    assert_eq!(
        crate::migrate::snapshot::read(&snap).unwrap().as_ref(),
        Some(&schema.schema)
    );
    let manifest = fs::read_to_string(r.join(MANIFEST_FILE)).unwrap();
    assert!(!manifest.contains(SNAPSHOT_FILE), "{manifest}");

    // Another Schema: generate never moves the baseline forward (only `migrate` does).
    let other = testkit::saas(Depth::Production, crate::config::Migration::Brownfield);
    fs::write(
        r.join("01-blog").join(HISTORY_FILE),
        "{\"format\": 1, \"migrations\": []}\n",
    )
    .unwrap();
    generate(&other, &other.target, &c, r).unwrap();
    assert_eq!(fs::read_to_string(&snap).unwrap(), first);
    assert!(check(&other, &other.target, &c, r).unwrap().is_fresh());

    // Even a manifest that lists it (edited by hand) never gets it removed.
    let listed = fs::read_to_string(r.join(MANIFEST_FILE)).unwrap().replace(
        "\"01-blog/01-blog.md\"",
        "\"01-blog/01-blog.md\",\n        \"01-blog/schema.snapshot.json\"",
    );
    fs::write(r.join(MANIFEST_FILE), listed).unwrap();
    let g = generate(&other, &other.target, &c, r).unwrap();
    assert!(g.removed.is_empty(), "{:?}", g.removed);
    assert_eq!(fs::read_to_string(&snap).unwrap(), first);

    // A new title renames the folder: the baseline moves along; check reports the move first.
    let renamed = ctx("Journal", "blog");
    let r2 = check(&other, &other.target, &renamed, r).unwrap();
    assert_eq!(r2.baseline_dir, "01-blog");
    assert!(
        r2.diff
            .contains("rename to 01-journal/schema.snapshot.json"),
        "{}",
        r2.diff
    );
    assert_eq!(
        super::baseline_dir(r, "blog", "journal").unwrap(),
        r.join("01-blog")
    );
    generate(&other, &other.target, &renamed, r).unwrap();
    assert_eq!(
        fs::read_to_string(r.join("01-journal").join(SNAPSHOT_FILE)).unwrap(),
        first
    );
    assert!(r.join("01-journal").join(HISTORY_FILE).is_file());
    assert!(!r.join("01-blog").exists(), "the old folder is gone");
    assert!(check(&other, &other.target, &renamed, r)
        .unwrap()
        .is_fresh());
}
