//! The one seam between the document and the SQL dialects: engine-specific spellings of a
//! column's type, a default and a quoted identifier.
//!
//! The document never spells SQL types itself in its sections; it asks here, and this module
//! asks the dialect of the engine. (Until the dialects land on this branch, a minimal stand-in
//! spells the common types; it is replaced by `dialect::dialect_for(engine)` calls.)

use crate::config::Engine;
use crate::schema::{Column, DefaultValue};
use datamodel::model::ColumnType;

/// The column's type as the engine's DDL spells it (e.g. `VARCHAR(255)`, `TIMESTAMPTZ`).
pub(crate) fn column_type(engine: Engine, col: &Column) -> String {
    let sized = |base: &str| match (col.precision, col.scale) {
        (Some(p), Some(s)) => format!("{base}({p},{s})"),
        (Some(p), None) => format!("{base}({p})"),
        _ => base.to_string(),
    };
    let varchar = || match col.max_length {
        Some(n) => format!("VARCHAR({n})"),
        None => "TEXT".to_string(),
    };
    match engine {
        Engine::Postgres => match &col.ty {
            ColumnType::SmallInt => "SMALLINT".into(),
            ColumnType::Integer => "INTEGER".into(),
            ColumnType::BigInt => "BIGINT".into(),
            ColumnType::Real => "REAL".into(),
            ColumnType::Double => "DOUBLE PRECISION".into(),
            ColumnType::Boolean => "BOOLEAN".into(),
            ColumnType::String | ColumnType::Enum { .. } => varchar(),
            ColumnType::Bytes => "BYTEA".into(),
            ColumnType::Uuid => "UUID".into(),
            ColumnType::Decimal => sized("NUMERIC"),
            ColumnType::Json => "JSONB".into(),
            ColumnType::Timestamp { with_time_zone } => if *with_time_zone {
                "TIMESTAMPTZ"
            } else {
                "TIMESTAMP"
            }
            .into(),
            ColumnType::Date => "DATE".into(),
            ColumnType::Time => "TIME".into(),
        },
        Engine::Mysql => match &col.ty {
            ColumnType::SmallInt => "SMALLINT".into(),
            ColumnType::Integer => "INT".into(),
            ColumnType::BigInt => "BIGINT".into(),
            ColumnType::Real => "FLOAT".into(),
            ColumnType::Double => "DOUBLE".into(),
            ColumnType::Boolean => "TINYINT(1)".into(),
            ColumnType::String | ColumnType::Enum { .. } => varchar(),
            ColumnType::Bytes => "BLOB".into(),
            ColumnType::Uuid => "CHAR(36)".into(),
            ColumnType::Decimal => sized("DECIMAL"),
            ColumnType::Json => "JSON".into(),
            ColumnType::Timestamp { .. } => "TIMESTAMP(6)".into(),
            ColumnType::Date => "DATE".into(),
            ColumnType::Time => "TIME".into(),
        },
        Engine::Sqlite => match &col.ty {
            ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt => "INTEGER".into(),
            ColumnType::Boolean => "INTEGER".into(),
            ColumnType::Real | ColumnType::Double => "REAL".into(),
            ColumnType::Bytes => "BLOB".into(),
            ColumnType::Decimal => "NUMERIC".into(),
            _ => "TEXT".into(),
        },
    }
}

/// A column default as the engine's DDL spells it.
pub(crate) fn default_text(engine: Engine, default: &DefaultValue) -> String {
    match (default, engine) {
        (DefaultValue::Now, Engine::Postgres) => "now()".into(),
        (DefaultValue::Now, _) => "CURRENT_TIMESTAMP".into(),
        (DefaultValue::NewUuid, Engine::Postgres) => "gen_random_uuid()".into(),
        (DefaultValue::NewUuid, Engine::Mysql) => "(UUID())".into(),
        (DefaultValue::NewUuid, Engine::Sqlite) => "application-generated".into(),
        (DefaultValue::Expr(e), _) => e.clone(),
    }
}

/// An identifier quoted for the engine when it needs quoting.
pub(crate) fn quote(engine: Engine, ident: &str) -> String {
    let plain = ident
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && ident
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        return ident.to_string();
    }
    match engine {
        Engine::Mysql => format!("`{}`", ident.replace('`', "``")),
        _ => format!("\"{}\"", ident.replace('"', "\"\"")),
    }
}

/// What the engine adds to an identity column's type (`GENERATED ALWAYS AS IDENTITY`, ...).
pub(crate) fn identity_suffix(engine: Engine) -> &'static str {
    match engine {
        Engine::Postgres => " GENERATED ALWAYS AS IDENTITY",
        Engine::Mysql => " AUTO_INCREMENT",
        Engine::Sqlite => "",
    }
}
