//! SQL dialects: how each engine spells what the Schema says.
//!
//! One trait of small, documented methods; each engine is a unit struct in its own file that
//! overrides only what differs (sqlparser-rs's layout). Capabilities are methods
//! (`supports_partial_index`, ...) with the safe default, so renderers ask "can this engine do
//! X" and never "is this MySQL". Quoting and string escaping live here and nowhere else: every
//! identifier is quoted (reserved words like `user`, `order`, `group`, `select` just work) and
//! embedded quote characters are doubled.
//!
//! A dialect never decides a name, a column or an index: those come from the Schema.
//!
//! Adding an engine: a file beside this one with a unit struct implementing [`Dialect`], and
//! one line in the registry below (see `engine.rs`).

#[macro_use]
mod engine;
pub mod floor;
pub mod migration;
pub mod recipes;

// The engine registry: one line per engine, `Variant => file::DialectStruct`. Declares the
// file's module, the `Engine` variant (in this order: `Engine::ALL`, sorting, listings) and
// its arm of `dialect_for`.
engines! {
    Postgres => postgres::Postgres,
    Mysql => mysql::MySql,
    Sqlite => sqlite::Sqlite,
    Citus => citus::Citus,
}

mod capabilities;
pub use capabilities::*;
pub use migration::{AlterOp, ColumnChange, Online};
pub use recipes::{JobScheduler, OnlineDdl, PartialIndexNote, Ttl};

use crate::schema::columns::rule_sql;
use crate::schema::{Check, CheckRule, Column, DefaultValue, Table};
use datamodel::model::IndexMethod;

/// How one engine spells types, identifiers, literals and the engine-specific parts of DDL.
pub trait Dialect: Sync {
    /// The engine this dialect renders for.
    fn engine(&self) -> Engine;

    /// The configuration value and file-name part (`postgres`: `engines = ["postgres"]`,
    /// `schema.postgres.sql`). Lower case; unique among the engines.
    fn name(&self) -> &'static str;

    /// What people call it (`PostgreSQL`, `MySQL/MariaDB`), in the document and messages.
    fn display_name(&self) -> &'static str;

    /// Other spellings accepted in the configuration (lower case; `pg`, `mariadb`).
    fn aliases(&self) -> &'static [&'static str] {
        &[]
    }

    /// Crates whose presence among a package's normal dependencies means it talks to this
    /// engine (`tokio-postgres`, `rusqlite`). Multi-engine crates (sqlx, diesel, sea-orm) name
    /// the engine by a feature spelled with [`Dialect::name`] and are not listed.
    fn driver_crates(&self) -> &'static [&'static str] {
        &[]
    }

    /// The seed's label and one-line description of this engine as an answer of `cargo
    /// datamodel init`'s engine question.
    fn init_choice(&self) -> (&'static str, &'static str);

    /// The product name, and the sibling product's the same DDL runs on (`("MySQL",
    /// Some("MariaDB"))`).
    fn product_names(&self) -> (&'static str, Option<&'static str>);

    /// The oldest release the DDL runs on when it uses no [`Feature`] newer than that.
    fn baseline_version(&self) -> MinVersion;

    /// The oldest release that runs `feature` as this dialect emits it; `None` when the
    /// dialect never emits it (or the baseline has it).
    fn min_version(&self, _feature: Feature) -> Option<MinVersion> {
        None
    }

    /// Quotes an identifier, doubling embedded quote characters. Default: `"name"` (standard
    /// SQL, PostgreSQL, SQLite).
    fn quote_ident(&self, raw: &str) -> String {
        enclose(raw, '"')
    }

    /// The engine has namespaces inside a database (PostgreSQL's schemas), so a table of one
    /// is written `"sales"."orders"` and the script creates the namespace first.
    fn has_namespaces(&self) -> bool {
        self.default_namespace().is_some()
    }

    /// The one spelling of a table reference in SQL (CREATE/ALTER/DROP TABLE, REFERENCES,
    /// indexes, comments, triggers, policies, grants, jobs, migrations). `name` is the
    /// Schema's identity of the table (`sales.orders`), `namespace` its `Table::namespace`
    /// (`ForeignKey::ref_namespace` for a reference). Without a namespace: the quoted name.
    /// With one: `"sales"."orders"` where the engine has namespaces; elsewhere (MySQL/MariaDB,
    /// SQLite: no schemas inside a database) the namespace is folded into the name,
    /// `sales_orders`, as [`Self::namespaced_object`] folds it into index and constraint
    /// names, and the script says so in a comment; a folded name past the identifier limit is
    /// shortened with a hash like every other name (`schema::names::shorten`).
    fn quote_table(&self, name: &str, namespace: Option<&str>) -> String {
        let local = crate::schema::local_name(name, namespace);
        match namespace {
            Some(ns) if self.has_namespaces() => {
                format!("{}.{}", self.quote_ident(ns), self.quote_ident(local))
            }
            Some(ns) => self.quote_ident(&crate::schema::names::shorten(&format!("{ns}_{local}"))),
            None => self.quote_ident(name),
        }
    }

    /// The quoted name of an index or constraint (`name`) of a table of `namespace`. Where the
    /// engine has namespaces the name is kept (an index lives in its table's schema, so
    /// `public.orders` and `sales.orders` may both have `orders_pkey`); elsewhere it gets the
    /// namespace's prefix like the table (`sales_orders_pkey`), because SQLite's index names
    /// and MySQL's foreign-key names are unique per database.
    fn namespaced_object(&self, namespace: Option<&str>, name: &str) -> String {
        match namespace {
            Some(ns) if !self.has_namespaces() => {
                self.quote_ident(&crate::schema::names::shorten(&format!("{ns}_{name}")))
            }
            _ => self.quote_ident(name),
        }
    }

    /// A string literal with embedded `'` doubled (standard SQL). The one escaper of every
    /// text the DDL writes (enum values and defaults, table and column comments): nothing
    /// else builds a literal.
    fn string_literal(&self, s: &str) -> String {
        standard_string_literal(s)
    }

    /// Statements a script for this engine starts with, setting up the session the rest of
    /// the script relies on: that [`Dialect::string_literal`] is read as written whatever the
    /// session's settings (MySQL: backslash escapes on even when the server runs with
    /// `NO_BACKSLASH_ESCAPES`), that foreign keys are enforced (SQLite: `PRAGMA foreign_keys =
    /// ON`). Starts with a blank line when not empty; each line ends in a newline.
    fn script_preamble(&self) -> &'static str {
        ""
    }

    /// What follows the closing parenthesis of `CREATE TABLE (...)` on every table (storage
    /// engine and character set on MySQL), before the table comment of
    /// [`CommentStyle::Inline`]. Starts with a space when not empty.
    fn table_options(&self) -> &'static str {
        ""
    }

    /// The column's type as the engine spells it, including identity generation
    /// (`BIGINT GENERATED ALWAYS AS IDENTITY`, `BIGINT AUTO_INCREMENT`, `INTEGER`).
    fn column_type(&self, col: &Column) -> String;

    /// The SQL of a column default (`now()`, `CURRENT_TIMESTAMP(6)`, `(expr)`, ...).
    fn default_sql(&self, d: &DefaultValue) -> String {
        match d {
            DefaultValue::Now => self.now_sql(),
            DefaultValue::NewUuid => self.new_uuid_sql(),
            DefaultValue::Text(t) => self.string_literal(t),
            DefaultValue::Expr(e) => {
                if crate::schema::sql_guard::is_literal(e) {
                    e.clone()
                } else {
                    format!("({e})")
                }
            }
        }
    }

    /// `expr` converted to text, for comparing keys of any type with a text column (the
    /// legal-hold check of the retention jobs).
    fn cast_to_text(&self, expr: &str) -> String {
        format!("CAST({expr} AS TEXT)")
    }

    /// The current timestamp, as a default expression.
    fn now_sql(&self) -> String {
        "CURRENT_TIMESTAMP".into()
    }

    /// A new random UUID, as a default expression.
    fn new_uuid_sql(&self) -> String;

    /// The boolean expression of a CHECK: generated checks rendered with this dialect's
    /// quoting; user checks as written (validated by `sql_guard`).
    fn check_sql(&self, check: &Check) -> String {
        match &check.rule {
            CheckRule::Custom => check.expr.clone(),
            rule => rule_sql(rule, &|s| self.quote_ident(s), &|s| self.string_literal(s)),
        }
    }

    /// A user SQL fragment (validated by `sql_guard`) with every bare reference to one of the
    /// table's `columns` quoted for this engine (`key`, `order`, ... are reserved somewhere).
    fn user_sql(&self, sql: &str, columns: &[String]) -> String {
        crate::schema::sql_guard::quote_columns(sql, self.engine(), columns, &|s| {
            self.quote_ident(s)
        })
    }

    /// [`Dialect::check_sql`] with the user expression's column references quoted (see
    /// [`Dialect::user_sql`]); what the DDL emits.
    fn check_sql_in(&self, check: &Check, columns: &[String]) -> String {
        match &check.rule {
            CheckRule::Custom => self.user_sql(&check.expr, columns),
            _ => self.check_sql(check),
        }
    }

    /// Words and symbols that, found in a SQL file, say it was written for this engine: what
    /// `cargo datamodel import` infers the dialect from when `--dialect` is not given.
    /// Matched case-insensitively; a marker starting or ending with a letter matches whole
    /// words only. Keep them specific: the engine with the most distinct markers wins.
    fn dump_markers(&self) -> &'static [&'static str] {
        &[]
    }

    /// How a live database of this engine tells its schema (`import --database-url`).
    fn catalog(&self) -> Catalog;

    /// A backslash escapes the next character in a `'...'` string literal, as MySQL reads them
    /// by default (what the importer's statement splitter must know to find the string's end).
    /// Standard SQL (PostgreSQL, SQLite) doubles quotes instead.
    fn backslash_escapes(&self) -> bool {
        false
    }

    /// The catalog doesn't say `RESTRICT` on a foreign key: it is the engine's default and
    /// behaves as `NO ACTION` (InnoDB checks both immediately), so it reads back as `NO ACTION`
    /// (what `check --database-url` must not call drift).
    fn catalog_omits_restrict(&self) -> bool {
        false
    }

    /// The namespace unqualified names live in, when a qualifier names a namespace of the
    /// same database (PostgreSQL's schemas: `public`): import keeps a table of another one
    /// qualified (`sales.orders`), so `sales.orders` and `public.orders` stay two tables.
    /// `None`: a qualifier names another database or file (MySQL, SQLite's attached files)
    /// and import drops it.
    fn default_namespace(&self) -> Option<&'static str> {
        None
    }

    /// A foreign key whose columns no index starts with gets an index of its own, named after
    /// the constraint (InnoDB): the catalog then lists an index the DDL never created.
    fn indexes_foreign_keys(&self) -> bool {
        false
    }

    /// The engine folds unquoted identifiers to lower case (PostgreSQL: `CREATE TABLE Album`
    /// makes `album`); otherwise they keep the case they are written in.
    fn folds_unquoted_identifiers(&self) -> bool {
        false
    }

    /// The sqlparser dialect that reads this engine's SQL (the fragment guard parses every
    /// user fragment with it).
    fn sql_parser(&self) -> Box<dyn sqlparser::dialect::Dialect>;

    /// Longest identifier in bytes; `None` when the engine has no limit (SQLite). DM121
    /// checks names against the strictest target; generated names are shortened to
    /// `schema::MAX_IDENT_LEN`, the strictest of all engines (the same name on every engine;
    /// a test keeps the two equal).
    fn max_ident_len(&self) -> Option<usize> {
        Some(63)
    }

    /// An identity primary key column is the table's rowid alias (`INTEGER PRIMARY KEY` on
    /// SQLite): always set, so it is written without `NOT NULL`.
    fn identity_is_rowid(&self) -> bool {
        false
    }

    /// The engine scales out to a Citus cluster (the document's "Scaling out with Citus").
    fn scales_out_with_citus(&self) -> bool {
        false
    }

    /// A query that returns a row when a database read through this engine's catalog is
    /// served by this engine rather than by the one its URL names (Citus answers as
    /// PostgreSQL: `postgres://` reaches its coordinator). `check --database-url` then
    /// compares with this engine's DDL. `None`: the URL's engine is the engine.
    fn served_by_query(&self) -> Option<&'static str> {
        None
    }

    /// The engine spreads tables over nodes (Citus): tenant-scoped tables are distributed on
    /// `tenant_id` and co-located, global tables are copied to every node, and the DDL is
    /// ordered for it (`ddl/distributed.rs`). Otherwise one node holds every table.
    fn distributes_tables(&self) -> bool {
        false
    }

    /// A binary JSON type exists beside the textual one (`JSONB`), so choosing plain `JSON`
    /// is a decision worth a lint.
    fn has_binary_json(&self) -> bool {
        false
    }

    /// Timestamps with and without time zone are different types (`TIMESTAMPTZ` vs
    /// `TIMESTAMP`), so a timestamp without one is worth a lint.
    fn distinguishes_time_zones(&self) -> bool {
        false
    }

    /// A 32-bit integer primary key can run out (it is not widened to the 64-bit rowid as in
    /// SQLite), so an `INT` key is worth a lint.
    fn int_key_can_overflow(&self) -> bool {
        true
    }

    /// The column type itself enforces a VARCHAR length (PostgreSQL, MySQL in strict mode).
    /// Without it the DDL adds a `CHECK (length(col) <= n)` to each bounded string column, so
    /// `max_length` holds on every engine.
    fn enforces_varchar_length(&self) -> bool {
        true
    }

    /// A CHECK the column's type needs on this engine to reject what the other engines'
    /// types reject (SQLite: `json_valid(col)` for JSON, the scale of a decimal), given the
    /// quoted column name; `None` when the type itself is enough.
    fn type_check(&self, _col: &Column, _quoted: &str) -> Option<String> {
        None
    }

    /// Tables are created `STRICT` (SQLite 3.37+): a value of the wrong type is an error,
    /// not silently stored. Every type [`Dialect::column_type`] returns must then be one
    /// STRICT accepts.
    fn strict_tables(&self) -> bool {
        false
    }

    /// `CREATE INDEX ... WHERE predicate`. Without it, a partial unique index is emulated
    /// with the Schema's `live_column` and a plain partial index becomes a full one.
    fn supports_partial_index(&self) -> bool {
        false
    }

    /// `INCLUDE (...)` covering columns. Without it they are dropped: appending them to the
    /// key would change a unique key's meaning and fails for TEXT/BLOB columns.
    fn supports_include(&self) -> bool {
        false
    }

    /// Can render this index method natively? (Otherwise: GIN is skipped, BRIN and HASH
    /// become B-tree.)
    fn supports_index_method(&self, method: IndexMethod) -> bool {
        method == IndexMethod::Btree
    }

    /// `ON DELETE SET NULL (col, ...)` (PostgreSQL 15+).
    fn supports_set_null_columns(&self) -> bool {
        false
    }

    /// FKs of a cycle can be added after the tables with `ALTER TABLE ... ADD CONSTRAINT`.
    /// Without it (SQLite) they are written inline `DEFERRABLE INITIALLY DEFERRED`; SQLite
    /// checks references lazily, so an inline reference to a later table is fine.
    fn supports_alter_add_foreign_key(&self) -> bool {
        true
    }

    /// Indexes are declared inside `CREATE TABLE` (MySQL: so InnoDB uses ours for FKs instead
    /// of creating its own duplicates).
    fn inline_indexes(&self) -> bool {
        false
    }

    /// How `updated_at` is kept current on UPDATE.
    fn updated_at_mechanism(&self) -> UpdatedAtMechanism;

    /// How `version` (optimistic locking) is incremented on UPDATE.
    fn version_mechanism(&self) -> VersionMechanism;

    /// The engine fills `created_by` / `updated_by` itself, with a trigger reading the
    /// connection's actor setting (`current_setting`), as it reads the tenant for row-level
    /// security. Elsewhere the application writes them.
    fn fills_actor_from_setting(&self) -> bool {
        false
    }

    /// How `created_by` / `updated_by` are filled, as the document says it (`setting` is the
    /// configured actor setting, `refuse`: a write without one fails).
    fn actor_fill_note(&self, setting: &str, refuse: bool) -> String {
        if self.fills_actor_from_setting() {
            format!(
                "{}: a trigger fills them from the connection's `{setting}` (`SET LOCAL {setting} = '<actor id>'` in each transaction, as for the tenant); `created_by` keeps its first value whatever an UPDATE writes, and without the setting {}",
                self.display_name(),
                if refuse {
                    "the INSERT or UPDATE fails"
                } else {
                    "both are NULL"
                }
            )
        } else {
            format!(
                "{}: the application writes `created_by` on INSERT and `updated_by` on every INSERT and UPDATE; nothing in the database checks it",
                self.display_name()
            )
        }
    }

    /// How `audit(history)` rows are written.
    fn history_mechanism(&self) -> HistoryMechanism;

    /// A JSON object of `pairs` (a key literal and a value expression each):
    /// `json_object('id', NEW.id)`.
    fn json_object_sql(&self, pairs: &[(String, String)]) -> String {
        let args: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}, {v}", self.string_literal(k)))
            .collect();
        format!("json_object({})", args.join(", "))
    }

    /// The whole row `row` (`NEW` / `OLD`, whose columns are `columns`) as a JSON object.
    /// Default: a JSON object naming every column.
    fn row_json_sql(&self, row: &str, columns: &[String]) -> String {
        let pairs: Vec<(String, String)> = columns
            .iter()
            .map(|c| (c.clone(), format!("{row}.{}", self.quote_ident(c))))
            .collect();
        self.json_object_sql(&pairs)
    }

    /// `DROP TRIGGER` of a table's trigger (both names already quoted). Default: trigger names
    /// are schema-wide, the table is not named.
    fn drop_trigger(&self, trigger: &str, _table: &str) -> String {
        format!("DROP TRIGGER {trigger}")
    }

    /// How a unique key that binds only the rows of a predicate is written. Default: a
    /// partial index where the engine has them, else the generated live column.
    fn partial_unique_key(&self) -> PartialUniqueKey {
        if self.supports_partial_index() {
            PartialUniqueKey::PartialIndex
        } else {
            PartialUniqueKey::GeneratedLiveColumn
        }
    }

    /// The column definition of a live column ([`PartialUniqueKey::GeneratedLiveColumn`])
    /// named `quoted`, 1 where `predicate` holds and NULL elsewhere; `None` when the engine
    /// does not use them.
    fn live_column_sql(&self, _quoted: &str, _predicate: &str) -> Option<String> {
        None
    }

    /// Row-level security: `ENABLE` / `FORCE ROW LEVEL SECURITY` and `CREATE POLICY`
    /// (PostgreSQL). Without it, tenant isolation rests on the composite keys and the
    /// application (the document says so).
    fn supports_row_level_security(&self) -> bool {
        false
    }

    /// One database holds several schemas, each with its own tables, created with `CREATE
    /// SCHEMA` inside a transaction (PostgreSQL). Schema-per-tenant provisioning is then a
    /// function run with `search_path` set to the new schema.
    fn supports_schemas(&self) -> bool {
        false
    }

    /// How a new tenant's database is created and filled (database per tenant, and schema
    /// per tenant where a schema is a database).
    fn tenant_database(&self) -> TenantDatabase;

    /// Where table and column comments go.
    fn comment_style(&self) -> CommentStyle {
        CommentStyle::SqlComment
    }

    // What the document shows per engine ([`recipes`]): prose and SQL recipes.

    /// How this engine changes a live table without blocking it (the migration playbook).
    fn online_ddl(&self) -> OnlineDdl;

    // How a live table changes ([`migration`]): the migration renderer's questions.

    /// Session settings at the top of every migration (lock and statement timeouts), so a
    /// step waiting behind a long transaction fails instead of queueing every query behind it.
    fn migration_preamble(&self) -> &'static [&'static str] {
        &[]
    }

    /// How the engine makes `op` on a live table.
    fn online(&self, op: AlterOp) -> Online;

    /// How a column's type, nullability or default is changed.
    fn column_change(&self) -> ColumnChange;

    /// The `ALTER TABLE` clause dropping foreign key `name` (quoted).
    fn drop_foreign_key_clause(&self, name: &str) -> String {
        format!("DROP CONSTRAINT {name}")
    }

    /// The `ALTER TABLE` clause dropping primary key `name` (quoted).
    fn drop_primary_key_clause(&self, name: &str) -> String {
        format!("DROP CONSTRAINT {name}")
    }

    /// The `ALTER TABLE` clause renaming primary key `from` to `to` (quoted); `None` where
    /// primary keys have no name of their own.
    fn rename_primary_key_clause(&self, from: &str, to: &str) -> Option<String> {
        Some(format!("RENAME CONSTRAINT {from} TO {to}"))
    }

    /// The `ALTER TABLE` clause dropping CHECK `name` (quoted).
    fn drop_check_clause(&self, name: &str) -> String {
        format!("DROP CONSTRAINT {name}")
    }

    /// `DROP COLUMN` also drops the table's CHECK constraints that name no column at all
    /// (MariaDB does), so a migration adds them again.
    fn drop_column_drops_constant_checks(&self) -> bool {
        false
    }

    /// Index names belong to their table (`ALTER TABLE t DROP INDEX ix`), not to the schema
    /// (`DROP INDEX ix`).
    fn index_names_are_per_table(&self) -> bool {
        false
    }

    /// Statements around a migration that rebuilds tables ([`Online::Rebuild`]): before
    /// (foreign keys off, so dropping the old table neither cascades nor fails, then a
    /// transaction) and after (every foreign key checked, commit, foreign keys on).
    fn rebuild_envelope(&self) -> (&'static [&'static str], &'static [&'static str]) {
        (&[], &[])
    }

    /// How `updated_at` is kept current, as the document says it (`a trigger on SQLite`).
    fn updated_at_mechanism_note(&self) -> String {
        match self.updated_at_mechanism() {
            UpdatedAtMechanism::TriggerFunction | UpdatedAtMechanism::AfterUpdateTrigger => {
                format!("a trigger on {}", self.display_name())
            }
            UpdatedAtMechanism::OnUpdateClause => {
                format!("`ON UPDATE CURRENT_TIMESTAMP` on {}", self.display_name())
            }
        }
    }

    /// How `version` is incremented, as the document says it, and what an UPDATE that sets
    /// `version` itself gets.
    fn version_mechanism_note(&self) -> String {
        match self.version_mechanism() {
            VersionMechanism::TriggerFunction | VersionMechanism::BeforeUpdateSet => format!(
                "a `BEFORE UPDATE` trigger on {} (always the old value + 1, whatever the UPDATE sets)",
                self.display_name()
            ),
            VersionMechanism::AfterUpdateTrigger => format!(
                "an `AFTER UPDATE` trigger on {} (the old value + 1; an UPDATE that sets `version` itself keeps its value and skips the trigger: don't)",
                self.display_name()
            ),
        }
    }

    /// How a bigint identity key is spelled, as the document says it (`` `INTEGER PRIMARY
    /// KEY` (the rowid) on SQLite ``).
    fn identity_key_note(&self) -> &'static str;

    /// `left` and `right` differ, NULL-safe (NULL and a value differ; two NULLs do not).
    /// Default: standard SQL `IS DISTINCT FROM`.
    fn is_distinct_from(&self, left: &str, right: &str) -> String {
        format!("{left} IS DISTINCT FROM {right}")
    }

    /// The timestamp `ttl` ago, as a retention job compares it (`now() - interval '90
    /// days'`).
    fn ago_sql(&self, ttl: Ttl) -> String;

    /// What runs a retention job on this engine ([`recipes::retention_job`] spells it).
    fn job_scheduler(&self) -> JobScheduler;

    /// Notes on changing the live table `t` on this engine (brownfield migrations), given the
    /// columns that are NOT NULL without a default (they cannot be added in one step).
    fn live_table_notes(&self, _t: &Table, _not_null_without_default: &[String]) -> Vec<String> {
        Vec::new()
    }

    /// What the document adds to the engine's minimum-version sentence (`{floor}, {caveat}.`)
    /// about what the engine still does not enforce; `None`: nothing.
    fn floor_caveat(&self) -> Option<&'static str> {
        None
    }

    /// The index strategy's note when partial indexes exist in the schema; `None` for an
    /// engine that has them.
    fn partial_index_note(&self) -> Option<PartialIndexNote> {
        None
    }
}

/// Every engine's dialect, in registry order.
pub fn dialects() -> impl Iterator<Item = &'static dyn Dialect> {
    Engine::ALL.into_iter().map(dialect_for)
}

/// The first of `engines` whose dialect distributes tables over nodes
/// ([`Dialect::distributes_tables`]): the one whose rules shape tenancy, keys and the
/// document when it is a target.
pub fn distributing(engines: impl IntoIterator<Item = Engine>) -> Option<&'static dyn Dialect> {
    engines
        .into_iter()
        .map(dialect_for)
        .find(|d| d.distributes_tables())
}

/// Shared spelling of `VARCHAR(n)` / unbounded text for string-like columns.
pub(crate) fn varchar(col: &Column, unbounded: &str) -> String {
    match col.max_length {
        Some(n) => format!("VARCHAR({n})"),
        None => unbounded.to_string(),
    }
}

/// `NUMERIC(p,s)` / `NUMERIC(p)` / bare, with the engine's keyword.
pub(crate) fn decimal(col: &Column, keyword: &str, fallback: &str) -> String {
    match (col.precision, col.scale) {
        (Some(p), Some(s)) => format!("{keyword}({p},{s})"),
        (Some(p), None) => format!("{keyword}({p})"),
        _ => fallback.to_string(),
    }
}

/// `'text'` with embedded `'` doubled: standard SQL, read the same by every engine as long as
/// the text has no backslash (see `MySql::string_literal`). Also the engine-neutral spelling
/// of a generated CHECK's values in the Schema.
pub fn standard_string_literal(s: &str) -> String {
    enclose(s, '\'')
}

/// `text` as SQL `--` line comments, `prefix` before the first line and an indent before the
/// others. Every character an engine's lexer could take as the end of the comment (LF, CR)
/// starts a new `--` line and other control characters are dropped, so no text ever leaves
/// the comment and runs as SQL.
pub fn line_comment(prefix: &str, text: &str) -> String {
    // The prefix (names) is user text as well: it goes through the same split.
    let text = format!("{prefix}{text}").replace("\r\n", "\n");
    let text = text.strip_suffix(['\n', '\r']).unwrap_or(&text);
    let mut s = String::new();
    for (i, line) in text.split(['\n', '\r']).enumerate() {
        s.push_str(if i == 0 { "-- " } else { "--   " });
        s.extend(line.chars().filter(|c| !c.is_control() || *c == '\t'));
        s.push('\n');
    }
    s
}

/// `raw` between two `quote`s, each embedded `quote` doubled; one allocation (the DDL quotes
/// every identifier it writes).
pub(crate) fn enclose(raw: &str, quote: char) -> String {
    let mut s = String::with_capacity(raw.len() + 2);
    s.push(quote);
    for (i, part) in raw.split(quote).enumerate() {
        if i > 0 {
            s.push(quote);
            s.push(quote);
        }
        s.push_str(part);
    }
    s.push(quote);
    s
}

#[cfg(test)]
mod tests;
