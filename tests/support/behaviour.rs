//! One behaviour script run against every engine: the generated DDL must *behave* as the
//! Schema says (CHECKs reject, FK actions act, soft-delete uniqueness, updated_at advances).

use cargo_datamodel::config::{Config, Engine, Tenancy};
use cargo_datamodel::ddl::render_ddl;
use cargo_datamodel::schema::{resolve, Schema};
use datamodel::Model;

/// The few operations the script needs, per engine.
pub trait Db {
    fn engine(&self) -> Engine;
    fn exec(&mut self, sql: &str) -> Result<(), String>;
    fn count(&mut self, sql: &str) -> i64;
}

impl Db for crate::engines::Pg {
    fn engine(&self) -> Engine {
        Engine::Postgres
    }
    fn exec(&mut self, sql: &str) -> Result<(), String> {
        self.client.batch_execute(sql).map_err(|e| format!("{e:?}"))
    }
    fn count(&mut self, sql: &str) -> i64 {
        self.client
            .query_one(sql, &[])
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .get(0)
    }
}

impl Db for crate::engines::My {
    fn engine(&self) -> Engine {
        Engine::Mysql
    }
    fn exec(&mut self, sql: &str) -> Result<(), String> {
        use mysql::prelude::Queryable;
        // A multi-statement text query reports the error of a later statement only while its
        // result sets are walked; `query_drop` would lose it.
        let mut result = self.conn.query_iter(sql).map_err(|e| e.to_string())?;
        while let Some(set) = result.iter() {
            for row in set {
                row.map_err(|e| e.to_string())?;
            }
        }
        Ok(())
    }
    fn count(&mut self, sql: &str) -> i64 {
        use mysql::prelude::Queryable;
        self.conn
            .query_first::<i64, _>(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .unwrap_or_default()
    }
}

impl Db for rusqlite::Connection {
    fn engine(&self) -> Engine {
        Engine::Sqlite
    }
    fn exec(&mut self, sql: &str) -> Result<(), String> {
        self.execute_batch(sql).map_err(|e| e.to_string())
    }
    fn count(&mut self, sql: &str) -> i64 {
        self.query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
}

/// Resolves `model` with `tenancy` for every engine (the distributing ones only when they
/// accept the model: `datamodel_testgen::for_engines_that_accept`) and panics with the
/// diagnostics on failure.
pub fn schema_of(model: &Model, tenancy: Tenancy) -> Schema {
    let mut config = Config {
        engines: Engine::ALL.to_vec(),
        tenancy,
        ..Config::default()
    };
    datamodel_testgen::for_engines_that_accept(model, &mut config);
    resolve(model, &config).unwrap_or_else(|d| panic!("resolve failed: {d:#?}"))
}

/// Renders and runs the DDL, panicking with the engine's error.
pub fn install(db: &mut dyn Db, schema: &Schema) -> String {
    let ddl = render_ddl(schema, db.engine());
    if let Err(e) = db.exec(&ddl) {
        panic!("{} rejected the DDL: {e}\n{ddl}", db.engine());
    }
    ddl
}

/// Runs `sql`, panicking with the engine's error.
pub fn ok(db: &mut dyn Db, sql: &str) {
    if let Err(e) = db.exec(sql) {
        panic!("{}: expected success: {sql}\n{e}", db.engine());
    }
}

/// Runs `sql`, panicking if the engine accepts it.
/// Runs every part of a rendered migration on `db`, in order; a refused part panics with
/// the part, the whole migration and `what` was being applied.
pub fn apply(db: &mut dyn Db, m: &cargo_datamodel::migrate::render::Migration, what: &str) {
    for part in m.parts() {
        if let Err(e) = db.exec(&part.sql) {
            panic!(
                "{}: {what} failed: {e}\n--- part:\n{}\n--- whole migration:\n{}",
                db.engine(),
                part.sql,
                m.script()
            );
        }
    }
}

pub fn fails(db: &mut dyn Db, sql: &str) {
    assert!(
        db.exec(sql).is_err(),
        "{}: expected the database to reject: {sql}",
        db.engine()
    );
}

fn now(engine: Engine) -> &'static str {
    match engine {
        Engine::Postgres | Engine::Citus => "now()",
        Engine::Mysql => "NOW(6)",
        Engine::Sqlite => "'2030-01-01T00:00:00.000Z'",
    }
}

fn old_ts(engine: Engine, year: u32) -> String {
    match engine {
        Engine::Sqlite => format!("'{year}-01-01T00:00:00.000Z'"),
        _ => format!("'{year}-01-01 00:00:00'"),
    }
}

const U: &str = "(SELECT id FROM users WHERE email = ";

/// The behaviour script over the `shop` model (already installed).
pub fn shop_behaviour(db: &mut dyn Db) {
    let e = db.engine();
    for u in ["u1", "u2", "u3"] {
        ok(
            db,
            &format!("INSERT INTO users (email, name) VALUES ('{u}@x', '{u}')"),
        );
    }
    // Defaults: status, is_admin, uuid, timestamps.
    assert_eq!(
        db.count("SELECT COUNT(*) FROM users WHERE status = 'active' AND is_admin = false AND uuid IS NOT NULL AND created_at IS NOT NULL"),
        3
    );
    // CHECK: enum value and ranges.
    fails(
        db,
        "INSERT INTO users (email, name, status) VALUES ('bad@x', 'B', 'bogus')",
    );
    fails(
        db,
        "INSERT INTO users (email, name, age) VALUES ('old@x', 'O', 200)",
    );
    fails(
        db,
        "INSERT INTO users (email, name, age) VALUES ('neg@x', 'N', -1)",
    );
    ok(
        db,
        "INSERT INTO users (email, name, age) VALUES ('ok@x', 'K', 150)",
    );
    // max_length: `name` is VARCHAR(100); SQLite's TEXT gets a length CHECK.
    let long = "n".repeat(101);
    fails(
        db,
        &format!("INSERT INTO users (email, name) VALUES ('long@x', '{long}')"),
    );
    ok(
        db,
        &format!(
            "INSERT INTO users (email, name) VALUES ('fits@x', '{}')",
            "n".repeat(100)
        ),
    );
    fails(
        db,
        &format!("INSERT INTO posts (user_id, title, price) VALUES ({U}'u1@x'), 'neg', -5)"),
    );
    fails(
        db,
        &format!("INSERT INTO posts (user_id, title, price) VALUES ({U}'u1@x'), 'big', 2000000)"),
    );
    fails(
        db,
        &format!(
            "INSERT INTO posts (user_id, title, price, state) VALUES ({U}'u1@x'), 'st', 1, 'gone')"
        ),
    );
    ok(
        db,
        &format!("INSERT INTO posts (user_id, title, price) VALUES ({U}'u1@x'), 'P1', 10.5)"),
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM posts WHERE state = 'draft'"),
        1
    );
    ok(db, &format!(
        "INSERT INTO comments (post_id, author_id, editor_id, body) VALUES ((SELECT id FROM posts WHERE title = 'P1'), {U}'u2@x'), {U}'u3@x'), 'hi')"
    ));
    // SET NULL.
    ok(db, "DELETE FROM users WHERE email = 'u3@x'");
    assert_eq!(
        db.count("SELECT COUNT(*) FROM comments WHERE editor_id IS NULL"),
        1
    );
    // RESTRICT.
    fails(db, "DELETE FROM users WHERE email = 'u2@x'");
    assert_eq!(
        db.count("SELECT COUNT(*) FROM users WHERE email = 'u2@x'"),
        1
    );
    // CASCADE (users -> posts -> comments).
    ok(db, "DELETE FROM users WHERE email = 'u1@x'");
    assert_eq!(db.count("SELECT COUNT(*) FROM posts"), 0);
    assert_eq!(db.count("SELECT COUNT(*) FROM comments"), 0);

    // Soft-delete uniqueness: duplicate rejected while live, allowed once soft-deleted.
    ok(
        db,
        "INSERT INTO users (email, name) VALUES ('dup@x', 'first')",
    );
    fails(
        db,
        "INSERT INTO users (email, name) VALUES ('dup@x', 'second')",
    );
    ok(
        db,
        &format!(
            "UPDATE users SET deleted_at = {} WHERE email = 'dup@x'",
            now(e)
        ),
    );
    ok(
        db,
        "INSERT INTO users (email, name) VALUES ('dup@x', 'second')",
    );
    fails(
        db,
        "INSERT INTO users (email, name) VALUES ('dup@x', 'third')",
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM users WHERE email = 'dup@x'"),
        2
    );

    // updated_at advances on UPDATE.
    ok(
        db,
        &format!(
            "INSERT INTO users (email, name, updated_at) VALUES ('t@x', 'T', {})",
            old_ts(e, 2000)
        ),
    );
    ok(db, "UPDATE users SET name = 'T2' WHERE email = 't@x'");
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM users WHERE email = 't@x' AND updated_at > {}",
            old_ts(e, 2001)
        )),
        1,
        "{e}: updated_at did not advance"
    );

    // 1:1: a second profile for the same user is rejected.
    ok(
        db,
        &format!("INSERT INTO profiles (user_id) VALUES ({U}'t@x'))"),
    );
    fails(
        db,
        &format!("INSERT INTO profiles (user_id) VALUES ({U}'t@x'))"),
    );

    // M:N junction with an extra column; the pair is the key.
    ok(db, "INSERT INTO tags (label) VALUES ('rust')");
    ok(
        db,
        &format!("INSERT INTO posts (user_id, title, price) VALUES ({U}'t@x'), 'P2', 1)"),
    );
    let pair =
        "(SELECT id FROM posts WHERE title = 'P2'), (SELECT id FROM tags WHERE label = 'rust')";
    ok(
        db,
        &format!("INSERT INTO post_tags (post_id, tag_id) VALUES ({pair})"),
    );
    fails(
        db,
        &format!("INSERT INTO post_tags (post_id, tag_id) VALUES ({pair})"),
    );
    assert_eq!(
        db.count("SELECT COUNT(*) FROM post_tags WHERE position = 0"),
        1
    );
    ok(db, "DELETE FROM tags WHERE label = 'rust'");
    assert_eq!(db.count("SELECT COUNT(*) FROM post_tags"), 0);

    // Table-per-type: admin row shares the user's id and goes with it.
    ok(db, &format!("INSERT INTO admins (id) VALUES ({U}'t@x'))"));
    fails(db, "INSERT INTO admins (id) VALUES (987654)");
    fails(
        db,
        &format!("INSERT INTO admins (id, level) VALUES ({U}'ok@x'), 0)"),
    );

    // Single-table inheritance: the discriminator is checked.
    ok(
        db,
        "INSERT INTO vehicles (plate, kind, doors) VALUES ('A-1', 'Car', 4)",
    );
    ok(
        db,
        "INSERT INTO vehicles (plate, kind, payload_tons) VALUES ('B-2', 'Truck', 7.5)",
    );
    fails(
        db,
        "INSERT INTO vehicles (plate, kind) VALUES ('C-3', 'Boat')",
    );

    // FK cycle: both directions work once both rows exist.
    ok(db, "INSERT INTO departments (name) VALUES ('R&D')");
    ok(db, "INSERT INTO employees (name, department_id) VALUES ('Ada', (SELECT id FROM departments WHERE name = 'R&D'))");
    ok(
        db,
        "UPDATE departments SET manager_id = (SELECT id FROM employees WHERE name = 'Ada')",
    );
    fails(db, "UPDATE departments SET manager_id = 424242");

    // Defaults on JSON.
    ok(db, "INSERT INTO events (score) VALUES (1.5)");
    assert_eq!(
        db.count("SELECT COUNT(*) FROM events WHERE payload IS NOT NULL"),
        1
    );
}

/// Shared tenancy: composite FKs make cross-tenant references impossible.
pub fn tenancy_behaviour(db: &mut dyn Db) {
    ok(db, "INSERT INTO tenants (name) VALUES ('A')");
    ok(db, "INSERT INTO tenants (name) VALUES ('B')");
    let ta = "(SELECT id FROM tenants WHERE name = 'A')";
    let tb = "(SELECT id FROM tenants WHERE name = 'B')";
    ok(
        db,
        &format!("INSERT INTO projects (tenant_id, slug) VALUES ({ta}, 'p')"),
    );
    // Same slug in another tenant: fine; in the same tenant: rejected.
    ok(
        db,
        &format!("INSERT INTO projects (tenant_id, slug) VALUES ({tb}, 'p')"),
    );
    fails(
        db,
        &format!("INSERT INTO projects (tenant_id, slug) VALUES ({ta}, 'p')"),
    );
    let pa = format!("(SELECT id FROM projects WHERE slug = 'p' AND tenant_id = {ta})");
    let pb = format!("(SELECT id FROM projects WHERE slug = 'p' AND tenant_id = {tb})");
    ok(
        db,
        &format!("INSERT INTO tasks (tenant_id, project_id, title) VALUES ({ta}, {pa}, 'mine')"),
    );
    // A child of tenant A pointing at tenant B's parent.
    fails(
        db,
        &format!("INSERT INTO tasks (tenant_id, project_id, title) VALUES ({ta}, {pb}, 'theirs')"),
    );
    // An unknown tenant.
    fails(
        db,
        &format!(
            "INSERT INTO tasks (tenant_id, project_id, title) VALUES (999999, {pa}, 'nobody')"
        ),
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM tasks"), 1);

    // The nullable self-reference `parent_id` (ON DELETE SET NULL): composite on PostgreSQL
    // (`SET NULL (parent_id)`), single column + composite guard elsewhere. Either way a task
    // of A cannot have a parent of B, and deleting a parent nulls the reference.
    ok(
        db,
        &format!("INSERT INTO tasks (tenant_id, project_id, title) VALUES ({tb}, {pb}, 'b-task')"),
    );
    let mine = db.count("SELECT id FROM tasks WHERE title = 'mine'");
    let b_task = db.count("SELECT id FROM tasks WHERE title = 'b-task'");
    fails(
        db,
        &format!("INSERT INTO tasks (tenant_id, project_id, parent_id, title) VALUES ({ta}, {pa}, {b_task}, 'cross-parent')"),
    );
    ok(
        db,
        &format!("INSERT INTO tasks (tenant_id, project_id, parent_id, title) VALUES ({ta}, {pa}, {mine}, 'child')"),
    );
    fails(
        db,
        &format!("UPDATE tasks SET parent_id = {b_task} WHERE title = 'child'"),
    );
    ok(db, "DELETE FROM tasks WHERE title = 'mine'");
    assert_eq!(
        db.count("SELECT COUNT(*) FROM tasks WHERE title = 'child' AND parent_id IS NULL"),
        1,
        "{}: deleting the parent must null the child's parent_id",
        db.engine()
    );
}

/// The `saas` example under shared tenancy (installed): a child of tenant A referencing a
/// parent of tenant B is rejected by the composite FKs, on every engine. Inserts the rows it
/// needs for two tenants and leaves them.
pub fn saas_cross_tenant(db: &mut dyn Db) {
    let e = db.engine();
    let (a, b) = saas_seed(db);
    let _ = b;
    let acct = |t: &str| format!("(SELECT id FROM accounts WHERE email = 'owner@{t}')");
    let (acct_a, acct_b) = (acct("a"), acct("b"));
    // Same tenant: fine.
    ok(db, &saas_project(e, &a, &acct_a, "OK"));
    ok(db, &saas_invoice(&a, &acct_a, "2024-1"));
    // A project of A owned by B's account; an invoice of A billed to B's account.
    fails(db, &saas_project(e, &a, &acct_b, "X"));
    fails(db, &saas_invoice(&a, &acct_b, "2024-2"));
    // Moving A's project to B's account afterwards.
    fails(
        db,
        &format!(
            "UPDATE projects SET owner_id = {acct_b} WHERE tenant_id = {a} AND {} = 'OK'",
            key_column(e)
        ),
    );
    assert_eq!(db.count("SELECT COUNT(*) FROM projects"), 1);
    assert_eq!(db.count("SELECT COUNT(*) FROM invoices"), 1);
}

/// Tenant ids of the saas seed (UUID text on every engine).
pub const SAAS_TENANT_A: &str = "'00000000-0000-4000-8000-00000000000a'";
pub const SAAS_TENANT_B: &str = "'00000000-0000-4000-8000-00000000000b'";

/// Inserts tenants A and B and one account each (`owner@a`, `owner@b`); returns the tenant id
/// literals.
pub fn saas_seed(db: &mut dyn Db) -> (String, String) {
    for (id, sub) in [(SAAS_TENANT_A, "a"), (SAAS_TENANT_B, "b")] {
        ok(
            db,
            &format!("INSERT INTO tenants (id, name, subdomain, settings) VALUES ({id}, 'Tenant {sub}', '{sub}', '{{}}')"),
        );
        ok(db, &saas_account(id, &format!("owner@{sub}")));
    }
    (SAAS_TENANT_A.into(), SAAS_TENANT_B.into())
}

/// The `projects.key` column (`KEY` is reserved on MySQL).
pub fn key_column(engine: Engine) -> &'static str {
    match engine {
        Engine::Mysql => "`key`",
        _ => "key",
    }
}

/// An INSERT of an account of `tenant`.
pub fn saas_account(tenant: &str, email: &str) -> String {
    format!("INSERT INTO accounts (tenant_id, email, full_name) VALUES ({tenant}, '{email}', 'Someone')")
}

/// An INSERT of a project of `tenant` owned by `owner` (an SQL expression).
pub fn saas_project(engine: Engine, tenant: &str, owner: &str, key: &str) -> String {
    format!(
        "INSERT INTO projects (tenant_id, {}, name, owner_id, settings) VALUES ({tenant}, '{key}', 'P {key}', {owner}, '{{}}')",
        key_column(engine)
    )
}

/// An INSERT of an invoice of `tenant` billed to `account` (an SQL expression).
pub fn saas_invoice(tenant: &str, account: &str, number: &str) -> String {
    format!("INSERT INTO invoices (tenant_id, number, billing_account_id, billing_email, amount, tax_amount, issued_on, due_on) VALUES ({tenant}, '{number}', {account}, 'billing@x', 100, 19, '2024-01-01', '2024-01-31')")
}

/// The statement the document's retention recipe for `table` schedules on `engine` (unwrapped
/// from pg_cron / the MySQL EVENT, which only schedule it), the document rendered for every
/// engine.
pub fn retention_job(schema: &Schema, engine: Engine, table: &str) -> String {
    use cargo_datamodel::document::{view, DocContext};
    let target = cargo_datamodel::target::Target::default().with_engines(Engine::ALL.to_vec());
    let view = view::build(schema, &target, &DocContext::default());
    let ttl = view
        .retention
        .ttl
        .iter()
        .find(|t| t.table == table)
        .expect("a TTL section for the table");
    let recipe = ttl
        .cleanup
        .iter()
        .find(|r| r.engine == engine.display_name())
        .expect("a recipe per engine");
    let sql = recipe.sql.as_str();
    match engine {
        Engine::Postgres | Engine::Citus => sql
            .split("$$")
            .nth(1)
            .expect("pg_cron body")
            .trim()
            .to_string(),
        Engine::Mysql => sql
            .split_once(" DO\n")
            .expect("event body")
            .1
            .trim()
            .to_string(),
        Engine::Sqlite => sql.to_string(),
    }
}

/// PostgreSQL (or Citus): in one transaction, always rolled back, `SET LOCAL setting = value`
/// when a value is given (`value` is SQL: `'<uuid>'`, `7`, `''`), then `f`; each statement is
/// sent on its own (Citus refuses some as part of a multi-statement query). An error is the
/// server's message, with its detail.
pub fn in_tenant<T>(
    c: &mut postgres::Client,
    setting: &str,
    value: Option<&str>,
    f: impl FnOnce(&mut postgres::Transaction<'_>) -> Result<T, postgres::Error>,
) -> Result<T, String> {
    use crate::citus::message;
    let mut tx = c.transaction().map_err(|e| message(&e))?;
    if let Some(v) = value {
        tx.batch_execute(&format!("SET LOCAL {setting} = {v}"))
            .map_err(|e| message(&e))?;
    }
    let out = f(&mut tx).map_err(|e| message(&e));
    let _ = tx.rollback();
    out
}
