//! The engine registry: which engines the tool renders for, and the dialect of each. Everything
//! else about an engine (its names and the spellings users may write, its driver crates, its
//! SQL) is a method of its [`Dialect`] in the engine's own file.
//!
//! Adding an engine: a file beside this one with a unit struct implementing `Dialect`, and one
//! line in the [`engines!`] list below.

use super::Dialect;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Declares [`Engine`] (one variant per line, in this order: `Engine::ALL`, sorting and the
/// order engines are listed in), [`Engine::ALL`] and [`dialect_for`].
macro_rules! engines {
    ($($variant:ident => $dialect:path),+ $(,)?) => {
        /// An engine the tool renders for.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Engine {
            $($variant),+
        }

        impl Engine {
            /// Every engine, in registry order.
            pub const ALL: [Engine; [$(stringify!($variant)),+].len()] = [$(Engine::$variant),+];
        }

        /// The dialect of an engine.
        pub fn dialect_for(engine: Engine) -> &'static dyn Dialect {
            match engine {
                $(Engine::$variant => &$dialect),+
            }
        }
    };
}

// The registry: one line per engine.
engines! {
    Postgres => super::Postgres,
    Mysql => super::MySql,
    Sqlite => super::Sqlite,
}

impl Engine {
    /// The engine when none is configured or inferred (the seed's recommendation).
    pub const DEFAULT: Engine = Engine::Postgres;

    /// The configuration value and file-name part (`postgres`): [`Dialect::name`].
    pub fn name(self) -> &'static str {
        dialect_for(self).name()
    }

    /// What people call it (`PostgreSQL`): [`Dialect::display_name`].
    pub fn display_name(self) -> &'static str {
        dialect_for(self).display_name()
    }

    /// Accepts the usual spellings, case-insensitively: each engine's [`Dialect::name`] and
    /// [`Dialect::aliases`] (`postgresql`, `pg`, `mariadb`, `sqlite3`).
    pub fn parse(s: &str) -> Option<Engine> {
        let s = s.to_ascii_lowercase();
        Engine::ALL.into_iter().find(|e| {
            let d = dialect_for(*e);
            d.name() == s || d.aliases().contains(&s.as_str())
        })
    }

    /// The configuration values, as an error message lists them (`postgres, mysql, sqlite`).
    pub fn names() -> String {
        Engine::ALL.map(Engine::name).join(", ")
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// As its [`Engine::name`].
impl Serialize for Engine {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// Exactly an [`Engine::name`] (no aliases: this reads what [`Serialize`] wrote).
impl<'de> Deserialize<'de> for Engine {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Engine, D::Error> {
        let s = String::deserialize(d)?;
        Engine::ALL
            .into_iter()
            .find(|e| e.name() == s)
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "unknown engine `{s}`, expected one of: {}",
                    Engine::names()
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases() {
        assert_eq!(Engine::names(), "postgres, mysql, sqlite");
        for (s, e) in [
            ("postgres", Engine::Postgres),
            ("PostgreSQL", Engine::Postgres),
            ("pg", Engine::Postgres),
            ("mysql", Engine::Mysql),
            ("MariaDB", Engine::Mysql),
            ("sqlite", Engine::Sqlite),
            ("sqlite3", Engine::Sqlite),
        ] {
            assert_eq!(Engine::parse(s), Some(e), "{s}");
        }
        assert_eq!(Engine::parse("oracle"), None);
        assert_eq!(Engine::Mysql.display_name(), "MySQL/MariaDB");
    }

    #[test]
    fn every_dialect_is_its_own_engine_and_names_are_unique() {
        let mut seen = Vec::new();
        for e in Engine::ALL {
            let d = dialect_for(e);
            assert_eq!(d.engine(), e);
            for n in std::iter::once(d.name()).chain(d.aliases().iter().copied()) {
                assert_eq!(n, n.to_ascii_lowercase(), "{n}: aliases are lower case");
                assert!(!seen.contains(&n), "{n} names two engines");
                seen.push(n);
            }
        }
    }

    #[test]
    fn serde_uses_the_name() {
        let json = serde_json::to_string(&Engine::ALL).unwrap();
        assert_eq!(json, r#"["postgres","mysql","sqlite"]"#);
        let back: Vec<Engine> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Engine::ALL);
        assert!(serde_json::from_str::<Engine>(r#""pg""#).is_err());
    }
}
