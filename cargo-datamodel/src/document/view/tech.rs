//! Technical context: the engines with the oldest release each supports (derived from what the
//! DDL uses), the database crates among the package's dependencies, the Rust edition.

use crate::config::Engine;
use crate::document::{DocContext, StackCrate};
use crate::schema::Schema;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct TechView {
    pub engines: Vec<String>,
    pub crates: Vec<StackCrate>,
    pub edition: Option<String>,
    pub rust_version: Option<String>,
    pub constraints: Vec<String>,
}

pub fn build(ctx: &DocContext, schema: &Schema, engines: &[Engine]) -> TechView {
    let mut crates = ctx.tech.crates.clone();
    crates.sort_by(|a, b| a.name.cmp(&b.name));
    let mut constraints = Vec::new();
    for e in engines {
        // The oldest release is derived from what the DDL uses (`dialect::floor`).
        let floor = crate::dialect::floor::floor(schema, *e).sentence();
        constraints.push(match crate::dialect::dialect_for(*e).floor_caveat() {
            Some(caveat) => format!("{floor}, {caveat}."),
            None => format!("{floor}."),
        });
    }
    constraints.push(format!(
        "Identifiers at most {} bytes (PostgreSQL's limit; MySQL allows 64).",
        crate::schema::MAX_IDENT_LEN
    ));
    TechView {
        engines: engines
            .iter()
            .map(|e| e.display_name().to_string())
            .collect(),
        crates,
        edition: ctx.tech.edition.clone(),
        rust_version: ctx.tech.rust_version.clone(),
        constraints,
    }
}

#[cfg(test)]
mod tests {
    use super::build;
    use crate::config::{Depth, Migration};
    use crate::document::{DocContext, StackCrate};
    use crate::testkit::saas;

    #[test]
    fn one_floor_per_engine_sorted_crates_and_the_identifier_limit() {
        let f = saas(Depth::Production, Migration::Greenfield);
        let mut ctx = DocContext::default();
        for name in ["sqlx", "diesel"] {
            ctx.tech.crates.push(StackCrate {
                name: name.into(),
                ..StackCrate::default()
            });
        }
        let v = build(&ctx, &f, f.target.engines());
        assert_eq!(v.engines, ["PostgreSQL", "MySQL/MariaDB", "SQLite"]);
        assert_eq!(v.crates[0].name, "diesel");
        assert_eq!(v.constraints.len(), 4);
        assert!(
            v.constraints[2].contains("`PRAGMA foreign_keys = ON` per connection"),
            "{:?}",
            v.constraints
        );
        assert!(
            v.constraints[3].starts_with("Identifiers at most 63 bytes"),
            "{:?}",
            v.constraints
        );
    }
}
