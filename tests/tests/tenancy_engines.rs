//! Multi-tenancy on the real engines, with the `saas` example's model.
//!
//! * Shared tables on PostgreSQL 15: row-level security isolates tenants for a non-superuser
//!   application role that does not own the tables, and (FORCE) for the non-superuser owner
//!   too; with no tenant set nothing is visible or writable.
//! * Shared tables on PostgreSQL, MariaDB and SQLite: a child of tenant A cannot reference a
//!   parent of tenant B (composite FKs). The hand-built model's SET NULL self-reference is
//!   covered by `ddl_engines::tenancy_*` (`behaviour::tenancy_behaviour`).
//! * Schema/database per tenant: the provisioning scripts create two tenants on PostgreSQL
//!   (two schemas; a database through psql), MariaDB (two databases) and SQLite (two files),
//!   and each tenant's catalog equals what the Schema says.

use cargo_datamodel::config::{Engine, Tenancy};
use cargo_datamodel::ddl::render_ddl;
use cargo_datamodel::schema::{resolve, Schema};
use cargo_datamodel::tenancy::{mysql_command, psql_command, render_tenant_provisioning};
use datamodel_tests::behaviour::{
    install, saas_account, saas_cross_tenant, saas_invoice, saas_project, Db, SAAS_TENANT_A,
    SAAS_TENANT_B,
};
use datamodel_tests::catalog::{
    assert_catalog, expected, introspect_mysql, introspect_pg, introspect_sqlite,
};
use datamodel_tests::engines::{skip, sqlite, unique_name, My, Pg, MYSQL_URL, PG_URL};
use datamodel_tests::examples::example;
use std::collections::BTreeMap;

/// The saas example resolved with `tenancy`, for all three engines.
fn saas(tenancy: Tenancy) -> Schema {
    let (model, mut config) = example("saas");
    config.tenancy = tenancy;
    config.engines = Engine::ALL.to_vec();
    resolve(&model, &config).unwrap_or_else(|d| panic!("saas does not resolve: {d:#?}"))
}

#[test]
fn saas_cross_tenant_reference_fails_postgres() {
    let Some(mut pg) = Pg::connect() else { return };
    install(&mut pg, &saas(Tenancy::Shared));
    // The superuser bypasses RLS: what stops the reference here is the composite FK alone.
    saas_cross_tenant(&mut pg);
}

#[test]
fn saas_cross_tenant_reference_fails_mariadb() {
    let Some(mut my) = My::connect() else { return };
    install(&mut my, &saas(Tenancy::Shared));
    saas_cross_tenant(&mut my);
}

#[test]
fn saas_cross_tenant_reference_fails_sqlite() {
    let mut conn = sqlite();
    install(&mut conn, &saas(Tenancy::Shared));
    saas_cross_tenant(&mut conn);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL row-level security.

/// Roles created for one test, dropped (with everything they own and every grant) on Drop,
/// before the test schema goes.
struct Roles {
    admin: postgres::Client,
    names: Vec<String>,
}

impl Roles {
    fn create(names: &[&str]) -> Roles {
        let mut admin = postgres::Client::connect(PG_URL, postgres::NoTls).expect("connect");
        for n in names {
            admin
                .batch_execute(&format!(
                    "CREATE ROLE \"{n}\" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
                ))
                .expect("create role");
        }
        Roles {
            admin,
            names: names.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl Drop for Roles {
    fn drop(&mut self) {
        for n in &self.names {
            let _ = self
                .admin
                .batch_execute(&format!("DROP OWNED BY \"{n}\" CASCADE; DROP ROLE \"{n}\""));
        }
    }
}

fn connect_as(role: &str, schema: &str) -> postgres::Client {
    let url = format!("host=127.0.0.1 port=5432 user={role} dbname=test");
    let mut c = postgres::Client::connect(&url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("connect as {role}: {e}"));
    c.batch_execute(&format!("SET search_path TO \"{schema}\""))
        .expect("search_path");
    c
}

const SETTING: &str = "app.current_tenant_id";

/// `datamodel_tests::behaviour::in_tenant` with this file's setting; `tenant` is SQL (`7`, `''`).
fn in_tenant<T>(
    c: &mut postgres::Client,
    tenant: Option<&str>,
    f: impl FnOnce(&mut postgres::Transaction<'_>) -> Result<T, postgres::Error>,
) -> Result<T, String> {
    datamodel_tests::behaviour::in_tenant(c, SETTING, tenant, f)
}

fn count(tx: &mut postgres::Transaction<'_>, sql: &str) -> Result<i64, postgres::Error> {
    tx.query_one(sql, &[]).map(|r| r.get(0))
}

/// What a role can do with tenant A set, and with no tenant, on every tenant-scoped table.
fn assert_isolated(
    c: &mut postgres::Client,
    who: &str,
    scoped: &[String],
    rows_of_a: &BTreeMap<String, i64>,
    inserts: &BTreeMap<String, [String; 2]>,
) {
    let (a, b) = (SAAS_TENANT_A, SAAS_TENANT_B);
    for t in scoped {
        let want = rows_of_a[t];
        // Tenant A set: exactly A's rows, none of B's.
        let seen = in_tenant(c, Some(a), |tx| {
            count(tx, &format!("SELECT count(*) FROM {t}"))
        });
        assert_eq!(seen, Ok(want), "{who}: {t} with tenant A set");
        let foreign = in_tenant(c, Some(a), |tx| {
            count(
                tx,
                &format!("SELECT count(*) FROM {t} WHERE tenant_id <> {a}"),
            )
        });
        assert_eq!(foreign, Ok(0), "{who}: {t} shows another tenant's rows");
        // UPDATE / DELETE of B's rows: nothing happens.
        let upd = in_tenant(c, Some(a), |tx| {
            tx.execute(
                &format!("UPDATE {t} SET updated_at = now() WHERE tenant_id = {b}"),
                &[],
            )
        });
        assert_eq!(upd, Ok(0), "{who}: UPDATE of B's {t}");
        let all = in_tenant(c, Some(a), |tx| {
            tx.execute(&format!("UPDATE {t} SET updated_at = now()"), &[])
        });
        assert_eq!(
            all,
            Ok(want as u64),
            "{who}: unfiltered UPDATE of {t} reaches only A"
        );
        let del = in_tenant(c, Some(a), |tx| {
            tx.execute(&format!("DELETE FROM {t} WHERE tenant_id = {b}"), &[])
        });
        assert_eq!(del, Ok(0), "{who}: DELETE of B's {t}");
        // INSERT of a row of B while A is set: WITH CHECK rejects it; A's own row is fine.
        let [own, theirs] = &inserts[t];
        let ins = in_tenant(c, Some(a), |tx| tx.execute(theirs.as_str(), &[]));
        assert!(
            ins.as_ref()
                .is_err_and(|e| e.contains("row-level security")),
            "{who}: INSERT of B's {t} under A: {ins:?}"
        );
        let mine = in_tenant(c, Some(a), |tx| tx.execute(own.as_str(), &[]));
        assert_eq!(mine, Ok(1), "{who}: INSERT of A's own {t}");
        // Moving one of A's rows to B.
        let moved = in_tenant(c, Some(a), |tx| {
            tx.execute(&format!("UPDATE {t} SET tenant_id = {b}"), &[])
        });
        assert!(
            moved
                .as_ref()
                .is_err_and(|e| e.contains("row-level security")),
            "{who}: moving {t} rows to B: {moved:?}"
        );
        // No tenant set (NULL in a fresh session, '' after an earlier SET LOCAL) and an
        // explicitly empty one: nothing visible, nothing writable, no cast error.
        for tenant in [None, Some("''")] {
            let seen = in_tenant(c, tenant, |tx| {
                count(tx, &format!("SELECT count(*) FROM {t}"))
            });
            assert_eq!(seen, Ok(0), "{who}: {t} with tenant {tenant:?}");
            let ins = in_tenant(c, tenant, |tx| tx.execute(own.as_str(), &[]));
            assert!(
                ins.as_ref()
                    .is_err_and(|e| e.contains("row-level security")),
                "{who}: INSERT into {t} with tenant {tenant:?}: {ins:?}"
            );
            let upd = in_tenant(c, tenant, |tx| {
                tx.execute(&format!("UPDATE {t} SET updated_at = now()"), &[])
            });
            assert_eq!(upd, Ok(0), "{who}: UPDATE {t} with tenant {tenant:?}");
        }
    }
}

#[test]
fn saas_row_level_security_postgres() {
    let schema = saas(Tenancy::Shared);
    let Some(mut pg) = Pg::connect() else { return };
    let s = pg.schema.clone();
    let (owner, app) = (format!("{s}_owner"), format!("{s}_app"));
    let _roles = Roles::create(&[&owner, &app]);
    pg.client
        .batch_execute(&format!(
            "GRANT USAGE, CREATE ON SCHEMA \"{s}\" TO \"{owner}\"; GRANT USAGE ON SCHEMA \"{s}\" TO \"{app}\";"
        ))
        .expect("schema grants");

    // The owner (not a superuser) creates the tables and grants the app role DML only.
    let mut own = connect_as(&owner, &s);
    own.batch_execute(&render_ddl(&schema, Engine::Postgres))
        .unwrap_or_else(|e| panic!("DDL as the owner: {e:?}"));
    own.batch_execute(&format!(
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \"{s}\" TO \"{app}\";"
    ))
    .expect("table grants");
    let mut app_c = connect_as(&app, &s);
    for c in [&mut own, &mut app_c] {
        let r = c
            .query_one(
                "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user",
                &[],
            )
            .expect("role attributes");
        assert_eq!((r.get::<_, bool>(0), r.get::<_, bool>(1)), (false, false));
    }
    let owners: Vec<String> = pg
        .client
        .query(
            "SELECT DISTINCT tableowner::text FROM pg_tables WHERE schemaname = $1",
            &[&s],
        )
        .expect("owners")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        owners,
        vec![owner.clone()],
        "the owner role owns every table"
    );

    let scoped: Vec<String> = schema
        .tables
        .iter()
        .filter(|t| t.tenant_scoped)
        .map(|t| t.name.clone())
        .collect();
    assert_eq!(
        scoped,
        ["accounts", "invoices", "projects"],
        "the seed below covers every tenant-scoped table"
    );

    // Seed two tenants as the owner: FORCE makes it set the tenant too.
    let (a, b) = (SAAS_TENANT_A, SAAS_TENANT_B);
    own.batch_execute(&format!(
        "INSERT INTO tenants (id, name, subdomain, settings) VALUES ({a}, 'A', 'a', '{{}}'), ({b}, 'B', 'b', '{{}}')"
    ))
    .expect("tenants (global, no policy)");
    for (tenant, n) in [(a, 2), (b, 3)] {
        let mut tx = own.transaction().expect("tx");
        tx.batch_execute(&format!("SET LOCAL {SETTING} = {tenant}"))
            .expect("set tenant");
        for i in 0..n {
            let acct = format!("(SELECT max(id) FROM accounts WHERE email = 'u{i}@x')");
            for sql in [
                saas_account(tenant, &format!("u{i}@x")),
                saas_project(Engine::Postgres, tenant, &acct, &format!("P{i}")),
                saas_invoice(tenant, &acct, &format!("N{i}")),
            ] {
                tx.batch_execute(&sql)
                    .unwrap_or_else(|e| panic!("seed as owner with its tenant set: {sql}: {e:?}"));
            }
        }
        tx.commit().expect("commit");
    }
    // The superuser bypasses RLS: the truth about who owns what.
    let mut rows_of_a = BTreeMap::new();
    for t in &scoped {
        let of_a: i64 = pg
            .client
            .query_one(
                &format!("SELECT count(*) FROM {t} WHERE tenant_id = {a}"),
                &[],
            )
            .expect("count")
            .get(0);
        let total: i64 = pg
            .client
            .query_one(&format!("SELECT count(*) FROM {t}"), &[])
            .expect("count")
            .get(0);
        assert!(of_a > 0 && total > of_a, "{t}: both tenants have rows");
        rows_of_a.insert(t.clone(), of_a);
    }
    // One insert per table for A (own) and for B (theirs); the FK targets exist.
    let mut acct_id = |tenant: &str| -> i64 {
        let row = pg
            .client
            .query_one(
                &format!("SELECT min(id) FROM accounts WHERE tenant_id = {tenant}"),
                &[],
            )
            .expect("account id");
        row.get(0)
    };
    let (acct_a, acct_b) = (acct_id(a).to_string(), acct_id(b).to_string());
    let inserts: BTreeMap<String, [String; 2]> = [
        (
            "accounts",
            [saas_account(a, "new@a"), saas_account(b, "new@b")],
        ),
        (
            "projects",
            [
                saas_project(Engine::Postgres, a, &acct_a, "NEWA"),
                saas_project(Engine::Postgres, b, &acct_b, "NEWB"),
            ],
        ),
        (
            "invoices",
            [
                saas_invoice(a, &acct_a, "NEW-A"),
                saas_invoice(b, &acct_b, "NEW-B"),
            ],
        ),
    ]
    .into_iter()
    .map(|(t, i)| (t.to_string(), i))
    .collect();

    // A fresh session for each role: the first no-tenant check sees a never-set setting.
    assert_isolated(&mut app_c, "app role", &scoped, &rows_of_a, &inserts);
    assert_isolated(&mut own, "owner (FORCE)", &scoped, &rows_of_a, &inserts);
    // The global tenants table has no policy.
    let tenants: i64 = app_c
        .query_one("SELECT count(*) FROM tenants", &[])
        .expect("tenants")
        .get(0);
    assert_eq!(tenants, 2);
    drop(app_c);
    drop(own);
}

// ---------------------------------------------------------------------------------------------
// Schema / database per tenant.

#[test]
fn provision_two_tenant_schemas_postgres() {
    let schema = saas(Tenancy::Schema);
    let script = render_tenant_provisioning(&schema, Engine::Postgres).expect("schema mode");
    let Some(mut pg) = Pg::connect() else { return };
    let control = pg.schema.clone();
    pg.exec(&script)
        .unwrap_or_else(|e| panic!("installing the provisioning function: {e}\n{script}"));
    let tenants = [format!("{control}_t1"), format!("{control}_t2")];
    struct DropSchemas(Vec<String>);
    impl Drop for DropSchemas {
        fn drop(&mut self) {
            if let Ok(mut c) = postgres::Client::connect(PG_URL, postgres::NoTls) {
                for s in &self.0 {
                    let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{s}\" CASCADE"));
                }
            }
        }
    }
    let _cleanup = DropSchemas(tenants.to_vec());
    for t in &tenants {
        pg.exec(&format!("SELECT dm_provision_tenant('{t}')"))
            .unwrap_or_else(|e| panic!("provisioning {t}: {e}"));
        let mut cat = introspect_pg(&mut pg.client, t);
        assert_catalog(&cat, &expected(&schema, Engine::Postgres), Engine::Postgres);
        assert!(
            cat.values_mut()
                .all(|ti| ti.columns.iter().all(|c| c.name != "tenant_id")),
            "no tenant_id in schema-per-tenant"
        );
    }
    // The caller's search_path is back; the tenants' data is apart.
    let path: String = pg
        .client
        .query_one("SHOW search_path", &[])
        .expect("search_path")
        .get(0);
    assert_eq!(path.trim_matches('"'), control);
    let (t1, t2) = (&tenants[0], &tenants[1]);
    pg.exec(&format!(
        "INSERT INTO \"{t1}\".tenants (name, subdomain, settings) VALUES ('One', 'one', '{{}}')"
    ))
    .expect("insert in tenant 1");
    assert_eq!(
        pg.count(&format!("SELECT count(*) FROM \"{t1}\".tenants")),
        1
    );
    assert_eq!(
        pg.count(&format!("SELECT count(*) FROM \"{t2}\".tenants")),
        0
    );
    // A name already taken, or none: an error, and nothing half-made.
    assert!(pg
        .exec(&format!("SELECT dm_provision_tenant('{t1}')"))
        .is_err());
    assert!(pg.exec("SELECT dm_provision_tenant('')").is_err());
}

#[test]
fn provision_tenant_database_postgres_psql() {
    let db = unique_name();
    provision_with_psql(&db);
}

/// A tenant name that reads as a libpq connection string (`dbname=... host=...`), with a
/// quote and a backslash: psql must create and fill a database of exactly that name, and
/// connect nowhere else.
#[test]
fn provision_tenant_database_postgres_psql_hostile_name() {
    let db = format!("{} dbname=test host=127.0.0.1 it's\\", unique_name());
    provision_with_psql(&db);
}

/// Runs the database-per-tenant psql script for the tenant database `db` (the command the
/// script's header shows, with connection options), then checks the tenant's catalog and
/// that the `test` database it connected from got no tables.
fn provision_with_psql(db: &str) {
    let schema = saas(Tenancy::Database);
    let script = render_tenant_provisioning(&schema, Engine::Postgres).expect("database mode");
    let Ok(mut admin) = postgres::Client::connect(PG_URL, postgres::NoTls) else {
        skip("PostgreSQL at 127.0.0.1:5432 is unreachable");
        return;
    };
    let has_psql = std::process::Command::new("psql")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_psql {
        skip("psql is not installed (database-per-tenant provisioning is a psql script)");
        return;
    }
    let in_test = |c: &mut postgres::Client| -> i64 {
        c.query_one(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'tenants'",
            &[],
        )
        .expect("count")
        .get(0)
    };
    let before = in_test(&mut admin);
    struct DropDb(postgres::Client, String);
    impl Drop for DropDb {
        fn drop(&mut self) {
            let _ = self.0.batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.1.replace('"', "\"\"")
            ));
        }
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("provision.postgres.sql");
    std::fs::write(&file, &script).expect("write script");
    assert!(
        script.contains(&psql_command("tenant_acme", "provision.postgres.sql")),
        "{script}"
    );
    let out = std::process::Command::new("psql")
        .args([
            "-X",
            "-q",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            "test",
        ])
        .arg("-v")
        .arg(format!("tenant_database={db}"))
        .arg("-f")
        .arg(&file)
        .output()
        .expect("run psql");
    let after = in_test(&mut admin);
    let guard = DropDb(admin, db.to_string());
    assert!(
        out.status.success(),
        "psql failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(before, after, "the script created tables in `test`");
    let mut config = postgres::Config::new();
    config
        .host("127.0.0.1")
        .port(5432)
        .user("postgres")
        .dbname(db);
    let mut tenant = config
        .connect(postgres::NoTls)
        .expect("connect to the tenant database");
    let cat = introspect_pg(&mut tenant, "public");
    assert_catalog(&cat, &expected(&schema, Engine::Postgres), Engine::Postgres);
    drop(tenant);
    drop(guard);
}

/// The one-liner the MySQL provisioning script and the document show, run as written (plus
/// connection options) by the real `mysql` client against MariaDB 10.11.
#[test]
fn provision_tenant_database_mariadb_with_the_documented_command() {
    let schema = saas(Tenancy::Database);
    let script = render_tenant_provisioning(&schema, Engine::Mysql).expect("database mode");
    let Some(mut my) = My::connect() else { return };
    let has_client = std::process::Command::new("mysql")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_client {
        skip("the mysql client is not installed");
        return;
    }
    let shown = mysql_command("tenant_acme", "provision.mysql.sql");
    assert!(script.contains(&shown), "{script}");
    let doc = cargo_datamodel::tenancy::tenancy_section(
        &schema,
        &cargo_datamodel::target::Target::default().with_engines(vec![Engine::Mysql]),
    );
    assert!(doc.contains(&shown), "{doc}");
    let tenant = format!("{}_t", my.db);
    struct DropDb(String);
    impl Drop for DropDb {
        fn drop(&mut self) {
            use mysql::prelude::Queryable;
            if let Ok(mut c) = mysql::Conn::new(mysql::Opts::from_url(MYSQL_URL).unwrap()) {
                let _ = c.query_drop(format!("DROP DATABASE IF EXISTS `{}`", self.0));
            }
        }
    }
    let _cleanup = DropDb(tenant.clone());
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("provision.mysql.sql"), &script).expect("write script");
    let command = mysql_command(&tenant, "provision.mysql.sql").replacen(
        "mysql ",
        "mysql -h 127.0.0.1 -P 3306 -u root ",
        1,
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&command)
        .current_dir(dir.path())
        .output()
        .expect("run sh");
    assert!(
        out.status.success(),
        "`{command}` failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cat = introspect_mysql(&mut my.conn, &tenant);
    assert_catalog(&cat, &expected(&schema, Engine::Mysql), Engine::Mysql);
}

#[test]
fn provision_two_tenant_databases_mariadb() {
    let schema = saas(Tenancy::Database);
    let script = render_tenant_provisioning(&schema, Engine::Mysql).expect("database mode");
    let Some(mut my) = My::connect() else { return };
    let tenants = [format!("{}_t1", my.db), format!("{}_t2", my.db)];
    struct DropDbs(Vec<String>);
    impl Drop for DropDbs {
        fn drop(&mut self) {
            use mysql::prelude::Queryable;
            let Ok(opts) = mysql::Opts::from_url(MYSQL_URL) else {
                return;
            };
            if let Ok(mut c) = mysql::Conn::new(opts) {
                for d in &self.0 {
                    let _ = c.query_drop(format!("DROP DATABASE IF EXISTS `{d}`"));
                }
            }
        }
    }
    let _cleanup = DropDbs(tenants.to_vec());
    // Unset: the script fails before creating anything.
    assert!(my
        .exec(&format!("SET @tenant_database = NULL;\n{script}"))
        .is_err());
    for t in &tenants {
        my.exec(&format!("SET @tenant_database = '{t}';\n{script}"))
            .unwrap_or_else(|e| panic!("provisioning {t}: {e}\n{script}"));
        let cat = introspect_mysql(&mut my.conn, t);
        assert_catalog(&cat, &expected(&schema, Engine::Mysql), Engine::Mysql);
    }
    let (t1, t2) = (&tenants[0], &tenants[1]);
    my.exec(&format!(
        "INSERT INTO `{t1}`.tenants (id, name, subdomain, settings) VALUES (UUID(), 'One', 'one', '{{}}')"
    ))
    .expect("insert in tenant 1");
    assert_eq!(my.count(&format!("SELECT COUNT(*) FROM `{t1}`.tenants")), 1);
    assert_eq!(my.count(&format!("SELECT COUNT(*) FROM `{t2}`.tenants")), 0);
    // The tables were created in the tenant databases, not in the session's database.
    let db = my.db.clone();
    assert_eq!(
        my.count(&format!(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{db}'"
        )),
        0
    );
}

#[test]
fn provision_two_tenant_files_sqlite() {
    let schema = saas(Tenancy::Database);
    let script = render_tenant_provisioning(&schema, Engine::Sqlite).expect("database mode");
    let dir = tempfile::tempdir().expect("tempdir");
    for t in ["acme", "globex"] {
        let mut conn =
            rusqlite::Connection::open(dir.path().join(format!("{t}.sqlite3"))).expect("open");
        conn.exec(&script)
            .unwrap_or_else(|e| panic!("provisioning {t}: {e}"));
        let cat = introspect_sqlite(&conn);
        assert_catalog(&cat, &expected(&schema, Engine::Sqlite), Engine::Sqlite);
    }
}
