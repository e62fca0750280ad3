//! The retention jobs the document prints really do what its text says, on every engine:
//! `retention(ttl = "30d", after_delete)` on the blog's `users` anonymizes the personal data of
//! rows soft-deleted more than 30 days ago, and leaves live and recently deleted rows alone.

use cargo_datamodel::config::Engine;
use cargo_datamodel::document::{context, DocContext};
use cargo_datamodel::schema::{resolve, Schema};
use datamodel_tests::behaviour::{install, Db};
use datamodel_tests::engines::{sqlite, My, Pg};
use datamodel_tests::examples::example;

fn blog() -> Schema {
    let (model, config) = example("blog");
    resolve(&model, &config).expect("blog resolves")
}

/// The statement the document's recipe schedules for `engine` (unwrapped from pg_cron /
/// the MySQL EVENT, which only schedule it).
fn job(schema: &Schema, engine: Engine) -> String {
    let view = context::build(schema, &DocContext::default());
    let ttl = view
        .retention
        .ttl
        .iter()
        .find(|t| t.table == "users")
        .expect("a TTL section for users");
    let recipe = ttl
        .cleanup
        .iter()
        .find(|r| r.engine == engine.display_name())
        .expect("a recipe per engine");
    let sql = recipe.sql.as_str();
    match engine {
        Engine::Postgres => sql
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

fn ago(engine: Engine, days: u32) -> String {
    match engine {
        Engine::Postgres => format!("now() - interval '{days} days'"),
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
    let sql = job(&schema, e);
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
