//! What the document shows per engine, as values the dialects give: the online-DDL methods of
//! the migration playbook, the retention jobs (scheduler, expiry test, batched SQL), how
//! `updated_at` and identity keys are spelled in prose, the notes on a live table.
//!
//! Each piece reproduces, byte for byte, what `document/context.rs` hard-codes per engine
//! today (`method_for`, `job_recipe`, `ttl_words`, `not_erased`, `updated_at_mechanisms`,
//! the identity spellings, `brownfield_notes`, the SQLite caveat of the tech section, the
//! MySQL note of the index strategy), so the document can ask the dialect instead of matching
//! on the engine. `tests/dialect_recipes.rs` checks them against the document itself.

use super::{dialect_for, Dialect, Engine};

/// How an engine changes a live table without blocking it: the words of the migration
/// playbook's notes, one per operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnlineDdl {
    /// The engine's short label in a list of methods (`PG`, `MySQL`, `SQLite`).
    pub label: &'static str,
    /// Adding a column (`ALGORITHM=INSTANT`).
    pub add_column: &'static str,
    /// Building an index (`CONCURRENTLY`).
    pub create_index: &'static str,
    /// Adding a foreign key or a CHECK (`NOT VALID, then VALIDATE`).
    pub add_constraint: &'static str,
}

/// `PG: CONCURRENTLY; MySQL: ALGORITHM=INPLACE, LOCK=NONE`: one method of each engine, picked
/// from its [`OnlineDdl`] (e.g. `|o| o.create_index`), labelled, in the engines' order.
pub fn online_methods(engines: &[Engine], pick: impl Fn(&OnlineDdl) -> &'static str) -> String {
    engines
        .iter()
        .map(|e| {
            let o = dialect_for(*e).online_ddl();
            format!("{}: {}", o.label, pick(&o))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The unit of a retention TTL (`90d`, `12m`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TtlUnit {
    Hours,
    Days,
    /// Spelled as 7 days by every engine.
    Weeks,
    Months,
    Years,
}

impl TtlUnit {
    /// `h`, `d`, `w`, `m` (months), `y`; `None` for any other letter.
    pub fn from_char(c: char) -> Option<TtlUnit> {
        Some(match c {
            'h' => TtlUnit::Hours,
            'd' => TtlUnit::Days,
            'w' => TtlUnit::Weeks,
            'm' => TtlUnit::Months,
            'y' => TtlUnit::Years,
            _ => return None,
        })
    }

    /// `hour`, `day`, `week`, `month`, `year`.
    pub fn word(self) -> &'static str {
        match self {
            TtlUnit::Hours => "hour",
            TtlUnit::Days => "day",
            TtlUnit::Weeks => "week",
            TtlUnit::Months => "month",
            TtlUnit::Years => "year",
        }
    }
}

/// A retention period: `count` units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ttl {
    pub count: u32,
    pub unit: TtlUnit,
}

/// The unit an engine's interval syntax needs, and how many of them: weeks become days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntervalUnit {
    Hour,
    Day,
    Month,
    Year,
}

impl Ttl {
    /// The period in a unit every engine spells (`2w` is 14 days).
    pub fn interval(self) -> (u32, IntervalUnit) {
        match self.unit {
            TtlUnit::Hours => (self.count, IntervalUnit::Hour),
            TtlUnit::Days => (self.count, IntervalUnit::Day),
            TtlUnit::Weeks => (self.count * 7, IntervalUnit::Day),
            TtlUnit::Months => (self.count, IntervalUnit::Month),
            TtlUnit::Years => (self.count, IntervalUnit::Year),
        }
    }
}

impl IntervalUnit {
    /// `hours`, `days`, `months`, `years` (PostgreSQL intervals, SQLite date modifiers).
    pub fn plural_word(self) -> &'static str {
        match self {
            IntervalUnit::Hour => "hours",
            IntervalUnit::Day => "days",
            IntervalUnit::Month => "months",
            IntervalUnit::Year => "years",
        }
    }

    /// `HOUR`, `DAY`, `MONTH`, `YEAR` (MySQL's `INTERVAL n UNIT`).
    pub fn keyword(self) -> &'static str {
        match self {
            IntervalUnit::Hour => "HOUR",
            IntervalUnit::Day => "DAY",
            IntervalUnit::Month => "MONTH",
            IntervalUnit::Year => "YEAR",
        }
    }
}

/// What runs a retention job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobScheduler {
    /// A `pg_cron` job (`cron.schedule`) deleting or updating by key in batches; the key is
    /// the single-column primary key, else `ctid`.
    PgCron,
    /// A MySQL `EVENT` (`event_scheduler=ON`) with `LIMIT` on the statement itself.
    Event,
    /// Nothing in the engine: the application runs the batched statement (by `rowid`).
    Application,
}

/// What a retention job does to an expired row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobAction {
    /// Delete it.
    Purge,
    /// Overwrite its personal data: `set` assignments, `pending` = "not yet erased" (both
    /// already in the engine's SQL, e.g. built with [`Dialect::is_distinct_from`]).
    Anonymize { set: String, pending: String },
    /// Mark it for archiving: `set` = `archived_at = now`, `pending` = `archived_at IS NULL`.
    Archive { set: String, pending: String },
}

/// One table's retention job, engine-neutral: the dialect quotes and spells it.
#[derive(Debug, Clone)]
pub struct RetentionJob<'a> {
    /// The table (unquoted; also names the job: `purge_<table>`).
    pub table: &'a str,
    /// The table's namespace (`Table::namespace`), `None` for every derived table.
    pub namespace: Option<&'a str>,
    /// Its single-column primary key, if it has one (unquoted).
    pub key: Option<&'a str>,
    /// The timestamp the age is measured on (unquoted).
    pub column: &'a str,
    pub ttl: Ttl,
    pub action: &'a JobAction,
    /// The legal-hold filter appended to the expiry test ([`legal_hold_filter`]), or empty.
    pub hold: &'a str,
    /// Append-only table (a purge then suggests dropping time partitions).
    pub append_only: bool,
    /// The table has row-level security policies (the job must bypass them).
    pub row_level_security: bool,
}

/// A retention job for one engine, as the document shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRecipe {
    /// The engine's display name.
    pub engine: &'static str,
    /// How it runs, in a sentence or two.
    pub how: String,
    /// The SQL.
    pub sql: String,
}

/// ` AND NOT EXISTS (SELECT 1 FROM "legal_holds" h WHERE ...)`: rows of `table` whose key
/// `key` is held in `hold_table` (unreleased) are not touched by the job.
/// `namespace` is `table`'s (`Table::namespace`).
pub fn legal_hold_filter(
    d: &dyn Dialect,
    hold_table: &str,
    table: &str,
    namespace: Option<&str>,
    key: &str,
) -> String {
    let q = |s: &str| d.quote_ident(s);
    format!(
        " AND NOT EXISTS (SELECT 1 FROM {} h WHERE h.{} = {} AND h.{} = {} AND h.{} IS NULL)",
        q(hold_table),
        q("table_name"),
        d.string_literal(table),
        q("row_id"),
        d.cast_to_text(&format!("{}.{}", d.quote_table(table, namespace), q(key))),
        q("released_at")
    )
}

/// The batched job (10,000 rows a run) of one table, for the dialect's scheduler.
pub fn retention_job(d: &dyn Dialect, job: &RetentionJob<'_>) -> JobRecipe {
    let q = |s: &str| d.quote_ident(s);
    let tn = d.quote_table(job.table, job.namespace);
    let col = q(job.column);
    let ago = d.ago_sql(job.ttl);
    let hold = job.hold;
    let (head, extra, verb, prefix, done) = match job.action {
        JobAction::Purge => (
            format!("DELETE FROM {tn}"),
            String::new(),
            "deleting",
            "purge",
            "deletes",
        ),
        JobAction::Anonymize { set, pending } => (
            format!("UPDATE {tn} SET {set}"),
            format!(" AND {pending}"),
            "anonymizing",
            "erase",
            "updates",
        ),
        JobAction::Archive { set, pending } => (
            format!("UPDATE {tn} SET {set}"),
            format!(" AND {pending}"),
            "marking rows for archiving",
            "archive",
            "updates",
        ),
    };
    let engine = d.display_name();
    match d.job_scheduler() {
        JobScheduler::PgCron => {
            let key = job.key.map_or_else(|| "ctid".to_string(), q);
            let mut how = if job.append_only && matches!(job.action, JobAction::Purge) {
                format!("pg_cron job {verb} in batches of 10,000 (short transactions, no long locks). At high volume, partition this append-only table by time and drop whole partitions instead of deleting rows.")
            } else {
                format!("pg_cron job {verb} in batches of 10,000 (short transactions, no long locks; repeat until it {done} nothing).")
            };
            if job.row_level_security {
                how.push_str(&format!(
                    " Run it as a role with `BYPASSRLS` (or a superuser), e.g. `CREATE ROLE retention_jobs BYPASSRLS` granted `SELECT, UPDATE, DELETE` on `{}`, and schedule it as that role: the table has FORCE ROW LEVEL SECURITY, so under any other role, its owner included, the job sees no tenant's rows and silently changes nothing.",
                    job.table
                ));
            }
            JobRecipe {
                engine,
                how,
                sql: format!(
                    "SELECT cron.schedule('{prefix}_{}', '15 3 * * *', $$\n  {head} WHERE {key} IN (\n    SELECT {key} FROM {tn}\n    WHERE {col} < {ago}{extra}{hold}\n    LIMIT 10000)\n$$);",
                    job.table
                ),
            }
        }
        JobScheduler::Event => JobRecipe {
            engine,
            how: format!("An EVENT {verb} in batches (needs `event_scheduler=ON`); run it again while rows remain."),
            sql: format!(
                "CREATE EVENT {} ON SCHEDULE EVERY 1 DAY DO\n  {head}\n  WHERE {col} < {ago}{extra}{hold}\n  LIMIT 10000;",
                q(&format!("{prefix}_{}", job.table)),
            ),
        },
        JobScheduler::Application => JobRecipe {
            engine,
            how: format!("no scheduler in the engine: the application runs this job (e.g. daily) until it {done} nothing."),
            sql: format!(
                "{head} WHERE rowid IN (\n  SELECT rowid FROM {tn}\n  WHERE {col} < {ago}{extra}{hold}\n  LIMIT 10000);"
            ),
        },
    }
}

/// The document's note on an engine without partial indexes (index strategy section).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialIndexNote {
    /// `MySQL/MariaDB have no partial indexes: a partial index covers all rows there`.
    pub no_partial_indexes: &'static str,
    /// Appended when the schema has live columns, followed by their list and `.`: `, and a
    /// partial unique key gets a generated column (...) appended so ...: `.
    pub live_columns: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn online_methods_follow_the_engines() {
        let all = [Engine::Postgres, Engine::Mysql, Engine::Sqlite];
        assert_eq!(
            online_methods(&all, |o| o.create_index),
            "PG: CONCURRENTLY; MySQL: ALGORITHM=INPLACE, LOCK=NONE; SQLite: CREATE INDEX (short write lock)"
        );
        assert_eq!(
            online_methods(&all, |o| o.add_column),
            "PG: metadata-only (PG 11+ constant default); MySQL: ALGORITHM=INSTANT; SQLite: ADD COLUMN"
        );
        assert_eq!(
            online_methods(&[Engine::Mysql, Engine::Sqlite], |o| o.add_constraint),
            "MySQL: validates every row: pt-online-schema-change; SQLite: table rebuild"
        );
        assert_eq!(
            online_methods(&[Engine::Postgres], |o| o.add_constraint),
            "PG: NOT VALID, then VALIDATE"
        );
    }

    #[test]
    fn updated_at_and_identity_in_prose() {
        let notes: Vec<String> = [Engine::Postgres, Engine::Mysql, Engine::Sqlite]
            .iter()
            .map(|e| dialect_for(*e).updated_at_mechanism_note())
            .collect();
        assert_eq!(
            notes,
            [
                "a trigger on PostgreSQL",
                "`ON UPDATE CURRENT_TIMESTAMP` on MySQL/MariaDB",
                "a trigger on SQLite"
            ]
        );
        assert_eq!(
            dialect_for(Engine::Sqlite).identity_key_note(),
            "`INTEGER PRIMARY KEY` (the rowid) on SQLite"
        );
        assert!(dialect_for(Engine::Mysql)
            .identity_key_note()
            .starts_with("`BIGINT AUTO_INCREMENT` on MySQL/MariaDB (short keys matter"));
    }

    #[test]
    fn null_safe_comparison_and_expiry() {
        let [pg, my, lite] = [Engine::Postgres, Engine::Mysql, Engine::Sqlite].map(dialect_for);
        assert_eq!(pg.is_distinct_from("a", "NULL"), "a IS DISTINCT FROM NULL");
        assert_eq!(my.is_distinct_from("a", "NULL"), "NOT (a <=> NULL)");
        assert_eq!(lite.is_distinct_from("a", "NULL"), "a IS NOT NULL");
        let two_weeks = Ttl {
            count: 2,
            unit: TtlUnit::Weeks,
        };
        assert_eq!(pg.ago_sql(two_weeks), "now() - interval '14 days'");
        assert_eq!(my.ago_sql(two_weeks), "NOW() - INTERVAL 14 DAY");
        assert_eq!(
            lite.ago_sql(two_weeks),
            "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-14 days')"
        );
        let y = Ttl {
            count: 7,
            unit: TtlUnit::Years,
        };
        assert_eq!(my.ago_sql(y), "NOW() - INTERVAL 7 YEAR");
    }

    #[test]
    fn retention_jobs_per_scheduler() {
        let purge = JobAction::Purge;
        let job = RetentionJob {
            table: "audit_log",
            namespace: None,
            key: Some("id"),
            column: "created_at",
            ttl: Ttl {
                count: 90,
                unit: TtlUnit::Days,
            },
            action: &purge,
            hold: "",
            append_only: true,
            row_level_security: false,
        };
        let [pg, my, lite] = [Engine::Postgres, Engine::Mysql, Engine::Sqlite]
            .map(|e| retention_job(dialect_for(e), &job));
        assert_eq!(pg.engine, "PostgreSQL");
        assert_eq!(
            pg.sql,
            "SELECT cron.schedule('purge_audit_log', '15 3 * * *', $$\n  DELETE FROM \"audit_log\" WHERE \"id\" IN (\n    SELECT \"id\" FROM \"audit_log\"\n    WHERE \"created_at\" < now() - interval '90 days'\n    LIMIT 10000)\n$$);"
        );
        assert!(
            pg.how.contains("partition this append-only table"),
            "{}",
            pg.how
        );
        assert_eq!(
            my.sql,
            "CREATE EVENT `purge_audit_log` ON SCHEDULE EVERY 1 DAY DO\n  DELETE FROM `audit_log`\n  WHERE `created_at` < NOW() - INTERVAL 90 DAY\n  LIMIT 10000;"
        );
        assert_eq!(
            lite.sql,
            "DELETE FROM \"audit_log\" WHERE rowid IN (\n  SELECT rowid FROM \"audit_log\"\n  WHERE \"created_at\" < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-90 days')\n  LIMIT 10000);"
        );
        let archive = JobAction::Archive {
            set: "\"archived_at\" = now()".into(),
            pending: "\"archived_at\" IS NULL".into(),
        };
        let keyless = RetentionJob {
            key: None,
            action: &archive,
            append_only: false,
            row_level_security: true,
            ..job
        };
        let pg = retention_job(dialect_for(Engine::Postgres), &keyless);
        assert!(
            pg.sql.contains("WHERE ctid IN (\n    SELECT ctid FROM"),
            "{}",
            pg.sql
        );
        assert!(
            pg.sql.contains("AND \"archived_at\" IS NULL\n"),
            "{}",
            pg.sql
        );
        assert!(pg.how.starts_with("pg_cron job marking rows for archiving"));
        assert!(pg.how.contains("BYPASSRLS"));
    }

    #[test]
    fn legal_holds_compare_keys_as_text() {
        assert_eq!(
            legal_hold_filter(dialect_for(Engine::Mysql), "legal_holds", "notes", None, "id"),
            " AND NOT EXISTS (SELECT 1 FROM `legal_holds` h WHERE h.`table_name` = 'notes' AND h.`row_id` = CAST(`notes`.`id` AS CHAR) COLLATE utf8mb4_unicode_ci AND h.`released_at` IS NULL)"
        );
    }

    #[test]
    fn only_engines_without_partial_indexes_explain_it() {
        for d in super::super::dialects() {
            assert_eq!(
                d.partial_index_note().is_some(),
                !d.supports_partial_index(),
                "{}",
                d.name()
            );
        }
        assert!(dialect_for(Engine::Sqlite).floor_caveat().is_some());
        assert!(dialect_for(Engine::Postgres).floor_caveat().is_none());
    }
}
