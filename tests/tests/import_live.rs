//! Round trip through a live database (`import --database-url`): random models
//! (`datamodel-testgen`) → their DDL installed on SQLite (a file), PostgreSQL 15 and MariaDB
//! 10.11 → the catalog read back by `import::live` → the same Schema parts as
//! `import_properties.rs` compares (`tests/support/import_compare.rs`). Also: Chinook through a
//! SQLite file equals Chinook from its SQL file, and a URL that can't be read says so.
//!
//! Servers unreachable: SKIPPED, or a failure under `CI=true` (`tests/support/engines.rs`).
//! `DATAMODEL_PROPTEST_CASES=N`: N/8 cases per server (at least the defaults).

use cargo_datamodel::config::Engine;
use cargo_datamodel::import::split::{split, Piece};
use cargo_datamodel::import::{import, live};
use cargo_datamodel::schema::Schema;
use datamodel_tests::engines::Pg;
use datamodel_tests::import_compare::{comparable_schema, line_diff, Via};
use datamodel_tests::{live_db, prop};

/// `schema` installed, read back from `url`, compared.
fn read_back(schema: &Schema, engine: Engine, url: &str) -> Result<(), String> {
    let db = live::read(url).map_err(|e| e.to_string())?;
    let imported = import(&db.sources, Some(db.engine)).map_err(|e| e.to_string())?;
    let (want, got) = (
        comparable_schema(schema, engine, Via::Catalog),
        comparable_schema(&imported.schema, engine, Via::Catalog),
    );
    if want == got {
        return Ok(());
    }
    let diff = line_diff(&want, &got);
    let ddl: Vec<&str> = db.sources.iter().map(|s| s.text.as_str()).collect();
    Err(format!(
        "{} live round trip differs:\n{}\n--- catalog DDL\n{}",
        engine.name(),
        diff.join("\n"),
        ddl.join("\n")
    ))
}

/// The property on `engine`: a random model installed there reads back as itself.
fn on(engine: Engine, cases: u32) {
    if !live_db::reachable(engine) {
        return;
    }
    prop::check_models(cases, 0x00da_7a0d_e15e_ed02, |case| {
        live_db::installed(engine, case, |schema, url| read_back(schema, engine, url))
    });
}

#[test]
fn sqlite_database_imports_back() {
    on(Engine::Sqlite, prop::engine_cases(8));
}

#[test]
fn postgres_database_imports_back() {
    on(Engine::Postgres, prop::engine_cases(4));
}

#[test]
fn mariadb_database_imports_back() {
    on(Engine::Mysql, prop::engine_cases(4));
}

#[test]
fn chinook_from_a_sqlite_file_equals_chinook_from_its_sql() {
    let sql_path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/import/chinook_sqlite.sql");
    let sql = std::fs::read_to_string(&sql_path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chinook.db");
    // The statements without the (trimmed, so FK-breaking) data: the schema is the point.
    let conn = rusqlite::Connection::open(&path).unwrap();
    for piece in split(&sql, false) {
        if let Piece::Sql { text, .. } = piece {
            if !text.starts_with("INSERT") {
                conn.execute_batch(&text).unwrap();
            }
        }
    }
    drop(conn);
    let db = live::read(&format!("sqlite://{}", path.display())).unwrap();
    let from_db = import(&db.sources, Some(db.engine)).unwrap();
    let from_file = cargo_datamodel::import::import_sql(&sql, None).unwrap();
    assert_eq!(
        comparable_schema(&from_db.schema, Engine::Sqlite, Via::Catalog),
        comparable_schema(&from_file.schema, Engine::Sqlite, Via::Catalog)
    );
    assert!(from_db.warnings.is_empty(), "{:?}", from_db.warnings);
}

#[test]
fn unreadable_databases_say_why() {
    let e = live::read("sqlite:///no/such/file.db").err().unwrap();
    assert!(
        e.to_string()
            .contains("no SQLite database file at `/no/such/file.db`"),
        "{e}"
    );
    let e = live::read("oracle://host/db").err().unwrap();
    assert!(
        e.to_string()
            .contains("unknown database URL scheme `oracle`"),
        "{e}"
    );
    let e = live::read("mysql://root@127.0.0.1:3306").err().unwrap();
    assert!(e.to_string().contains("names no database"), "{e}");
}

/// Two PostgreSQL schemas read together (`?schema=a,b`): the first one's tables bare, the
/// second's qualified, so an `orders` in each stays two tables, and references, indexes and
/// comments land on the right one.
#[test]
fn two_postgres_schemas_keep_their_tables_apart() {
    let Some(mut pg) = Pg::connect() else {
        return;
    };
    let other = format!("{}_sales", pg.schema);
    pg.client
        .batch_execute(&format!(
            "CREATE SCHEMA \"{other}\";
             CREATE TABLE orders (id int PRIMARY KEY, placed date);
             CREATE TABLE \"{other}\".orders (id int PRIMARY KEY, total int);
             CREATE TABLE \"{other}\".items (id int PRIMARY KEY, order_id int REFERENCES \"{other}\".orders (id));
             CREATE INDEX ix_total ON \"{other}\".orders (total);
             COMMENT ON COLUMN \"{other}\".orders.total IS 'In cents.';"
        ))
        .unwrap();
    let url = format!(
        "postgres://postgres@127.0.0.1:5432/test?schema={},{other}",
        pg.schema
    );
    let read = live::read(&url);
    let _ = pg
        .client
        .batch_execute(&format!("DROP SCHEMA \"{other}\" CASCADE"));
    let db = read.unwrap();
    let imported = import(&db.sources, Some(db.engine)).unwrap();
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let s = &imported.schema;
    let mut names: Vec<&str> = s.tables.iter().map(|t| t.name.as_str()).collect();
    names.sort();
    let (orders, items) = (format!("{other}.orders"), format!("{other}.items"));
    let mut want = vec!["orders", orders.as_str(), items.as_str()];
    want.sort();
    assert_eq!(names, want);
    let home = s.table("orders").unwrap();
    assert!(home.column("placed").is_some() && home.column("total").is_none());
    let sales = s.table(&orders).unwrap();
    assert_eq!(sales.group, other);
    assert_eq!(
        sales.column("total").unwrap().comment.as_deref(),
        Some("In cents.")
    );
    assert!(sales.indexes.iter().any(|i| i.name == "ix_total"));
    assert_eq!(s.table(&items).unwrap().foreign_keys[0].ref_table, orders);
}
