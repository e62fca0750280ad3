//! A random model installed on a fresh database of each engine, with the `--database-url`
//! that reads it back: what the live-database properties (import and drift) start from.

use crate::behaviour::install;
use crate::engines::{My, Pg};
use cargo_datamodel::config::Engine;
use cargo_datamodel::schema::{resolve, Schema};
use datamodel_testgen::Case;

/// Whether `engine`'s server can be reached (SQLite always). When not, the engines module has
/// printed the `SKIPPED:` line, or failed the test under `CI=true`.
pub fn reachable(engine: Engine) -> bool {
    match engine {
        Engine::Postgres => Pg::connect().is_some(),
        Engine::Mysql => My::connect().is_some(),
        Engine::Sqlite => true,
        Engine::Citus => crate::citus::Cluster::reachable(),
    }
}

/// `case`'s model resolved and installed on a fresh database of `engine`; `then` gets the
/// Schema and the URL while the database exists (it is dropped afterwards).
pub fn installed(
    engine: Engine,
    case: &Case,
    then: impl FnOnce(&Schema, &str) -> Result<(), String>,
) -> Result<(), String> {
    let schema = resolve(&case.model, &case.config).map_err(|d| format!("must resolve: {d:?}"))?;
    match engine {
        Engine::Postgres => {
            let mut pg = Pg::connect().ok_or("PostgreSQL went away")?;
            install(&mut pg, &schema);
            let url = format!(
                "postgres://postgres@127.0.0.1:5432/test?schema={}",
                pg.schema
            );
            then(&schema, &url)
        }
        Engine::Mysql => {
            let mut my = My::connect().ok_or("MariaDB went away")?;
            install(&mut my, &schema);
            then(&schema, &format!("mysql://root@127.0.0.1:3306/{}", my.db))
        }
        Engine::Sqlite => {
            let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
            let path = dir.path().join("db.sqlite");
            let mut conn = rusqlite::Connection::open(&path).map_err(|e| e.to_string())?;
            install(&mut conn, &schema);
            drop(conn);
            then(&schema, &format!("sqlite://{}", path.display()))
        }
        Engine::Citus => Err(
            "the live-database properties run on one node; Citus has tests/tests/citus_cluster.rs"
                .into(),
        ),
    }
}
