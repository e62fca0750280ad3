//! PostgreSQL (12+; 13+ for `gen_random_uuid()`, 15+ for `SET NULL (col)`): identity columns, TIMESTAMPTZ, JSONB, partial and covering indexes,
//! GIN/BRIN, `COMMENT ON`, a trigger function for `updated_at`, `SET NULL (col)`, row-level
//! security, schemas.

use super::Engine;
use super::{decimal, varchar, CommentStyle, Dialect, Feature, MinVersion, UpdatedAtMechanism};
use crate::schema::Column;
use datamodel::model::{ColumnType, IndexMethod};

/// PostgreSQL.
#[derive(Debug, Clone, Copy, Default)]
pub struct Postgres;

impl Dialect for Postgres {
    fn engine(&self) -> Engine {
        Engine::Postgres
    }

    fn name(&self) -> &'static str {
        "postgres"
    }

    fn display_name(&self) -> &'static str {
        "PostgreSQL"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["postgresql", "pg"]
    }

    fn driver_crates(&self) -> &'static [&'static str] {
        &[
            "tokio-postgres",
            "postgres",
            "sqlx-postgres",
            "deadpool-postgres",
            "bb8-postgres",
        ]
    }

    fn init_choice(&self) -> (&'static str, &'static str) {
        (
            "PostgreSQL",
            "Full constraint support, JSONB, RLS, transactional DDL",
        )
    }

    fn sql_parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(sqlparser::dialect::PostgreSqlDialect {})
    }

    fn has_binary_json(&self) -> bool {
        true
    }

    fn scales_out_with_citus(&self) -> bool {
        true
    }

    fn distinguishes_time_zones(&self) -> bool {
        true
    }

    fn product_names(&self) -> (&'static str, Option<&'static str>) {
        ("PostgreSQL", None)
    }

    fn baseline_version(&self) -> MinVersion {
        MinVersion {
            version: "12",
            sibling: None,
        }
    }

    fn min_version(&self, feature: Feature) -> Option<MinVersion> {
        let version = match feature {
            Feature::SetNullColumns => "15",
            // Built in since 13 (before: the pgcrypto extension).
            Feature::UuidDefault => "13",
            Feature::CoveringIndex => "11",
            _ => return None,
        };
        Some(MinVersion {
            version,
            sibling: None,
        })
    }

    fn column_type(&self, col: &Column) -> String {
        let base = match &col.ty {
            ColumnType::SmallInt => "SMALLINT".to_string(),
            ColumnType::Integer => "INTEGER".to_string(),
            ColumnType::BigInt => "BIGINT".to_string(),
            ColumnType::Real => "REAL".to_string(),
            ColumnType::Double => "DOUBLE PRECISION".to_string(),
            ColumnType::Boolean => "BOOLEAN".to_string(),
            ColumnType::String | ColumnType::Enum { .. } => varchar(col, "TEXT"),
            ColumnType::Bytes => "BYTEA".to_string(),
            ColumnType::Uuid => "UUID".to_string(),
            ColumnType::Decimal => decimal(col, "NUMERIC", "NUMERIC"),
            ColumnType::Json => "JSONB".to_string(),
            ColumnType::Timestamp {
                with_time_zone: true,
            } => "TIMESTAMPTZ".to_string(),
            ColumnType::Timestamp {
                with_time_zone: false,
            } => "TIMESTAMP".to_string(),
            ColumnType::Date => "DATE".to_string(),
            ColumnType::Time => "TIME".to_string(),
        };
        if col.identity {
            format!("{base} GENERATED ALWAYS AS IDENTITY")
        } else {
            base
        }
    }

    fn now_sql(&self) -> String {
        "now()".into()
    }

    fn new_uuid_sql(&self) -> String {
        "gen_random_uuid()".into()
    }

    fn supports_partial_index(&self) -> bool {
        true
    }

    fn supports_include(&self) -> bool {
        true
    }

    fn supports_index_method(&self, _method: IndexMethod) -> bool {
        true
    }

    fn supports_set_null_columns(&self) -> bool {
        true
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::CommentOn
    }

    fn updated_at_mechanism(&self) -> UpdatedAtMechanism {
        UpdatedAtMechanism::TriggerFunction
    }

    fn supports_row_level_security(&self) -> bool {
        true
    }

    fn supports_schemas(&self) -> bool {
        true
    }
}
