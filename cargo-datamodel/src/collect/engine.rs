//! Which engine(s) a crate targets, when `engines` is not configured.
//!
//! The database driver a crate depends on says it: sqlx / diesel / sea-orm by their backend
//! features (spelled with the engine's name), and the single-engine drivers by name (each
//! dialect lists its own: `Dialect::driver_crates`). Only normal dependencies count (a test
//! that uses rusqlite does not make the product SQLite). Nothing found: [`Engine::DEFAULT`],
//! the seed's recommendation.

use crate::config::Engine;
use crate::dialect::dialect_for;
use cargo_metadata::{DependencyKind, Package};
use std::collections::BTreeSet;

/// Engines the packages' dependencies point at, in [`Engine::ALL`] order (empty: none found).
pub fn infer<'p>(packages: impl IntoIterator<Item = &'p Package>) -> Vec<Engine> {
    let mut found = BTreeSet::new();
    for pkg in packages {
        for dep in pkg
            .dependencies
            .iter()
            .filter(|d| d.kind == DependencyKind::Normal)
        {
            found.extend(from_dependency(&dep.name, &dep.features));
        }
    }
    Engine::ALL
        .into_iter()
        .filter(|e| found.contains(e))
        .collect()
}

/// Engines implied by one dependency and the features it is declared with.
pub fn from_dependency(name: &str, features: &[String]) -> Vec<Engine> {
    let by_feature = |prefix: &str| -> Vec<Engine> {
        Engine::ALL
            .into_iter()
            .filter(|e| {
                features
                    .iter()
                    .any(|f| f.as_str() == format!("{prefix}{}", e.name()))
            })
            .collect()
    };
    match name {
        "sqlx" | "diesel" => by_feature(""),
        "sea-orm" => by_feature("sqlx-"),
        _ => Engine::ALL
            .into_iter()
            .filter(|e| dialect_for(*e).driver_crates().contains(&name))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn orm_features() {
        assert_eq!(
            from_dependency("sqlx", &f(&["runtime-tokio", "postgres"])),
            vec![Engine::Postgres]
        );
        assert_eq!(
            from_dependency("diesel", &f(&["sqlite", "mysql"])),
            vec![Engine::Mysql, Engine::Sqlite]
        );
        assert_eq!(
            from_dependency("sea-orm", &f(&["sqlx-mysql", "macros"])),
            vec![Engine::Mysql]
        );
        assert!(from_dependency("sqlx", &f(&["runtime-tokio"])).is_empty());
    }

    #[test]
    fn drivers() {
        assert_eq!(
            from_dependency("tokio-postgres", &[]),
            vec![Engine::Postgres]
        );
        assert_eq!(from_dependency("mysql_async", &[]), vec![Engine::Mysql]);
        assert_eq!(from_dependency("rusqlite", &[]), vec![Engine::Sqlite]);
        assert!(from_dependency("serde", &[]).is_empty());
    }
}
