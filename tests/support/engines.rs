//! Connections to the real engines, each in a uniquely named, throw-away schema/database.
//!
//! PostgreSQL: `CREATE SCHEMA dm_<unique>` + `search_path`; MariaDB: `CREATE DATABASE
//! dm_<unique>` + `USE`; SQLite: in memory. Dropped on `Drop`. When a server is unreachable the
//! test fails if `CI=true`, else prints one `SKIPPED: <why>` line and the caller returns.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

pub const PG_URL: &str = "host=127.0.0.1 port=5432 user=postgres dbname=test";
pub const MYSQL_URL: &str = "mysql://root@127.0.0.1:3306/test";

/// A name unique across parallel tests and processes.
pub fn unique_name() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "dm_{}_{}_{}",
        std::process::id(),
        nanos,
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// Fails under `CI=true`, else prints `SKIPPED: <why>`.
pub fn skip(why: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("engine unavailable under CI=true: {why}");
    }
    println!("SKIPPED: {why}");
}

pub struct Pg {
    pub client: postgres::Client,
    pub schema: String,
}

impl Pg {
    /// Connects and creates a fresh schema, or reports the skip and returns `None`.
    pub fn connect() -> Option<Pg> {
        let mut client = match postgres::Client::connect(PG_URL, postgres::NoTls) {
            Ok(c) => c,
            Err(e) => {
                skip(&format!("PostgreSQL at 127.0.0.1:5432 is unreachable: {e}"));
                return None;
            }
        };
        let schema = unique_name();
        client
            .batch_execute(&format!(
                "CREATE SCHEMA \"{schema}\"; SET search_path TO \"{schema}\";"
            ))
            .expect("create schema");
        Some(Pg { client, schema })
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let _ = self
            .client
            .batch_execute(&format!("DROP SCHEMA \"{}\" CASCADE", self.schema));
    }
}

pub struct My {
    pub conn: mysql::Conn,
    pub db: String,
}

impl My {
    pub fn connect() -> Option<My> {
        let opts = mysql::Opts::from_url(MYSQL_URL).expect("mysql url");
        let mut conn = match mysql::Conn::new(opts) {
            Ok(c) => c,
            Err(e) => {
                skip(&format!(
                    "MariaDB/MySQL at 127.0.0.1:3306 is unreachable: {e}"
                ));
                return None;
            }
        };
        let db = unique_name();
        use mysql::prelude::Queryable;
        conn.query_drop(format!("CREATE DATABASE `{db}` CHARACTER SET utf8mb4"))
            .expect("create database");
        conn.query_drop(format!("USE `{db}`"))
            .expect("use database");
        Some(My { conn, db })
    }
}

impl Drop for My {
    fn drop(&mut self) {
        use mysql::prelude::Queryable;
        let _ = self.conn.query_drop(format!("DROP DATABASE `{}`", self.db));
    }
}

/// An in-memory SQLite database.
pub fn sqlite() -> rusqlite::Connection {
    rusqlite::Connection::open_in_memory().expect("sqlite in memory")
}
