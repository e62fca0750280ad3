//! Columns: from struct fields, and the ones the resolver adds (primary key, timestamps,
//! `deleted_at`, public uuid, discriminator), plus the CHECKs a field implies (enum values,
//! `min`/`max`/`positive`, a written `check`).
//!
//! Every user SQL fragment met here (defaults, checks) goes through `sql_guard` first; a
//! rejected fragment becomes a Diagnostic naming the entity and field.

use super::sql_guard::{self, FragmentKind};
use super::{Check, CheckRule, Column, ColumnOrigin, DefaultValue};
use datamodel::model::{ColumnType, Entity, Field};
use datamodel::validate::{Diagnostic, Severity};

/// Diagnostic codes of the resolve step (declared, with their explanations, in
/// [`crate::diagnostics::model_codes`]).
pub use crate::diagnostics::model_codes::codes;

pub(crate) fn error(
    code: &str,
    entity: &Entity,
    field: Option<&str>,
    message: String,
    help: &str,
) -> Diagnostic {
    Diagnostic {
        code: code.into(),
        severity: Severity::Error,
        entity: Some(entity.type_path.clone()),
        field: field.map(str::to_string),
        message,
        help: Some(help.to_string()),
    }
}

/// Validates a user SQL fragment for every engine the tool can render (not only the
/// configured ones: `ddl --engine` renders any), or records a Diagnostic.
pub(crate) fn guard(
    sql: &str,
    what: &str,
    kind: FragmentKind,
    entity: &Entity,
    field: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    match sql_guard::check_fragment(sql, kind) {
        Ok(s) => Some(s),
        Err(e) => {
            let at = match field {
                Some(f) => format!("`{}.{f}`", entity.rust_name),
                None => format!("`{}`", entity.rust_name),
            };
            diags.push(error(
                codes::UNSAFE_SQL,
                entity,
                field,
                format!("the {what} of {at} is rejected: {e}"),
                "write exactly one SQL expression that every engine reads the same way, e.g. `price > 0`: no statements, `;`, comments, backslashes, double-quoted strings, subqueries or server functions; CHECK and index WHERE also take no volatile calls such as `now()` or `random()`",
            ));
            None
        }
    }
}

/// A timestamp column with time zone.
fn timestamp() -> ColumnType {
    ColumnType::Timestamp {
        with_time_zone: true,
    }
}

/// A column the resolver adds (not from a field).
pub(crate) fn added(name: &str, origin: ColumnOrigin, ty: ColumnType, nullable: bool) -> Column {
    Column {
        nullable,
        ..Column::new(name, origin, ty)
    }
}

/// `created_at` / `updated_at`: NOT NULL, default now.
pub(crate) fn timestamp_column(name: &str, origin: ColumnOrigin) -> Column {
    let mut c = added(name, origin, timestamp(), false);
    c.default = Some(DefaultValue::Now);
    c.comment = Some(match origin {
        ColumnOrigin::UpdatedAt => "When the row was last changed.".into(),
        _ => "When the row was created.".into(),
    });
    c
}

/// `version`: BIGINT NOT NULL DEFAULT 1, incremented by the engine on every UPDATE.
pub(crate) fn version_column() -> Column {
    let mut c = added(
        super::VERSION_COLUMN,
        ColumnOrigin::Version,
        ColumnType::BigInt,
        false,
    );
    c.default = Some(DefaultValue::Expr("1".into()));
    c.comment =
        Some("Optimistic locking: 1 on insert, incremented by the engine on every update.".into());
    c
}

/// `deleted_at`: nullable; set instead of deleting the row.
pub(crate) fn deleted_at_column() -> Column {
    let mut c = added("deleted_at", ColumnOrigin::DeletedAt, timestamp(), true);
    c.comment = Some("Soft delete: set instead of deleting the row; NULL while live.".into());
    c
}

/// `archived_at`: nullable; an archival table's retention job sets it instead of deleting the
/// row (the rows are then moved to cold storage outside the database's jobs).
pub(crate) fn archived_at_column() -> Column {
    let mut c = added("archived_at", ColumnOrigin::ArchivedAt, timestamp(), true);
    c.comment =
        Some("Archival: set when the row is due for cold storage; NULL while current.".into());
    c
}

/// Is this an integer type an identity can generate?
pub(crate) fn is_integer(ty: &ColumnType) -> bool {
    matches!(
        ty,
        ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt
    )
}

/// Defaults meaning "the current timestamp", spelled per dialect.
const NOW_DEFAULTS: &[&str] = &["now()", "now", "current_timestamp", "current_timestamp()"];
/// Defaults meaning "a new random UUID", spelled per dialect.
const UUID_DEFAULTS: &[&str] = &["gen_random_uuid()", "uuid()", "new_uuid()"];

/// Is this (lower-cased) default one of the well-known expressions every dialect spells?
pub(crate) fn is_known_default(lower: &str) -> bool {
    NOW_DEFAULTS.contains(&lower) || UUID_DEFAULTS.contains(&lower)
}

/// Interprets a written default: well-known functions become [`DefaultValue::Now`] /
/// [`DefaultValue::NewUuid`] (spelled per dialect), a bare enum value gets quoted, anything
/// else must pass `sql_guard`.
pub(crate) fn default_value(
    f: &Field,
    entity: &Entity,
    diags: &mut Vec<Diagnostic>,
) -> Option<DefaultValue> {
    let raw = f.default.as_deref()?.trim();
    let lower = raw.to_ascii_lowercase();
    if NOW_DEFAULTS.contains(&lower.as_str()) {
        return Some(DefaultValue::Now);
    }
    if UUID_DEFAULTS.contains(&lower.as_str()) {
        return Some(DefaultValue::NewUuid);
    }
    if let ColumnType::Enum { values, .. } = &f.ty {
        if values.iter().any(|v| v == raw) {
            return Some(DefaultValue::Text(raw.to_string()));
        }
    }
    guard(
        raw,
        "default",
        FragmentKind::Default,
        entity,
        Some(&f.rust_name),
        diags,
    )
    .map(DefaultValue::Expr)
}

/// The column for a struct field, named `name`.
pub(crate) fn field_column(
    f: &Field,
    name: &str,
    entity: &Entity,
    diags: &mut Vec<Diagnostic>,
) -> Column {
    let max_length = match &f.ty {
        ColumnType::String if f.text => None,
        ColumnType::String => match f.max_length {
            Some(n) => Some(n),
            None => {
                diags.push(error(
                    codes::STRING_WITHOUT_LENGTH,
                    entity,
                    Some(&f.rust_name),
                    format!(
                        "`{}.{}` is a String with no length: every VARCHAR needs one",
                        entity.rust_name, f.rust_name
                    ),
                    "add `#[datamodel(max_length = 255)]`, or `#[datamodel(text)]` for unbounded text",
                ));
                Some(255)
            }
        },
        ColumnType::Enum { values, .. } => Some(
            values
                .iter()
                .map(|v| v.chars().count() as u32)
                .max()
                .unwrap_or(1)
                .max(1),
        ),
        _ => None,
    };
    Column {
        name: name.to_string(),
        field: Some(f.rust_name.clone()),
        origin: ColumnOrigin::Field,
        ty: f.ty.clone(),
        max_length,
        precision: f.precision,
        scale: f.scale,
        nullable: f.nullable,
        default: default_value(f, entity, diags),
        identity: false,
        comment: f.comment.clone(),
        pii: f.pii,
        // Shortened as the column name was, so that it names the column the snapshot has.
        renamed_from: f.renamed_from.as_deref().map(super::names::shorten),
        unhashed_name: (f.column.len() > super::MAX_IDENT_LEN).then(|| f.column.clone()),
        source_line: (f.line > 0).then_some(f.line),
        allow: f.allow.clone(),
        rust_type: Some(f.rust_type.clone()).filter(|s| !s.is_empty()),
        imported_type: None,
    }
}

/// The CHECKs a field implies, unnamed (names are given once the table is complete).
/// Returns `(kind, rule, expr)` triples.
pub(crate) fn field_checks(
    f: &Field,
    column: &str,
    entity: &Entity,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Check> {
    let mut out = Vec::new();
    if let ColumnType::Enum { values, .. } = &f.ty {
        let rule = CheckRule::In {
            column: column.to_string(),
            values: values.clone(),
        };
        out.push(check(column, "enum", rule));
    }
    let mut bound = |v: &Option<String>, what: &str| -> Option<String> {
        let v = v.as_deref()?.trim();
        if sql_guard::is_number(v) {
            Some(v.to_string())
        } else {
            diags.push(error(
                codes::BAD_BOUND,
                entity,
                Some(&f.rust_name),
                format!(
                    "`{what} = {v}` on `{}.{}` is not a number",
                    entity.rust_name, f.rust_name
                ),
                "write a numeric literal, e.g. `min = 0`",
            ));
            None
        }
    };
    let min = bound(&f.min, "min");
    let max = bound(&f.max, "max");
    if min.is_some() || max.is_some() {
        let rule = CheckRule::Range {
            column: column.to_string(),
            min,
            max,
            exclusive_min: false,
        };
        out.push(check(column, "range", rule));
    }
    if f.positive {
        let rule = CheckRule::Range {
            column: column.to_string(),
            min: Some("0".into()),
            max: None,
            exclusive_min: true,
        };
        out.push(check(column, "positive", rule));
    }
    if let Some(expr) = &f.check {
        if let Some(expr) = guard(
            expr,
            "check",
            FragmentKind::Check,
            entity,
            Some(&f.rust_name),
            diags,
        ) {
            out.push(Check {
                name: String::new(),
                expr,
                column: Some(column.to_string()),
                kind: "check".into(),
                rule: CheckRule::Custom,
                unhashed_name: None,
            });
        }
    }
    out
}

/// A generated check on `column` with its neutral SQL spelling in `expr`.
pub(crate) fn check(column: &str, kind: &str, rule: CheckRule) -> Check {
    Check {
        name: String::new(),
        // Engine-neutral text for lints and the schema JSON; the DDL renders `rule` per dialect.
        expr: rule_sql(
            &rule,
            &|s: &str| s.to_string(),
            &crate::dialect::standard_string_literal,
        ),
        column: Some(column.to_string()),
        kind: kind.into(),
        rule,
        unhashed_name: None,
    }
}

/// Renders a [`CheckRule`] with the given identifier quoting (`Custom` has no structure and
/// renders empty: use [`Check::expr`]).
pub fn rule_sql(
    rule: &CheckRule,
    quote: &dyn Fn(&str) -> String,
    literal: &dyn Fn(&str) -> String,
) -> String {
    match rule {
        CheckRule::Custom => String::new(),
        CheckRule::In { column, values } => {
            let vals: Vec<String> = values.iter().map(|v| literal(v)).collect();
            format!("{} IN ({})", quote(column), vals.join(", "))
        }
        CheckRule::Range {
            column,
            min,
            max,
            exclusive_min,
        } => {
            let c = quote(column);
            let mut parts = Vec::new();
            if let Some(m) = min {
                let op = if *exclusive_min { ">" } else { ">=" };
                parts.push(format!("{c} {op} {m}"));
            }
            if let Some(m) = max {
                parts.push(format!("{c} <= {m}"));
            }
            parts.join(" AND ")
        }
    }
}
