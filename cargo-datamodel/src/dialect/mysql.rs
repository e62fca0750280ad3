//! MySQL 8 / MariaDB 10.11: backtick quoting, AUTO_INCREMENT, DATETIME(6), inline indexes and
//! comments, `ON UPDATE CURRENT_TIMESTAMP(6)` for `updated_at`.
//!
//! No partial indexes: a partial unique index is emulated with a STORED generated column
//! (the Schema's `live_column`, `IF(<predicate>, 1, NULL)`) appended to the unique key. Rows
//! outside the predicate hold NULL there, and NULLs never collide in a unique key, so only
//! live rows are unique.
//!
//! Backslash is an escape character in MySQL string literals unless the session's `sql_mode`
//! has `NO_BACKSLASH_ESCAPES`, and no literal reads the same both ways. So literals double
//! it, and every script starts with [`Dialect::script_preamble`], which takes
//! `NO_BACKSLASH_ESCAPES` out of the session's `sql_mode` (keeping every other mode).

use super::recipes::{JobScheduler, OnlineDdl, PartialIndexNote, Ttl};
use super::Engine;
use super::migration::{AlterOp, ColumnChange, Online};
use super::{
    decimal, varchar, CommentStyle, Dialect, Feature, MinVersion, TenantDatabase,
    UpdatedAtMechanism, VersionMechanism, HistoryMechanism,
};
use crate::schema::{Column, Table};
use datamodel::model::{ColumnType, IndexMethod};

/// MySQL and MariaDB.
#[derive(Debug, Clone, Copy, Default)]
pub struct MySql;

impl Dialect for MySql {
    fn engine(&self) -> Engine {
        Engine::Mysql
    }

    fn name(&self) -> &'static str {
        "mysql"
    }

    fn display_name(&self) -> &'static str {
        "MySQL/MariaDB"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["mariadb"]
    }

    fn driver_crates(&self) -> &'static [&'static str] {
        &["mysql", "mysql_async", "sqlx-mysql"]
    }

    fn init_choice(&self) -> (&'static str, &'static str) {
        (
            "MySQL",
            "INSTANT DDL (8.0+), InnoDB clustered index, CHECK (8.0.16+)",
        )
    }

    fn sql_parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(sqlparser::dialect::MySqlDialect {})
    }

    fn product_names(&self) -> (&'static str, Option<&'static str>) {
        ("MySQL", Some("MariaDB"))
    }

    fn baseline_version(&self) -> MinVersion {
        MinVersion {
            version: "8.0",
            sibling: Some("10.2"),
        }
    }

    fn min_version(&self, feature: Feature) -> Option<MinVersion> {
        let (version, sibling) = match feature {
            // Parsed and ignored before 8.0.16.
            Feature::CheckConstraints => ("8.0.16", "10.2.1"),
            Feature::UuidDefault | Feature::ExpressionDefault => ("8.0.13", "10.2.1"),
            Feature::GeneratedColumn => ("5.7.6", "10.2.1"),
            Feature::JsonColumn => ("5.7.8", "10.2.7"),
            _ => return None,
        };
        Some(MinVersion {
            version,
            sibling: Some(sibling),
        })
    }

    fn quote_ident(&self, raw: &str) -> String {
        super::enclose(raw, '`')
    }

    fn string_literal(&self, s: &str) -> String {
        super::standard_string_literal(&s.replace('\\', "\\\\"))
    }

    fn script_preamble(&self) -> &'static str {
        "\n-- String literals below double each backslash: read them with backslash escapes on.\n\
SET SESSION sql_mode = TRIM(BOTH ',' FROM REPLACE(CONCAT(',', @@SESSION.sql_mode, ','), ',NO_BACKSLASH_ESCAPES,', ','));\n"
    }

    fn max_ident_len(&self) -> Option<usize> {
        Some(64)
    }

    /// In the tables' collation (`utf8mb4_unicode_ci`, see the DDL), not the connection's:
    /// comparing two collations is an error ("Illegal mix of collations").
    fn cast_to_text(&self, expr: &str) -> String {
        format!("CAST({expr} AS CHAR) COLLATE utf8mb4_unicode_ci")
    }

    fn column_type(&self, col: &Column) -> String {
        if let Some(opaque) = col.opaque_type() {
            return opaque.to_string();
        }
        let base = match &col.ty {
            ColumnType::SmallInt => "SMALLINT".to_string(),
            ColumnType::Integer => "INT".to_string(),
            ColumnType::BigInt => "BIGINT".to_string(),
            ColumnType::Real => "FLOAT".to_string(),
            ColumnType::Double => "DOUBLE".to_string(),
            ColumnType::Boolean => "TINYINT(1)".to_string(),
            ColumnType::String | ColumnType::Enum { .. } => varchar(col, "LONGTEXT"),
            ColumnType::Bytes => "LONGBLOB".to_string(),
            ColumnType::Uuid => "CHAR(36)".to_string(),
            ColumnType::Decimal => decimal(col, "DECIMAL", "DECIMAL(65,30)"),
            ColumnType::Json => "JSON".to_string(),
            ColumnType::Timestamp { .. } => "DATETIME(6)".to_string(),
            ColumnType::Date => "DATE".to_string(),
            ColumnType::Time => "TIME(6)".to_string(),
        };
        if col.identity {
            format!("{base} AUTO_INCREMENT")
        } else {
            base
        }
    }

    fn now_sql(&self) -> String {
        "CURRENT_TIMESTAMP(6)".into()
    }

    fn new_uuid_sql(&self) -> String {
        "(UUID())".into()
    }

    fn backslash_escapes(&self) -> bool {
        true
    }

    fn catalog_omits_restrict(&self) -> bool {
        true
    }

    fn indexes_foreign_keys(&self) -> bool {
        true
    }

    fn catalog(&self) -> super::Catalog {
        super::Catalog::ShowCreate
    }

    fn dump_markers(&self) -> &'static [&'static str] {
        &[
            "mysql",
            "mariadb",
            "mysqldump",
            "`",
            "auto_increment",
            "engine=",
            "/*!",
            "delimiter",
            "unsigned",
            "longtext",
            "tinyint",
            "charset",
            "utf8mb4",
        ]
    }

    fn supports_index_method(&self, method: IndexMethod) -> bool {
        method == IndexMethod::Btree
    }

    fn inline_indexes(&self) -> bool {
        true
    }

    fn updated_at_mechanism(&self) -> UpdatedAtMechanism {
        UpdatedAtMechanism::OnUpdateClause
    }

    fn version_mechanism(&self) -> VersionMechanism {
        VersionMechanism::BeforeUpdateSet
    }

    fn history_mechanism(&self) -> HistoryMechanism {
        HistoryMechanism::SingleStatementTriggers
    }

    fn json_object_sql(&self, pairs: &[(String, String)]) -> String {
        let args: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}, {v}", self.string_literal(k)))
            .collect();
        format!("JSON_OBJECT({})", args.join(", "))
    }

    fn live_column_sql(&self, quoted: &str, predicate: &str) -> Option<String> {
        Some(format!(
            "{quoted} TINYINT AS (IF({predicate}, 1, NULL)) STORED"
        ))
    }

    fn table_options(&self) -> &'static str {
        " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"
    }

    fn comment_style(&self) -> CommentStyle {
        CommentStyle::Inline
    }

    fn tenant_database(&self) -> TenantDatabase {
        TenantDatabase::QualifiedPreparedStatements
    }

    fn migration_preamble(&self) -> &'static [&'static str] {
        &["SET SESSION lock_wait_timeout = 5"]
    }

    fn online(&self, op: AlterOp) -> Online {
        const INSTANT: Online = Online::Clause("ALGORITHM=INSTANT");
        const INPLACE: Online = Online::Clause("ALGORITHM=INPLACE, LOCK=NONE");
        const COPY: Online = Online::Copy("ALGORITHM=COPY");
        // A VARCHAR's length prefix is one byte up to 255 bytes (utf8mb4: 4 bytes a
        // character); InnoDB widens it in place only while the prefix keeps its size.
        let prefix = |chars: u32| if chars * 4 > 255 { 2 } else { 1 };
        match op {
            AlterOp::AddColumn
            | AlterOp::DropColumn
            | AlterOp::RenameColumn
            | AlterOp::SetDefault
            | AlterOp::DropCheck
            | AlterOp::RenamePrimaryKey => INSTANT,
            AlterOp::WidenString { from, to } if prefix(from) == prefix(to) => INSTANT,
            AlterOp::AddIndex
            | AlterOp::DropIndex
            | AlterOp::DropForeignKey
            | AlterOp::DropNotNull
            | AlterOp::ChangePrimaryKey
            | AlterOp::UpdatedAtClause => INPLACE,
            // MariaDB rebuilds in place only under a strict sql_mode, which a migration
            // can't assume.
            AlterOp::SetNotNull
            | AlterOp::AddComputedColumn
            | AlterOp::WidenString { .. }
            | AlterOp::ChangeType
            | AlterOp::AddForeignKey
            | AlterOp::AddCheck => COPY,
        }
    }

    fn column_change(&self) -> ColumnChange {
        ColumnChange::ModifyDefinition
    }

    fn drop_foreign_key_clause(&self, name: &str) -> String {
        format!("DROP FOREIGN KEY {name}")
    }

    fn drop_primary_key_clause(&self, _name: &str) -> String {
        "DROP PRIMARY KEY".into()
    }

    fn rename_primary_key_clause(&self, _from: &str, _to: &str) -> Option<String> {
        None // always `PRIMARY`
    }

    fn drop_column_drops_constant_checks(&self) -> bool {
        true
    }

    fn index_names_are_per_table(&self) -> bool {
        true
    }

    fn online_ddl(&self) -> OnlineDdl {
        OnlineDdl {
            label: "MySQL",
            add_column: "ALGORITHM=INSTANT",
            create_index: "ALGORITHM=INPLACE, LOCK=NONE",
            add_constraint: "validates every row: pt-online-schema-change",
        }
    }

    fn identity_key_note(&self) -> &'static str {
        "`BIGINT AUTO_INCREMENT` on MySQL/MariaDB (short keys matter: InnoDB stores the primary key in every secondary index)"
    }

    /// `<=>` is MySQL's NULL-safe equality.
    fn is_distinct_from(&self, left: &str, right: &str) -> String {
        format!("NOT ({left} <=> {right})")
    }

    fn ago_sql(&self, ttl: Ttl) -> String {
        let (n, unit) = ttl.interval();
        format!("NOW() - INTERVAL {n} {}", unit.keyword())
    }

    fn job_scheduler(&self) -> JobScheduler {
        JobScheduler::Event
    }

    fn live_table_notes(&self, t: &Table, _not_null_without_default: &[String]) -> Vec<String> {
        let mut notes = vec![format!(
            "MySQL/MariaDB: state the algorithm on every ALTER of `{}` so it fails instead of silently copying: `ALGORITHM=INSTANT` for added columns (MySQL 8.0.12+, MariaDB 10.3+), `ALGORITHM=INPLACE, LOCK=NONE` for added indexes.",
            t.name
        )];
        if !t.foreign_keys.is_empty() || !t.checks.is_empty() {
            notes.push(
                "MySQL/MariaDB: adding a foreign key or a CHECK validates every row (COPY, or INPLACE only with `foreign_key_checks=0`): on a large table run it with pt-online-schema-change (gh-ost does not support tables with foreign keys)."
                    .into(),
            );
        }
        notes.push(
            "MySQL/MariaDB: a column type change is a COPY: run it with gh-ost or pt-online-schema-change, or expand-contract into a new column."
                .into(),
        );
        notes
    }

    fn partial_index_note(&self) -> Option<PartialIndexNote> {
        Some(PartialIndexNote {
            no_partial_indexes: "MySQL/MariaDB have no partial indexes: a partial index covers all rows there",
            live_columns: ", and a partial unique key gets a generated column (`IF(<predicate>, 1, NULL)`) appended so rows outside the predicate never conflict: ",
        })
    }
}
