//! The engine registry's machinery: the [`engines!`] macro that `dialect/mod.rs` calls with
//! one line per engine, and what every engine has through its dialect. Everything about an
//! engine (its names and the spellings users may write, its driver crates, its SQL) is a
//! method of its [`Dialect`](super::Dialect) in the engine's own file.

use super::{dialect_for, Engine};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The registry: for each `Variant => file::DialectStruct` line, declares the module `file`
/// (`dialect/file.rs`) and re-exports its struct, the [`Engine`] variant (in line order:
/// `Engine::ALL`, sorting and the order engines are listed in), [`Engine::ALL`] and the arm
/// of [`dialect_for`].
macro_rules! engines {
    ($($variant:ident => $module:ident :: $dialect:ident),+ $(,)?) => {
        $(
            mod $module;
            pub use $module::$dialect;
        )+

        /// An engine the tool renders for (the registry in `dialect/mod.rs`).
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

impl Engine {
    /// The engine when none is configured or inferred (the seed's recommendation).
    pub const DEFAULT: Engine = Engine::Postgres;

    /// The configuration value and file-name part (`postgres`): [`Dialect::name`](super::Dialect::name).
    pub fn name(self) -> &'static str {
        dialect_for(self).name()
    }

    /// What people call it (`PostgreSQL`): [`Dialect::display_name`](super::Dialect::display_name).
    pub fn display_name(self) -> &'static str {
        dialect_for(self).display_name()
    }

    /// Accepts the usual spellings, case-insensitively: each engine's [`Dialect::name`](super::Dialect::name) and
    /// [`Dialect::aliases`](super::Dialect::aliases) (`postgresql`, `pg`, `mariadb`, `sqlite3`).
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
        assert_eq!(Engine::names(), "postgres, mysql, sqlite, citus");
        for (s, e) in [
            ("postgres", Engine::Postgres),
            ("PostgreSQL", Engine::Postgres),
            ("pg", Engine::Postgres),
            ("mysql", Engine::Mysql),
            ("MariaDB", Engine::Mysql),
            ("sqlite", Engine::Sqlite),
            ("sqlite3", Engine::Sqlite),
            ("Citus", Engine::Citus),
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
        assert_eq!(json, r#"["postgres","mysql","sqlite","citus"]"#);
        let back: Vec<Engine> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Engine::ALL);
        assert!(serde_json::from_str::<Engine>(r#""pg""#).is_err());
    }
}
