//! `cargo datamodel check --database-url` end to end on the three engines: the blog example's
//! DDL (what `cargo datamodel ddl` prints) installed in a fresh database is what the structs
//! describe (exit 0, no difference); then the database is changed behind the model's back
//! (an index dropped, a column added, a default changed, a NOT NULL dropped, a foreign key
//! dropped, a table added, a migration tool's history table added; on the servers a column
//! widened too) and `check` names each
//! difference (exit 1). A URL that can't be read is exit 2 without the password.
//!
//! Servers unreachable: SKIPPED, or a failure under `CI=true` (`tests/support/engines.rs`).

use datamodel_tests::cli::{cargo_datamodel, manifest, Run};
use datamodel_tests::engines::{My, Pg};

fn blog() -> String {
    manifest("examples/blog/Cargo.toml")
}

fn ddl(engine: &str) -> String {
    let run = cargo_datamodel(&["ddl", "--engine", engine, "--manifest-path", &blog()]);
    run.expect_code(0);
    run.stdout
}

fn check(url: &str) -> Run {
    cargo_datamodel(&["check", "--database-url", url, "--manifest-path", &blog()])
}

/// The DM045 messages of a run, sorted.
fn differences(run: &Run) -> Vec<String> {
    let mut v: Vec<String> = run
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error[DM045]: "))
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

fn identical(url: &str) {
    let run = check(url);
    run.expect_code(0);
    assert!(differences(&run).is_empty(), "{}", run.stderr);
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    assert!(
        run.stderr.contains("is what the structs describe"),
        "{}",
        run.stderr
    );
}

/// What every engine's drift below must be reported as (`default` as the engine spells the
/// new default).
fn expected(default_in_db: &str) -> Vec<String> {
    let mut v: Vec<String> = [
        "table posts: index idx_posts_on_status_and_published_at is in the model but not in the database",
        "column users.nickname is in the database but not in the model",
        "column posts.view_count: NOT NULL in the model, nullable in the database",
        "table comments: foreign key fk_comments_author_id_users is in the model but not in the database",
        "table audit_log is in the database but not in the model",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!(
        "column posts.status: default 'draft' in the model, default {default_in_db} in the database"
    )])
    .collect();
    v.sort();
    v
}

fn drifted(url: &str, default_in_db: &str, also: &[&str]) {
    let run = check(url);
    run.expect_code(1);
    let mut want = expected(default_in_db);
    want.extend(also.iter().map(|s| s.to_string()));
    want.sort();
    assert_eq!(differences(&run), want, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "differs from the structs: {} differences",
            want.len()
        )),
        "{}",
        run.stderr
    );
    // The migration tool's history table is not the model's: never reported.
    assert!(!run.stderr.contains("_sqlx_migrations"), "{}", run.stderr);
}

#[test]
fn sqlite_drift_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blog.db");
    let sql = ddl("sqlite");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(&sql)
        .unwrap();
    let url = format!("sqlite://{}", path.display());
    identical(&url);

    // SQLite changes a default, a NOT NULL or a foreign key by rebuilding the table: the
    // database is built again from edited DDL, as a hand-made rebuild would leave it.
    let edited = sql
        .replace(
            "\"status\" TEXT NOT NULL DEFAULT 'draft'",
            "\"status\" TEXT NOT NULL DEFAULT 'published'",
        )
        .replace(
            "\"view_count\" INTEGER NOT NULL DEFAULT 0",
            "\"view_count\" INTEGER DEFAULT 0",
        )
        .replace(
            "CREATE INDEX \"idx_posts_on_status_and_published_at\" ON \"posts\" (\"status\", \"published_at\");",
            "",
        )
        .replace(
            "    CONSTRAINT \"fk_comments_author_id_users\" FOREIGN KEY (\"author_id\") REFERENCES \"users\" (\"id\") ON DELETE SET NULL ON UPDATE NO ACTION,\n",
            "",
        );
    assert_ne!(edited, sql);
    let path2 = dir.path().join("drifted.db");
    let conn = rusqlite::Connection::open(&path2).unwrap();
    conn.execute_batch(&edited).unwrap();
    conn.execute_batch(
        "ALTER TABLE users ADD COLUMN nickname TEXT;
         CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY);
         CREATE TABLE audit_log (id INTEGER PRIMARY KEY);",
    )
    .unwrap();
    drop(conn);
    let url2 = format!("sqlite://{}", path2.display());
    drifted(&url2, "'published'", &[]);

    // The same differences as cargo's JSON messages.
    let run = cargo_datamodel(&[
        "check",
        "--database-url",
        &url2,
        "--manifest-path",
        &blog(),
        "--message-format",
        "json",
    ]);
    run.expect_code(1);
    let codes: Vec<String> = run
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["reason"] == "compiler-message")
        .filter_map(|v| v["message"]["code"]["code"].as_str().map(str::to_string))
        .collect();
    assert_eq!(codes, vec!["DM045"; 6], "{}", run.stdout);
}

#[test]
fn postgres_drift_is_named() {
    let Some(mut pg) = Pg::connect() else {
        return;
    };
    pg.client.batch_execute(&ddl("postgres")).unwrap();
    let url = format!(
        "postgres://postgres@127.0.0.1:5432/test?schema={}",
        pg.schema
    );
    identical(&url);
    pg.client
        .batch_execute(
            "DROP INDEX idx_posts_on_status_and_published_at;
             ALTER TABLE users ADD COLUMN nickname text;
             ALTER TABLE posts ALTER COLUMN status SET DEFAULT 'published';
             ALTER TABLE posts ALTER COLUMN view_count DROP NOT NULL;
             ALTER TABLE users ALTER COLUMN display_name TYPE varchar(150);
             ALTER TABLE comments DROP CONSTRAINT fk_comments_author_id_users;
             CREATE TABLE _sqlx_migrations (version bigint PRIMARY KEY);
             CREATE TABLE audit_log (id bigint PRIMARY KEY);",
        )
        .unwrap();
    drifted(&url, "'published'", &[TYPE_CHANGE]);
}

/// A widened column, named with both spellings.
const TYPE_CHANGE: &str =
    "column users.display_name: type VARCHAR(100) in the model, VARCHAR(150) in the database";

#[test]
fn mariadb_drift_is_named() {
    let Some(mut my) = My::connect() else {
        return;
    };
    use mysql::prelude::Queryable;
    // One statement at a time: the driver runs a batch without reporting a later failure.
    let run = |my: &mut My, sql: &str| {
        my.conn
            .query_drop(sql)
            .unwrap_or_else(|e| panic!("{e}: {sql}"))
    };
    for stmt in ddl("mysql").split(";\n").filter(|s| !s.trim().is_empty()) {
        run(&mut my, stmt);
    }
    let url = format!("mysql://root@127.0.0.1:3306/{}", my.db);
    identical(&url);
    for stmt in [
        "DROP INDEX idx_posts_on_status_and_published_at ON posts",
        "ALTER TABLE users ADD COLUMN nickname VARCHAR(50)",
        "ALTER TABLE posts ALTER COLUMN status SET DEFAULT 'published'",
        "ALTER TABLE posts MODIFY view_count BIGINT NULL DEFAULT 0",
        "ALTER TABLE users MODIFY display_name VARCHAR(150) NOT NULL",
        "ALTER TABLE comments DROP FOREIGN KEY fk_comments_author_id_users",
        "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY)",
        "CREATE TABLE audit_log (id BIGINT PRIMARY KEY)",
    ] {
        run(&mut my, stmt);
    }
    drifted(&url, "'published'", &[TYPE_CHANGE]);
}

#[test]
fn an_unreadable_database_is_exit_2_without_its_password() {
    let run = check("postgres://someone:s3cret@127.0.0.1:1/nowhere");
    run.expect_code(2);
    assert!(
        run.stderr.contains(
            "error[DM053]: can't read the database `postgres://someone:***@127.0.0.1:1/nowhere`"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("s3cret"), "{}", run.stderr);
    let run = check("oracle://host/db");
    run.expect_code(2);
    assert!(
        run.stderr.contains("unknown database URL scheme `oracle`"),
        "{}",
        run.stderr
    );
    let run = check("sqlite:///no/such/file.db");
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("no SQLite database file at `/no/such/file.db`"),
        "{}",
        run.stderr
    );
}

/// No false positives: random models (`datamodel-testgen`) installed on each engine compare
/// equal to their structs (`drift::compare` is what `check --database-url` runs), and the
/// baseline seeded from such a database (`migrate --baseline-from-database`) gives the next
/// `migrate` no step.
mod identical_models_have_no_drift {
    use cargo_datamodel::config::Engine;
    use cargo_datamodel::drift::{baseline, compare};
    use cargo_datamodel::import::{import, live};
    use cargo_datamodel::migrate::diff;
    use cargo_datamodel::schema::Schema;
    use datamodel_tests::{live_db, prop};

    fn no_drift(schema: &Schema, engine: Engine, url: &str) -> Result<(), String> {
        let db = live::read(url).map_err(|e| e.to_string())?;
        let imported = import(&db.sources, Some(db.engine)).map_err(|e| e.to_string())?;
        let found = compare(schema, &imported.schema, engine);
        if found.is_empty() {
            // And a baseline seeded from it leaves the next migration nothing to do.
            let seeded = baseline(schema, &imported.schema, engine);
            let steps = diff(&seeded, schema);
            if !steps.is_empty() {
                let steps: Vec<String> = steps.iter().map(|c| c.describe()).collect();
                return Err(format!(
                    "{}: the baseline of an identical database leaves steps: {}",
                    engine.name(),
                    steps.join(", ")
                ));
            }
            return Ok(());
        }
        let lines: Vec<String> = found.into_iter().map(|d| d.message).collect();
        let ddl: Vec<&str> = db.sources.iter().map(|s| s.text.as_str()).collect();
        Err(format!(
            "{} reports drift on an identical database:\n{}\n--- catalog DDL\n{}",
            engine.name(),
            lines.join("\n"),
            ddl.join("\n")
        ))
    }

    /// The property on `engine`: a random model installed there shows no drift.
    fn on(engine: Engine, cases: u32) {
        if !live_db::reachable(engine) {
            return;
        }
        prop::check_models(cases, 0x00da_7a0d_121f_7001, |case| {
            live_db::installed(engine, case, |schema, url| no_drift(schema, engine, url))
        });
    }

    #[test]
    fn sqlite() {
        on(Engine::Sqlite, prop::engine_cases(8));
    }

    #[test]
    fn postgres() {
        on(Engine::Postgres, prop::engine_cases(4));
    }

    #[test]
    fn mariadb() {
        on(Engine::Mysql, prop::engine_cases(4));
    }
}
