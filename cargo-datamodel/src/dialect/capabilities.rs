//! The values capability methods of [`super::Dialect`] answer with: what a dialect does
//! (how `updated_at` is kept, how a soft-delete unique key is emulated, where its catalog is)
//! said as a kind, never as "is it this engine".

/// A DDL feature that needs a minimum engine release. [`floor::features_used`] finds the ones a
/// Schema's DDL uses; each dialect says since when it runs them ([`Dialect::min_version`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feature {
    /// `CREATE TABLE ... STRICT`.
    StrictTables,
    /// `ON DELETE SET NULL (col, ...)`.
    SetNullColumns,
    /// Enforced `CHECK` constraints.
    CheckConstraints,
    /// A new-UUID default (`gen_random_uuid()`, `(UUID())`).
    UuidDefault,
    /// A default that is an expression, not a literal (`DEFAULT (expr)`).
    ExpressionDefault,
    /// A JSON column type.
    JsonColumn,
    /// JSON functions in the DDL (`json_valid`).
    JsonFunctions,
    /// `CREATE INDEX ... WHERE predicate`.
    PartialIndex,
    /// `INCLUDE (...)` covering columns.
    CoveringIndex,
    /// A stored generated column (MySQL's `live_column`).
    GeneratedColumn,
    /// Row-level security policies (`FORCE ROW LEVEL SECURITY`).
    RowLevelSecurity,
}

impl Feature {
    /// What the document calls it.
    pub fn describe(self) -> &'static str {
        match self {
            Feature::StrictTables => "`STRICT` tables",
            Feature::SetNullColumns => "`ON DELETE SET NULL (col)`",
            Feature::CheckConstraints => "enforced CHECK constraints",
            Feature::UuidDefault => "a UUID default",
            Feature::ExpressionDefault => "an expression default",
            Feature::JsonColumn => "a JSON column",
            Feature::JsonFunctions => "built-in JSON functions: `json_valid`",
            Feature::PartialIndex => "a partial index",
            Feature::CoveringIndex => "an `INCLUDE` index",
            Feature::GeneratedColumn => "a stored generated column",
            Feature::RowLevelSecurity => "row-level security",
        }
    }
}

/// The oldest release of an engine (and of its sibling product: MariaDB for MySQL) that runs
/// something. Versions are dotted numbers (`15`, `8.0.16`, `3.37`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinVersion {
    pub version: &'static str,
    pub sibling: Option<&'static str>,
}

/// How a table's `updated_at` is kept current on UPDATE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdatedAtMechanism {
    /// One `plpgsql` trigger function for the script, and a `BEFORE UPDATE ... EXECUTE
    /// FUNCTION` trigger per table (PostgreSQL).
    TriggerFunction,
    /// `ON UPDATE <now>` in the column definition (MySQL/MariaDB).
    OnUpdateClause,
    /// An `AFTER UPDATE` trigger per table that sets the column on the row it finds by its
    /// `rowid` (SQLite).
    AfterUpdateTrigger,
}

/// How an optimistically locked table's `version` is incremented on UPDATE.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionMechanism {
    /// A `BEFORE UPDATE ... EXECUTE FUNCTION` trigger calling a shared `plpgsql` function
    /// (`NEW.version := OLD.version + 1`); folded into the table's `updated_at` trigger when it
    /// has one, so each row gets one trigger (PostgreSQL).
    TriggerFunction,
    /// A `BEFORE UPDATE` trigger of one statement, `SET NEW.version = OLD.version + 1`
    /// (MySQL/MariaDB).
    BeforeUpdateSet,
    /// An `AFTER UPDATE` trigger that updates the row again by its `rowid` when the UPDATE left
    /// `version` unchanged (the guard that also stops recursion); folded into the table's
    /// `updated_at` trigger when it has one, since that trigger's own UPDATE would fire a
    /// second trigger and count twice (SQLite).
    AfterUpdateTrigger,
}

impl VersionMechanism {
    /// The `version` increment shares the table's `updated_at` trigger (one trigger per row).
    pub fn folds_into_updated_at_trigger(self) -> bool {
        matches!(
            self,
            VersionMechanism::TriggerFunction | VersionMechanism::AfterUpdateTrigger
        )
    }
}

/// How an audited table's changes reach the shared `audit_log` (`audit(history)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryMechanism {
    /// A `plpgsql` function per table, run by an `AFTER INSERT`, `AFTER UPDATE` and `AFTER
    /// DELETE` trigger; the append-only guard is a function raising an exception (PostgreSQL).
    TriggerFunction,
    /// Three `AFTER` triggers whose body is the one `INSERT`; the guard `SIGNAL`s (MySQL/MariaDB).
    SingleStatementTriggers,
    /// Three `AFTER` triggers with a `BEGIN .. END` body; the guard `RAISE(ABORT, ..)`s; the
    /// `AFTER UPDATE` trigger skips the UPDATE the `updated_at` / `version` trigger makes
    /// (SQLite).
    BlockTriggers,
}

/// Where table and column comments go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentStyle {
    /// `COMMENT ON TABLE` / `COMMENT ON COLUMN` statements after the table (PostgreSQL).
    CommentOn,
    /// `COMMENT '...'` clauses inside `CREATE TABLE` (MySQL/MariaDB).
    Inline,
    /// The engine stores no comments: `--` SQL comments before the table (SQLite).
    SqlComment,
}

/// How a unique key that binds only some rows (a soft-deleted table's keys: live rows only)
/// is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartialUniqueKey {
    /// `CREATE UNIQUE INDEX ... WHERE predicate`.
    PartialIndex,
    /// The Schema's `live_column`, a stored generated column that is 1 where the predicate
    /// holds and NULL elsewhere ([`Dialect::live_column_sql`]), appended to the unique key:
    /// NULLs never collide, so only the rows of the predicate are unique.
    GeneratedLiveColumn,
}

/// How a new tenant's database is brought up, with every table of the model in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenantDatabase {
    /// `CREATE DATABASE` cannot run in a transaction or a function: a psql script creates
    /// it, connects to it and runs the template (PostgreSQL).
    PsqlScript,
    /// A schema is a database: a script creates it and every table as prepared statements on
    /// database-qualified names, the name taken from a session variable (MySQL/MariaDB).
    QualifiedPreparedStatements,
    /// A database is a file of its own: the template, run on a new file (SQLite).
    File,
}

/// How `import --database-url` reads a live database's schema as DDL the importer parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Catalog {
    /// The `CREATE` statements as the engine keeps them, in `sqlite_master` (SQLite).
    SqliteMaster,
    /// `SHOW CREATE TABLE` / `SHOW CREATE VIEW` per object (MySQL/MariaDB).
    ShowCreate,
    /// Rebuilt from `pg_catalog` with the server's own `format_type`, `pg_get_expr`,
    /// `pg_get_constraintdef` and `pg_get_indexdef` (PostgreSQL).
    PgCatalog,
}
