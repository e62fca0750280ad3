//! The commands around the one resolved Schema, end to end through the CLI: `generate` (the
//! default), `check`, `ddl`, `lint`. Each runs `cargo datamodel` in-process on a real crate.

use datamodel_tests::cli::{cargo_datamodel, manifest, repo_root};
use std::fs;
use std::path::Path;

/// Copies an example crate into a temp dir (its own workspace) so a test can write into it.
fn copy_example(name: &str, dir: &Path) -> String {
    let src = repo_root().join("examples").join(name);
    copy_dir(&src.join("src"), &dir.join("src"));
    let manifest = fs::read_to_string(src.join("Cargo.toml")).unwrap();
    let runtime = repo_root().join("runtime");
    let manifest = manifest.replace("../../runtime", &runtime.to_string_lossy());
    fs::write(dir.join("Cargo.toml"), format!("{manifest}\n[workspace]\n")).unwrap();
    let lock = repo_root().join("Cargo.lock");
    fs::copy(lock, dir.join("Cargo.lock")).unwrap();
    dir.join("Cargo.toml").to_string_lossy().into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// The committed documents of the examples are exactly what `cargo datamodel` writes: this
/// is `cargo datamodel check` on each, the drift check CI runs.
#[test]
fn committed_example_docs_are_fresh() {
    for name in ["blog", "saas"] {
        let m = manifest(&format!("examples/{name}/Cargo.toml"));
        let run = cargo_datamodel(&["check", "--manifest-path", &m]);
        assert_eq!(
            run.code, 0,
            "examples/{name}/docs/data-model is stale: run `cargo run -p cargo-datamodel -- datamodel --manifest-path examples/{name}/Cargo.toml`\n{}\n{}",
            run.stdout, run.stderr
        );
    }
}

#[test]
fn generate_is_the_default_then_check_passes_then_detects_drift() {
    let tmp = tempfile::tempdir().unwrap();
    let m = copy_example("blog", tmp.path());
    let out = tmp.path().join("docs/data-model");

    // check before anything exists: missing files, exit 1, nothing written
    let run = cargo_datamodel(&["check", "--manifest-path", &m]);
    run.expect_code(1);
    assert!(run.stderr.contains("out of date"), "{}", run.stderr);
    assert!(!out.exists(), "check must not write");

    // no subcommand = generate
    cargo_datamodel(&["--manifest-path", &m]).expect_code(0);
    let folder = out.join("01-blog");
    for f in [
        "01-blog.md",
        "schema.postgres.sql",
        "schema.mysql.sql",
        "schema.sqlite.sql",
    ] {
        assert!(folder.join(f).is_file(), "{f} missing");
    }
    let index = fs::read_to_string(out.join("README.md")).unwrap();
    assert!(index.contains("[Blog](01-blog/01-blog.md)"), "{index}");

    // fresh: check passes; `generate --check` too
    cargo_datamodel(&["check", "--manifest-path", &m]).expect_code(0);
    cargo_datamodel(&["generate", "--check", "--manifest-path", &m]).expect_code(0);

    // stale: a hand edit is reported with a diff, and left alone
    let doc = folder.join("01-blog.md");
    let edited = fs::read_to_string(&doc)
        .unwrap()
        .replace("# Blog", "# Blog (edited)");
    fs::write(&doc, &edited).unwrap();
    let run = cargo_datamodel(&["check", "--manifest-path", &m]);
    run.expect_code(1);
    assert!(
        run.stdout.contains("-# Blog (edited)") && run.stdout.contains("+# Blog"),
        "{}",
        run.stdout
    );
    assert_eq!(
        fs::read_to_string(&doc).unwrap(),
        edited,
        "check must not write"
    );

    // regenerating restores it, keeps the id and doesn't duplicate the index row
    cargo_datamodel(&["generate", "--manifest-path", &m]).expect_code(0);
    cargo_datamodel(&["check", "--manifest-path", &m]).expect_code(0);
    let index = fs::read_to_string(out.join("README.md")).unwrap();
    assert_eq!(index.matches("01-blog/01-blog.md").count(), 1, "{index}");
}

/// The output folder is ours, but only what we wrote: an engine dropped from `engines` and a
/// new `title` leave files and a folder behind that `check` reports and `generate` removes,
/// keeping the document's id; the user's own file in that folder stays.
#[test]
fn files_no_longer_generated_are_reported_by_check_and_removed_by_generate() {
    let tmp = tempfile::tempdir().unwrap();
    let m = copy_example("blog", tmp.path());
    let out = tmp.path().join("docs/data-model");
    cargo_datamodel(&["--manifest-path", &m]).expect_code(0);
    assert!(out.join(".datamodel-manifest.json").is_file());
    fs::write(out.join("01-blog/notes.md"), "my notes\n").unwrap();

    let toml = fs::read_to_string(&m).unwrap();
    let changed = toml
        .replace(
            r#"engines = ["postgres", "mysql", "sqlite"]"#,
            r#"engines = ["postgres"]"#,
        )
        .replace(r#"title = "Blog""#, r#"title = "Blog platform""#);
    assert_ne!(toml, changed);
    fs::write(&m, changed).unwrap();

    let run = cargo_datamodel(&["check", "--manifest-path", &m]);
    run.expect_code(1);
    assert!(
        run.stderr.contains(
            "01-blog/schema.mysql.sql (no longer generated; `cargo datamodel` removes it)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("--- a/01-blog/schema.sqlite.sql"),
        "{}",
        run.stdout
    );
    assert!(
        out.join("01-blog/schema.mysql.sql").is_file(),
        "check must not remove"
    );

    let run = cargo_datamodel(&["--manifest-path", &m]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("    Removing 01-blog/schema.mysql.sql (no longer generated)\n"),
        "{}",
        run.stderr
    );
    let mut old: Vec<String> = fs::read_dir(out.join("01-blog"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    old.sort();
    assert_eq!(
        old,
        vec!["notes.md"],
        "only the user's file stays in the old folder"
    );
    let new = out.join("01-blog-platform");
    assert!(
        new.join("01-blog-platform.md").is_file(),
        "same id 01 after the title change"
    );
    assert!(new.join("schema.postgres.sql").is_file());
    assert!(!new.join("schema.mysql.sql").exists());
    cargo_datamodel(&["check", "--manifest-path", &m]).expect_code(0);
}

#[test]
fn out_flag_overrides_the_root_and_a_file_in_the_way_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let m = manifest("examples/blog/Cargo.toml");
    let out = tmp.path().join("elsewhere");
    cargo_datamodel(&[
        "generate",
        "--out",
        &out.to_string_lossy(),
        "--manifest-path",
        &m,
    ])
    .expect_code(0);
    assert!(out.join("01-blog/01-blog.md").is_file());

    // `--out` without a subcommand: `cargo datamodel` is `generate`
    let bare = tmp.path().join("bare");
    cargo_datamodel(&["--out", &bare.to_string_lossy(), "--manifest-path", &m]).expect_code(0);
    assert!(bare.join("01-blog/01-blog.md").is_file());
    // before another subcommand it is a usage error, not silently ignored
    let run = cargo_datamodel(&[
        "--out",
        &bare.to_string_lossy(),
        "plan",
        "--manifest-path",
        &m,
    ]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("belong to `generate`"),
        "{}",
        run.stderr
    );

    let file = tmp.path().join("a-file");
    fs::write(&file, "x").unwrap();
    let run = cargo_datamodel(&[
        "check",
        "--out",
        &file.to_string_lossy(),
        "--manifest-path",
        &m,
    ]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("is a file, not a directory"),
        "{}",
        run.stderr
    );
    let run = cargo_datamodel(&[
        "generate",
        "--out",
        &file.to_string_lossy(),
        "--manifest-path",
        &m,
    ]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("is a file, not a directory"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn ddl_prints_each_engine_and_rejects_unknown_ones() {
    let m = manifest("examples/blog/Cargo.toml");
    for (engine, marker) in [
        ("postgres", "GENERATED ALWAYS AS IDENTITY"),
        ("mysql", "AUTO_INCREMENT"),
        ("mariadb", "AUTO_INCREMENT"),
        ("sqlite", "\"id\" INTEGER,"),
    ] {
        let run = cargo_datamodel(&["ddl", "--engine", engine, "--manifest-path", &m]);
        run.expect_code(0);
        assert!(run.stdout.contains(marker), "{engine}: {}", run.stdout);
        assert!(run.stdout.contains("CREATE TABLE"), "{engine}");
    }
    let run = cargo_datamodel(&["ddl", "--engine", "oracle", "--manifest-path", &m]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("unknown engine `oracle`") && run.stderr.contains("postgres"),
        "{}",
        run.stderr
    );
}

#[test]
fn lint_explain_list_and_clean_examples() {
    let run = cargo_datamodel(&["lint", "--explain", "fk-without-index"]);
    run.expect_code(0);
    assert!(run.stdout.contains("## Why is this bad?"), "{}", run.stdout);
    let run = cargo_datamodel(&["lint", "--explain", "DM999"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("no diagnostic code or lint rule `DM999`"),
        "{}",
        run.stderr
    );
    let run = cargo_datamodel(&["lint", "--list"]);
    run.expect_code(0);
    assert!(run.stdout.lines().count() >= 25, "{}", run.stdout);

    for name in ["blog", "saas"] {
        let m = manifest(&format!("examples/{name}/Cargo.toml"));
        let run = cargo_datamodel(&["lint", "--scorecard", "--manifest-path", &m]);
        run.expect_code(0);
        assert!(run.stdout.contains("Overall"), "{}", run.stdout);
    }
}

/// `explain` covers every code (model errors and lints) from one registry, like `rustc
/// --explain`; `lint --explain` is the same; a typo gets the closest code.
#[test]
fn explain_covers_model_codes_and_lints_and_suggests_on_typos() {
    let run = cargo_datamodel(&["explain", "DM027"]);
    run.expect_code(0);
    assert!(run.stdout.starts_with("# DM027 "), "{}", run.stdout);
    assert!(run.stdout.contains("Fix:"), "{}", run.stdout);
    let alias = cargo_datamodel(&["lint", "--explain", "dm027"]);
    alias.expect_code(0);
    assert_eq!(alias.stdout, run.stdout);
    let run = cargo_datamodel(&["explain", "DM0277"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("did you mean `DM027`?"),
        "{}",
        run.stderr
    );
    let run = cargo_datamodel(&["explain", "--list"]);
    run.expect_code(0);
    for code in ["DM001", "DM030", "DM111", "DM133"] {
        assert!(run.stdout.contains(code), "{}", run.stdout);
    }
}

/// A deny-level rule makes `lint` exit 1 and `generate` refuse to write; an allow in config
/// silences exactly that rule.
#[test]
fn deny_level_rule_fails_lint_and_blocks_generate() {
    let tmp = tempfile::tempdir().unwrap();
    let m = copy_example("blog", tmp.path());
    let manifest_path = tmp.path().join("Cargo.toml");
    let text = fs::read_to_string(&manifest_path).unwrap();
    // a struct without a doc comment, and the (allow-by-default) rule denied
    let lib = tmp.path().join("src/lib.rs");
    let mut src = fs::read_to_string(&lib).unwrap();
    src.push_str(
        "\n#[derive(datamodel::DataModel)]\npub struct Undocumented {\n    pub id: i64,\n}\n",
    );
    fs::write(&lib, src).unwrap();
    let denied = text.replace(
        "[package.metadata.datamodel]",
        "[package.metadata.datamodel.lints]\nmissing-table-comment = \"deny\"\n\n[package.metadata.datamodel]",
    );
    assert_ne!(
        denied, text,
        "the example has a [package.metadata.datamodel] table"
    );
    fs::write(&manifest_path, &denied).unwrap();
    let run = cargo_datamodel(&["lint", "--manifest-path", &m]);
    run.expect_code(1);
    assert!(run.stderr.contains("error[DM127]"), "{}", run.stderr);
    assert!(run.stderr.contains("undocumented"), "{}", run.stderr);
    let run = cargo_datamodel(&["generate", "--manifest-path", &m]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("deny-level lint violation"),
        "{}",
        run.stderr
    );
    assert!(
        !tmp.path().join("docs").exists(),
        "generate must not write when a deny rule fires"
    );
}

/// Schema-per-tenant: `generate` writes the provisioning script of each engine next to the
/// DDL, and the document's Multi-Tenancy section explains it.
#[test]
fn schema_per_tenant_writes_provisioning_scripts() {
    let tmp = tempfile::tempdir().unwrap();
    let m = copy_example("saas", tmp.path());
    let manifest_path = tmp.path().join("Cargo.toml");
    let text = fs::read_to_string(&manifest_path).unwrap();
    // Citus distributes by tenant_id under shared tenancy only: this run is PostgreSQL's.
    let changed = text
        .replace("tenancy = \"shared\"", "tenancy = \"schema\"")
        .replace(
            r#"engines = ["postgres", "citus"]"#,
            r#"engines = ["postgres"]"#,
        );
    assert_ne!(changed, text, "the saas example sets tenancy = \"shared\"");
    fs::write(&manifest_path, changed).unwrap();
    cargo_datamodel(&[
        "generate",
        "--manifest-path",
        &m,
        "--out",
        &tmp.path().join("out").to_string_lossy(),
    ])
    .expect_code(0);
    let folder = fs::read_dir(tmp.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.is_dir())
        .expect("document folder");
    let provision =
        fs::read_to_string(folder.join("provision.postgres.sql")).expect("provision.postgres.sql");
    assert!(provision.contains("CREATE SCHEMA"), "{provision}");
    let doc_name = format!("{}.md", folder.file_name().unwrap().to_string_lossy());
    let doc = fs::read_to_string(folder.join(doc_name)).unwrap();
    assert!(
        doc.contains("provision.postgres.sql"),
        "the section names the script"
    );
    assert!(
        !doc.contains("tenant_id = "),
        "no tenant_id predicate in schema-per-tenant mode"
    );
}
