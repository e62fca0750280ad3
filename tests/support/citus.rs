//! The real Citus cluster of the Citus tests: a coordinator on 127.0.0.1:9700 and workers on
//! 9701 and 9702, started by `.ci/run` (`shared/citus/cluster start`). Each [`Cluster`] is a
//! database of its own, created on the three nodes with the `citus` extension and the workers
//! registered (what `cluster db NAME` does), and dropped on every node on `Drop`. When the
//! coordinator can't be reached the test fails under `CI=true`, else prints one `SKIPPED:`
//! line ([`crate::engines::skip`]).

use crate::engines::{skip, unique_name};

/// The coordinator's port; the workers are on the next two.
pub const COORDINATOR: u16 = 9700;
pub const WORKERS: [u16; 2] = [9701, 9702];

fn url(port: u16, db: &str) -> String {
    format!("host=127.0.0.1 port={port} user=postgres dbname={db}")
}

fn node(port: u16, db: &str) -> Result<postgres::Client, postgres::Error> {
    postgres::Client::connect(&url(port, db), postgres::NoTls)
}

/// A fresh database on the cluster, connected to its coordinator.
pub struct Cluster {
    pub client: postgres::Client,
    pub db: String,
}

impl Cluster {
    /// Whether the coordinator answers; reports the skip (or fails under CI) when not.
    pub fn reachable() -> bool {
        match node(COORDINATOR, "postgres") {
            Ok(_) => true,
            Err(e) => {
                skip(&format!(
                    "the Citus coordinator at 127.0.0.1:{COORDINATOR} is unreachable ({e}); start it with `shared/citus/cluster start`"
                ));
                false
            }
        }
    }

    /// Creates a database on the three nodes and connects to it on the coordinator, or
    /// reports the skip and returns `None`.
    pub fn connect() -> Option<Cluster> {
        if !Cluster::reachable() {
            return None;
        }
        let db = unique_name();
        for port in std::iter::once(COORDINATOR).chain(WORKERS) {
            let mut c = node(port, "postgres").expect("connect to a Citus node");
            c.batch_execute(&format!("CREATE DATABASE \"{db}\""))
                .expect("create database");
            let mut c = node(port, &db).expect("connect to the new database");
            c.batch_execute("CREATE EXTENSION citus")
                .expect("create extension citus");
        }
        let mut client = node(COORDINATOR, &db).expect("connect to the coordinator");
        client
            .batch_execute(&format!(
                "SELECT citus_set_coordinator_host('127.0.0.1', {COORDINATOR});
                 SELECT citus_add_node('127.0.0.1', {});
                 SELECT citus_add_node('127.0.0.1', {});",
                WORKERS[0], WORKERS[1]
            ))
            .expect("register the workers");
        Some(Cluster { client, db })
    }

    /// A new connection to this database on the coordinator (another session).
    pub fn session(&self) -> postgres::Client {
        node(COORDINATOR, &self.db).expect("connect to the coordinator")
    }

    /// A connection to this database on a worker.
    pub fn worker(&self, port: u16) -> postgres::Client {
        node(port, &self.db).expect("connect to a worker")
    }

    /// The `psql`-style URL of this database on the coordinator.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{COORDINATOR}/{}", self.db)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for port in WORKERS.into_iter().chain(std::iter::once(COORDINATOR)) {
            if let Ok(mut c) = node(port, "postgres") {
                let _ = c.batch_execute(&format!(
                    "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                    self.db
                ));
            }
        }
    }
}
