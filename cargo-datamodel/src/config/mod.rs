//! Project configuration: `[package.metadata.datamodel]` / `[workspace.metadata.datamodel]`.
//!
//! Every question the seed's assistant asks interactively is a key here with the seed's
//! recommended default. Parsing is strict: an unknown key or an invalid value is an error that
//! names the key, the value and the allowed values. This module only parses and defaults;
//! inferring the engine from dependencies lives in the collector, which has the metadata.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

pub use crate::dialect::Engine;

mod read;

macro_rules! choice {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = $s:literal),* $(,)? } default $def:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* #[serde(rename = $s)] $var,)* }
        impl $name {
            pub const VALUES: &'static [&'static str] = &[$($s),*];
            pub fn as_str(self) -> &'static str { match self { $($name::$var => $s),* } }
            pub fn parse(s: &str) -> Option<Self> { match s { $($s => Some($name::$var),)* _ => None } }
        }
        impl Default for DefaultMarker<$name> { fn default() -> Self { DefaultMarker($name::$def) } }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

/// Helper carrying each choice's recommended default.
pub struct DefaultMarker<T>(pub T);

choice!(
    /// Greenfield (CREATE TABLE) or brownfield (zero-downtime changes to live tables).
    Migration { #[default] Greenfield = "greenfield", Brownfield = "brownfield", Mixed = "mixed" } default Greenfield
);
choice!(
    /// How tenants are separated.
    Tenancy { #[default] None = "none", Shared = "shared", Schema = "schema", Database = "database" } default None
);
choice!(
    /// Default delete strategy of entities.
    Deletes { #[default] Soft = "soft", Hard = "hard", Archival = "archival", Mixed = "mixed" } default Soft
);
choice!(
    /// Retention and compliance requirements.
    RetentionPolicy { #[default] None = "none", Gdpr = "gdpr", Ttl = "ttl", Custom = "custom" } default None
);
choice!(
    /// How much of the document to produce.
    Depth { #[default] Production = "production", Mvp = "mvp", Schema = "schema" } default Production
);
choice!(
    /// How `cargo datamodel` finds entities.
    Collect { #[default] Inventory = "inventory", Explicit = "explicit" } default Inventory
);

/// Lint level, cargo `[lints]` style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LintLevel {
    Allow,
    Warn,
    Deny,
}

/// The resolved configuration. Every field has its default filled in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// Engines to render, first = primary (the document's types). Empty before inference.
    pub engines: Vec<Engine>,
    /// True when `engines` was not configured (inferred from dependencies, or the PostgreSQL
    /// fallback).
    pub engines_inferred: bool,
    /// True when `engines` was not configured and no database driver named one: the
    /// PostgreSQL fallback (the plan says `default`, not `inferred`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub engines_defaulted: bool,
    pub migration: Migration,
    pub tenancy: Tenancy,
    pub deletes: Deletes,
    pub retention: RetentionPolicy,
    pub depth: Depth,
    /// Output root, relative to the package root.
    pub out_dir: String,
    /// A user template replacing the built-in document template.
    pub template: Option<String>,
    /// Document title (default: "<package> data model").
    pub title: Option<String>,
    /// PostgreSQL setting holding the current tenant (RLS policies).
    pub tenant_setting: String,
    /// Keep `updated_at` current with a trigger (PG, SQLite) / ON UPDATE (MySQL).
    pub updated_at_trigger: bool,
    /// Add `created_at` / `updated_at` to every table (`timestamps = false`: only where
    /// `append_only` or `retention` count from `created_at`; declare them as fields to keep
    /// them elsewhere).
    #[serde(default = "timestamps_default")]
    pub timestamps: bool,
    /// Audit columns (`created_by` / `updated_by`) on every entity table, not only on those
    /// with `#[datamodel(audit)]`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub audit: bool,
    /// The actor entity of `audit` when a struct's `audit` names none: a struct name
    /// (`User`) or type path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_actor: Option<String>,
    /// PostgreSQL setting holding the current actor (the audit trigger reads it).
    #[serde(
        default = "actor_setting_default",
        skip_serializing_if = "is_default_actor_setting"
    )]
    pub actor_setting: String,
    /// What the PostgreSQL audit trigger does when the actor setting is unset or empty.
    #[serde(default, skip_serializing_if = "OnMissingActor::is_default")]
    pub on_missing_actor: OnMissingActor,
    /// `audit(history)` for every audited entity: each change written to `audit_log`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub audit_history: bool,
    /// Time-to-live of the `audit_log` rows (`400d`, `7y`), purged by the retention job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_history_ttl: Option<String>,
    pub collect: Collect,
    /// Lint levels by rule name or code.
    pub lints: BTreeMap<String, LintLevel>,
}

fn timestamps_default() -> bool {
    true
}

/// The default [`Config::actor_setting`].
pub const ACTOR_SETTING_DEFAULT: &str = "app.current_actor_id";

fn actor_setting_default() -> String {
    ACTOR_SETTING_DEFAULT.into()
}

fn is_default_actor_setting(s: &str) -> bool {
    s == ACTOR_SETTING_DEFAULT
}

/// What the PostgreSQL audit trigger does when no actor is set for the connection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnMissingActor {
    /// `created_by` / `updated_by` are NULL: the write goes through, unattributed.
    #[default]
    Null,
    /// The INSERT or UPDATE fails: every write must say who makes it.
    Refuse,
}

impl OnMissingActor {
    fn is_default(&self) -> bool {
        *self == OnMissingActor::Null
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            engines: Vec::new(),
            engines_inferred: true,
            engines_defaulted: false,
            migration: Migration::default(),
            tenancy: Tenancy::default(),
            deletes: Deletes::default(),
            retention: RetentionPolicy::default(),
            depth: Depth::default(),
            out_dir: "docs/data-model".into(),
            template: None,
            title: None,
            tenant_setting: "app.current_tenant_id".into(),
            updated_at_trigger: true,
            timestamps: true,
            audit: false,
            audit_actor: None,
            actor_setting: actor_setting_default(),
            on_missing_actor: OnMissingActor::Null,
            audit_history: false,
            audit_history_ttl: None,
            collect: Collect::default(),
            lints: BTreeMap::new(),
        }
    }
}

/// A configuration mistake: names the key, the value found and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub key: String,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid `[package.metadata.datamodel]` key `{}`: {}",
            self.key, self.message
        )
    }
}

impl std::error::Error for ConfigError {}

const KEYS: &[&str] = &[
    "engines",
    "engine",
    "migration",
    "tenancy",
    "deletes",
    "retention",
    "depth",
    "out",
    "out-dir",
    "out_dir",
    "template",
    "title",
    "tenant-setting",
    "tenant_setting",
    "updated-at-trigger",
    "updated_at_trigger",
    "timestamps",
    "audit",
    "audit-actor",
    "audit_actor",
    "actor-setting",
    "actor_setting",
    "on-missing-actor",
    "on_missing_actor",
    "audit-history",
    "audit_history",
    "audit-history-ttl",
    "audit_history_ttl",
    "collect",
    "lints",
];

impl Config {
    /// The primary engine (the document's types): the first configured one.
    pub fn primary_engine(&self) -> Engine {
        self.engines.first().copied().unwrap_or(Engine::DEFAULT)
    }

    /// The engines rendered for: the configured ones, else the primary engine alone.
    pub fn target_engines(&self) -> Vec<Engine> {
        if self.engines.is_empty() {
            vec![self.primary_engine()]
        } else {
            self.engines.clone()
        }
    }
}

/// PostgreSQL keywords that cannot be a part of a setting name in `SET LOCAL a.b = ..`
/// (reserved and type/function-name keywords; `system_user` since PostgreSQL 16). Checked
/// against PostgreSQL 15 when this list was written.
const PG_RESERVED: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "binary",
    "both",
    "case",
    "cast",
    "check",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "false",
    "fetch",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "group",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "natural",
    "not",
    "notnull",
    "null",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "outer",
    "overlaps",
    "placing",
    "primary",
    "references",
    "returning",
    "right",
    "select",
    "session_user",
    "similar",
    "some",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "to",
    "trailing",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
];

/// `s` for a message: control characters escaped (`\n`), everything else as written.
fn visible(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Is `s` a custom setting PostgreSQL accepts in `SET LOCAL s = ..` and `current_setting`?
/// `prefix.name` (more dots allowed), each part an unquoted identifier: ASCII letter or `_`,
/// then letters, digits or `_`, at most 63 bytes, not a reserved keyword.
pub fn check_custom_setting(s: &str) -> Result<(), String> {
    if !s.contains('.') {
        return Err(
            "it has no `.` (PostgreSQL only lets you define settings with a prefix)".into(),
        );
    }
    for part in s.split('.') {
        let mut chars = part.chars();
        match chars.next() {
            None => return Err("a part between dots is empty".into()),
            Some(c) if !(c.is_ascii_alphabetic() || c == '_') => {
                return Err(format!(
                    "the part `{}` does not start with a letter or `_`",
                    visible(part)
                ))
            }
            _ => {}
        }
        if let Some(c) = chars.find(|c| !(c.is_ascii_alphanumeric() || *c == '_')) {
            return Err(format!(
                "the part `{}` contains `{}`",
                visible(part),
                visible(&c.to_string())
            ));
        }
        if part.len() > 63 {
            return Err(format!("the part `{part}` is longer than 63 bytes"));
        }
        if PG_RESERVED.contains(&part.to_ascii_lowercase().as_str()) {
            return Err(format!(
                "the part `{part}` is a reserved PostgreSQL keyword"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_are_the_seed_recommendations() {
        let c = Config::from_metadata(&serde_json::Value::Null).unwrap();
        assert_eq!(c.migration, Migration::Greenfield);
        assert_eq!(c.tenancy, Tenancy::None);
        assert_eq!(c.deletes, Deletes::Soft);
        assert_eq!(c.depth, Depth::Production);
        assert!(c.engines.is_empty() && c.engines_inferred);
    }

    #[test]
    fn invalid_value_names_key_value_and_allowed() {
        let e = Config::from_metadata(&json!({"tenancy": "pooled"})).unwrap_err();
        assert_eq!(e.to_string(), "invalid `[package.metadata.datamodel]` key `tenancy`: invalid value `pooled`; allowed values: none, shared, schema, database");
    }

    #[test]
    fn timestamps_is_a_bool_on_by_default() {
        assert!(Config::default().timestamps);
        let c = Config::from_metadata(&json!({"timestamps": false})).unwrap();
        assert!(!c.timestamps);
        let e = Config::from_metadata(&json!({"timestamps": "no"})).unwrap_err();
        assert!(e.to_string().contains("expected true or false"), "{e}");
        // A Config serialized before the key existed reads as on.
        let mut v = serde_json::to_value(Config::default()).unwrap();
        v.as_object_mut().unwrap().remove("timestamps");
        assert!(serde_json::from_value::<Config>(v).unwrap().timestamps);
    }

    #[test]
    fn unknown_engine() {
        let e = Config::from_metadata(&json!({"engines": ["postgres", "oracle"]})).unwrap_err();
        assert!(e.to_string().contains("`oracle`"), "{e}");
    }

    #[test]
    fn unknown_key() {
        let e = Config::from_metadata(&json!({"tenant": "shared"})).unwrap_err();
        assert!(e.to_string().contains("unknown key"), "{e}");
    }

    #[test]
    fn tenant_setting_is_a_postgres_custom_setting() {
        for ok in ["app.current_tenant_id", "a.b.c", "_x.y1", "App.Tenant"] {
            let c = Config::from_metadata(&json!({ "tenant-setting": ok })).unwrap();
            assert_eq!(c.tenant_setting, ok);
        }
        for (bad, why) in [
            ("tenant", "no `.`"),
            ("app.", "empty"),
            (".x", "empty"),
            ("1app.x", "`1app` does not start"),
            ("app.1x", "`1x` does not start"),
            ("app.x-y", "contains `-`"),
            ("app.x'; DROP TABLE t; --", "contains `'`"),
            ("app.x y", "contains ` `"),
            ("app.select", "reserved"),
            ("app.tenant\n", "contains `\\n`"),
        ] {
            let e = Config::from_metadata(&json!({ "tenant_setting": bad })).unwrap_err();
            let msg = e.to_string();
            assert!(
                msg.contains("tenant_setting") && msg.contains(why),
                "{bad}: {msg}"
            );
            assert!(msg.contains("e.g. `app.current_tenant_id`"), "{msg}");
        }
    }

    #[test]
    fn audit_keys() {
        let c = Config::from_metadata(&json!({
            "audit": true,
            "audit-actor": "User",
            "actor-setting": "my_app.actor",
            "on-missing-actor": "refuse"
        }))
        .unwrap();
        assert!(c.audit);
        assert_eq!(c.audit_actor.as_deref(), Some("User"));
        assert_eq!(c.actor_setting, "my_app.actor");
        assert_eq!(c.on_missing_actor, OnMissingActor::Refuse);
        let d = Config::from_metadata(&serde_json::Value::Null).unwrap();
        assert_eq!(
            (d.audit, d.actor_setting.as_str(), d.on_missing_actor),
            (false, ACTOR_SETTING_DEFAULT, OnMissingActor::Null)
        );
        // The setting reaches SQL: the same check as the tenant setting.
        for bad in ["actor", "app.x'; DROP TABLE t; --", "app.select", "app.1x"] {
            let e = Config::from_metadata(&json!({ "actor_setting": bad })).unwrap_err();
            assert_eq!(e.key, "actor_setting", "{bad}");
        }
        let e = Config::from_metadata(&json!({ "on-missing-actor": "ignore" })).unwrap_err();
        assert!(e.to_string().contains("null, refuse"), "{e}");
    }

    #[test]
    fn a_distributing_engine_implies_shared_tenancy_or_says_why_not() {
        let c = Config::from_metadata(&json!({"engines": ["postgres", "citus"]})).unwrap();
        assert_eq!(c.tenancy, Tenancy::Shared);
        let c = Config::from_metadata(&json!({"engines": ["citus"], "tenancy": "shared"})).unwrap();
        assert_eq!(c.tenancy, Tenancy::Shared);
        let e =
            Config::from_metadata(&json!({"engines": ["citus"], "tenancy": "schema"})).unwrap_err();
        assert_eq!(e.key, "tenancy");
        assert!(
            e.message
                .contains("needs `tenancy = \"shared\"` (found `schema`)")
                && e.message.contains("take `citus` out of `engines`"),
            "{e}"
        );
        let c = Config::from_metadata(&json!({"engines": ["postgres"]})).unwrap();
        assert_eq!(c.tenancy, Tenancy::None);
    }

    #[test]
    fn engines_and_lints() {
        let c = Config::from_metadata(
            &json!({"engines": ["mariadb", "sqlite"], "lints": {"fk-without-index": "deny"}}),
        )
        .unwrap();
        assert_eq!(c.engines, vec![Engine::Mysql, Engine::Sqlite]);
        assert_eq!(c.lints["fk-without-index"], LintLevel::Deny);
    }
}
