//! Audit trail and optimistic locking (issue 22) on the real engines.
//!
//! `version` (`#[datamodel(version)]`): the generated DDL makes the engine increment the
//! column exactly once per updated row, whether the table's `updated_at` trigger carries the
//! increment (PostgreSQL, SQLite fold both into one trigger) or it has a trigger of its own
//! (MySQL/MariaDB always; every engine with `updated_at_trigger = false`), and the update
//! pattern the document states (`UPDATE .. WHERE id = ? AND version = ?`) affects 0 rows when
//! the version read is stale. The installed catalog equals the Schema's.

use cargo_datamodel::config::{Config, Engine};
use cargo_datamodel::migrate::render::{render, Down};
use cargo_datamodel::migrate::Change;
use cargo_datamodel::migrate::Safety;
use cargo_datamodel::schema::{resolve, Schema};
use datamodel::model::ColumnType;
use datamodel_tests::behaviour::{install, ok, Db};
use datamodel_tests::catalog::{
    assert_catalog, expected, introspect_mysql, introspect_pg, introspect_sqlite,
};
use datamodel_tests::engines::{sqlite, My, Pg};
use datamodel_tests::models::{model, string, E};

/// `accounts` (versioned) and `notes` (not), both with the configured timestamps.
fn schema(updated_at_trigger: bool) -> Schema {
    schema_with(updated_at_trigger, true)
}

fn schema_with(updated_at_trigger: bool, version: bool) -> Schema {
    let account = E::new("Account");
    let account = if version { account.version() } else { account };
    let m = model(vec![
        account
            .field(string("name", 100))
            .field(datamodel_tests::models::f("balance", ColumnType::BigInt)),
        E::new("Note").field(string("body", 100)),
    ]);
    let config = Config {
        engines: Engine::ALL.to_vec(),
        updated_at_trigger,
        ..Config::default()
    };
    resolve(&m, &config).unwrap_or_else(|d| panic!("resolve failed: {d:#?}"))
}

/// Rows an UPDATE changed, per engine.
trait Affected: Db {
    fn affected(&mut self, sql: &str) -> u64;
}

impl Affected for Pg {
    fn affected(&mut self, sql: &str) -> u64 {
        self.client
            .execute(sql, &[])
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
}

impl Affected for My {
    fn affected(&mut self, sql: &str) -> u64 {
        use mysql::prelude::Queryable;
        self.conn
            .query_drop(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        self.conn.affected_rows()
    }
}

impl Affected for rusqlite::Connection {
    fn affected(&mut self, sql: &str) -> u64 {
        self.execute(sql, [])
            .unwrap_or_else(|e| panic!("{sql}: {e}")) as u64
    }
}

fn version_of(db: &mut dyn Affected, name: &str) -> i64 {
    db.count(&format!(
        "SELECT version FROM accounts WHERE name = '{name}'"
    ))
}

/// The optimistic-locking script, on an installed [`schema`].
fn optimistic_locking(db: &mut dyn Affected) {
    ok(
        db,
        "INSERT INTO accounts (name, balance) VALUES ('a', 10), ('b', 20)",
    );
    ok(db, "INSERT INTO notes (body) VALUES ('n')");
    assert_eq!(
        version_of(db, "a"),
        1,
        "{}: a new row is version 1",
        db.engine()
    );
    // One UPDATE statement touching one row: +1.
    assert_eq!(
        db.affected("UPDATE accounts SET balance = 11 WHERE name = 'a'"),
        1
    );
    assert_eq!(version_of(db, "a"), 2, "{}: +1 per update", db.engine());
    assert_eq!(
        version_of(db, "b"),
        1,
        "{}: other rows untouched",
        db.engine()
    );
    // One UPDATE of two rows: each +1 once.
    assert_eq!(
        db.affected("UPDATE accounts SET balance = balance + 1 WHERE name IN ('a', 'b')"),
        2
    );
    assert_eq!(version_of(db, "a"), 3);
    assert_eq!(version_of(db, "b"), 2);
    // An UPDATE that changes no value is still an update.
    db.affected("UPDATE accounts SET balance = balance WHERE name = 'b'");
    assert_eq!(version_of(db, "b"), 3);
    // The application's own `version = version + 1` does not count twice.
    db.affected("UPDATE accounts SET balance = 0, version = version + 1 WHERE name = 'b'");
    assert_eq!(version_of(db, "b"), 4, "{}: still once", db.engine());
    // The update pattern: two writers read version 3 of `a`; the first wins, the second's
    // version is stale and its UPDATE affects 0 rows.
    let read = version_of(db, "a");
    let id = db.count("SELECT id FROM accounts WHERE name = 'a'");
    let update = |balance: i64| {
        format!("UPDATE accounts SET balance = {balance} WHERE id = {id} AND version = {read}")
    };
    assert_eq!(
        db.affected(&update(100)),
        1,
        "{}: first writer",
        db.engine()
    );
    assert_eq!(
        db.affected(&update(200)),
        0,
        "{}: stale writer",
        db.engine()
    );
    assert_eq!(
        db.count("SELECT balance FROM accounts WHERE name = 'a'"),
        100,
        "{}: the stale write changed nothing",
        db.engine()
    );
    assert_eq!(version_of(db, "a"), read + 1);
    // updated_at is still kept where the engine keeps it.
    if db.count("SELECT COUNT(*) FROM accounts WHERE updated_at IS NULL") != 0 {
        panic!("{}: updated_at lost", db.engine());
    }
}

#[test]
fn version_postgres() {
    for trigger in [true, false] {
        let Some(mut pg) = Pg::connect() else { return };
        let s = schema(trigger);
        install(&mut pg, &s);
        let name = pg.schema.clone();
        assert_catalog(
            &introspect_pg(&mut pg.client, &name),
            &expected(&s, Engine::Postgres),
            Engine::Postgres,
        );
        optimistic_locking(&mut pg);
    }
}

#[test]
fn version_mariadb() {
    for trigger in [true, false] {
        let Some(mut my) = My::connect() else { return };
        let s = schema(trigger);
        install(&mut my, &s);
        let db = my.db.clone();
        assert_catalog(
            &introspect_mysql(&mut my.conn, &db),
            &expected(&s, Engine::Mysql),
            Engine::Mysql,
        );
        optimistic_locking(&mut my);
    }
}

#[test]
fn version_sqlite() {
    for trigger in [true, false] {
        for recursive in [false, true] {
            let mut conn = sqlite();
            if recursive {
                // The guard stops the trigger's own UPDATE from firing it again.
                conn.execute_batch("PRAGMA recursive_triggers = ON")
                    .unwrap();
            }
            let s = schema(trigger);
            install(&mut conn, &s);
            assert_catalog(
                &introspect_sqlite(&conn),
                &expected(&s, Engine::Sqlite),
                Engine::Sqlite,
            );
            optimistic_locking(&mut conn);
        }
    }
}

/// A struct field that is the `version` column is refused (DM027), naming the fix.
#[test]
fn version_field_clash_is_refused() {
    let m = model(vec![E::new("Account")
        .version()
        .field(datamodel_tests::models::f("version", ColumnType::Integer))]);
    let err = resolve(&m, &Config::default()).expect_err("a field named version is refused");
    let text = format!("{err:?}");
    assert!(text.contains("DM027"), "{text}");
    assert!(text.contains("#[datamodel(version)]"), "{text}");
}

/// Turning `version` on for a table that has rows: a Safe column (default 1, every existing
/// row gets it) and a Safe trigger step; then the table behaves as a fresh one. The down
/// migration takes both away again.
fn migrate_on(db: &mut dyn Affected, updated_at_trigger: bool) {
    let e = db.engine();
    let v1 = schema_with(updated_at_trigger, false);
    let v2 = schema_with(updated_at_trigger, true);
    install(db, &v1);
    ok(
        db,
        "INSERT INTO accounts (name, balance) VALUES ('old1', 1), ('old2', 2)",
    );
    let r = render(&v1, &v2, e, false).unwrap_or_else(|r| panic!("{e}: refused: {r:?}"));
    let kinds: Vec<(String, Safety)> =
        r.up.steps
            .iter()
            .map(|s| (s.change.describe(), s.safety))
            .collect();
    assert_eq!(
        kinds,
        vec![
            ("ADD COLUMN accounts.version".to_string(), Safety::Safe),
            ("ADD version upkeep ON accounts".to_string(), Safety::Safe),
        ],
        "{e}"
    );
    assert!(r
        .up
        .steps
        .iter()
        .any(|s| matches!(s.change, Change::SetVersionUpkeep { on: true, .. })));
    for part in r.up.parts() {
        ok(db, &part.sql);
    }
    assert_eq!(
        db.count("SELECT COUNT(*) FROM accounts WHERE version = 1"),
        2,
        "{e}: existing rows start at 1"
    );
    optimistic_locking(db);
    let Down::Migration(down) = &r.down else {
        panic!("{e}: adding version is reversible")
    };
    for part in down.parts() {
        ok(db, &part.sql);
    }
    // Without the column and its trigger, updates work as before.
    assert_eq!(
        db.affected("UPDATE accounts SET balance = 5 WHERE name = 'old1'"),
        1,
        "{e}: after down"
    );
}

#[test]
fn migrate_version_on_postgres() {
    for trigger in [true, false] {
        let Some(mut pg) = Pg::connect() else { return };
        migrate_on(&mut pg, trigger);
    }
}

#[test]
fn migrate_version_on_mariadb() {
    for trigger in [true, false] {
        let Some(mut my) = My::connect() else { return };
        migrate_on(&mut my, trigger);
    }
}

#[test]
fn migrate_version_on_sqlite() {
    for trigger in [true, false] {
        let mut conn = sqlite();
        migrate_on(&mut conn, trigger);
    }
}

/// The document states the update pattern and how each engine increments `version`; the
/// plan's cross-cutting block names it. A model without `version` gets no such subsection.
#[test]
fn document_states_the_update_pattern() {
    use cargo_datamodel::document::{render_document, DocContext};
    use cargo_datamodel::target::Target;
    let target = Target::default().with_engines(Engine::ALL.to_vec());
    let doc = render_document(&schema(true), &target, &DocContext::default()).expect("document");
    let section = doc
        .split("### Optimistic Locking")
        .nth(1)
        .expect("an Optimistic Locking subsection")
        .split("\n### ")
        .next()
        .unwrap();
    for want in [
        "Optimistic locking on `accounts`",
        "`UPDATE accounts SET ... WHERE id = ? AND version = ?`",
        "0 rows affected",
        "`BEFORE UPDATE` trigger on PostgreSQL",
        "`BEFORE UPDATE` trigger on MySQL",
        "`AFTER UPDATE` trigger on SQLite",
    ] {
        assert!(section.contains(want), "missing {want:?} in:\n{section}");
    }
    assert!(!section.contains("`notes`"), "{section}");
    let plain = render_document(&schema_with(true, false), &target, &DocContext::default())
        .expect("document");
    assert!(!plain.contains("Optimistic Locking"));
    let location = cargo_datamodel::paths::DocLocation {
        folder: "docs/".into(),
        file: "model.md".into(),
    };
    let plan = cargo_datamodel::plan::render(&schema(true), &target, &location);
    assert!(plan.contains("Versioning:"), "{plan}");
}
