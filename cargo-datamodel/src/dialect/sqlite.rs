//! SQLite (3.37+, bundled by rusqlite): `STRICT` tables, so a value of the wrong type is an
//! error as on the other engines (STRICT takes only INTEGER, REAL, TEXT, BLOB and ANY: a
//! decimal is REAL, checked for its scale; JSON is TEXT checked with `json_valid`),
//! `INTEGER PRIMARY KEY` as the rowid alias, ISO-8601 TEXT timestamps, partial indexes, an
//! `AFTER UPDATE` trigger for `updated_at`, comments as SQL comments.
//!
//! SQLite has no `ALTER TABLE ... ADD CONSTRAINT`: FKs that close a cycle are written inline
//! `DEFERRABLE INITIALLY DEFERRED`; SQLite resolves references when rows change, not when
//! tables are created. FKs are only enforced with `PRAGMA foreign_keys = ON` (per connection);
//! the DDL sets it.

use super::recipes::{JobScheduler, OnlineDdl, Ttl};
use super::Engine;
use super::migration::{AlterOp, ColumnChange, Online};
use super::{Dialect, Feature, MinVersion, TenantDatabase, UpdatedAtMechanism, VersionMechanism, HistoryMechanism};
use crate::schema::{Column, Table};
use datamodel::model::ColumnType;

/// SQLite.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sqlite;

/// ISO-8601 UTC with milliseconds, e.g. `2024-05-01T12:00:00.123Z`.
pub const SQLITE_NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

impl Dialect for Sqlite {
    fn engine(&self) -> Engine {
        Engine::Sqlite
    }

    fn name(&self) -> &'static str {
        "sqlite"
    }

    fn display_name(&self) -> &'static str {
        "SQLite"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["sqlite3"]
    }

    fn driver_crates(&self) -> &'static [&'static str] {
        &["rusqlite", "sqlx-sqlite", "libsqlite3-sys"]
    }

    fn init_choice(&self) -> (&'static str, &'static str) {
        (
            "SQLite",
            "Lightweight, limited ALTER TABLE, edge/embedded use cases",
        )
    }

    /// Foreign keys are only enforced with the pragma on (per connection).
    fn script_preamble(&self) -> &'static str {
        "\nPRAGMA foreign_keys = ON;\n"
    }

    fn identity_is_rowid(&self) -> bool {
        true
    }

    fn updated_at_mechanism(&self) -> UpdatedAtMechanism {
        UpdatedAtMechanism::AfterUpdateTrigger
    }

    fn version_mechanism(&self) -> VersionMechanism {
        VersionMechanism::AfterUpdateTrigger
    }

    fn history_mechanism(&self) -> HistoryMechanism {
        HistoryMechanism::BlockTriggers
    }

    fn sql_parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        Box::new(sqlparser::dialect::SQLiteDialect {})
    }

    fn max_ident_len(&self) -> Option<usize> {
        None
    }

    fn int_key_can_overflow(&self) -> bool {
        false
    }

    fn product_names(&self) -> (&'static str, Option<&'static str>) {
        ("SQLite", None)
    }

    fn baseline_version(&self) -> MinVersion {
        MinVersion {
            version: "3.8",
            sibling: None,
        }
    }

    fn min_version(&self, feature: Feature) -> Option<MinVersion> {
        let version = match feature {
            Feature::StrictTables => "3.37",
            // Built in by default since 3.38 (before: only with the JSON1 extension).
            Feature::JsonFunctions => "3.38",
            Feature::PartialIndex => "3.8",
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
        match &col.ty {
            ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt => "INTEGER",
            ColumnType::Real | ColumnType::Double => "REAL",
            ColumnType::Boolean => "INTEGER",
            ColumnType::String | ColumnType::Enum { .. } => "TEXT",
            ColumnType::Bytes => "BLOB",
            ColumnType::Uuid => "TEXT",
            // An 8-byte float: exact to about 15 significant digits (the document says so).
            ColumnType::Decimal => "REAL",
            ColumnType::Json => "TEXT",
            ColumnType::Timestamp { .. } | ColumnType::Date | ColumnType::Time => "TEXT",
        }
        .to_string()
    }

    fn now_sql(&self) -> String {
        format!("({SQLITE_NOW})")
    }

    fn new_uuid_sql(&self) -> String {
        // A version-4 UUID in canonical text form.
        "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))".into()
    }

    fn type_check(&self, col: &Column, quoted: &str) -> Option<String> {
        match (&col.ty, col.scale) {
            (ColumnType::Json, _) => Some(format!("json_valid({quoted})")),
            (ColumnType::Decimal, Some(s)) => Some(format!("{quoted} = round({quoted}, {s})")),
            _ => None,
        }
    }

    fn catalog(&self) -> super::Catalog {
        super::Catalog::SqliteMaster
    }

    fn dump_markers(&self) -> &'static [&'static str] {
        &[
            "sqlite",
            "sqlite_sequence",
            "pragma",
            "autoincrement",
            "strict",
            "without rowid",
        ]
    }

    fn strict_tables(&self) -> bool {
        true
    }

    fn supports_partial_index(&self) -> bool {
        true
    }

    /// TEXT has no length: `VARCHAR(n)` would be accepted and ignored.
    fn enforces_varchar_length(&self) -> bool {
        false
    }

    fn supports_alter_add_foreign_key(&self) -> bool {
        false
    }

    fn tenant_database(&self) -> TenantDatabase {
        TenantDatabase::File
    }

    fn online(&self, op: AlterOp) -> Online {
        match op {
            AlterOp::AddColumn | AlterOp::RenameColumn | AlterOp::AddIndex | AlterOp::DropIndex => {
                Online::Direct
            }
            _ => Online::Rebuild,
        }
    }

    fn column_change(&self) -> ColumnChange {
        ColumnChange::Rebuild
    }

    fn rebuild_envelope(&self) -> (&'static [&'static str], &'static [&'static str]) {
        (
            &["PRAGMA foreign_keys = OFF", "BEGIN"],
            &[
                // `PRAGMA foreign_key_check` only lists violations; counting them into a
                // column that must be 0 makes one abort the migration before COMMIT.
                "CREATE TEMP TABLE \"_dm_foreign_key_violations\" (\"n\" INTEGER NOT NULL CHECK (\"n\" = 0))",
                "INSERT INTO \"_dm_foreign_key_violations\" SELECT count(*) FROM pragma_foreign_key_check",
                "DROP TABLE \"_dm_foreign_key_violations\"",
                "COMMIT",
                "PRAGMA foreign_keys = ON",
            ],
        )
    }

    fn online_ddl(&self) -> OnlineDdl {
        OnlineDdl {
            label: "SQLite",
            add_column: "ADD COLUMN",
            create_index: "CREATE INDEX (short write lock)",
            add_constraint: "table rebuild",
        }
    }

    fn identity_key_note(&self) -> &'static str {
        "`INTEGER PRIMARY KEY` (the rowid) on SQLite"
    }

    fn is_distinct_from(&self, left: &str, right: &str) -> String {
        format!("{left} IS NOT {right}")
    }

    fn ago_sql(&self, ttl: Ttl) -> String {
        let (n, unit) = ttl.interval();
        format!(
            "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-{n} {}')",
            unit.plural_word()
        )
    }

    fn job_scheduler(&self) -> JobScheduler {
        JobScheduler::Application
    }

    fn live_table_notes(&self, t: &Table, _not_null_without_default: &[String]) -> Vec<String> {
        vec![format!(
            "SQLite: `ALTER TABLE {} ADD COLUMN` only; a new constraint, foreign key or type change rebuilds the table (create the new table, copy, drop, rename, in one transaction with `PRAGMA foreign_keys = OFF`).",
            self.quote_table(&t.name, t.namespace.as_deref())
        )]
    }

    fn floor_caveat(&self) -> Option<&'static str> {
        Some("with `PRAGMA foreign_keys = ON` per connection (foreign keys are off by default); ALTER TABLE only adds columns. `STRICT` tables reject a value of the wrong type, but SQLite still can't enforce date, time and UUID formats (stored as TEXT) or a decimal's precision (an 8-byte REAL, exact to about 15 digits; only its scale is checked)")
    }
}
