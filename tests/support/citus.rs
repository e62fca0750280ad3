//! The real Citus cluster of the Citus tests: a coordinator on 127.0.0.1:9700 and workers on
//! 9701 and 9702, started by `.ci/run` (`shared/citus/cluster start`). Each [`Cluster`] is a
//! database of its own, created on the three nodes with the `citus` extension and the workers
//! registered (what `cluster db NAME` does), and dropped on every node on `Drop`. When the
//! coordinator can't be reached the test fails under `CI=true`, else prints one `SKIPPED:`
//! line ([`crate::engines::skip`]).

use crate::engines::{skip, unique_name};
use cargo_datamodel::import::split::{split, Piece};
use cargo_datamodel::schema::{Schema, TENANT_COLUMN};
use std::collections::{BTreeMap, BTreeSet};

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
        // Dropped on every node if anything below fails (a `Cluster` drops it afterwards).
        let mut pending = Dropped(Some(db.clone()));
        for port in std::iter::once(COORDINATOR).chain(WORKERS) {
            let mut c = node(port, "postgres").expect("connect to a Citus node");
            c.batch_execute(&format!("CREATE DATABASE \"{db}\""))
                .expect("create database");
            let mut c = node(port, &db).expect("connect to the new database");
            c.batch_execute("CREATE EXTENSION citus")
                .expect("create extension citus");
        }
        let mut client = node(COORDINATOR, &db).expect("connect to the coordinator");
        // Registering a node syncs metadata to it. It failed once here, with several tests
        // registering at the same time (the error was not kept). The calls are idempotent, so
        // a failure is retried a few times, each error printed, and all of them reported.
        let mut errors = Vec::new();
        for attempt in 1..=3 {
            match client.batch_execute(&format!(
                "SELECT citus_set_coordinator_host('127.0.0.1', {COORDINATOR});
                 SELECT citus_add_node('127.0.0.1', {});
                 SELECT citus_add_node('127.0.0.1', {});",
                WORKERS[0], WORKERS[1]
            )) {
                Ok(()) => {
                    pending.0 = None;
                    return Some(Cluster { client, db });
                }
                Err(e) => {
                    eprintln!(
                        "registering the Citus workers (attempt {attempt}): {}",
                        message(&e)
                    );
                    errors.push(message(&e));
                    std::thread::sleep(std::time::Duration::from_millis(500 * attempt));
                }
            }
        }
        drop(client);
        panic!("registering the Citus workers of {db} failed: {errors:?}")
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
        drop_everywhere(&self.db);
    }
}

/// Drops database `db` on every node (workers first).
fn drop_everywhere(db: &str) {
    for port in WORKERS.into_iter().chain(std::iter::once(COORDINATOR)) {
        if let Ok(mut c) = node(port, "postgres") {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"));
        }
    }
}

/// A database being created on the nodes, dropped everywhere unless `Cluster::connect`
/// finishes (it then sets `None`).
struct Dropped(Option<String>);

impl Drop for Dropped {
    fn drop(&mut self) {
        if let Some(db) = &self.0 {
            drop_everywhere(db);
        }
    }
}

/// Runs the statements of `script` one by one on `c`; the first refused one ends it, with its
/// line, text and the server's message.
pub fn run_statements(c: &mut impl postgres::GenericClient, script: &str) -> Result<(), String> {
    for piece in split(script, false) {
        match piece {
            Piece::Sql { text, line } => c
                .batch_execute(&text)
                .map_err(|e| format!("line {line}: {}\n    {text}", message(&e)))?,
            Piece::Skipped { line, reason } => {
                return Err(format!("line {line}: not SQL: {reason}"))
            }
        }
    }
    Ok(())
}

/// The server's message of `e` (with its detail), or the client's error.
pub fn message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(d) => format!("{} ({d})", db.message()),
            None => db.message().to_string(),
        },
        None => e.to_string(),
    }
}

impl Cluster {
    /// Runs a whole script in one transaction, statement by statement, as `psql -1 -f` does:
    /// either all of it is applied or nothing is. An error names the statement and its line.
    ///
    /// Not as one multi-statement query (`batch_execute`): Citus sends some DDL on a
    /// distributed table to the workers as the query's whole text in a prepared statement, so
    /// a text of several statements fails with "cannot insert multiple commands into a
    /// prepared statement": the rendered saas script sent as one query fails so at its first
    /// `ALTER TABLE .. ADD CONSTRAINT .. FOREIGN KEY`, and `CREATE INDEX ..; SELECT 1` on a
    /// distributed table does too (citusdata/citus#6608; refinery's users hit it,
    /// rust-db/refinery#314). A tool must send the script statement by statement, as psql
    /// does.
    pub fn apply(&mut self, script: &str) -> Result<(), String> {
        let mut tx = self.client.transaction().map_err(|e| message(&e))?;
        run_statements(&mut tx, script)?;
        tx.commit().map_err(|e| message(&e))
    }

    /// Creates a LOGIN role that is neither superuser nor owner of anything, with
    /// SELECT/INSERT/UPDATE/DELETE on every table of `public` (an application's role). Created
    /// through the coordinator in this database, so Citus creates it on the workers too.
    pub fn app_role(&self) -> AppRole {
        let name = format!("{}_app", unique_name());
        let mut admin = self.session();
        admin
            .batch_execute(&format!(
                "CREATE ROLE \"{name}\" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
                 GRANT USAGE ON SCHEMA public TO \"{name}\";
                 GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \"{name}\";"
            ))
            .expect("create the application role");
        AppRole {
            name,
            db: self.db.clone(),
            admin,
        }
    }
}

/// A role of one test; roles are cluster-wide, so it is dropped on `Drop`: from the test
/// database on the coordinator (Citus propagates `DROP OWNED BY` and `DROP ROLE` to the
/// workers), then from every node's `postgres` database in case the first failed.
pub struct AppRole {
    pub name: String,
    db: String,
    admin: postgres::Client,
}

impl AppRole {
    /// A connection to the test database on the coordinator as this role.
    pub fn connect(&self) -> postgres::Client {
        let url = format!(
            "host=127.0.0.1 port={COORDINATOR} user={} dbname={}",
            self.name, self.db
        );
        postgres::Client::connect(&url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("connect as {}: {e}", self.name))
    }
}

impl Drop for AppRole {
    fn drop(&mut self) {
        let n = &self.name;
        let _ = self
            .admin
            .batch_execute(&format!("DROP OWNED BY \"{n}\" CASCADE; DROP ROLE \"{n}\""));
        for port in std::iter::once(COORDINATOR).chain(WORKERS) {
            if let Ok(mut c) = node(port, "postgres") {
                let _ = c.batch_execute(&format!("DROP ROLE IF EXISTS \"{n}\""));
            }
        }
    }
}

/// How Citus placed one table (`citus_tables`, `citus_shards`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// `distributed` or `reference` (`citus_table_type`).
    pub kind: String,
    /// The distribution column, `<none>` for a reference table.
    pub column: String,
    pub colocation: i32,
    /// The ports of the nodes holding a shard of it.
    pub ports: BTreeSet<i32>,
    pub shards: i64,
}

/// The Citus tables of `namespace` by name, as the coordinator's metadata places them.
pub fn placements(client: &mut postgres::Client, namespace: &str) -> BTreeMap<String, Placed> {
    let rows = client
        .query(
            "SELECT c.relname::text, t.citus_table_type, t.distribution_column, t.colocation_id, \
                    (SELECT array_agg(DISTINCT s.nodeport) FROM pg_catalog.citus_shards s \
                     WHERE s.table_name = t.table_name), \
                    (SELECT count(*) FROM pg_catalog.citus_shards s WHERE s.table_name = t.table_name) \
             FROM public.citus_tables t JOIN pg_class c ON c.oid = t.table_name \
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1",
            &[&namespace],
        )
        .expect("read citus_tables and citus_shards");
    rows.iter()
        .map(|r| {
            let ports: Option<Vec<i32>> = r.get(4);
            (
                r.get::<_, String>(0),
                Placed {
                    kind: r.get(1),
                    column: r.get(2),
                    colocation: r.get(3),
                    ports: ports.unwrap_or_default().into_iter().collect(),
                    shards: r.get(5),
                },
            )
        })
        .collect()
}

/// Checks that Citus placed the tables of `namespace` as `schema` says: every tenant-scoped
/// table distributed on `tenant_id` with shards on both workers, all of them in one
/// colocation group; every global table a reference table (a copy on each worker); no other
/// Citus table.
pub fn check_placement(
    client: &mut postgres::Client,
    schema: &Schema,
    namespace: &str,
) -> Result<(), String> {
    let placed = placements(client, namespace);
    let names: BTreeSet<&String> = placed.keys().collect();
    let want: BTreeSet<&String> = schema.tables.iter().map(|t| &t.name).collect();
    if names != want {
        return Err(format!(
            "Citus tables {names:?}, the Schema's tables {want:?}"
        ));
    }
    let workers: BTreeSet<i32> = WORKERS.iter().map(|p| i32::from(*p)).collect();
    let mut groups = BTreeSet::new();
    for t in &schema.tables {
        let p = &placed[&t.name];
        if t.tenant_scoped {
            if p.kind != "distributed" || p.column != TENANT_COLUMN {
                return Err(format!(
                    "tenant-scoped `{}` is {} on {}, not distributed on {TENANT_COLUMN}",
                    t.name, p.kind, p.column
                ));
            }
            if p.ports != workers {
                return Err(format!(
                    "the shards of `{}` are on ports {:?}, not on both workers {workers:?}",
                    t.name, p.ports
                ));
            }
            groups.insert(p.colocation);
        } else if p.kind != "reference" || !workers.is_subset(&p.ports) {
            return Err(format!(
                "global `{}` is {} with placements on {:?}, not a reference table on every worker",
                t.name, p.kind, p.ports
            ));
        }
    }
    if groups.len() > 1 {
        return Err(format!(
            "the distributed tables are in {} colocation groups {groups:?}, not one",
            groups.len()
        ));
    }
    Ok(())
}

/// The rows of `table` (a distributed table of `public`) held by each worker, by counting
/// its shards there.
pub fn rows_per_worker(cluster: &mut Cluster, table: &str) -> BTreeMap<u16, i64> {
    let shards = cluster
        .client
        .query(
            "SELECT nodeport, shard_name FROM pg_catalog.citus_shards \
             WHERE table_name = $1::text::regclass",
            &[&table],
        )
        .expect("read citus_shards");
    let mut out: BTreeMap<u16, i64> = WORKERS.iter().map(|p| (*p, 0)).collect();
    for port in WORKERS {
        let mut w = cluster.worker(port);
        for s in shards
            .iter()
            .filter(|s| s.get::<_, i32>(0) == i32::from(port))
        {
            let name: String = s.get(1);
            let n: i64 = w
                .query_one(&format!("SELECT count(*) FROM \"{name}\""), &[])
                .unwrap_or_else(|e| panic!("count shard {name} on {port}: {e}"))
                .get(0);
            *out.entry(port).or_default() += n;
        }
    }
    out
}
