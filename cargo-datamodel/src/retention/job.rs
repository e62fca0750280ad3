//! The batched cleanup job of one table per engine (pg_cron, a MySQL EVENT, or an
//! application-run statement on SQLite): purge, anonymize or mark for archiving, 10,000 rows a
//! run, skipping rows under legal hold. Which job a table gets is decided by
//! [`crate::schema::retention_rules::job_kind`] (the resolver refuses the unsafe ones, DM030);
//! how each engine schedules and spells it is the dialect's ([`recipes::retention_job`]).

use super::ttl::parse_ttl;
use super::EngineRecipe;
use crate::config::Engine;
use crate::dialect::recipes::{self, JobAction, RetentionJob};
use crate::dialect::{dialect_for, Dialect};
use crate::schema::retention_rules::JobKind;
use crate::schema::{Column, Table};

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
    let (Some(ts), Some(ttl)) = (ts, parse_ttl(ttl)) else {
        return Vec::new();
    };
    let legal_hold = t.retention.as_ref().is_some_and(|r| r.legal_hold);
    let kind = crate::schema::retention_rules::job_kind(t);
    let key = t.row_key();
    engines
        .iter()
        .map(|e| {
            let d = dialect_for(*e);
            let hold = match (hold_table, legal_hold, key) {
                (Some(h), true, Some(key)) => {
                    recipes::legal_hold_filter(d, h, &t.name, t.namespace.as_deref(), key)
                }
                _ => String::new(),
            };
            let action = match kind {
                JobKind::Purge => JobAction::Purge,
                JobKind::Anonymize => anonymize_action(d, anonymize),
                JobKind::Archive => {
                    let col = d.quote_ident("archived_at");
                    JobAction::Archive {
                        set: format!("{col} = {}", d.now_sql()),
                        pending: format!("{col} IS NULL"),
                    }
                }
            };
            let recipe = recipes::retention_job(
                d,
                &RetentionJob {
                    table: &t.name,
                    namespace: t.namespace.as_deref(),
                    key,
                    column: &ts.name,
                    ttl,
                    action: &action,
                    hold: &hold,
                    append_only: t.append_only,
                    row_level_security: !t.policies.is_empty(),
                },
            );
            EngineRecipe {
                engine: recipe.engine.into(),
                how: recipe.how,
                sql: recipe.sql,
            }
        })
        .collect()
}

/// The SQL value that replaces a PII column on erasure.
fn erased_value(c: &Column) -> &'static str {
    if c.nullable {
        "NULL"
    } else {
        // Only for columns that can hold it (`retention_rules::erasable`).
        "'erased'"
    }
}

/// Overwrite the PII columns; a row is pending while any of them still differs (NULL-safe)
/// from its erased value.
fn anonymize_action(d: &dyn Dialect, pii: &[&Column]) -> JobAction {
    let q = |s: &str| d.quote_ident(s);
    let set: Vec<String> = pii
        .iter()
        .map(|c| format!("{} = {}", q(&c.name), erased_value(c)))
        .collect();
    let pending: Vec<String> = pii
        .iter()
        .map(|c| d.is_distinct_from(&q(&c.name), erased_value(c)))
        .collect();
    JobAction::Anonymize {
        set: set.join(", "),
        pending: format!("({})", pending.join(" OR ")),
    }
}

#[cfg(test)]
mod tests {
    use super::cleanup;
    use crate::config::{Depth, Engine, Migration};
    use crate::schema::ColumnOrigin;
    use crate::testkit::saas;

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
