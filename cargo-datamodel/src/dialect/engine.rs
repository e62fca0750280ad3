//! The engines the tool renders for, their names and the spellings users may write. Adding an
//! engine: a variant here (name, display name, aliases), a file beside this one implementing
//! `Dialect`, and one line in `dialect_for`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An engine the tool renders for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Engine {
    Postgres,
    Mysql,
    Sqlite,
}

impl Engine {
    pub const ALL: [Engine; 3] = [Engine::Postgres, Engine::Mysql, Engine::Sqlite];

    /// The engine when none is configured or inferred (the seed's recommendation).
    pub const DEFAULT: Engine = Engine::Postgres;

    pub fn name(self) -> &'static str {
        match self {
            Engine::Postgres => "postgres",
            Engine::Mysql => "mysql",
            Engine::Sqlite => "sqlite",
        }
    }

    pub fn display_name(self) -> &'static str {
        match self {
            Engine::Postgres => "PostgreSQL",
            Engine::Mysql => "MySQL/MariaDB",
            Engine::Sqlite => "SQLite",
        }
    }

    /// Accepts the usual spellings (`postgres`, `postgresql`, `pg`, `mysql`, `mariadb`, `sqlite`).
    pub fn parse(s: &str) -> Option<Engine> {
        match s.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Some(Engine::Postgres),
            "mysql" | "mariadb" => Some(Engine::Mysql),
            "sqlite" | "sqlite3" => Some(Engine::Sqlite),
            _ => None,
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
