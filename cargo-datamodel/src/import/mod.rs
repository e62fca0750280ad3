//! `cargo datamodel import`: an existing schema (SQL dumps, DDL files, a migrations
//! directory) read into the same [`Schema`] the derive path produces, so the document, the
//! lints (the "gaps" of a brownfield schema) and the JSON work on it unchanged.
//!
//! Why a pipeline of its own instead of handing files to sqlparser: real dumps are not plain
//! SQL (psql meta-commands, COPY data, `DELIMITER`, conditional comments), and a schema is
//! what the statements leave behind in order, not what any one of them says. So:
//!
//! 1. [`split`] cuts each file into statements with their line numbers;
//! 2. [`infer`] picks the engine when `--dialect` is not given (or says it can't);
//! 3. [`build`] parses each statement with the engine's sqlparser dialect and applies it
//!    (`table` for CREATE TABLE and constraints, `alter` for ALTER TABLE), skipping what
//!    carries no table structure with one [`Warning`] each, never failing on input;
//! 4. [`finish`] names what was unnamed and reads back the engines' encodings of model
//!    features (SQLite's length CHECKs, MySQL's live columns), then orders the tables.
//!
//! [`emit_rust`] writes the result back as `#[derive(DataModel)]` structs (`--emit rust`).
//!
//! [`inputs`] turns the command line's files and directories (sqlx, diesel, refinery
//! layouts) into the ordered list of sources.

mod alter;
mod build;
pub mod emit_rust;
mod expr;
mod finish;
mod guard;
pub mod infer;
pub mod inputs;
pub mod live;
pub mod split;
mod statements;
mod table;
#[cfg(test)]
mod tests;
pub mod types;

use crate::config::{Engine, Tenancy};
use crate::dialect::dialect_for;
use crate::schema::{Schema, SCHEMA_FORMAT_VERSION};

/// One SQL text and the name warnings give it (a path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub text: String,
}

/// A statement or piece of a file that was skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: String,
    pub line: usize,
    pub reason: String,
    /// Its code: DM052 (a skipped statement), DM054 (a dropped fragment) or DM058 (what
    /// `--emit rust` can't say exactly).
    pub code: &'static str,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

/// What an import produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub schema: Schema,
    /// The engine the SQL was read as (given or inferred).
    pub engine: Engine,
    /// Views, by name: listed, not modelled as tables.
    pub views: Vec<String>,
    /// Everything skipped, in file order.
    pub warnings: Vec<Warning>,
    /// Statements read, skipped ones and non-SQL pieces (COPY data, meta-commands) included.
    pub statements: usize,
}

/// Why nothing could be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// No `--dialect` and the SQL doesn't say which engine it is for.
    Ambiguous(infer::Ambiguous),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Ambiguous(a) => write!(f, "can't tell which engine the SQL is for: {a}"),
        }
    }
}

/// Imports `sources` in order, as `engine`'s SQL (inferred from the text when `None`).
pub fn import(sources: &[Source], engine: Option<Engine>) -> Result<Imported, ImportError> {
    let engine = match engine {
        Some(e) => e,
        None => {
            let all: String = sources
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            infer::infer(&all).map_err(ImportError::Ambiguous)?
        }
    };
    let mut b = build::Builder::new(dialect_for(engine));
    for source in sources {
        b.file = source.name.clone();
        for piece in split::split(&source.text, b.dialect.backslash_escapes()) {
            b.apply(&piece);
        }
    }
    let (mut tables, relationships) = finish::finish(&mut b);
    guard::guard(&mut tables, &b.fragment_at.borrow(), &mut b.warnings);
    Ok(Imported {
        schema: Schema {
            format_version: SCHEMA_FORMAT_VERSION,
            tenancy: Tenancy::None,
            tables,
            relationships,
            tenant_table: None,
        },
        engine,
        views: b.views,
        warnings: b.warnings,
        statements: b.statements,
    })
}

pub(crate) use expr::drop_redundant_parens;

/// Imports one SQL text (tests, benchmarks).
pub fn import_sql(sql: &str, engine: Option<Engine>) -> Result<Imported, ImportError> {
    import(
        &[Source {
            name: "<sql>".into(),
            text: sql.to_string(),
        }],
        engine,
    )
}

/// A SQL expression in a canonical spelling, for comparing what an engine's catalog prints
/// with what was written: identifier quotes, casts on literals (`(0)::numeric`) and
/// parentheses the operators' precedence makes redundant (`(a >= 1) AND (a <= 2)`) removed.
/// The importer keeps expressions as written; the round-trip tests compare through this.
/// Text that doesn't parse comes back unchanged.
pub fn canonical_sql(sql: &str, engine: Engine) -> String {
    let b = build::Builder::new(dialect_for(engine));
    let (text, _) = b.check_expr(sql);
    let parser = b.dialect.sql_parser();
    let parsed = sqlparser::parser::Parser::new(&*parser)
        .try_with_sql(&text)
        .and_then(|mut p| p.parse_expr());
    let Ok(mut expr) = parsed else {
        return text;
    };
    let _ = sqlparser::ast::visit_expressions_mut(&mut expr, |e| {
        expr::drop_redundant_parens(e);
        std::ops::ControlFlow::<()>::Continue(())
    });
    expr.to_string()
}
