//! The oldest engine release a Schema's DDL runs on, derived from what that DDL uses.
//!
//! A fixed "PostgreSQL 15+" is false for a model that needs nothing newer and a fixed
//! "PostgreSQL 11+" is false for one with `ON DELETE SET NULL (col)`. So [`features_used`]
//! reads the Schema the DDL renders from (with the same dialect capabilities the DDL asks) and
//! lists each [`Feature`] with the first place it is used; [`floor`] takes the newest of the
//! dialect's [`Dialect::min_version`]s and keeps the features that set it, as the "why".

use super::Engine;
use super::{dialect_for, Dialect, Feature, MinVersion};
use crate::schema::{sql_guard, DefaultValue, Schema};
use datamodel::model::ColumnType;

/// A feature the DDL uses and the first place it does (`` `posts.author_id` ``).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureUse {
    pub feature: Feature,
    pub at: String,
}

/// The features `schema`'s DDL for `d` uses, in the order first met, each once.
pub fn features_used(schema: &Schema, d: &dyn Dialect) -> Vec<FeatureUse> {
    let mut used: Vec<FeatureUse> = Vec::new();
    let mut note = |feature: Feature, at: String| {
        if !used.iter().any(|u| u.feature == feature) {
            used.push(FeatureUse { feature, at });
        }
    };
    for t in &schema.tables {
        let tn = &t.name;
        if d.strict_tables() {
            note(Feature::StrictTables, format!("`{tn}`"));
        }
        for c in &t.columns {
            let at = format!("`{tn}.{}`", c.name);
            match &c.default {
                Some(DefaultValue::NewUuid) => note(Feature::UuidDefault, at.clone()),
                Some(DefaultValue::Expr(e)) if !sql_guard::is_literal(e) => {
                    note(Feature::ExpressionDefault, at.clone())
                }
                _ => {}
            }
            if c.ty == ColumnType::Json {
                note(Feature::JsonColumn, at.clone());
            }
            if let Some(check) = d.type_check(c, &d.quote_ident(&c.name)) {
                note(Feature::CheckConstraints, at.clone());
                if check.contains("json_") {
                    note(Feature::JsonFunctions, at.clone());
                }
            }
            if c.max_length.is_some() && !d.enforces_varchar_length() {
                note(Feature::CheckConstraints, at.clone());
            }
        }
        if let Some(k) = t.checks.first() {
            note(Feature::CheckConstraints, format!("`{}`", k.name));
        }
        for fk in &t.foreign_keys {
            if !fk.set_null_columns.is_empty() && d.supports_set_null_columns() {
                note(
                    Feature::SetNullColumns,
                    format!("`{tn}.{}`", fk.set_null_columns.join(", ")),
                );
            }
        }
        for ix in &t.indexes {
            let at = format!("`{}`", ix.name);
            if ix.predicate.is_some() && d.supports_partial_index() {
                note(Feature::PartialIndex, at.clone());
            }
            if !ix.include.is_empty() && d.supports_include() {
                note(Feature::CoveringIndex, at.clone());
            }
            if ix.unique
                && ix.predicate.is_some()
                && ix.live_column.is_some()
                && !d.supports_partial_index()
            {
                note(Feature::GeneratedColumn, format!("`{tn}` ({at})"));
            }
        }
        if !t.policies.is_empty() && d.supports_row_level_security() {
            note(Feature::RowLevelSecurity, format!("`{tn}`"));
        }
    }
    used
}

/// The oldest release of an engine that runs a Schema's DDL, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Floor {
    pub product: &'static str,
    pub version: &'static str,
    /// The sibling product (MariaDB) and its oldest release.
    pub sibling: Option<(&'static str, &'static str)>,
    /// The features that need exactly these releases (empty: the dialect's baseline).
    pub because: Vec<FeatureUse>,
}

impl Floor {
    /// `PostgreSQL 15+ (`ON DELETE SET NULL (col)` on `posts.author_id`)`, `PostgreSQL 12+`.
    pub fn sentence(&self) -> String {
        let mut s = format!("{} {}+", self.product, self.version);
        if let Some((name, v)) = self.sibling {
            s.push_str(&format!(" / {name} {v}+"));
        }
        if !self.because.is_empty() {
            let why: Vec<String> = self
                .because
                .iter()
                .map(|u| format!("{} on {}", u.feature.describe(), u.at))
                .collect();
            s.push_str(&format!(" ({})", why.join("; ")));
        }
        s
    }
}

/// `1.10` > `1.9`: versions compared number by number.
fn key(v: &str) -> Vec<u32> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// The oldest release of `engine` that runs `schema`'s DDL.
pub fn floor(schema: &Schema, engine: Engine) -> Floor {
    let d = dialect_for(engine);
    let base = d.baseline_version();
    let used: Vec<(FeatureUse, MinVersion)> = features_used(schema, d)
        .into_iter()
        .filter_map(|u| d.min_version(u.feature).map(|m| (u, m)))
        .collect();
    let newest = |pick: &dyn Fn(&MinVersion) -> Option<&'static str>| -> Option<&'static str> {
        used.iter()
            .filter_map(|(_, m)| pick(m))
            .chain(pick(&base))
            .max_by_key(|v| key(v))
    };
    let version = newest(&|m| Some(m.version)).unwrap_or(base.version);
    let sibling = newest(&|m| m.sibling);
    // A feature is a reason when it needs exactly the floor and the floor is above the baseline.
    let sets = |v: Option<&str>, floor: Option<&str>, base: Option<&str>| matches!((v, floor, base), (Some(v), Some(f), Some(b)) if v == f && key(f) > key(b));
    let because = used
        .iter()
        .filter(|(_, m)| {
            sets(Some(m.version), Some(version), Some(base.version))
                || sets(m.sibling, sibling, base.sibling)
        })
        .map(|(u, _)| u.clone())
        .collect();
    let (product, sibling_name) = d.product_names();
    Floor {
        product,
        version,
        sibling: sibling_name.zip(sibling),
        because,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Tenancy};
    use crate::document::testkit::{SchemaBuilder, TableBuilder};
    use datamodel::model::RefAction;

    fn config() -> Config {
        Config {
            engines: Engine::ALL.to_vec(),
            tenancy: Tenancy::None,
            ..Config::default()
        }
    }

    fn schema(set_null_columns: bool) -> Schema {
        let mut posts = TableBuilder::entity("Post", "posts").belongs_to(
            "author_id",
            "users",
            RefAction::SetNull,
            true,
            "written by",
        );
        if set_null_columns {
            let fk = posts.table.foreign_keys.last_mut().unwrap();
            fk.set_null_columns = vec!["author_id".into()];
        }
        SchemaBuilder::new(config())
            .table(TableBuilder::entity("User", "users"))
            .table(posts)
            .build()
            .schema
    }

    #[test]
    fn set_null_columns_raise_the_postgres_floor_to_15() {
        let with = floor(&schema(true), Engine::Postgres);
        assert_eq!(
            with.sentence(),
            "PostgreSQL 15+ (`ON DELETE SET NULL (col)` on `posts.author_id`)"
        );
        let without = floor(&schema(false), Engine::Postgres);
        assert_eq!(without.sentence(), "PostgreSQL 12+");
        // The other engines render no `SET NULL (col)`: it does not count there.
        assert!(!floor(&schema(true), Engine::Mysql)
            .sentence()
            .contains("SET NULL"));
    }

    #[test]
    fn checks_and_uuid_defaults_set_the_mysql_floor() {
        let plain = floor(&schema(false), Engine::Mysql);
        assert_eq!(plain.sentence(), "MySQL 8.0+ / MariaDB 10.2+");
        let checked = SchemaBuilder::new(config())
            .table(TableBuilder::entity("User", "users").check(
                "check_users_id_positive",
                "id > 0",
                Some("id"),
                "positive",
            ))
            .build();
        assert_eq!(
            floor(&checked, Engine::Mysql).sentence(),
            "MySQL 8.0.16+ / MariaDB 10.2.1+ (enforced CHECK constraints on `check_users_id_positive`)"
        );
    }

    #[test]
    fn sqlite_tables_are_strict() {
        assert_eq!(
            floor(&schema(false), Engine::Sqlite).sentence(),
            "SQLite 3.37+ (`STRICT` tables on `users`)"
        );
    }
}
