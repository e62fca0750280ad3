//! Audit trail and optimistic locking (issue 22) on the real engines.
//!
//! `version` (`#[datamodel(version)]`): the generated DDL makes the engine increment the
//! column exactly once per updated row, whether the table's `updated_at` trigger carries the
//! increment (PostgreSQL, SQLite fold both into one trigger) or it has a trigger of its own
//! (MySQL/MariaDB always; every engine with `updated_at_trigger = false`), and the update
//! pattern the document states (`UPDATE .. WHERE id = ? AND version = ?`) affects 0 rows when
//! the version read is stale. The installed catalog equals the Schema's.
//!
//! `audit` (`created_by` / `updated_by`): on PostgreSQL a trigger fills them from the
//! connection's actor setting (NULL without one, or the write refused with
//! `on-missing-actor = "refuse"`), and `created_by` can't be rewritten; elsewhere the
//! application writes them. Everywhere they reference the actor with ON DELETE SET NULL.

use cargo_datamodel::config::{Config, Engine, OnMissingActor};
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
    assert!(!plain.contains("### Audit"));
    // Audit: the columns, the actor, what each engine does.
    let audited = audit_schema(OnMissingActor::Refuse, "app.current_actor_id");
    let doc = render_document(&audited, &target, &DocContext::default()).expect("document");
    let section = doc
        .split("### Audit")
        .nth(1)
        .expect("an Audit subsection")
        .split("\n### ")
        .next()
        .unwrap();
    for want in [
        "Audit columns on `accounts`",
        "foreign key, ON DELETE SET NULL",
        "PostgreSQL: a trigger fills them from the connection's `app.current_actor_id`",
        "the INSERT or UPDATE fails",
        "MySQL",
        "SQLite: the application writes `created_by`",
    ] {
        assert!(section.contains(want), "missing {want:?} in:\n{section}");
    }
    let plan = cargo_datamodel::plan::render(&audited, &target, &location);
    assert!(plan.contains("Audit:"), "{plan}");
}

// ---------------------------------------------------------------------------------------------
// Audit columns.

/// `users` (the actor, not audited) and `accounts` (`audit(actor = User)`).
fn audit_schema(on_missing_actor: OnMissingActor, actor_setting: &str) -> Schema {
    let m = model(vec![
        E::new("User").field(string("email", 100)),
        E::new("Account")
            .audit(Some("User"))
            .field(string("name", 100)),
    ]);
    let config = Config {
        engines: Engine::ALL.to_vec(),
        on_missing_actor,
        actor_setting: actor_setting.into(),
        ..Config::default()
    };
    resolve(&m, &config).unwrap_or_else(|d| panic!("resolve failed: {d:#?}"))
}

fn who(db: &mut dyn Affected, column: &str, name: &str) -> i64 {
    // -1 for NULL: count() reads an i64.
    db.count(&format!(
        "SELECT COALESCE({column}, -1) FROM accounts WHERE name = '{name}'"
    ))
}

fn user_id(db: &mut dyn Affected, email: &str) -> i64 {
    db.count(&format!("SELECT id FROM users WHERE email = '{email}'"))
}

#[test]
fn audit_columns_postgres() {
    let setting = "app.current_actor_id";
    let Some(mut pg) = Pg::connect() else { return };
    let s = audit_schema(OnMissingActor::Null, setting);
    install(&mut pg, &s);
    let name = pg.schema.clone();
    assert_catalog(
        &introspect_pg(&mut pg.client, &name),
        &expected(&s, Engine::Postgres),
        Engine::Postgres,
    );
    let db: &mut dyn Affected = &mut pg;
    ok(db, "INSERT INTO users (email) VALUES ('u1'), ('u2')");
    let (u1, u2) = (user_id(db, "u1"), user_id(db, "u2"));
    ok(db, &format!("SET {setting} = '{u1}'"));
    ok(db, "INSERT INTO accounts (name) VALUES ('a')");
    assert_eq!(
        (who(db, "created_by", "a"), who(db, "updated_by", "a")),
        (u1, u1)
    );
    ok(db, &format!("SET {setting} = '{u2}'"));
    db.affected("UPDATE accounts SET name = 'a' WHERE name = 'a'");
    assert_eq!(
        (who(db, "created_by", "a"), who(db, "updated_by", "a")),
        (u1, u2)
    );
    // The application can't rewrite who created the row, nor claim another updater.
    db.affected(&format!(
        "UPDATE accounts SET created_by = {u2}, updated_by = {u1} WHERE name = 'a'"
    ));
    assert_eq!(
        (who(db, "created_by", "a"), who(db, "updated_by", "a")),
        (u1, u2)
    );
    // No actor set: NULL (the default `on-missing-actor = "null"`), whatever the INSERT says.
    ok(db, &format!("RESET {setting}"));
    ok(
        db,
        &format!("INSERT INTO accounts (name, created_by) VALUES ('b', {u1})"),
    );
    assert_eq!(
        (who(db, "created_by", "b"), who(db, "updated_by", "b")),
        (-1, -1)
    );
    // Deleting an actor keeps the rows it wrote, unattributed.
    ok(db, &format!("DELETE FROM users WHERE id = {u1}"));
    assert_eq!(
        (who(db, "created_by", "a"), who(db, "updated_by", "a")),
        (-1, u2)
    );
}

#[test]
fn audit_refuses_writes_without_an_actor_postgres() {
    // A setting name of its own, executed: the name reaches the SQL only as a literal.
    let setting = "my_app.actor_id_2";
    let Some(mut pg) = Pg::connect() else { return };
    install(&mut pg, &audit_schema(OnMissingActor::Refuse, setting));
    let db: &mut dyn Affected = &mut pg;
    ok(db, "INSERT INTO users (email) VALUES ('u1')");
    let u1 = user_id(db, "u1");
    datamodel_tests::behaviour::fails(db, "INSERT INTO accounts (name) VALUES ('a')");
    ok(db, &format!("SET {setting} = ''"));
    datamodel_tests::behaviour::fails(db, "INSERT INTO accounts (name) VALUES ('a')");
    ok(db, &format!("SET {setting} = '{u1}'"));
    ok(db, "INSERT INTO accounts (name) VALUES ('a')");
    assert_eq!(who(db, "created_by", "a"), u1);
    ok(db, &format!("RESET {setting}"));
    datamodel_tests::behaviour::fails(db, "UPDATE accounts SET name = 'b'");
    assert_eq!(
        db.count("SELECT COUNT(*) FROM accounts WHERE name = 'a'"),
        1
    );
}

/// Engines where the application writes the columns: they take what it writes and reference
/// the actor with ON DELETE SET NULL.
fn audit_columns_by_the_application(db: &mut dyn Affected) {
    ok(db, "INSERT INTO users (email) VALUES ('u1'), ('u2')");
    let (u1, u2) = (user_id(db, "u1"), user_id(db, "u2"));
    ok(
        db,
        &format!("INSERT INTO accounts (name, created_by, updated_by) VALUES ('a', {u1}, {u1})"),
    );
    db.affected(&format!(
        "UPDATE accounts SET updated_by = {u2} WHERE name = 'a'"
    ));
    assert_eq!(
        (who(db, "created_by", "a"), who(db, "updated_by", "a")),
        (u1, u2)
    );
    // The foreign key: no made-up actor.
    datamodel_tests::behaviour::fails(
        db,
        "INSERT INTO accounts (name, created_by) VALUES ('x', 999999)",
    );
    ok(db, &format!("DELETE FROM users WHERE id = {u1}"));
    assert_eq!(
        (who(db, "created_by", "a"), who(db, "updated_by", "a")),
        (-1, u2)
    );
}

#[test]
fn audit_columns_mariadb() {
    let Some(mut my) = My::connect() else { return };
    let s = audit_schema(OnMissingActor::Null, "app.current_actor_id");
    install(&mut my, &s);
    let db = my.db.clone();
    assert_catalog(
        &introspect_mysql(&mut my.conn, &db),
        &expected(&s, Engine::Mysql),
        Engine::Mysql,
    );
    audit_columns_by_the_application(&mut my);
}

#[test]
fn audit_columns_sqlite() {
    let mut conn = sqlite();
    let s = audit_schema(OnMissingActor::Null, "app.current_actor_id");
    install(&mut conn, &s);
    assert_catalog(
        &introspect_sqlite(&conn),
        &expected(&s, Engine::Sqlite),
        Engine::Sqlite,
    );
    audit_columns_by_the_application(&mut conn);
}

/// Under shared tenancy every entity audited by configuration (`audit = true`,
/// `audit-actor = "Project"`, a tenant-scoped actor): the DDL runs on the three engines and
/// the catalog equals the Schema's (composite tenant keys to the actor, SET NULL of the actor
/// column alone).
#[test]
fn audit_by_configuration_under_shared_tenancy_installs_everywhere() {
    use cargo_datamodel::config::Tenancy;
    let config = Config {
        engines: Engine::ALL.to_vec(),
        tenancy: Tenancy::Shared,
        audit: true,
        audit_actor: Some("Project".into()),
        ..Config::default()
    };
    let s = resolve(&datamodel_tests::models::tenancy(), &config)
        .unwrap_or_else(|d| panic!("resolve failed: {d:#?}"));
    let tasks = s.table("tasks").expect("tasks");
    assert!(tasks.audit.is_some() && tasks.column("created_by").is_some());
    assert!(s.table("tenants").is_some_and(|t| t.audit.is_some()));
    if let Some(mut pg) = Pg::connect() {
        install(&mut pg, &s);
        let name = pg.schema.clone();
        assert_catalog(
            &introspect_pg(&mut pg.client, &name),
            &expected(&s, Engine::Postgres),
            Engine::Postgres,
        );
    }
    if let Some(mut my) = My::connect() {
        install(&mut my, &s);
        let db = my.db.clone();
        assert_catalog(
            &introspect_mysql(&mut my.conn, &db),
            &expected(&s, Engine::Mysql),
            Engine::Mysql,
        );
    }
    let mut conn = sqlite();
    install(&mut conn, &s);
    assert_catalog(
        &introspect_sqlite(&conn),
        &expected(&s, Engine::Sqlite),
        Engine::Sqlite,
    );
}

/// A configured actor that names no entity is DM032; a field that is an audit column DM027.
#[test]
fn audit_configuration_mistakes_are_refused() {
    let config = Config {
        audit: true,
        audit_actor: Some("Nobody".into()),
        ..Config::default()
    };
    let err = resolve(&datamodel_tests::models::tenancy(), &config).expect_err("unknown actor");
    assert!(format!("{err:?}").contains("DM032"), "{err:?}");
    let m = model(vec![E::new("Account")
        .audit(None)
        .field(datamodel_tests::models::f("created_by", ColumnType::BigInt))]);
    let err = resolve(&m, &Config::default()).expect_err("created_by is the tool's");
    assert!(format!("{err:?}").contains("DM027"), "{err:?}");
}

/// Turning `audit` on for a table that has rows: nullable columns (Safe), their indexes and
/// foreign keys (Caution: the keys are checked against every row), and on PostgreSQL the
/// trigger (Safe); existing rows stay unattributed (NULL). Then the table behaves as a fresh
/// one; the down migration takes it all away.
fn migrate_audit_on(db: &mut dyn Affected) {
    let e = db.engine();
    let plain = model(vec![
        E::new("User").field(string("email", 100)),
        E::new("Account").field(string("name", 100)),
    ]);
    let config = Config {
        engines: Engine::ALL.to_vec(),
        ..Config::default()
    };
    let v1 = resolve(&plain, &config).unwrap();
    let v2 = audit_schema(OnMissingActor::Null, "app.current_actor_id");
    install(db, &v1);
    ok(db, "INSERT INTO users (email) VALUES ('u1')");
    ok(db, "INSERT INTO accounts (name) VALUES ('old')");
    let r = render(&v1, &v2, e, false).unwrap_or_else(|r| panic!("{e}: refused: {r:?}"));
    // Safe, or Caution where the foreign keys are checked against every row (or, on an
    // engine that can't add one in place, the table is rebuilt): never Breaking.
    for s in &r.up.steps {
        assert!(s.safety <= Safety::Caution, "{e}: {}", s.change.describe());
        if matches!(s.change, Change::SetActorUpkeep { .. }) {
            assert_eq!(s.safety, Safety::Safe, "{e}");
        }
    }
    let trigger =
        r.up.steps
            .iter()
            .any(|s| matches!(s.change, Change::SetActorUpkeep { on: true, .. }));
    assert_eq!(
        trigger,
        cargo_datamodel::dialect::dialect_for(e).fills_actor_from_setting(),
        "{e}"
    );
    for part in r.up.parts() {
        ok(db, &part.sql);
    }
    assert_eq!(
        who(db, "created_by", "old"),
        -1,
        "{e}: existing rows unattributed"
    );
    let u1 = user_id(db, "u1");
    if trigger {
        ok(db, &format!("SET app.current_actor_id = '{u1}'"));
        ok(db, "INSERT INTO accounts (name) VALUES ('new')");
        ok(db, "RESET app.current_actor_id");
    } else {
        ok(
            db,
            &format!(
                "INSERT INTO accounts (name, created_by, updated_by) VALUES ('new', {u1}, {u1})"
            ),
        );
    }
    assert_eq!(who(db, "created_by", "new"), u1, "{e}");
    let Down::Migration(down) = &r.down else {
        panic!("{e}: adding audit columns is reversible")
    };
    for part in down.parts() {
        ok(db, &part.sql);
    }
    ok(db, "INSERT INTO accounts (name) VALUES ('after')");
}

#[test]
fn migrate_audit_on_postgres() {
    let Some(mut pg) = Pg::connect() else { return };
    migrate_audit_on(&mut pg);
}

#[test]
fn migrate_audit_on_mariadb() {
    let Some(mut my) = My::connect() else { return };
    migrate_audit_on(&mut my);
}

#[test]
fn migrate_audit_on_sqlite() {
    let mut conn = sqlite();
    migrate_audit_on(&mut conn);
}
