//! The one seam between the document and the SQL dialects: engine-specific spellings of a
//! column's type, a default, a CHECK expression and a string literal.
//!
//! The document never spells SQL itself; it asks the dialect of the engine, so the document
//! and the DDL files always agree.

use crate::config::Engine;
use crate::dialect::dialect_for;
use crate::schema::{Check, Column, DefaultValue};

/// The column's type as the engine's DDL spells it, identity included
/// (`BIGINT GENERATED ALWAYS AS IDENTITY`, `VARCHAR(255)`, `TIMESTAMPTZ`).
pub(crate) fn column_type(engine: Engine, col: &Column) -> String {
    dialect_for(engine).column_type(col)
}

/// The column's type without identity generation (for the diagram and type lists).
pub(crate) fn base_type(engine: Engine, col: &Column) -> String {
    if col.identity {
        let mut plain = col.clone();
        plain.identity = false;
        dialect_for(engine).column_type(&plain)
    } else {
        dialect_for(engine).column_type(col)
    }
}

/// A column default as the engine's DDL spells it.
pub(crate) fn default_text(engine: Engine, default: &DefaultValue) -> String {
    dialect_for(engine).default_sql(default)
}

/// The boolean expression of a CHECK as the engine's DDL spells it.
pub(crate) fn check_text(engine: Engine, check: &Check) -> String {
    dialect_for(engine).check_sql(check)
}

/// A string literal as the engine's DDL writes it (enum values in the text).
pub(crate) fn literal(engine: Engine, text: &str) -> String {
    dialect_for(engine).string_literal(text)
}
