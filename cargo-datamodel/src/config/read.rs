//! Reading `[package.metadata.datamodel]`: one line per key, each value read by the
//! [`Entry`] method of its kind, so every key of a kind says the same thing about a bad value
//! (what was expected, what was found, the allowed values).

use super::*;

impl Config {
    /// Parses the `datamodel` table of package or workspace metadata (`null` = all defaults).
    pub fn from_metadata(value: &serde_json::Value) -> Result<Config, ConfigError> {
        let mut cfg = Config::default();
        let table = match value {
            serde_json::Value::Null => return Ok(cfg),
            serde_json::Value::Object(m) => m,
            other => {
                return Err(ConfigError {
                    key: "datamodel".into(),
                    message: format!("expected a table, found `{other}`"),
                })
            }
        };
        for (key, v) in table {
            if !KEYS.contains(&key.as_str()) {
                let mut allowed: Vec<&str> = KEYS.to_vec();
                allowed.sort_unstable();
                return Err(ConfigError {
                    key: key.clone(),
                    message: format!("unknown key; allowed keys: {}", allowed.join(", ")),
                });
            }
            cfg.set(&Entry { key, v })?;
        }
        cfg.distributed_tenancy(table.contains_key("tenancy"))?;
        Ok(cfg)
    }

    /// An engine that distributes tables by tenant (Citus) implies shared tenancy, with
    /// `tenant_id` as the distribution column: it is the default then, and another written
    /// tenancy is an error saying why.
    fn distributed_tenancy(&mut self, written: bool) -> Result<(), ConfigError> {
        let Some(d) = crate::dialect::distributing(self.engines.iter().copied()) else {
            return Ok(());
        };
        if !written {
            self.tenancy = Tenancy::Shared;
            return Ok(());
        }
        if self.tenancy == Tenancy::Shared {
            return Ok(());
        }
        Err(ConfigError {
            key: "tenancy".into(),
            message: format!(
                "`{}` in `engines` distributes the tables by `tenant_id`, which needs `tenancy = \"shared\"` (found `{}`); write `tenancy = \"shared\"` (or leave it out), or take `{}` out of `engines`",
                d.name(),
                self.tenancy.as_str(),
                d.name()
            ),
        })
    }

    /// Sets the key of `e` (a key of [`KEYS`]).
    fn set(&mut self, e: &Entry<'_>) -> Result<(), ConfigError> {
        match e.key {
            "engines" | "engine" => {
                self.engines = e.engines()?;
                self.engines_inferred = false;
            }
            "migration" => self.migration = e.choice(Migration::parse, Migration::VALUES)?,
            "tenancy" => self.tenancy = e.choice(Tenancy::parse, Tenancy::VALUES)?,
            "deletes" => self.deletes = e.choice(Deletes::parse, Deletes::VALUES)?,
            "retention" => {
                self.retention = e.choice(RetentionPolicy::parse, RetentionPolicy::VALUES)?
            }
            "depth" => self.depth = e.choice(Depth::parse, Depth::VALUES)?,
            "collect" => self.collect = e.choice(Collect::parse, Collect::VALUES)?,
            "out" | "out-dir" | "out_dir" => self.out_dir = e.string()?,
            "template" => self.template = Some(e.string()?),
            "title" => self.title = Some(e.string()?),
            "tenant-setting" | "tenant_setting" => {
                self.tenant_setting = e.setting("app.current_tenant_id")?
            }
            "updated-at-trigger" | "updated_at_trigger" => self.updated_at_trigger = e.boolean()?,
            "timestamps" => self.timestamps = e.boolean()?,
            "audit" => self.audit = e.boolean()?,
            "audit-actor" | "audit_actor" => self.audit_actor = Some(e.string()?),
            "actor-setting" | "actor_setting" => {
                self.actor_setting = e.setting(ACTOR_SETTING_DEFAULT)?
            }
            "audit-history" | "audit_history" => self.audit_history = e.boolean()?,
            "audit-history-ttl" | "audit_history_ttl" => self.audit_history_ttl = Some(e.ttl()?),
            "on-missing-actor" | "on_missing_actor" => {
                let parse = |s: &str| match s {
                    "null" => Some(OnMissingActor::Null),
                    "refuse" => Some(OnMissingActor::Refuse),
                    _ => None,
                };
                self.on_missing_actor = e.choice_shown(parse, &["null", "refuse"])?
            }
            "lints" => e.lints(&mut self.lints)?,
            _ => unreachable!("key list and match arms agree"),
        }
        Ok(())
    }
}

/// One key of the table and its value.
struct Entry<'a> {
    key: &'a str,
    v: &'a serde_json::Value,
}

impl Entry<'_> {
    fn error(&self, message: String) -> ConfigError {
        ConfigError {
            key: self.key.to_string(),
            message,
        }
    }

    fn string_of(&self, v: &serde_json::Value) -> Result<String, ConfigError> {
        (v.as_str().map(str::to_string))
            .ok_or_else(|| self.error(format!("expected a string, found `{v}`")))
    }

    fn string(&self) -> Result<String, ConfigError> {
        self.string_of(self.v)
    }

    fn boolean(&self) -> Result<bool, ConfigError> {
        (self.v.as_bool())
            .ok_or_else(|| self.error(format!("expected true or false, found `{}`", self.v)))
    }

    /// One of `values` (the value shown as written).
    fn choice<T>(&self, parse: fn(&str) -> Option<T>, values: &[&str]) -> Result<T, ConfigError> {
        let s = self.string()?;
        parse(&s).ok_or_else(|| {
            self.error(format!(
                "invalid value `{s}`; allowed values: {}",
                values.join(", ")
            ))
        })
    }

    /// One of `values` (the value shown with its control characters visible).
    fn choice_shown<T>(
        &self,
        parse: impl Fn(&str) -> Option<T>,
        values: &[&str],
    ) -> Result<T, ConfigError> {
        let s = self.string()?;
        parse(&s).ok_or_else(|| {
            self.error(format!(
                "invalid value `{}`; allowed values: {}",
                visible(&s),
                values.join(", ")
            ))
        })
    }

    /// A custom PostgreSQL setting (`prefix.name`); `example` is the default one.
    fn setting(&self, example: &str) -> Result<String, ConfigError> {
        let s = self.string()?;
        match check_custom_setting(&s) {
            Ok(()) => Ok(s),
            Err(why) => Err(self.error(format!("invalid value `{}`: {why}; a custom PostgreSQL setting is `prefix.name`, each part a letter or `_` followed by letters, digits or `_`, e.g. `{example}`", visible(&s)))),
        }
    }

    fn ttl(&self) -> Result<String, ConfigError> {
        let s = self.string()?;
        if crate::retention::ttl::parse_ttl(&s).is_none() {
            return Err(self.error(format!(
                "invalid value `{}`: a count and a unit, h, d, w, m (months) or y, e.g. `400d`",
                visible(&s)
            )));
        }
        Ok(s)
    }

    /// One engine or a list of them, each once, at least one.
    fn engines(&self) -> Result<Vec<Engine>, ConfigError> {
        let items = match self.v {
            serde_json::Value::Array(a) => a.as_slice(),
            other => std::slice::from_ref(other),
        };
        let mut engines = Vec::new();
        for item in items {
            let s = self.string_of(item)?;
            let e = Engine::parse(&s).ok_or_else(|| {
                self.error(format!(
                    "invalid value `{s}`; allowed values: {}",
                    Engine::names()
                ))
            })?;
            if !engines.contains(&e) {
                engines.push(e);
            }
        }
        if engines.is_empty() {
            let names = Engine::names();
            return Err(self.error(format!("list at least one engine: {names}")));
        }
        Ok(engines)
    }

    /// `rule-name = "allow" | "warn" | "deny"` (`forbid` reads as deny).
    fn lints(&self, lints: &mut BTreeMap<String, LintLevel>) -> Result<(), ConfigError> {
        let m = self.v.as_object().ok_or_else(|| {
            self.error(format!(
                "expected a table of `rule-name = \"allow\" | \"warn\" | \"deny\"`, found `{}`",
                self.v
            ))
        })?;
        for (rule, level) in m {
            let lvl = match level.as_str().unwrap_or_default() {
                "allow" => LintLevel::Allow,
                "warn" => LintLevel::Warn,
                "deny" | "forbid" => LintLevel::Deny,
                _ => {
                    return Err(ConfigError {
                        key: format!("lints.{rule}"),
                        message: format!(
                            "invalid value `{level}`; allowed values: allow, warn, deny"
                        ),
                    })
                }
            };
            lints.insert(rule.clone(), lvl);
        }
        Ok(())
    }
}
