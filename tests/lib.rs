//! Workspace-level test helpers.

/// Real-engine connections and the SKIPPED/CI rule.
#[path = "support/engines.rs"]
pub mod engines;

/// Catalog introspection per engine, compared with what the Schema says.
#[path = "support/catalog.rs"]
pub mod catalog;

/// Hand-built models for DDL tests (independent of the derive).
#[path = "support/models.rs"]
pub mod models;

/// The behaviour script run on every engine.
#[path = "support/behaviour.rs"]
pub mod behaviour;

/// Best-effort rows for any Schema, counted per table.
#[path = "support/rows.rs"]
pub mod rows;

/// squawk, the outside judge of generated PostgreSQL migrations.
#[path = "support/squawk.rs"]
pub mod squawk;

/// The property tests' seed, case counts and runner.
#[path = "support/prop.rs"]
pub mod prop;

pub mod cli;

/// The example crates' models and configurations.
#[path = "support/examples.rs"]
pub mod examples;

/// A random model installed on a fresh database of an engine, with its URL.
#[path = "support/live_db.rs"]
pub mod live_db;

/// A Schema as the lines an engine keeps of it (the import round trips).
#[path = "support/import_compare.rs"]
pub mod import_compare;

/// The real Citus cluster (coordinator and two workers), a database per test.
#[path = "support/citus.rs"]
pub mod citus;
