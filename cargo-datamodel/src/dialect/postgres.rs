//! PostgreSQL (12+; 13+ for `gen_random_uuid()`, 15+ for `SET NULL (col)`): identity columns, TIMESTAMPTZ, JSONB, partial and covering indexes,
//! GIN/BRIN, `COMMENT ON`, a trigger function for `updated_at`, `SET NULL (col)`, row-level
//! security, schemas.

use super::recipes::{JobScheduler, OnlineDdl, Ttl};
use crate::prose::code_list;
use super::Engine;
use super::migration::{AlterOp, ColumnChange, Online};
use super::{
    decimal, varchar, CommentStyle, Dialect, Feature, MinVersion, TenantDatabase,
    UpdatedAtMechanism, VersionMechanism, HistoryMechanism,
};
use crate::schema::{Column, Table};
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

    fn default_namespace(&self) -> Option<&'static str> {
        Some("public")
    }

    fn catalog(&self) -> super::Catalog {
        super::Catalog::PgCatalog
    }

    fn dump_markers(&self) -> &'static [&'static str] {
        &[
            "postgresql",
            "pg_dump",
            "pg_catalog",
            "serial",
            "bigserial",
            "nextval",
            "::",
            "$$",
            "timestamptz",
            "jsonb",
            "bytea",
            "owner to",
            "create extension",
            "plpgsql",
            "search_path",
            "generated always as identity",
            "comment on",
        ]
    }

    fn folds_unquoted_identifiers(&self) -> bool {
        true
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
        if let Some(opaque) = col.opaque_type() {
            return opaque.to_string();
        }
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

    fn version_mechanism(&self) -> VersionMechanism {
        VersionMechanism::TriggerFunction
    }

    fn history_mechanism(&self) -> HistoryMechanism {
        HistoryMechanism::TriggerFunction
    }

    fn json_object_sql(&self, pairs: &[(String, String)]) -> String {
        let args: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}, {v}", self.string_literal(k)))
            .collect();
        format!("jsonb_build_object({})", args.join(", "))
    }

    fn row_json_sql(&self, row: &str, _columns: &[String]) -> String {
        format!("to_jsonb({row})")
    }

    fn fills_actor_from_setting(&self) -> bool {
        true
    }

    fn drop_trigger(&self, trigger: &str, table: &str) -> String {
        format!("DROP TRIGGER {trigger} ON {table}")
    }

    fn supports_row_level_security(&self) -> bool {
        true
    }

    fn supports_schemas(&self) -> bool {
        true
    }

    fn tenant_database(&self) -> TenantDatabase {
        TenantDatabase::PsqlScript
    }

    fn migration_preamble(&self) -> &'static [&'static str] {
        &[
            "SET lock_timeout = '5s'",
            "SET statement_timeout = '30min'",
        ]
    }

    fn online(&self, op: AlterOp) -> Online {
        match op {
            AlterOp::AddIndex | AlterOp::DropIndex => Online::Concurrently,
            AlterOp::AddForeignKey | AlterOp::AddCheck => Online::NotValidThenValidate,
            AlterOp::SetNotNull => Online::CheckedSetNotNull,
            // Only a longer VARCHAR keeps the stored values as they are; any other type
            // change rewrites the table under ACCESS EXCLUSIVE.
            AlterOp::ChangeType => Online::ShadowColumn,
            _ => Online::Direct,
        }
    }

    fn column_change(&self) -> ColumnChange {
        ColumnChange::AlterClauses
    }

    fn online_ddl(&self) -> OnlineDdl {
        OnlineDdl {
            label: "PG",
            add_column: "metadata-only (PG 11+ constant default)",
            create_index: "CONCURRENTLY",
            add_constraint: "NOT VALID, then VALIDATE",
        }
    }

    fn identity_key_note(&self) -> &'static str {
        "`BIGINT GENERATED ALWAYS AS IDENTITY` on PostgreSQL"
    }

    fn ago_sql(&self, ttl: Ttl) -> String {
        let (n, unit) = ttl.interval();
        format!("now() - interval '{n} {}'", unit.plural_word())
    }

    fn job_scheduler(&self) -> JobScheduler {
        JobScheduler::PgCron
    }

    fn live_table_notes(&self, t: &Table, not_null_without_default: &[String]) -> Vec<String> {
        let q = |s: &str| self.quote_ident(s);
        let tn = self.quote_table(&t.name, t.namespace.as_deref());
        let mut notes = vec![format!(
            "PostgreSQL: run every statement on `{}` after `SET lock_timeout = '5s';` so a blocked ALTER gives up instead of queueing every query behind it; retry on timeout.",
            t.name
        )];
        if !not_null_without_default.is_empty() {
            notes.push(format!(
                "PostgreSQL: NOT NULL without default ({}): add the column nullable, backfill in batches, `ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID`, `VALIDATE CONSTRAINT`, then `SET NOT NULL` (PG 12+ skips the scan) and drop the check. Nullable columns and constant defaults are metadata-only (PG 11+).",
                code_list(not_null_without_default)
            ));
        }
        for i in &t.indexes {
            let cols: Vec<String> = i
                .columns
                .iter()
                .map(|c| {
                    if c.descending {
                        format!("{} DESC", q(&c.name))
                    } else {
                        q(&c.name)
                    }
                })
                .collect();
            notes.push(format!(
                "PostgreSQL: `CREATE {}INDEX CONCURRENTLY {} ON {tn} ({}){};` (outside a transaction; on failure drop the INVALID index and retry).",
                if i.unique { "UNIQUE " } else { "" },
                q(&i.name),
                cols.join(", "),
                i.predicate.as_ref().map(|p| format!(" WHERE {p}")).unwrap_or_default()
            ));
        }
        for fk in &t.foreign_keys {
            notes.push(format!(
                "PostgreSQL: `ALTER TABLE {tn} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} NOT VALID;` then `ALTER TABLE {tn} VALIDATE CONSTRAINT {};` (validation takes only a SHARE UPDATE EXCLUSIVE lock).",
                q(&fk.name),
                fk.columns.iter().map(|c| q(c)).collect::<Vec<_>>().join(", "),
                self.quote_table(&fk.ref_table, fk.ref_namespace.as_deref()),
                fk.ref_columns.iter().map(|c| q(c)).collect::<Vec<_>>().join(", "),
                fk.on_delete.sql(),
                q(&fk.name)
            ));
        }
        for ck in &t.checks {
            notes.push(format!(
                "PostgreSQL: `ALTER TABLE {tn} ADD CONSTRAINT {} CHECK ({}) NOT VALID;` then `VALIDATE CONSTRAINT {}`.",
                q(&ck.name),
                self.check_sql(ck),
                q(&ck.name)
            ));
        }
        notes
    }
}
