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

/// The features met so far, each with the first place it is used.
#[derive(Default)]
struct Used(Vec<FeatureUse>);

impl Used {
    fn has(&self, feature: Feature) -> bool {
        self.0.iter().any(|u| u.feature == feature)
    }

    /// Records `feature` at the place `at` spells, unless it was met before (`at` is only
    /// spelled then: most columns meet nothing new, and a 2,000-table model has 30,000).
    fn note(&mut self, feature: Feature, at: impl FnOnce() -> String) {
        if !self.has(feature) {
            self.0.push(FeatureUse { feature, at: at() });
        }
    }
}

/// The features `schema`'s DDL for `d` uses, in the order first met, each once.
pub fn features_used(schema: &Schema, d: &dyn Dialect) -> Vec<FeatureUse> {
    let mut used = Used::default();
    for t in &schema.tables {
        let tn = &t.name;
        if d.strict_tables() {
            used.note(Feature::StrictTables, || format!("`{tn}`"));
        }
        for c in &t.columns {
            let at = || format!("`{tn}.{}`", c.name);
            match &c.default {
                Some(DefaultValue::NewUuid) => used.note(Feature::UuidDefault, at),
                // Parsing the default is the costly part: skip it once the feature is known.
                Some(DefaultValue::Expr(e))
                    if !used.has(Feature::ExpressionDefault) && !sql_guard::is_literal(e) =>
                {
                    used.note(Feature::ExpressionDefault, at)
                }
                _ => {}
            }
            if c.ty == ColumnType::Json {
                used.note(Feature::JsonColumn, at);
            }
            // Rendering the type's CHECK can only add these two features. It is rendered on a
            // placeholder name: only the functions it calls matter, and a column named
            // `json_...` must not count as a JSON function.
            if !(used.has(Feature::CheckConstraints) && used.has(Feature::JsonFunctions)) {
                if let Some(check) = d.type_check(c, "x") {
                    used.note(Feature::CheckConstraints, at);
                    if check.contains("json_") {
                        used.note(Feature::JsonFunctions, at);
                    }
                }
            }
            if c.max_length.is_some() && !d.enforces_varchar_length() {
                used.note(Feature::CheckConstraints, at);
            }
        }
        if let Some(k) = t.checks.first() {
            used.note(Feature::CheckConstraints, || format!("`{}`", k.name));
        }
        for fk in &t.foreign_keys {
            if !fk.set_null_columns.is_empty() && d.supports_set_null_columns() {
                used.note(Feature::SetNullColumns, || {
                    format!("`{tn}.{}`", fk.set_null_columns.join(", "))
                });
            }
        }
        for ix in &t.indexes {
            let at = || format!("`{}`", ix.name);
            if ix.predicate.is_some() && d.supports_partial_index() {
                used.note(Feature::PartialIndex, at);
            }
            if !ix.include.is_empty() && d.supports_include() {
                used.note(Feature::CoveringIndex, at);
            }
            if ix.unique
                && ix.predicate.is_some()
                && ix.live_column.is_some()
                && !d.supports_partial_index()
            {
                used.note(Feature::GeneratedColumn, || format!("`{tn}` ({})", at()));
            }
        }
        if !t.policies.is_empty() && d.supports_row_level_security() {
            used.note(Feature::RowLevelSecurity, || format!("`{tn}`"));
        }
    }
    used.0
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
    use crate::testkit::{SchemaBuilder, TableBuilder};
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
