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
use datamodel_tests::behaviour::{apply, install, ok, Db};
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
    apply(db, &r.up, "the up migration");
    assert_eq!(
        db.count("SELECT COUNT(*) FROM accounts WHERE version = 1"),
        2,
        "{e}: existing rows start at 1"
    );
    optimistic_locking(db);
    let Down::Migration(down) = &r.down else {
        panic!("{e}: adding version is reversible")
    };
    apply(db, down, "the down migration");
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
        .split("### Audit\n")
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
    // History: what is logged, append-only, the TTL through the retention section.
    let doc = render_document(
        &history_schema(Some("400d")),
        &target,
        &DocContext::default(),
    )
    .expect("document");
    let section = doc
        .split("### Audit\n")
        .nth(1)
        .unwrap()
        .split("\n### ")
        .next()
        .unwrap();
    for want in [
        "History: every INSERT, UPDATE and DELETE of `accounts` is written to `audit_log`",
        "`audit_log` is append-only",
        "older than `400d`",
        "REVOKE UPDATE, DELETE ON audit_log FROM app_user",
    ] {
        assert!(section.contains(want), "missing {want:?} in:\n{section}");
    }
    let view = cargo_datamodel::document::view::build(
        &history_schema(Some("400d")),
        &target,
        &DocContext::default(),
    );
    assert!(
        view.retention.ttl.iter().any(|t| t.table == "audit_log"),
        "the log's TTL is a retention job like any other"
    );
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

/// The engines that keep a table on one node: a distributing one (Citus) refuses the SET NULL
/// of a composite tenant key (DM036) and a global table's key to a tenant-scoped actor (DM034).
fn single_node_engines() -> Vec<Engine> {
    Engine::ALL
        .iter()
        .copied()
        .filter(|e| !cargo_datamodel::dialect::dialect_for(*e).distributes_tables())
        .collect()
}

/// Under shared tenancy every entity audited by configuration (`audit = true`,
/// `audit-actor = "Project"`, a tenant-scoped actor): the DDL runs on the three engines and
/// the catalog equals the Schema's (composite tenant keys to the actor, SET NULL of the actor
/// column alone). A distributing engine among the targets refuses it (DM036: Citus refuses
/// SET NULL on a key with the distribution column; DM034: the audited global `tenants`
/// references the tenant-scoped actor).
#[test]
fn audit_by_configuration_under_shared_tenancy_installs_everywhere() {
    use cargo_datamodel::config::Tenancy;
    let config = Config {
        engines: single_node_engines(),
        tenancy: Tenancy::Shared,
        audit: true,
        audit_actor: Some("Project".into()),
        ..Config::default()
    };
    let refused = resolve(
        &datamodel_tests::models::tenancy(),
        &Config {
            engines: Engine::ALL.to_vec(),
            ..config.clone()
        },
    )
    .expect_err("a distributing engine refuses the actor's keys");
    assert!(
        refused
            .iter()
            .all(|d| d.code == "DM036" || d.code == "DM034"),
        "{refused:#?}"
    );
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
    apply(db, &r.up, "the up migration");
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
    apply(db, down, "the down migration");
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

// ---------------------------------------------------------------------------------------------
// History: the shared audit_log.

/// `users` and `accounts` (`audit(actor = User, history)`, `version`), the log's TTL `ttl`.
fn history_schema(ttl: Option<&str>) -> Schema {
    let m = model(vec![
        E::new("User").field(string("email", 100)),
        E::new("Account")
            .history(Some("User"))
            .version()
            .field(string("name", 100)),
    ]);
    let config = Config {
        engines: Engine::ALL.to_vec(),
        audit_history_ttl: ttl.map(str::to_string),
        ..Config::default()
    };
    resolve(&m, &config).unwrap_or_else(|d| panic!("resolve failed: {d:#?}"))
}

/// `column`'s `key` as text, per engine.
fn json_text(e: Engine, column: &str, key: &str) -> String {
    match e {
        Engine::Postgres | Engine::Citus => format!("({column} ->> '{key}')"),
        Engine::Mysql => format!("JSON_UNQUOTE(JSON_EXTRACT({column}, '$.{key}'))"),
        Engine::Sqlite => format!("CAST(json_extract({column}, '$.{key}') AS TEXT)"),
    }
}

fn entries(db: &mut dyn Affected, filter: &str) -> i64 {
    db.count(&format!("SELECT COUNT(*) FROM audit_log WHERE {filter}"))
}

/// Insert, update, delete through the generated DDL: one entry each, with the old and new
/// values, the operation, the row's key and the actor; then the log refuses UPDATE and DELETE
/// (but the DELETE of entries past its TTL, as the retention job runs it).
fn history(db: &mut dyn Affected, set_actor: &dyn Fn(i64) -> String) {
    let e = db.engine();
    let j = |column: &str, key: &str| json_text(e, column, key);
    ok(db, "INSERT INTO users (email) VALUES ('u1')");
    let u1 = user_id(db, "u1");
    let fills = cargo_datamodel::dialect::dialect_for(e).fills_actor_from_setting();
    if fills {
        ok(db, &set_actor(u1));
        ok(db, "INSERT INTO accounts (name) VALUES ('a')");
    } else {
        ok(
            db,
            &format!(
                "INSERT INTO accounts (name, created_by, updated_by) VALUES ('a', {u1}, {u1})"
            ),
        );
    }
    let id = db.count("SELECT id FROM accounts WHERE name = 'a'");
    assert_eq!(
        db.affected("UPDATE accounts SET name = 'b' WHERE name = 'a'"),
        1
    );
    assert_eq!(db.affected("DELETE FROM accounts WHERE name = 'b'"), 1);
    assert_eq!(entries(db, "1 = 1"), 3, "{e}: one entry per change");
    let key = format!("{} = '{id}'", j("row_key", "id"));
    assert_eq!(
        entries(db, &format!(
            "operation = 'INSERT' AND table_name = 'accounts' AND {key} AND old_row IS NULL AND {} = 'a'",
            j("new_row", "name")
        )),
        1,
        "{e}: INSERT entry"
    );
    assert_eq!(
        entries(
            db,
            &format!(
                "operation = 'UPDATE' AND {key} AND {} = 'a' AND {} = 'b'",
                j("old_row", "name"),
                j("new_row", "name")
            )
        ),
        1,
        "{e}: UPDATE entry with the old and new values"
    );
    assert_eq!(
        entries(
            db,
            &format!(
                "operation = 'DELETE' AND {key} AND {} = 'b' AND new_row IS NULL",
                j("old_row", "name")
            )
        ),
        1,
        "{e}: DELETE entry with the old values"
    );
    // The actor: from the setting on every change where the engine reads it, else the
    // row's updated_by (none on DELETE).
    let with_actor = entries(db, &format!("actor = '{u1}'"));
    assert_eq!(with_actor, if fills { 3 } else { 2 }, "{e}: actor");
    // Append-only: no UPDATE, no DELETE of a recent entry.
    datamodel_tests::behaviour::fails(db, "UPDATE audit_log SET operation = 'DELETE'");
    datamodel_tests::behaviour::fails(db, "DELETE FROM audit_log");
    assert_eq!(entries(db, "1 = 1"), 3, "{e}: the log is unchanged");
}

/// An entry past the log's TTL (30 days) may be deleted, as the retention job does; a recent
/// one still can't.
fn history_ttl(db: &mut dyn Affected) {
    let e = db.engine();
    let old = match e {
        Engine::Postgres | Engine::Citus => "now() - interval '40 days'".to_string(),
        Engine::Mysql => "NOW(6) - INTERVAL 40 DAY".to_string(),
        Engine::Sqlite => "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-40 days')".to_string(),
    };
    let json = match e {
        Engine::Postgres => "'{\"id\": 1}'::jsonb",
        _ => "'{\"id\": 1}'",
    };
    ok(
        db,
        &format!(
            "INSERT INTO audit_log (table_name, row_key, operation, created_at) VALUES ('x', {json}, 'INSERT', {old}), ('x', {json}, 'INSERT', {old})"
        ),
    );
    ok(db, "INSERT INTO accounts (name) VALUES ('fresh')");
    let expired = match e {
        Engine::Postgres | Engine::Citus => "created_at < now() - interval '30 days'",
        Engine::Mysql => "created_at < NOW() - INTERVAL 30 DAY",
        Engine::Sqlite => "created_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days')",
    };
    assert_eq!(
        db.affected(&format!("DELETE FROM audit_log WHERE {expired}")),
        2,
        "{e}: the TTL purge"
    );
    datamodel_tests::behaviour::fails(db, "DELETE FROM audit_log");
    assert_eq!(entries(db, "1 = 1"), 4, "{e}");
}

#[test]
fn history_postgres() {
    for ttl in [None, Some("30d")] {
        let Some(mut pg) = Pg::connect() else { return };
        let s = history_schema(ttl);
        install(&mut pg, &s);
        let name = pg.schema.clone();
        assert_catalog(
            &introspect_pg(&mut pg.client, &name),
            &expected(&s, Engine::Postgres),
            Engine::Postgres,
        );
        history(&mut pg, &|u| format!("SET app.current_actor_id = '{u}'"));
        if ttl.is_some() {
            history_ttl(&mut pg);
        }
    }
}

#[test]
fn history_mariadb() {
    for ttl in [None, Some("30d")] {
        let Some(mut my) = My::connect() else { return };
        let s = history_schema(ttl);
        install(&mut my, &s);
        let db = my.db.clone();
        assert_catalog(
            &introspect_mysql(&mut my.conn, &db),
            &expected(&s, Engine::Mysql),
            Engine::Mysql,
        );
        history(&mut my, &|_| String::new());
        if ttl.is_some() {
            history_ttl(&mut my);
        }
    }
}

#[test]
fn history_sqlite() {
    for ttl in [None, Some("30d")] {
        for recursive in [false, true] {
            let mut conn = sqlite();
            if recursive {
                conn.execute_batch("PRAGMA recursive_triggers = ON")
                    .unwrap();
            }
            let s = history_schema(ttl);
            install(&mut conn, &s);
            assert_catalog(
                &introspect_sqlite(&conn),
                &expected(&s, Engine::Sqlite),
                Engine::Sqlite,
            );
            history(&mut conn, &|_| String::new());
            if ttl.is_some() {
                history_ttl(&mut conn);
            }
        }
    }
}

/// Under shared tenancy the log is a tenant-scoped table like the others (`tenant_id`, the
/// composite keys, row-level security on PostgreSQL): each entry takes the changed row's
/// tenant. Global tables (here `tenants`) keep no history: the log could not say whose it is.
#[test]
fn history_under_shared_tenancy() {
    use cargo_datamodel::config::Tenancy;
    let config = Config {
        engines: single_node_engines(),
        tenancy: Tenancy::Shared,
        audit: true,
        audit_history: true,
        ..Config::default()
    };
    let s = resolve(&datamodel_tests::models::tenancy(), &config)
        .unwrap_or_else(|d| panic!("resolve failed: {d:#?}"));
    let log = s.table("audit_log").expect("the log");
    assert!(log.tenant_scoped && log.column("tenant_id").is_some());
    assert_eq!(
        log.policies.len(),
        1,
        "row-level security like every tenant table"
    );
    let history = |t: &str| {
        s.table(t)
            .and_then(|t| t.audit.as_ref())
            .is_some_and(|a| a.history.is_some())
    };
    assert!(history("projects") && history("tasks") && !history("tenants"));
    // The application role the document grants may not change the log.
    let target = cargo_datamodel::target::Target::default().with_engines(Engine::ALL.to_vec());
    let doc = cargo_datamodel::document::render_document(
        &s,
        &target,
        &cargo_datamodel::document::DocContext::default(),
    )
    .unwrap();
    assert!(
        doc.contains("GRANT SELECT, INSERT ON \"audit_log\" TO app_user;"),
        "{doc}"
    );
    assert!(!doc.contains("\"audit_log\", ") && !doc.contains(", \"audit_log\""));
    let run = |db: &mut dyn Affected| {
        let e = db.engine();
        ok(db, "INSERT INTO tenants (name) VALUES ('A'), ('B')");
        let tb = db.count("SELECT id FROM tenants WHERE name = 'B'");
        ok(
            db,
            &format!("INSERT INTO projects (tenant_id, slug) VALUES ({tb}, 'p')"),
        );
        assert_eq!(
            entries(db, &format!("table_name = 'projects' AND tenant_id = {tb}")),
            1,
            "{e}: the entry has the row's tenant"
        );
        datamodel_tests::behaviour::fails(db, "UPDATE audit_log SET actor = 'x'");
    };
    if let Some(mut pg) = Pg::connect() {
        install(&mut pg, &s);
        let name = pg.schema.clone();
        assert_catalog(
            &introspect_pg(&mut pg.client, &name),
            &expected(&s, Engine::Postgres),
            Engine::Postgres,
        );
        run(&mut pg);
    }
    if let Some(mut my) = My::connect() {
        install(&mut my, &s);
        let db = my.db.clone();
        assert_catalog(
            &introspect_mysql(&mut my.conn, &db),
            &expected(&s, Engine::Mysql),
            Engine::Mysql,
        );
        run(&mut my);
    }
    let mut conn = sqlite();
    install(&mut conn, &s);
    assert_catalog(
        &introspect_sqlite(&conn),
        &expected(&s, Engine::Sqlite),
        Engine::Sqlite,
    );
    run(&mut conn);
}

/// PostgreSQL row-level security on the log, for an application role that is neither owner
/// nor superuser: its writes are logged under its tenant, it sees only its tenant's entries,
/// and it can change or delete none.
#[test]
fn history_is_tenant_isolated_by_row_level_security_postgres() {
    use cargo_datamodel::config::Tenancy;
    use datamodel_tests::engines::unique_name;
    let config = Config {
        engines: single_node_engines(),
        tenancy: Tenancy::Shared,
        audit: true,
        audit_history: true,
        ..Config::default()
    };
    let s = resolve(&datamodel_tests::models::tenancy(), &config).unwrap();
    let Some(mut pg) = Pg::connect() else { return };
    install(&mut pg, &s);
    ok(&mut pg, "INSERT INTO tenants (name) VALUES ('A'), ('B')");
    let role = unique_name();
    let schema = pg.schema.clone();
    pg.client
        .batch_execute(&format!(
            "CREATE ROLE \"{role}\" LOGIN NOSUPERUSER NOBYPASSRLS; \
             GRANT USAGE ON SCHEMA \"{schema}\" TO \"{role}\"; \
             GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \"{schema}\" TO \"{role}\";"
        ))
        .expect("app role");
    let result = std::panic::catch_unwind(|| {
        let url = format!("host=127.0.0.1 port=5432 user={role} dbname=test");
        let mut app = postgres::Client::connect(&url, postgres::NoTls).expect("connect as app");
        app.batch_execute(&format!("SET search_path TO \"{schema}\""))
            .unwrap();
        let count = |app: &mut postgres::Client, tenant: &str, sql: &str| -> i64 {
            let mut tx = app.transaction().unwrap();
            tx.batch_execute(&format!("SET LOCAL app.current_tenant_id = '{tenant}'"))
                .unwrap();
            let n: i64 = tx.query_one(sql, &[]).unwrap().get(0);
            tx.commit().unwrap();
            n
        };
        let mut tx = app.transaction().unwrap();
        tx.batch_execute("SET LOCAL app.current_tenant_id = '1'; INSERT INTO projects (tenant_id, slug) VALUES (1, 'p')")
            .expect("tenant 1 writes");
        tx.commit().unwrap();
        assert_eq!(count(&mut app, "1", "SELECT COUNT(*) FROM audit_log"), 1);
        assert_eq!(count(&mut app, "2", "SELECT COUNT(*) FROM audit_log"), 0);
        let mut tx = app.transaction().unwrap();
        tx.batch_execute("SET LOCAL app.current_tenant_id = '1'")
            .unwrap();
        assert!(
            tx.batch_execute("DELETE FROM audit_log").is_err(),
            "app role deleted"
        );
        tx.rollback().unwrap();
    });
    let _ = pg.client.batch_execute(&format!(
        "DROP OWNED BY \"{role}\" CASCADE; DROP ROLE \"{role}\""
    ));
    if let Err(p) = result {
        std::panic::resume_unwind(p);
    }
}

/// Turning `audit(history)` on for a table that has rows: the log table is created (with its
/// guard) and the table's triggers added, every step Safe or Caution; then changes are logged.
/// The down migration removes the triggers and the log.
fn migrate_history_on(db: &mut dyn Affected) {
    let e = db.engine();
    let plain = model(vec![
        E::new("User").field(string("email", 100)),
        E::new("Account").version().field(string("name", 100)),
    ]);
    let config = Config {
        engines: Engine::ALL.to_vec(),
        ..Config::default()
    };
    let v1 = resolve(&plain, &config).unwrap();
    let v2 = history_schema(None);
    install(db, &v1);
    ok(db, "INSERT INTO users (email) VALUES ('u1')");
    ok(db, "INSERT INTO accounts (name) VALUES ('old')");
    let r = render(&v1, &v2, e, false).unwrap_or_else(|r| panic!("{e}: refused: {r:?}"));
    for s in &r.up.steps {
        assert!(s.safety <= Safety::Caution, "{e}: {}", s.change.describe());
    }
    // Its own step, or part of the table's rebuild where the engine rebuilds the table.
    assert!(r.up.steps.iter().any(|s| {
        matches!(s.change, Change::SetHistoryUpkeep { on: true, .. })
            || s.statements
                .iter()
                .any(|st| st.sql.contains("audit_insert"))
    }));
    apply(db, &r.up, "the up migration");
    assert_eq!(
        db.affected("UPDATE accounts SET name = 'renamed' WHERE name = 'old'"),
        1
    );
    assert_eq!(
        entries(
            db,
            &format!(
                "operation = 'UPDATE' AND {} = 'old'",
                json_text(e, "old_row", "name")
            )
        ),
        1,
        "{e}: logged after the migration"
    );
    datamodel_tests::behaviour::fails(db, "DELETE FROM audit_log");
    let Down::Migration(down) = &r.down else {
        panic!("{e}: reversible")
    };
    apply(db, down, "the down migration");
    ok(db, "UPDATE accounts SET name = 'again'");
}

#[test]
fn migrate_history_on_postgres() {
    let Some(mut pg) = Pg::connect() else { return };
    migrate_history_on(&mut pg);
}

#[test]
fn migrate_history_on_mariadb() {
    let Some(mut my) = My::connect() else { return };
    migrate_history_on(&mut my);
}

#[test]
fn migrate_history_on_sqlite() {
    let mut conn = sqlite();
    migrate_history_on(&mut conn);
}

/// DM134: with an audit trail in the model, an unaudited table holding money (or personal
/// data) is flagged, and the scorecard counts it; auditing it clears it. Models without audit
/// never see the rule.
#[test]
fn unaudited_money_table_is_linted_and_scored() {
    use cargo_datamodel::lints::{self, LintConfig, Rule};
    use cargo_datamodel::target::Target;
    let money = |audited: bool| {
        let invoice =
            E::new("Invoice").field(datamodel_tests::models::f("total", ColumnType::BigInt));
        let invoice = if audited {
            invoice.audit(Some("User"))
        } else {
            invoice
        };
        let m = model(vec![
            E::new("User").field(string("email", 100)),
            E::new("Account")
                .audit(Some("User"))
                .field(string("name", 100)),
            invoice,
        ]);
        resolve(&m, &Config::default()).unwrap()
    };
    let target = Target::default();
    let report = lints::run(&money(false), &target, &LintConfig::default());
    let fired: Vec<_> = report
        .violations
        .iter()
        .filter(|v| v.rule == Rule::SensitiveTableWithoutAudit)
        .collect();
    assert_eq!(fired.len(), 1, "{fired:?}");
    assert!(fired[0].message.contains("`invoices`"), "{:?}", fired[0]);
    let card = lints::scorecard::compute(&money(false), &report);
    assert!(
        card.rows.iter().any(|r| r.notes.contains("DM134")),
        "{card:?}"
    );
    let report = lints::run(&money(true), &target, &LintConfig::default());
    assert!(report
        .violations
        .iter()
        .all(|v| v.rule != Rule::SensitiveTableWithoutAudit));
    let plain = lints::run(&schema_with(true, false), &target, &LintConfig::default());
    assert!(plain
        .checks
        .iter()
        .all(|c| c.rule != Rule::SensitiveTableWithoutAudit));
}

/// Two connections really at once: both read version 1; A updates in an open transaction; B's
/// `UPDATE .. WHERE id = ? AND version = 1` waits on A's row lock, and once A commits it
/// re-reads the row (version 2) and affects 0 rows.
#[test]
fn concurrent_stale_update_affects_no_row_postgres() {
    let Some(mut pg) = Pg::connect() else { return };
    let s = schema(true);
    install(&mut pg, &s);
    ok(
        &mut pg,
        "INSERT INTO accounts (name, balance) VALUES ('a', 10)",
    );
    let path = format!("SET search_path TO \"{}\"", pg.schema);
    let connect = || {
        let mut c = postgres::Client::connect(datamodel_tests::engines::PG_URL, postgres::NoTls)
            .expect("connect");
        c.batch_execute(&path).unwrap();
        c
    };
    let (mut a, mut b) = (connect(), connect());
    let mut tx = a.transaction().unwrap();
    let n = tx
        .execute(
            "UPDATE accounts SET balance = 1 WHERE name = 'a' AND version = 1",
            &[],
        )
        .unwrap();
    assert_eq!(n, 1, "A wins");
    let stale = std::thread::spawn(move || {
        b.execute(
            "UPDATE accounts SET balance = 2 WHERE name = 'a' AND version = 1",
            &[],
        )
        .unwrap()
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    tx.commit().unwrap();
    assert_eq!(
        stale.join().unwrap(),
        0,
        "B's version is stale once A commits"
    );
    assert_eq!(pg.count("SELECT balance FROM accounts WHERE name = 'a'"), 1);
    assert_eq!(pg.count("SELECT version FROM accounts WHERE name = 'a'"), 2);
}

#[test]
fn concurrent_stale_update_affects_no_row_mariadb() {
    use mysql::prelude::Queryable;
    let Some(mut my) = My::connect() else { return };
    let s = schema(true);
    install(&mut my, &s);
    ok(
        &mut my,
        "INSERT INTO accounts (name, balance) VALUES ('a', 10)",
    );
    let url = datamodel_tests::engines::MYSQL_URL.replace("/test", &format!("/{}", my.db));
    let connect = || mysql::Conn::new(mysql::Opts::from_url(&url).unwrap()).expect("connect");
    let (mut a, mut b) = (connect(), connect());
    a.query_drop("START TRANSACTION").unwrap();
    a.query_drop("UPDATE accounts SET balance = 1 WHERE name = 'a' AND version = 1")
        .unwrap();
    assert_eq!(a.affected_rows(), 1, "A wins");
    let stale = std::thread::spawn(move || {
        b.query_drop("UPDATE accounts SET balance = 2 WHERE name = 'a' AND version = 1")
            .unwrap();
        b.affected_rows()
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    a.query_drop("COMMIT").unwrap();
    assert_eq!(
        stale.join().unwrap(),
        0,
        "B's version is stale once A commits"
    );
    assert_eq!(my.count("SELECT balance FROM accounts WHERE name = 'a'"), 1);
    assert_eq!(my.count("SELECT version FROM accounts WHERE name = 'a'"), 2);
}

/// Untrusted names reach the trigger bodies: a table named with both quotes and the dollar tag
/// `$dm$`, a column with a quote. The DDL runs on the three engines, through the drivers and
/// through the command-line clients the documents tell operators to use (`psql`, `mysql`,
/// `sqlite3`; each SKIPPED when absent), and the log entries carry the names as written.
fn hostile_schema() -> Schema {
    let m = model(vec![E::new("Odd")
        .table("odd'$dm$\"t")
        .history(None)
        .field(string("it's", 10))]);
    let config = Config {
        engines: Engine::ALL.to_vec(),
        audit_history_ttl: Some("30d".into()),
        ..Config::default()
    };
    resolve(&m, &config).unwrap_or_else(|d| panic!("resolve failed: {d:#?}"))
}

fn hostile(db: &mut dyn Affected) {
    let e = db.engine();
    let d = cargo_datamodel::dialect::dialect_for(e);
    let (t, c) = (d.quote_ident("odd'$dm$\"t"), d.quote_ident("it's"));
    ok(db, &format!("INSERT INTO {t} ({c}) VALUES ('x')"));
    db.affected(&format!("UPDATE {t} SET {c} = 'y'"));
    db.affected(&format!("DELETE FROM {t}"));
    let name = d.string_literal("odd'$dm$\"t");
    assert_eq!(entries(db, &format!("table_name = {name}")), 3, "{e}");
    datamodel_tests::behaviour::fails(db, "DELETE FROM audit_log");
}

#[test]
fn untrusted_names_in_trigger_bodies_execute() {
    let s = hostile_schema();
    if let Some(mut pg) = Pg::connect() {
        install(&mut pg, &s);
        hostile(&mut pg);
    }
    if let Some(mut my) = My::connect() {
        install(&mut my, &s);
        hostile(&mut my);
    }
    let mut conn = sqlite();
    install(&mut conn, &s);
    hostile(&mut conn);
}

fn run_cli(program: &str, args: &[&str], sql: &str) -> Option<std::process::Output> {
    use std::io::Write;
    let mut child = match std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            datamodel_tests::engines::skip(&format!("`{program}` is not available: {e}"));
            return None;
        }
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(sql.as_bytes())
        .unwrap();
    Some(child.wait_with_output().unwrap())
}

#[test]
fn audit_ddl_runs_through_the_command_line_clients() {
    use cargo_datamodel::ddl::render_ddl;
    for s in [history_schema(Some("30d")), hostile_schema()] {
        // psql, in a schema of its own.
        if let Some(mut pg) = Pg::connect() {
            let sql = format!(
                "SET search_path TO \"{}\";\n{}",
                pg.schema,
                render_ddl(&s, Engine::Postgres)
            );
            if let Some(out) = run_cli(
                "psql",
                &[
                    "-h",
                    "127.0.0.1",
                    "-U",
                    "postgres",
                    "-d",
                    "test",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-q",
                ],
                &sql,
            ) {
                assert!(
                    out.status.success(),
                    "psql: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                assert!(pg.count("SELECT COUNT(*) FROM audit_log") == 0);
            }
        }
        // mysql, in a database of its own.
        if let Some(mut my) = My::connect() {
            let db = my.db.clone();
            if let Some(out) = run_cli(
                "mysql",
                &["-h", "127.0.0.1", "-u", "root", &db],
                &render_ddl(&s, Engine::Mysql),
            ) {
                assert!(
                    out.status.success(),
                    "mysql: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                assert!(my.count("SELECT COUNT(*) FROM audit_log") == 0);
            }
        }
        // sqlite3, on a file.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("audit.db");
        if let Some(out) = run_cli(
            "sqlite3",
            &["-bail", file.to_str().unwrap()],
            &render_ddl(&s, Engine::Sqlite),
        ) {
            assert!(
                out.status.success(),
                "sqlite3: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}
