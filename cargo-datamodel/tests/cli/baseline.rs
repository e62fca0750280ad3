//! `cargo datamodel migrate --baseline-from-database` and `check --database-url`, through the
//! real binary on a scratch copy of `tests/fixtures/evolving`: a database created from the v1
//! structs' DDL (no drift), the structs moved to v2 (a new table, a new indexed column: the
//! drift named, exit 1), the snapshot seeded from the database; then `migrate` writes exactly the v1 → v2 migration, which applies on that
//! database, after which `check --database-url` finds no drift. A second baseline is refused
//! without `--force` (DM046). On SQLite (a file) and PostgreSQL 15 (127.0.0.1:5432, SKIPPED
//! when unreachable, a failure under `CI=true`).

use crate::support::Evolving;
use cargo_datamodel::import::split::{split, Piece};
use std::fs;

const SNAPSHOT: &str = "docs/data-model/01-evolving/schema.snapshot.json";
const HISTORY: &str = "docs/data-model/01-evolving/migrations.json";

/// The statements of a SQL file, one by one (PostgreSQL's `CREATE INDEX CONCURRENTLY` can't
/// run inside a multi-statement batch).
fn statements(sql: &str) -> Vec<String> {
    split(sql, false)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Sql { text, .. } => Some(text),
            _ => None,
        })
        .collect()
}

/// The whole story on one database: `exec` runs a SQL file on it, `url` reads it.
fn adopt(engine: &str, url: &str, exec: &mut dyn FnMut(&str)) {
    let s = Evolving::new();
    let v1 = s.run(&["ddl", "--engine", engine]);
    v1.expect_code(0);
    exec(&v1.stdout);
    // The v1 database is what the v1 structs describe.
    s.run(&["check", "--database-url", url]).expect_code(0);
    s.add_phone();
    s.add_tags();
    // The structs moved on: `check --database-url` names what the database lacks.
    let drift = s.run(&["check", "--database-url", url]);
    drift.expect_code(1);
    let mut named: Vec<&str> = drift
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error[DM045]: "))
        .collect();
    named.sort();
    assert_eq!(
        named,
        [
            "column customers.phone is in the model but not in the database",
            "table customers: index idx_customers_on_phone is in the model but not in the database",
            "table tags is in the model but not in the database",
        ],
        "{}",
        drift.stderr
    );

    let run = s.run(&["migrate", "--baseline-from-database", url]);
    run.expect_code(0);
    assert!(s.path(SNAPSHOT).is_file(), "{}", run.stderr);
    assert!(
        run.stderr.contains("3 differences from the structs"),
        "{}",
        run.stderr
    );
    let history = fs::read_to_string(s.path(HISTORY)).unwrap();
    assert!(history.contains("\"baseline_from_database\""), "{history}");

    // Seeded once: a second baseline would move what every later migration starts from.
    let again = s.run(&["migrate", "--baseline-from-database", url]);
    again.expect_code(1);
    assert!(again.stderr.contains("error[DM046]"), "{}", again.stderr);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    s.run(&["migrate", "--baseline-from-database", url, "--force"])
        .expect_code(0);

    // The v1 → v2 migration, exactly.
    let plan = s.run(&["migrate", "--dry-run"]);
    plan.expect_code(0);
    let ours: Vec<&str> = plan
        .stdout
        .lines()
        .filter(|l| l.contains(&format!("| {} |", display(engine))))
        .collect();
    let ops: Vec<String> = ours
        .iter()
        .map(|l| l.split('|').nth(3).unwrap_or("").trim().to_string())
        .collect();
    assert_eq!(
        ops,
        [
            "ADD COLUMN customers.phone",
            "CREATE INDEX idx_customers_on_phone ON customers",
            "CREATE TABLE tags"
        ],
        "{}",
        plan.stdout
    );
    s.run(&["migrate", "--name", "v2"]).expect_code(0);
    let up = fs::read_to_string(s.path(&format!("migrations/{engine}/0001_v2.up.sql"))).unwrap();
    exec(&up);
    // The database is now what the structs describe.
    let check = s.run(&["check", "--database-url", url]);
    check.expect_code(0);
}

fn display(engine: &str) -> &'static str {
    match engine {
        "postgres" => "PostgreSQL",
        _ => "SQLite",
    }
}

#[test]
fn sqlite_database_is_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    let url = format!("sqlite://{}", path.display());
    adopt("sqlite", &url, &mut |sql| {
        conn.execute_batch(sql)
            .unwrap_or_else(|e| panic!("{e}: {sql}"))
    });
}

#[test]
fn postgres_database_is_adopted() {
    let mut client = match postgres::Client::connect(
        "host=127.0.0.1 port=5432 user=postgres dbname=test",
        postgres::NoTls,
    ) {
        Ok(c) => c,
        Err(e) => return skip(&format!("PostgreSQL at 127.0.0.1:5432 is unreachable: {e}")),
    };
    let schema = format!(
        "dm_baseline_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    );
    client
        .batch_execute(&format!(
            "CREATE SCHEMA \"{schema}\"; SET search_path TO \"{schema}\";"
        ))
        .unwrap();
    let url = format!("postgres://postgres@127.0.0.1:5432/test?schema={schema}");
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        adopt("postgres", &url, &mut |file| {
            for sql in statements(file) {
                client
                    .batch_execute(&sql)
                    .unwrap_or_else(|e| panic!("{e}: {sql}"))
            }
        })
    }));
    let mut c = postgres::Client::connect(
        "host=127.0.0.1 port=5432 user=postgres dbname=test",
        postgres::NoTls,
    )
    .unwrap();
    let _ = c.batch_execute(&format!("DROP SCHEMA \"{schema}\" CASCADE"));
    if let Err(p) = result {
        std::panic::resume_unwind(p);
    }
}

/// Fails under `CI=true`, else prints `SKIPPED: <why>`.
fn skip(why: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("engine unavailable under CI=true: {why}");
    }
    println!("SKIPPED: {why}");
}
