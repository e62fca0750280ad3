//! Round trip 1 of issue 19: Chinook's SQL file -> `cargo datamodel import --emit rust` into a
//! fresh crate -> that crate compiled with the derive (collection builds it) -> `cargo
//! datamodel ddl` for the same engine with `deletes = "hard"` and `timestamps = false` -> the
//! original file's tables and the rendered DDL installed side by side on the real engine
//! (fresh schemas / databases) -> the two catalogs compared (`tests/support/catalog.rs`:
//! tables, columns with types and nullability, primary keys, foreign keys with ON DELETE,
//! indexes, checks).
//!
//! Accepted differences, each applied by [`normalize`] and nowhere else:
//!
//! 1. Constraint names of primary and foreign keys: the derive names them (`pk_album`,
//!    `fk_album_artist_id_artist`) and has no attribute to name them otherwise. Index names
//!    are kept: `index(.., name = "..")` carries them.
//! 2. The junction table's indexes (`playlist_track`): the derive gives a junction exactly one
//!    index, on its second key column, under its own name; Chinook has one on each key column
//!    (the first duplicates the primary key's prefix). Compared as the columns of the
//!    non-unique indexes, with the one on the first key column left out.
//! 3. SQLite only: declared type names (`NVARCHAR(160)`, `NUMERIC(10,2)`, `DATETIME`) are
//!    compared by SQLite's type affinity, the only thing SQLite keeps of them; the derive
//!    writes `TEXT` / `REAL` and enforces the length and scale with CHECKs the original
//!    doesn't have (SQLite never enforced `NVARCHAR(160)`), so those CHECKs are left out.
//!
//! 4. SQLite only: the derive declares timestamps `TEXT` (ISO-8601 text, as SQLite's date
//!    functions read them) and decimals `REAL` with a CHECK on the scale; Chinook declares
//!    `DATETIME` and `NUMERIC(10,2)` (NUMERIC affinity). Compared as: a declared date/time
//!    type as TEXT, NUMERIC and REAL affinity as one "number" class.
//! 5. MySQL/MariaDB only: the model's timestamp has one precision, microseconds, so `DATETIME`
//!    comes back as `DATETIME(6)`. Compared without the fraction digits.
//! 6. SQLite only: the derive's integer primary key is the rowid alias, `INTEGER PRIMARY KEY`
//!    without `NOT NULL` (a rowid is never NULL); Chinook's says `NOT NULL`. Compared as NOT
//!    NULL.
//!
//! Not visible to the catalogs compared here, and reported by `--emit rust` as DM058: an
//! integer primary key becomes engine-generated (identity / AUTO_INCREMENT) under the derive.
//!
//! Servers unreachable: SKIPPED, or a failure under `CI=true` (`tests/support/engines.rs`).

use cargo_datamodel::config::Engine;
use cargo_datamodel::import::split::{split, Piece};
use datamodel_tests::catalog::{introspect_mysql, introspect_pg, introspect_sqlite, Catalog, Ix};
use datamodel_tests::cli::{cargo_datamodel, repo_root};
use datamodel_tests::engines::{My, Pg};
use std::path::{Path, PathBuf};

fn fixture(engine: Engine) -> PathBuf {
    repo_root()
        .join("tests/fixtures/import")
        .join(format!("chinook_{}.sql", engine.name()))
}

/// A crate holding the structs emitted for `engine`'s Chinook; returns its manifest path.
fn emitted_crate(dir: &Path, engine: Engine) -> PathBuf {
    emitted_crate_of(dir, &fixture(engine), engine, &["chrono", "rust_decimal"])
}

/// A crate holding the structs `--emit rust` writes for `sql`, rendered for `engine` without
/// what the tool adds; `features`: the runtime's, each also a dependency of the crate.
fn emitted_crate_of(dir: &Path, sql: &Path, engine: Engine, features: &[&str]) -> PathBuf {
    emitted_crate_with(dir, sql, None, engine, features)
}

/// [`emitted_crate_of`], with `--dialect` when the SQL doesn't say its engine.
fn emitted_crate_with(
    dir: &Path,
    sql: &Path,
    dialect: Option<Engine>,
    engine: Engine,
    features: &[&str],
) -> PathBuf {
    let runtime = repo_root().join("runtime");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            r#"[package]
name = "{stem}_{engine}"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
datamodel = {{ path = {runtime:?}, features = {features:?} }}
{deps}

[package.metadata.datamodel]
engines = ["{engine}"]
deletes = "hard"
timestamps = false

[workspace]

[profile.dev]
debug = 1

[profile.dev.package."*"]
debug = false
"#,
            engine = engine.name(),
            stem = sql.file_stem().unwrap().to_string_lossy(),
            runtime = runtime.display().to_string(),
            deps = features
                .iter()
                .map(|f| match *f {
                    "chrono" => "chrono = { version = \"0.4\", default-features = false }",
                    "rust_decimal" =>
                        "rust_decimal = { version = \"1\", default-features = false }",
                    "uuid" => "uuid = { version = \"1\", default-features = false }",
                    _ => "serde_json = \"1\"",
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    )
    .unwrap();
    // The workspace's lock: the same dependency versions, no registry look-up.
    std::fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("src/lib.rs"), "pub mod chinook;\n").unwrap();
    let out = dir.join("src/chinook");
    let mut args = vec![
        "import",
        sql.to_str().unwrap(),
        "--emit",
        "rust",
        out.to_str().unwrap(),
    ];
    if let Some(d) = dialect {
        args.extend(["--dialect", d.name()]);
    }
    let run = cargo_datamodel(&args);
    run.expect_code(0);
    assert!(
        run.stderr.contains("[DM058]"),
        "what the derive can't say is reported:\n{}",
        run.stderr
    );
    dir.join("Cargo.toml")
}

/// The DDL `cargo datamodel ddl` renders for the emitted crate (collection compiles it).
fn rendered_ddl(manifest: &Path, engine: Engine) -> String {
    let run = cargo_datamodel(&[
        "ddl",
        "--engine",
        engine.name(),
        "--manifest-path",
        manifest.to_str().unwrap(),
    ]);
    run.expect_code(0);
    run.stdout
}

/// The statements that make tables, keys and indexes (the fixtures also drop and create a
/// database, switch to it and insert trimmed, FK-breaking data).
fn structure(sql: &str, engine: Engine) -> Vec<String> {
    split(sql, engine == Engine::Mysql)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Sql { text, .. } => Some(text),
            Piece::Skipped { .. } => None,
        })
        .filter(|t| {
            let u = t.trim_start().to_ascii_uppercase();
            [
                "CREATE TABLE",
                "ALTER TABLE",
                "CREATE INDEX",
                "CREATE UNIQUE INDEX",
            ]
            .iter()
            .any(|p| u.starts_with(p))
        })
        .collect()
}

fn all(sql: &str, engine: Engine) -> Vec<String> {
    split(sql, engine == Engine::Mysql)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Sql { text, .. } => Some(text),
            Piece::Skipped { .. } => None,
        })
        .collect()
}

/// SQLite's affinity of a declared type (https://sqlite.org/datatype3.html, 3.1).
fn affinity(ty: &str) -> &'static str {
    let t = ty.to_ascii_uppercase();
    if t.contains("INT") {
        "INTEGER"
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
        "TEXT"
    } else if t.contains("BLOB") || t.is_empty() {
        "BLOB"
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        "REAL"
    } else {
        "NUMERIC"
    }
}

/// The accepted differences of the module doc, applied to either catalog.
fn normalize(mut c: Catalog, engine: Engine, junctions: &[&str]) -> Catalog {
    for (table, info) in c.iter_mut() {
        // 1. Key constraint names.
        let fks = std::mem::take(&mut info.fks);
        info.fks = fks
            .into_iter()
            .map(|mut f| {
                f.name = None;
                f
            })
            .collect();
        let pk = info.pk.clone();
        let ixs = std::mem::take(&mut info.indexes);
        info.indexes = ixs
            .into_iter()
            .filter_map(|mut ix| {
                if ix.unique && ix.columns == pk {
                    ix.name = "<primary key>".into();
                }
                // 2. A junction's plain indexes: by columns, without the first key column's.
                if junctions.contains(&table.as_str()) && !ix.unique {
                    if ix.columns.len() == 1 && pk.first() == ix.columns.first() {
                        return None;
                    }
                    ix.name = "<junction index>".into();
                }
                Some(ix)
            })
            .collect::<std::collections::BTreeSet<Ix>>();
        // 3. SQLite: affinities, and no length / scale CHECKs. 4. Dates as text, numbers as
        // one class. 6. The rowid alias.
        if engine == Engine::Sqlite {
            for col in &mut info.columns {
                let upper = col.ty.to_ascii_uppercase();
                col.ty = if upper.contains("DATE") || upper.contains("TIME") {
                    "TEXT"
                } else {
                    match affinity(&col.ty) {
                        "NUMERIC" | "REAL" => "NUMERIC/REAL",
                        a => a,
                    }
                }
                .into();
                if pk == [col.name.clone()] && col.ty == "INTEGER" {
                    col.not_null = true;
                }
            }
            info.checks.clear();
        }
        // 5. MySQL/MariaDB: DATETIME(6).
        if engine == Engine::Mysql {
            for col in &mut info.columns {
                if col.ty == "datetime(6)" {
                    col.ty = "datetime".into();
                }
            }
        }
    }
    c
}

fn compare(original: Catalog, rendered: Catalog, engine: Engine) {
    let junctions: &[&str] = &["playlist_track", "PlaylistTrack"];
    let (a, b) = (
        normalize(original, engine, junctions),
        normalize(rendered, engine, junctions),
    );
    let names = |c: &Catalog| c.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "{engine}: tables");
    assert_eq!(a.len(), 11, "{engine}: Chinook has 11 tables");
    let mut diffs = Vec::new();
    for (t, want) in &a {
        let got = &b[t];
        let parts = [
            (
                "columns",
                format!("{:?}", want.columns),
                format!("{:?}", got.columns),
            ),
            (
                "primary key",
                format!("{:?}", want.pk),
                format!("{:?}", got.pk),
            ),
            (
                "foreign keys",
                format!("{:?}", want.fks),
                format!("{:?}", got.fks),
            ),
            (
                "indexes",
                format!("{:?}", want.indexes),
                format!("{:?}", got.indexes),
            ),
            (
                "checks",
                format!("{:?}", want.checks),
                format!("{:?}", got.checks),
            ),
        ];
        for (what, w, g) in parts {
            if w != g {
                diffs.push(format!("{t} {what}:\n  original: {w}\n  rendered: {g}"));
            }
        }
    }
    assert!(diffs.is_empty(), "{engine}:\n{}", diffs.join("\n"));
}

fn rendered(engine: Engine) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let manifest = emitted_crate(dir.path(), engine);
    let ddl = rendered_ddl(&manifest, engine);
    (dir, ddl)
}

#[test]
fn chinook_postgres_round_trip() {
    let Some(mut original) = Pg::connect() else {
        return;
    };
    let Some(mut again) = Pg::connect() else {
        return;
    };
    let (_dir, ddl) = rendered(Engine::Postgres);
    let sql = std::fs::read_to_string(fixture(Engine::Postgres)).unwrap();
    for s in structure(&sql, Engine::Postgres) {
        original
            .client
            .batch_execute(&s)
            .unwrap_or_else(|e| panic!("{s}: {e}"));
    }
    for s in all(&ddl, Engine::Postgres) {
        again
            .client
            .batch_execute(&s)
            .unwrap_or_else(|e| panic!("{s}: {e}"));
    }
    let a = introspect_pg(&mut original.client, &original.schema.clone());
    let b = introspect_pg(&mut again.client, &again.schema.clone());
    compare(a, b, Engine::Postgres);
}

#[test]
fn chinook_mariadb_round_trip() {
    use mysql::prelude::Queryable;
    let Some(mut original) = My::connect() else {
        return;
    };
    let Some(mut again) = My::connect() else {
        return;
    };
    let (_dir, ddl) = rendered(Engine::Mysql);
    let sql = std::fs::read_to_string(fixture(Engine::Mysql)).unwrap();
    for s in structure(&sql, Engine::Mysql) {
        original
            .conn
            .query_drop(&s)
            .unwrap_or_else(|e| panic!("{s}: {e}"));
    }
    for s in all(&ddl, Engine::Mysql) {
        again
            .conn
            .query_drop(&s)
            .unwrap_or_else(|e| panic!("{s}: {e}"));
    }
    let a = introspect_mysql(&mut original.conn, &original.db.clone());
    let b = introspect_mysql(&mut again.conn, &again.db.clone());
    compare(a, b, Engine::Mysql);
}

#[test]
fn chinook_sqlite_round_trip() {
    let (_dir, ddl) = rendered(Engine::Sqlite);
    let original = datamodel_tests::engines::sqlite();
    let sql = std::fs::read_to_string(fixture(Engine::Sqlite)).unwrap();
    for s in structure(&sql, Engine::Sqlite) {
        original
            .execute_batch(&s)
            .unwrap_or_else(|e| panic!("{s}: {e}"));
    }
    let again = datamodel_tests::engines::sqlite();
    again.execute_batch(&ddl).unwrap();
    compare(
        introspect_sqlite(&original),
        introspect_sqlite(&again),
        Engine::Sqlite,
    );
}

/// The every-feature fixture, hostile names and comments included (`*/`, quotes, newlines,
/// `}` and `fn main() {` in a comment, keywords and punctuation as names): the emitted crate
/// compiles with the derive, renders on every engine, and its SQLite DDL runs.
#[test]
fn every_feature_and_hostile_names_compile_and_render() {
    let dir = tempfile::tempdir().unwrap();
    let sql = repo_root().join("tests/fixtures/import/emit_features.sql");
    let manifest = emitted_crate_of(
        dir.path(),
        &sql,
        Engine::Sqlite,
        &["chrono", "rust_decimal", "serde_json", "uuid"],
    );
    for engine in Engine::ALL {
        let ddl = rendered_ddl(&manifest, engine);
        assert!(
            ddl.contains("Stock keeping unit"),
            "{engine}: comments are kept\n{ddl}"
        );
        assert!(
            !ddl.contains("created_at"),
            "{engine}: timestamps = false\n{ddl}"
        );
        if engine == Engine::Sqlite {
            let db = datamodel_tests::engines::sqlite();
            db.execute_batch(&ddl)
                .unwrap_or_else(|e| panic!("{e}\n{ddl}"));
            let c = introspect_sqlite(&db);
            let tables: Vec<&String> = c.keys().collect();
            assert_eq!(
                tables,
                ["categories", "item_tags", "items", "lines", "notes", "type"],
                "{ddl}"
            );
            let cols: Vec<&str> = c["type"].columns.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(
                cols,
                [
                    "self",
                    "FirstName",
                    "weird name!",
                    "1st",
                    "first_name",
                    "quote\"s\\and*/"
                ]
            );
        }
    }
}

/// The other fixtures (Pagila's pg_dump, the Conduit migrations, a mysqldump): their structs
/// compile with the derive and render on their engine, and on SQLite the DDL runs.
#[test]
fn other_fixtures_compile_and_render() {
    let fixtures = repo_root().join("tests/fixtures/import");
    for (name, dialect, engine) in [
        ("pagila_schema.sql", None, Engine::Postgres),
        ("conduit", Some(Engine::Postgres), Engine::Postgres),
        ("shop_mysqldump.sql", None, Engine::Mysql),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let manifest = emitted_crate_with(
            dir.path(),
            &fixtures.join(name),
            dialect,
            engine,
            &["chrono", "rust_decimal", "serde_json", "uuid"],
        );
        let ddl = rendered_ddl(&manifest, engine);
        assert!(ddl.contains("CREATE TABLE"), "{name}: {ddl}");
        let sqlite = rendered_ddl(&manifest, Engine::Sqlite);
        datamodel_tests::engines::sqlite()
            .execute_batch(&sqlite)
            .unwrap_or_else(|e| panic!("{name}: {e}\n{sqlite}"));
    }
}
