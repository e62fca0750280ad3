//! What the renderers need besides the Schema: the output options, resolved once.
//!
//! The [`Schema`](crate::schema::Schema) says what the data model *is*; the `Target` says what
//! to render it for: which engines (never empty, the first is the primary one whose types the
//! document shows), how deep the document goes, which migration approach it describes and
//! the retention policy it documents. (How tenants are isolated is part of the model: it
//! shapes keys and columns, so the Schema carries it.) Keeping the two
//! apart makes the Schema a pure value: two schemas resolved from the same structs are equal
//! whatever the output options, so a migration differ can compare them.
//!
//! "No engines configured" is resolved here and nowhere else: it means the primary engine
//! alone ([`Engine::DEFAULT`] when nothing was inferred either).

use crate::config::{Config, Deletes, Depth, Engine, Migration, RetentionPolicy};

/// The output options every renderer reads beside the Schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Never empty; the first is the primary engine.
    engines: Vec<Engine>,
    /// The engines were inferred (from the crate's dependencies, or the fallback), not written.
    pub engines_inferred: bool,
    /// No driver named an engine: the fallback ([`Engine::DEFAULT`]) was taken.
    pub engines_defaulted: bool,
    pub migration: Migration,
    /// The configured default delete strategy (each table's own is in the Schema).
    pub deletes: Deletes,
    pub depth: Depth,
    pub retention: RetentionPolicy,
    /// The PostgreSQL setting holding the current tenant (RLS policies, connection recipes).
    pub tenant_setting: String,
    /// `updated_at` is kept current by the engine.
    pub updated_at_trigger: bool,
}

impl Target {
    /// The target a configuration describes.
    pub fn from_config(cfg: &Config) -> Target {
        Target {
            engines: cfg.target_engines(),
            engines_inferred: cfg.engines_inferred,
            engines_defaulted: cfg.engines_defaulted,
            migration: cfg.migration,
            deletes: cfg.deletes,
            depth: cfg.depth,
            retention: cfg.retention,
            tenant_setting: cfg.tenant_setting.clone(),
            updated_at_trigger: cfg.updated_at_trigger,
        }
    }

    /// The engines to render for, primary first; never empty.
    pub fn engines(&self) -> &[Engine] {
        &self.engines
    }

    /// The primary engine: the document's types, the default DDL.
    pub fn primary(&self) -> Engine {
        self.engines[0]
    }

    /// The same target for other engines (an empty list means the primary engine alone).
    #[must_use]
    pub fn with_engines(mut self, engines: Vec<Engine>) -> Target {
        if !engines.is_empty() {
            self.engines = engines;
        }
        self
    }
}

impl Default for Target {
    fn default() -> Self {
        Target::from_config(&Config::default())
    }
}

impl From<&Config> for Target {
    fn from(cfg: &Config) -> Self {
        Target::from_config(cfg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engines_are_never_empty_and_the_first_is_primary() {
        let t = Target::from_config(&Config::default());
        assert_eq!(t.engines(), &[Engine::DEFAULT]);
        assert_eq!(t.primary(), Engine::DEFAULT);
        let cfg = Config {
            engines: vec![Engine::Sqlite, Engine::Postgres],
            ..Config::default()
        };
        let t = Target::from_config(&cfg);
        assert_eq!(t.primary(), Engine::Sqlite);
        assert_eq!(t.engines().len(), 2);
        let t = t.with_engines(Vec::new());
        assert_eq!(t.engines().len(), 2, "an empty list keeps the engines");
    }
}
