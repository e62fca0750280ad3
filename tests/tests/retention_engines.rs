//! The retention jobs the document prints really do what its text says, on every engine:
//! `retention(ttl = "30d", after_delete)` on the blog's `users` anonymizes the personal data of
//! rows soft-deleted more than 30 days ago, and leaves live and recently deleted rows alone;
//! `retention(ttl = "90d")` on `login_attempts` deletes the rows created more than 90 days ago.

use cargo_datamodel::config::Engine;
use cargo_datamodel::document::{view, DocContext};
use cargo_datamodel::schema::{resolve, Schema};
use cargo_datamodel::target::Target;
use datamodel_tests::behaviour::{install, retention_job, Db};
use datamodel_tests::engines::{sqlite, My, Pg};
use datamodel_tests::examples::example;

/// The document rendered for every engine, so each engine's recipe is in it.
fn all_engines() -> Target {
    Target::default().with_engines(Engine::ALL.to_vec())
}

fn blog() -> Schema {
    let (model, config) = example("blog");
    resolve(&model, &config).expect("blog resolves")
}

fn ago(engine: Engine, days: u32) -> String {
    match engine {
        Engine::Postgres | Engine::Citus => format!("now() - interval '{days} days'"),
        Engine::Mysql => format!("NOW() - INTERVAL {days} DAY"),
        Engine::Sqlite => format!("strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-{days} days')"),
    }
}

fn run(db: &mut dyn Db) {
    let schema = blog();
    let e = db.engine();
    install(db, &schema);
    let q = |s: &str| cargo_datamodel::dialect::dialect_for(e).quote_ident(s);
    for (email, deleted) in [
        ("old@example.com", Some(40)),
        ("recent@example.com", Some(5)),
        ("live@example.com", None),
    ] {
        let deleted_at = deleted.map_or_else(|| "NULL".to_string(), |d| ago(e, d));
        db.exec(&format!(
            "INSERT INTO {} ({}, {}, {}) VALUES ('{email}', 'Name of {email}', {deleted_at})",
            q("users"),
            q("email"),
            q("display_name"),
            q("deleted_at")
        ))
        .unwrap_or_else(|err| panic!("{e}: insert: {err}"));
    }
    let sql = retention_job(&schema, e, "users");
    db.exec(&sql)
        .unwrap_or_else(|err| panic!("{e}: the job fails: {err}\n{sql}"));
    let count = |db: &mut dyn Db, cond: &str| {
        db.count(&format!("SELECT COUNT(*) FROM {} WHERE {cond}", q("users")))
    };
    assert_eq!(
        count(
            db,
            &format!(
                "{} = 'erased' AND {} = 'erased'",
                q("email"),
                q("display_name")
            )
        ),
        1,
        "{e}: the old deleted row is anonymized"
    );
    assert_eq!(
        count(
            db,
            &format!(
                "{} IN ('recent@example.com', 'live@example.com')",
                q("email")
            )
        ),
        2,
        "{e}: recent and live rows are kept"
    );
    assert_eq!(count(db, "1 = 1"), 3, "{e}: no row is deleted");
    // running it again changes nothing (the job is idempotent)
    db.exec(&sql)
        .unwrap_or_else(|err| panic!("{e}: second run: {err}"));
    assert_eq!(count(db, &format!("{} = 'erased'", q("email"))), 1, "{e}");
}

#[test]
fn anonymize_after_delete_on_sqlite() {
    run(&mut sqlite());
}

#[test]
fn anonymize_after_delete_on_postgres() {
    if let Some(mut pg) = Pg::connect() {
        run(&mut pg);
    }
}

#[test]
fn anonymize_after_delete_on_mariadb() {
    if let Some(mut my) = My::connect() {
        run(&mut my);
    }
}

// ---------------------------------------------------------------------------------------------
// Archival with legal hold: the saas `invoices` (`delete = "archival"`, `retention(ttl = "10y",
// legal_hold)`). The job never deletes: it sets `archived_at` on expired rows without an
// unreleased hold in `legal_holds`.

fn saas_all_engines() -> Schema {
    let (model, config) = example("saas");
    resolve(&model, &config).expect("saas resolves")
}

/// Tenant, account and three invoices: `OLD` (11 years), `HELD` (11 years, under a hold that is
/// not released) and `NEW`; plus a released hold on `OLD`, which must not protect it.
fn seed_invoices(db: &mut dyn Db, schema: &Schema) {
    let e = db.engine();
    let q = |s: &str| cargo_datamodel::dialect::dialect_for(e).quote_ident(s);
    let d = cargo_datamodel::dialect::dialect_for(e);
    install(db, schema);
    let tenant = "11111111-2222-3333-4444-555555555555";
    let stmts = vec![
        format!(
            "INSERT INTO {} ({}, {}, {}, {}) VALUES ('{tenant}', 'Acme', 'acme', '{{}}')",
            q("tenants"),
            q("id"),
            q("name"),
            q("subdomain"),
            q("settings")
        ),
        format!(
            "INSERT INTO {} ({}, {}, {}) VALUES ('{tenant}', 'a@example.com', 'A')",
            q("accounts"),
            q("tenant_id"),
            q("email"),
            q("full_name")
        ),
    ];
    for s in stmts {
        db.exec(&s).unwrap_or_else(|err| panic!("{e}: {err}\n{s}"));
    }
    for (number, days) in [("OLD", 11 * 366), ("HELD", 11 * 366), ("NEW", 30)] {
        let s = format!(
            "INSERT INTO {inv} ({tid}, {num}, {acc}, {mail}, {amt}, {tax}, {iss}, {due}, {cre}) \
             SELECT '{tenant}', '{number}', {aid}, 'b@example.com', 10, 2, '2014-01-01', '2014-02-01', {ago} FROM {accounts}",
            inv = q("invoices"),
            tid = q("tenant_id"),
            num = q("number"),
            acc = q("billing_account_id"),
            mail = q("billing_email"),
            amt = q("amount"),
            tax = q("tax_amount"),
            iss = q("issued_on"),
            due = q("due_on"),
            cre = q("created_at"),
            aid = q("id"),
            ago = ago(e, days),
            accounts = q("accounts"),
        );
        db.exec(&s).unwrap_or_else(|err| panic!("{e}: {err}\n{s}"));
    }
    for (number, released) in [("HELD", "NULL"), ("OLD", &*ago(e, 1))] {
        let s = format!(
            "INSERT INTO {holds} ({tn}, {rid}, {reason}, {by}, {rel}) \
             SELECT 'invoices', {id_text}, 'dispute', 'legal', {released} FROM {inv} WHERE {num} = '{number}'",
            holds = q("legal_holds"),
            tn = q("table_name"),
            rid = q("row_id"),
            reason = q("reason"),
            by = q("placed_by"),
            rel = q("released_at"),
            id_text = d.cast_to_text(&q("id")),
            inv = q("invoices"),
            num = q("number"),
        );
        db.exec(&s).unwrap_or_else(|err| panic!("{e}: {err}\n{s}"));
    }
}

/// `number`s of the invoices with `archived_at` set, and the row count.
fn archived(db: &mut dyn Db) -> (i64, i64, i64, i64) {
    let e = db.engine();
    let q = |s: &str| cargo_datamodel::dialect::dialect_for(e).quote_ident(s);
    let n = |db: &mut dyn Db, number: &str| {
        db.count(&format!(
            "SELECT COUNT(*) FROM {} WHERE {} = '{number}' AND {} IS NOT NULL",
            q("invoices"),
            q("number"),
            q("archived_at")
        ))
    };
    let all = db.count(&format!("SELECT COUNT(*) FROM {}", q("invoices")));
    (n(db, "OLD"), n(db, "HELD"), n(db, "NEW"), all)
}

fn archive_keeps_every_row(db: &mut dyn Db) {
    let schema = saas_all_engines();
    let e = db.engine();
    seed_invoices(db, &schema);
    let sql = retention_job(&schema, e, "invoices");
    assert!(
        !sql.contains("DELETE"),
        "{e}: an archival table's job deletes: {sql}"
    );
    for run in 0..2 {
        db.exec(&sql)
            .unwrap_or_else(|err| panic!("{e}: the job fails: {err}\n{sql}"));
        assert_eq!(
            archived(db),
            (1, 0, 0, 3),
            "{e} run {run}: only the expired, unheld invoice is marked; none is deleted"
        );
    }
}

#[test]
fn archival_job_marks_expired_unheld_rows_only_on_sqlite() {
    archive_keeps_every_row(&mut sqlite());
}

#[test]
fn archival_job_marks_expired_unheld_rows_only_on_mariadb() {
    if let Some(mut my) = My::connect() {
        archive_keeps_every_row(&mut my);
    }
}

/// On PostgreSQL the tables have FORCE ROW LEVEL SECURITY: the job does its work when run as
/// the document says (a role with BYPASSRLS), and nothing at all under an ordinary role.
#[test]
fn archival_job_runs_as_the_documented_bypassrls_role_on_postgres() {
    let schema = saas_all_engines();
    let Some(mut pg) = Pg::connect() else { return };
    seed_invoices(&mut pg, &schema);
    let s = pg.schema.clone();
    let view = view::build(&schema, &all_engines(), &DocContext::default());
    let recipe = view
        .retention
        .ttl
        .iter()
        .find(|t| t.table == "invoices")
        .and_then(|t| t.cleanup.iter().find(|r| r.engine == "PostgreSQL"))
        .expect("a PostgreSQL recipe");
    assert!(recipe.how.contains("BYPASSRLS"), "{}", recipe.how);
    let sql = retention_job(&schema, Engine::Postgres, "invoices");
    let (jobs, plain) = (format!("{s}_jobs"), format!("{s}_plain"));
    let mut admin = postgres::Client::connect(datamodel_tests::engines::PG_URL, postgres::NoTls)
        .expect("connect");
    for (role, bypass) in [(&jobs, "BYPASSRLS"), (&plain, "NOBYPASSRLS")] {
        admin
            .batch_execute(&format!(
                "CREATE ROLE \"{role}\" LOGIN NOSUPERUSER {bypass}; \
                 GRANT USAGE ON SCHEMA \"{s}\" TO \"{role}\"; \
                 GRANT SELECT, UPDATE, DELETE ON \"{s}\".\"invoices\" TO \"{role}\"; \
                 GRANT SELECT ON \"{s}\".\"legal_holds\" TO \"{role}\";"
            ))
            .expect("role");
    }
    let run_as = |role: &str| {
        let url = format!("host=127.0.0.1 port=5432 user={role} dbname=test");
        let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("connect as role");
        c.batch_execute(&format!("SET search_path TO \"{s}\"; {sql}"))
            .unwrap_or_else(|e| panic!("the job as {role}: {e:?}\n{sql}"));
    };
    run_as(&plain);
    let plain_result = archived(&mut pg);
    run_as(&jobs);
    let jobs_result = archived(&mut pg);
    for role in [&jobs, &plain] {
        let _ = admin.batch_execute(&format!(
            "DROP OWNED BY \"{role}\" CASCADE; DROP ROLE \"{role}\""
        ));
    }
    assert_eq!(
        plain_result,
        (0, 0, 0, 3),
        "without BYPASSRLS the job sees no rows"
    );
    assert_eq!(
        jobs_result,
        (1, 0, 0, 3),
        "as the documented role: the expired, unheld row only"
    );
}
