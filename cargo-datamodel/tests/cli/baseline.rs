//! `cargo datamodel migrate --baseline-from-database` and `check --database-url`, through the
//! real binary on a scratch copy of `tests/fixtures/evolving`: a database created from the v1
//! structs' DDL (no drift), the structs moved to v2 (a new table, a new indexed column: the
//! drift named, exit 1), the snapshot seeded from the database; then `migrate` writes exactly the v1 → v2 migration, which applies on that
//! database, after which `check --database-url` finds no drift. A second baseline is refused
//! without `--force` (DM046). On SQLite (a file) and PostgreSQL 15 (127.0.0.1:5432, SKIPPED
//! when unreachable, a failure under `CI=true`).

use crate::support::{cargo_datamodel_in, repo_root, target_dir, Run};
use cargo_datamodel::import::split::{split, Piece};
use std::fs;
use std::path::PathBuf;

const SNAPSHOT: &str = "docs/data-model/01-evolving/schema.snapshot.json";
const HISTORY: &str = "docs/data-model/01-evolving/migrations.json";

struct Scratch {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

impl Scratch {
    fn new() -> Scratch {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("evolving");
        let src = repo_root().join("tests/fixtures/evolving");
        fs::create_dir_all(dir.join("src")).unwrap();
        let runtime = repo_root().join("runtime");
        let manifest = fs::read_to_string(src.join("Cargo.toml"))
            .unwrap()
            .replace("../../../runtime", &runtime.to_string_lossy());
        fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        fs::copy(src.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        fs::copy(src.join("src/lib.rs"), dir.join("src/lib.rs")).unwrap();
        Scratch { _tmp: tmp, dir }
    }

    fn run(&self, args: &[&str]) -> Run {
        let (manifest, target) = (
            self.dir.join("Cargo.toml").to_string_lossy().into_owned(),
            target_dir(),
        );
        let mut all = args.to_vec();
        all.extend(["--manifest-path", &manifest, "--target-dir", &target]);
        cargo_datamodel_in(&self.dir, &all, &[("SOURCE_DATE_EPOCH", "1767323045")])
    }

    /// v2: a new table and a new indexed column.
    fn to_v2(&self) {
        let path = self.dir.join("src/lib.rs");
        let text = fs::read_to_string(&path).unwrap().replacen(
            "    pub email: Option<String>,\n",
            "    pub email: Option<String>,\n    /// A phone number.\n    #[datamodel(max_length = 30, index)]\n    pub phone: Option<String>,\n",
            1,
        );
        let text = format!(
            "{text}\n/// A label on customers.\n#[derive(datamodel::DataModel)]\npub struct Tag {{\n    pub id: i64,\n    /// The label.\n    #[datamodel(max_length = 50)]\n    pub label: Option<String>,\n}}\n"
        );
        fs::write(&path, text).unwrap();
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }
}

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
    let s = Scratch::new();
    let v1 = s.run(&["ddl", "--engine", engine]);
    v1.expect_code(0);
    exec(&v1.stdout);
    // The v1 database is what the v1 structs describe.
    s.run(&["check", "--database-url", url]).expect_code(0);
    s.to_v2();
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
