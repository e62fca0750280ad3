//! The batched cleanup job of one table per engine (pg_cron, a MySQL EVENT, or an
//! application-run statement on SQLite): purge, anonymize or mark for archiving, 10,000 rows a
//! run, skipping rows under legal hold. Which job a table gets is decided by
//! [`crate::schema::retention_rules::job_kind`] (the resolver refuses the unsafe ones, DM030).

use super::ttl::{parse_ttl, ttl_words};
use super::EngineRecipe;
use crate::config::Engine;
use crate::dialect::dialect_for;
use crate::schema::retention_rules::JobKind;
use crate::schema::{Column, Table};
use datamodel::model::ColumnType;

fn quote(engine: Engine, ident: &str) -> String {
    dialect_for(engine).quote_ident(ident)
}

/// The cleanup job of `t` for each of `engines`: `ts` is the timestamp the age is measured on
/// (`created_at`, or `deleted_at` for `after_delete`), `anonymize` the PII columns an erasure
/// overwrites, `hold_table` the legal-holds table when the schema has one. Empty when there
/// is no timestamp or the TTL does not parse (the document says why).
pub fn cleanup(
    t: &Table,
    ts: Option<&Column>,
    ttl: &str,
    anonymize: &[&Column],
    engines: &[Engine],
    hold_table: Option<&str>,
) -> Vec<EngineRecipe> {
    let legal_hold = t.retention.as_ref().is_some_and(|r| r.legal_hold);
    let kind = crate::schema::retention_rules::job_kind(t);
    let mut cleanup = Vec::new();
    if let (Some(ts), Some((n, unit))) = (ts, parse_ttl(ttl)) {
        let (pg, my, lite) = ttl_words(n, unit);
        let pk = match t.primary_key.columns.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        };
        for e in engines {
            let q = |s: &str| quote(*e, s);
            let (tn, col) = (q(&t.name), q(&ts.name));
            let d = crate::dialect::dialect_for(*e);
            let hold = match (hold_table, legal_hold, &pk) {
                (Some(h), true, Some(pk)) => format!(
                    " AND NOT EXISTS (SELECT 1 FROM {} h WHERE h.{} = {} AND h.{} = {} AND h.{} IS NULL)",
                    q(h),
                    q("table_name"),
                    d.string_literal(&t.name),
                    q("row_id"),
                    d.cast_to_text(&format!("{tn}.{}", q(pk))),
                    q("released_at")
                ),
                _ => String::new(),
            };
            let job = match kind {
                JobKind::Purge => Job::Purge,
                JobKind::Anonymize => Job::anonymize(*e, anonymize),
                JobKind::Archive => {
                    let col = q("archived_at");
                    Job::Archive {
                        set: format!("{col} = {}", d.now_sql()),
                        pending: format!("{col} IS NULL"),
                    }
                }
            };
            let expiry = Expiry {
                col: &col,
                pg: &pg,
                my: &my,
                lite: &lite,
                hold: &hold,
            };
            cleanup.push(job_recipe(t, *e, &tn, &pk, &job, &expiry));
        }
    }
    cleanup
}

/// A column an erasure can overwrite with `'erased'`.
pub fn is_text(c: &Column) -> bool {
    matches!(c.ty, ColumnType::String | ColumnType::Enum { .. })
}

/// The SQL value that replaces a PII column on erasure.
fn erased_value(c: &Column) -> &'static str {
    if c.nullable {
        "NULL"
    } else {
        "'erased'"
    }
}

/// "`col` still holds personal data", per engine (NULL-safe).
fn not_erased(engine: Engine, col: &str, value: &str) -> String {
    match engine {
        Engine::Postgres => format!("{col} IS DISTINCT FROM {value}"),
        Engine::Mysql => format!("NOT ({col} <=> {value})"),
        Engine::Sqlite => format!("{col} IS NOT {value}"),
    }
}

/// What a retention job does to an expired row (which one: `retention_rules::job_kind`).
enum Job {
    /// Delete it.
    Purge,
    /// Set `archived_at` (archival tables: never deleted by a job).
    Archive { set: String, pending: String },
    /// Overwrite its personal data: `set` assignments, `pending` = "not yet erased".
    Anonymize { set: String, pending: String },
}

impl Job {
    fn anonymize(e: Engine, pii: &[&Column]) -> Job {
        let q = |s: &str| quote(e, s);
        let set: Vec<String> = pii
            .iter()
            .map(|c| format!("{} = {}", q(&c.name), erased_value(c)))
            .collect();
        let pending: Vec<String> = pii
            .iter()
            .map(|c| not_erased(e, &q(&c.name), erased_value(c)))
            .collect();
        Job::Anonymize {
            set: set.join(", "),
            pending: format!("({})", pending.join(" OR ")),
        }
    }
}

/// Expiry test, time units per engine and the legal-hold filter of one table's job.
struct Expiry<'a> {
    col: &'a str,
    pg: &'a str,
    my: &'a str,
    lite: &'a str,
    hold: &'a str,
}

/// The batched job (10,000 rows a run) of one table for one engine.
fn job_recipe(
    t: &Table,
    e: Engine,
    tn: &str,
    pk: &Option<String>,
    job: &Job,
    x: &Expiry<'_>,
) -> EngineRecipe {
    let q = |s: &str| quote(e, s);
    let (head, extra, verb, prefix, done) = match job {
        Job::Purge => (
            format!("DELETE FROM {tn}"),
            String::new(),
            "deleting",
            "purge",
            "deletes",
        ),
        Job::Anonymize { set, pending } => (
            format!("UPDATE {tn} SET {set}"),
            format!(" AND {pending}"),
            "anonymizing",
            "erase",
            "updates",
        ),
        Job::Archive { set, pending } => (
            format!("UPDATE {tn} SET {set}"),
            format!(" AND {pending}"),
            "marking rows for archiving",
            "archive",
            "updates",
        ),
    };
    let (col, hold) = (x.col, x.hold);
    match e {
        Engine::Postgres => {
            let key = pk.as_deref().map_or_else(|| "ctid".to_string(), q);
            let mut how = if t.append_only && matches!(job, Job::Purge) {
                format!("pg_cron job {verb} in batches of 10,000 (short transactions, no long locks). At high volume, partition this append-only table by time and drop whole partitions instead of deleting rows.")
            } else {
                format!("pg_cron job {verb} in batches of 10,000 (short transactions, no long locks; repeat until it {done} nothing).")
            };
            if !t.policies.is_empty() {
                how.push_str(&format!(
                    " Run it as a role with `BYPASSRLS` (or a superuser), e.g. `CREATE ROLE retention_jobs BYPASSRLS` granted `SELECT, UPDATE, DELETE` on `{}`, and schedule it as that role: the table has FORCE ROW LEVEL SECURITY, so under any other role, its owner included, the job sees no tenant's rows and silently changes nothing.",
                    t.name
                ));
            }
            EngineRecipe {
                engine: e.display_name().into(),
                how,
                sql: format!(
                    "SELECT cron.schedule('{prefix}_{}', '15 3 * * *', $$\n  {head} WHERE {key} IN (\n    SELECT {key} FROM {tn}\n    WHERE {col} < now() - {}{extra}{hold}\n    LIMIT 10000)\n$$);",
                    t.name, x.pg
                ),
            }
        }
        Engine::Mysql => EngineRecipe {
            engine: e.display_name().into(),
            how: format!("An EVENT {verb} in batches (needs `event_scheduler=ON`); run it again while rows remain."),
            sql: format!(
                "CREATE EVENT {} ON SCHEDULE EVERY 1 DAY DO\n  {head}\n  WHERE {col} < NOW() - {}{extra}{hold}\n  LIMIT 10000;",
                q(&format!("{prefix}_{}", t.name)),
                x.my
            ),
        },
        Engine::Sqlite => EngineRecipe {
            engine: e.display_name().into(),
            how: format!("no scheduler in the engine: the application runs this job (e.g. daily) until it {done} nothing."),
            sql: format!(
                "{head} WHERE rowid IN (\n  SELECT rowid FROM {tn}\n  WHERE {col} < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', {}){extra}{hold}\n  LIMIT 10000);",
                x.lite
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::cleanup;
    use crate::config::{Depth, Engine, Migration};
    use crate::document::testkit::saas;
    use crate::schema::ColumnOrigin;

    #[test]
    fn one_batched_job_per_engine_that_skips_held_rows() {
        let f = saas(Depth::Production, Migration::Greenfield);
        let t = f.table("audit_events").unwrap();
        let ts = t
            .columns
            .iter()
            .find(|c| c.origin == ColumnOrigin::CreatedAt);
        let engines = [Engine::Postgres, Engine::Mysql, Engine::Sqlite];
        let jobs = cleanup(t, ts, "90d", &[], &engines, Some("legal_holds"));
        assert_eq!(jobs.len(), 3);
        let (pg, my, lite) = (&jobs[0], &jobs[1], &jobs[2]);
        assert!(
            pg.sql
                .starts_with("SELECT cron.schedule('purge_audit_events'"),
            "{}",
            pg.sql
        );
        assert!(pg.sql.contains("now() - interval '90 days'"), "{}", pg.sql);
        assert!(
            pg.how.contains("partition this append-only table"),
            "{}",
            pg.how
        );
        assert!(
            my.sql.starts_with("CREATE EVENT `purge_audit_events`"),
            "{}",
            my.sql
        );
        assert!(lite.sql.contains("WHERE rowid IN ("), "{}", lite.sql);
        for j in &jobs {
            assert!(j.sql.contains("NOT EXISTS (SELECT 1 FROM"), "{}", j.sql);
            assert!(j.sql.contains("LIMIT 10000"), "{}", j.sql);
        }
    }

    #[test]
    fn no_timestamp_or_bad_ttl_means_no_job() {
        let f = saas(Depth::Production, Migration::Greenfield);
        let t = f.table("audit_events").unwrap();
        let ts = t
            .columns
            .iter()
            .find(|c| c.origin == ColumnOrigin::CreatedAt);
        assert!(cleanup(t, None, "90d", &[], &[Engine::Postgres], None).is_empty());
        assert!(cleanup(t, ts, "ninety days", &[], &[Engine::Postgres], None).is_empty());
    }
}
