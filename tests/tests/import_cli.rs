//! `cargo datamodel import` end to end: the document and the JSON it writes, and what a user
//! sees for bad input (each test backs a row of the README's "What you did -> what you see"
//! table): an unreadable file, SQL whose engine can't be inferred, an unknown `--dialect`, a
//! statement that can't be parsed (a warning; the rest is imported).

use datamodel_tests::cli::{cargo_datamodel, manifest};

fn fixture(name: &str) -> String {
    manifest(&format!("tests/fixtures/import/{name}"))
}

#[test]
fn import_writes_the_document_of_an_existing_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = cargo_datamodel(&[
        "import",
        &fixture("chinook_postgres.sql"),
        "--out",
        &out.to_string_lossy(),
    ]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("Imported 11 tables as PostgreSQL SQL; 27 of 60 statements skipped"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("chinook_postgres.sql:30: psql meta-command `\\c` (not SQL) [DM052]"),
        "{}",
        run.stderr
    );
    let folder = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.path().is_dir())
        .expect("a document folder")
        .path();
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().any(|n| n.ends_with(".md")), "{names:?}");
    assert!(
        names.iter().any(|n| n == "schema.postgres.sql"),
        "{names:?}"
    );
    let md_name = names.iter().find(|n| n.ends_with(".md")).unwrap();
    let md = std::fs::read_to_string(folder.join(md_name)).unwrap();
    for table in ["invoice_line", "playlist_track", "media_type"] {
        assert!(md.contains(table), "{table} missing from the document");
    }
}

#[test]
fn import_json_prints_the_schema() {
    let run = cargo_datamodel(&[
        "import",
        &fixture("conduit"),
        "--dialect",
        "postgres",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let tables: Vec<&str> = v["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(tables.len(), 6, "{tables:?}");
    assert!(tables.contains(&"article_favorites"));
}

#[test]
fn unreadable_import_file_names_the_path_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let missing = tmp.path().join("nope.sql");
    let run = cargo_datamodel(&[
        "import",
        &missing.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
    ]);
    run.expect_code(2);
    assert!(run.stderr.contains("error[DM051]"), "{}", run.stderr);
    assert!(run.stderr.contains("nope.sql"), "{}", run.stderr);
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn ambiguous_dialect_names_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = cargo_datamodel(&[
        "import",
        &fixture("conduit"),
        "--out",
        &out.to_string_lossy(),
    ]);
    run.expect_code(2);
    assert!(run.stderr.contains("error[DM050]"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("can't tell which engine the SQL is for"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--dialect postgres"), "{}", run.stderr);
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn unknown_dialect_lists_the_engines() {
    let run = cargo_datamodel(&[
        "import",
        &fixture("conduit"),
        "--dialect",
        "oracle",
        "--format",
        "json",
    ]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("unknown `--dialect` `oracle`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("postgres"), "{}", run.stderr);
}

#[test]
fn unparsable_statement_is_a_located_warning_and_the_rest_is_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("broken.sql");
    std::fs::write(
        &file,
        "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int,, oops);\nCREATE TABLE c (id int);\n",
    )
    .unwrap();
    let run = cargo_datamodel(&[
        "import",
        &file.to_string_lossy(),
        "--dialect",
        "postgres",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("broken.sql:2: `CREATE TABLE` could not be parsed"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("[DM052]"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("2 tables as PostgreSQL SQL; 1 of 3 statements skipped"),
        "{}",
        run.stderr
    );
}

#[test]
fn database_url_reads_a_sqlite_file() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("shop.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "CREATE TABLE a (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
         CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id) ON DELETE CASCADE);
         CREATE INDEX ix_b_a ON b (a_id);
         CREATE VIEW v AS SELECT * FROM a;",
    )
    .unwrap();
    drop(conn);
    let url = format!("sqlite://{}", db.display());
    let run = cargo_datamodel(&["import", "--database-url", &url, "--format", "json"]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("Imported 2 tables as SQLite SQL, 1 view listed, not modelled (v)"),
        "{}",
        run.stderr
    );
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["tables"][1]["foreign_keys"][0]["on_delete"], "cascade");
}

#[test]
fn unreachable_database_names_the_url_without_its_password() {
    let run = cargo_datamodel(&[
        "import",
        "--database-url",
        "mysql://app:secret@127.0.0.1:1/shop",
        "--format",
        "json",
    ]);
    run.expect_code(2);
    assert!(run.stderr.contains("error[DM053]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("mysql://app:***@127.0.0.1:1/shop"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("secret"), "{}", run.stderr);
}

/// `--emit rust DIR`: `mod.rs` and one file per module, written again over its own files, and
/// refused (DM059, nothing written) over a file without the generated marker. `-` is one
/// stream on stdout; what can't be said is a DM058 warning on stderr.
#[test]
fn emit_rust_writes_a_folder_and_never_overwrites_a_users_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("schema");
    let sql = fixture("chinook_postgres.sql");
    let emit = |dest: &str| cargo_datamodel(&["import", &sql, "--emit", "rust", dest]);
    let run = emit(&out.to_string_lossy());
    run.expect_code(0);
    let root = std::fs::read_to_string(out.join("mod.rs")).unwrap();
    assert!(root.contains("pub mod models;"), "{root}");
    assert!(root.contains("timestamps = false"), "{root}");
    let models = std::fs::read_to_string(out.join("models.rs")).unwrap();
    assert!(models.contains("pub struct InvoiceLine {"), "{models}");
    assert!(
        run.stderr.contains("`album.album_id`: the derive makes an integer primary key engine-generated (identity); the original is not [DM058]"),
        "{}",
        run.stderr
    );
    // Again: its own files are replaced.
    emit(&out.to_string_lossy()).expect_code(0);
    // A file of the user's is never overwritten.
    std::fs::write(out.join("models.rs"), "// mine\n").unwrap();
    let run = emit(&out.to_string_lossy());
    run.expect_code(2);
    assert!(run.stderr.contains("error[DM059]"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("models.rs` exists and was not written by `--emit rust`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(out.join("models.rs")).unwrap(),
        "// mine\n"
    );
    // stdout.
    let run = emit("-");
    run.expect_code(0);
    assert!(run.stdout.contains("pub mod models {"), "{}", run.stdout);
    // A language other than rust.
    let run = cargo_datamodel(&["import", &sql, "--emit", "python", "-"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("unknown `--emit` language `python`"),
        "{}",
        run.stderr
    );
}

/// `--database-url` with `--emit rust`: the live catalog's structs, the URL in the header.
#[test]
fn emit_rust_from_a_live_database() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("shop.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(80) NOT NULL UNIQUE);
         CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE);",
    )
    .unwrap();
    drop(conn);
    let url = format!("sqlite://{}", db.display());
    let run = cargo_datamodel(&["import", "--database-url", &url, "--emit", "rust", "-"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("pub struct Customer {"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("#[datamodel(belongs_to = Customer, on_delete = \"cascade\")]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("shop.db"), "{}", run.stdout);
}

/// A fragment the derive path's guard refuses (a MySQL backslash string, which PostgreSQL and
/// SQLite would read differently) is dropped with a DM054 warning at its file and line; the
/// rest is imported.
#[test]
fn a_hostile_fragment_is_dropped_with_a_located_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("hostile.sql");
    std::fs::write(
        &file,
        "CREATE TABLE t (\n  id INT PRIMARY KEY,\n  note VARCHAR(10),\n  CONSTRAINT c_note CHECK (note <> 'x\\\\'),\n  CONSTRAINT c_ok CHECK (note <> 'y')\n);\n",
    )
    .unwrap();
    let run = cargo_datamodel(&[
        "import",
        &file.to_string_lossy(),
        "--dialect",
        "mysql",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    assert!(
        run.stderr.contains(
            "hostile.sql:1: table `t`: CHECK `c_note` dropped: `note <> 'x\\'` contains a backslash"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("[DM054]"), "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let checks: Vec<&str> = v["tables"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(checks, ["c_ok"]);
}

/// `import` collects no crate: a flag that chooses what to collect would be ignored, so it
/// is named in a warning, and the import goes on.
#[test]
fn collector_flags_are_named_as_ignored_by_import() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("t.sql");
    std::fs::write(&file, "CREATE TABLE t (id INT PRIMARY KEY);").unwrap();
    let sql = file.to_string_lossy().to_string();
    let run = cargo_datamodel(&[
        "import",
        &sql,
        "--dialect",
        "sqlite",
        "--workspace",
        "--release",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    assert!(
        run.stderr.contains(
            "`--workspace`, `--release` ignored: `cargo datamodel import` collects no crate (leave them out)"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("\"tables\""), "{}", run.stdout);
    // The harness's own `--target-dir` is not among them.
    let run = cargo_datamodel(&["import", &sql, "--dialect", "sqlite", "--format", "json"]);
    run.expect_code(0);
    assert!(!run.stderr.contains("ignored"), "{}", run.stderr);
}
