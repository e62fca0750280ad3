//! The "Technical Context" of the document: which database crates the selected packages use
//! (ORMs, drivers, pools, migration tools) and at which resolved versions, plus the edition.
//!
//! Read from `cargo metadata`, never guessed: a crate is listed only when a selected package
//! depends on it directly.

use cargo_metadata::{DependencyKind, Metadata};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The stack, read from Cargo.toml by the collector.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TechContext {
    /// Database-related dependencies (ORMs, drivers, migration tools), sorted by name.
    pub crates: Vec<StackCrate>,
    /// `package.edition`.
    pub edition: Option<String>,
    /// `package.rust-version`.
    pub rust_version: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StackCrate {
    pub name: String,
    /// The version requirement or resolved version, as the collector found it.
    pub version: String,
    /// What it is for: `ORM`, `driver`, `migrations`, `pool`, ...
    pub role: String,
}

/// Known database-related crates and what they are for.
const KNOWN: &[(&str, &str)] = &[
    ("sqlx", "ORM / query toolkit"),
    ("diesel", "ORM"),
    ("diesel_migrations", "migrations"),
    ("diesel-async", "ORM (async)"),
    ("sea-orm", "ORM"),
    ("sea-orm-migration", "migrations"),
    ("sea-query", "query builder"),
    ("tokio-postgres", "driver (PostgreSQL)"),
    ("postgres", "driver (PostgreSQL)"),
    ("deadpool-postgres", "pool"),
    ("bb8", "pool"),
    ("bb8-postgres", "pool"),
    ("r2d2", "pool"),
    ("mysql", "driver (MySQL/MariaDB)"),
    ("mysql_async", "driver (MySQL/MariaDB)"),
    ("rusqlite", "driver (SQLite)"),
    ("libsql", "driver (SQLite/libSQL)"),
    ("refinery", "migrations"),
    ("datamodel", "data model (this document's source)"),
];

/// The technical context of the packages named `packages`.
pub fn tech_context(meta: &Metadata, packages: &[&cargo_metadata::Package]) -> TechContext {
    let resolved: BTreeMap<&str, String> = meta
        .packages
        .iter()
        .map(|p| (p.name.as_str(), p.version.to_string()))
        .collect();
    let mut crates: BTreeMap<String, StackCrate> = BTreeMap::new();
    for p in packages {
        for d in p
            .dependencies
            .iter()
            .filter(|d| d.kind == DependencyKind::Normal)
        {
            if let Some((name, role)) = KNOWN.iter().find(|(n, _)| *n == d.name.as_str()) {
                let version = resolved
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| d.req.to_string());
                crates.insert(
                    (*name).to_string(),
                    StackCrate {
                        name: (*name).to_string(),
                        version,
                        role: (*role).to_string(),
                    },
                );
            }
        }
    }
    let first = packages.first();
    TechContext {
        crates: crates.into_values().collect(),
        edition: first.map(|p| p.edition.to_string()),
        rust_version: first.and_then(|p| p.rust_version.as_ref().map(|v| v.to_string())),
    }
}
