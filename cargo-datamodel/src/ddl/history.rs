//! `audit(history)`: the triggers writing every INSERT, UPDATE and DELETE of an audited table
//! to the shared log (`audit_log`: table, primary key as JSON, operation, old and new row as
//! JSON, actor, time), and the log's append-only guard (no UPDATE; no DELETE but of rows past
//! the log's TTL, which its retention job purges).
//!
//! The engines differ in how a trigger is written ([`HistoryMechanism`]) and how a row becomes
//! JSON ([`Dialect::row_json_sql`]); names come from the Schema, identifiers and literals from
//! the dialect's quoting, and a `plpgsql` body is dollar-quoted with a tag it doesn't contain.

use crate::dialect::{Dialect, HistoryMechanism, UpdatedAtMechanism, VersionMechanism};
use crate::retention::ttl::parse_ttl;
use crate::schema::{Table, TENANT_COLUMN, VERSION_COLUMN};
use std::fmt::Write as _;

/// `body` between dollar quotes whose tag it doesn't contain (`$dm$`, else `$dm1$`, ...).
pub(crate) fn dollar_quoted(body: &str) -> String {
    let mut tag = "$dm$".to_string();
    let mut n = 0;
    while body.contains(&tag) {
        n += 1;
        tag = format!("$dm{n}$");
    }
    format!("{tag}\n{body}{tag}")
}

/// The three operations, as the log's `operation` says them.
const OPS: [&str; 3] = ["INSERT", "UPDATE", "DELETE"];

/// The `INSERT INTO audit_log ..` writing one change of `t` (no final `;`).
fn log_insert(d: &dyn Dialect, t: &Table, op: &str) -> Option<String> {
    let a = t.audit.as_ref()?;
    let h = a.history.as_ref()?;
    let q = |s: &str| d.quote_ident(s);
    let row = if op == "DELETE" { "OLD" } else { "NEW" };
    let columns: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
    let key: Vec<(String, String)> = t
        .primary_key
        .columns
        .iter()
        .map(|c| (c.clone(), format!("{row}.{}", q(c))))
        .collect();
    let old = if op == "INSERT" {
        "NULL".to_string()
    } else {
        d.row_json_sql("OLD", &columns)
    };
    let new = if op == "DELETE" {
        "NULL".to_string()
    } else {
        d.row_json_sql("NEW", &columns)
    };
    let actor = if d.fills_actor_from_setting() {
        format!(
            "NULLIF(current_setting({}, true), '')",
            d.string_literal(&a.setting)
        )
    } else if op != "DELETE" && t.column("updated_by").is_some() {
        format!("NEW.{}", q("updated_by"))
    } else {
        "NULL".to_string()
    };
    let mut cols = vec![
        q("table_name"),
        q("row_key"),
        q("operation"),
        q("old_row"),
        q("new_row"),
        q("actor"),
    ];
    let mut values = vec![
        d.string_literal(&t.name),
        d.json_object_sql(&key),
        d.string_literal(op),
        old,
        new,
        actor,
    ];
    if h.tenant && t.column(TENANT_COLUMN).is_some() {
        cols.push(q(TENANT_COLUMN));
        values.push(format!("{row}.{}", q(TENANT_COLUMN)));
    }
    Some(format!(
        "INSERT INTO {} ({}) VALUES ({})",
        q(&h.log_table),
        cols.join(", "),
        values.join(", ")
    ))
}

/// On an engine whose `updated_at` / `version` upkeep is an `AFTER UPDATE` trigger updating the
/// row again, the `WHEN` that logs an UPDATE only when it changed a column other than those:
/// the upkeep trigger's own UPDATE (which may change nothing at all, within the same
/// millisecond) is never a second entry. `None` when the table has no such trigger.
fn skip_upkeep_update(d: &dyn Dialect, t: &Table) -> Option<String> {
    let q = |s: &str| d.quote_ident(s);
    let mut upkeep = Vec::new();
    if d.updated_at_mechanism() == UpdatedAtMechanism::AfterUpdateTrigger
        && super::updated_at_trigger(d, t).is_some()
    {
        upkeep.push("updated_at");
    }
    if d.version_mechanism() == VersionMechanism::AfterUpdateTrigger && t.has_version() {
        upkeep.push(VERSION_COLUMN);
    }
    if upkeep.is_empty() {
        return None;
    }
    let same: Vec<String> = t
        .columns
        .iter()
        .filter(|c| !upkeep.contains(&c.name.as_str()))
        .map(|c| format!("NEW.{c} IS OLD.{c}", c = q(&c.name)))
        .collect();
    Some(format!("NOT ({})", same.join(" AND ")))
}

/// The function and triggers writing `t`'s changes to the log (without the final newline);
/// `None` when `t` keeps no history.
pub(crate) fn history_triggers(d: &dyn Dialect, t: &Table) -> Option<String> {
    Some(history_statements(d, t)?.join("\n"))
}

/// [`history_triggers`], one statement each (each ending with `;`).
pub(crate) fn history_statements(d: &dyn Dialect, t: &Table) -> Option<Vec<String>> {
    let h = t.audit.as_ref()?.history.as_ref()?;
    let q = |s: &str| d.quote_ident(s);
    let tb = q(&t.name);
    let triggers = [&h.insert_trigger, &h.update_trigger, &h.delete_trigger];
    let mut out: Vec<String> = Vec::new();
    match d.history_mechanism() {
        HistoryMechanism::TriggerFunction => {
            let mut body = String::from("BEGIN\n");
            for (i, op) in OPS.iter().enumerate() {
                let kw = match i {
                    0 => "IF",
                    1 => "ELSIF",
                    _ => "ELSE",
                };
                if i < 2 {
                    let _ = writeln!(body, "  {kw} TG_OP = '{op}' THEN");
                } else {
                    let _ = writeln!(body, "  {kw}");
                }
                let _ = writeln!(body, "    {};", log_insert(d, t, op)?);
            }
            body.push_str("  END IF;\n  RETURN NULL;\nEND;\n");
            out.push(format!(
                "CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS {};",
                q(&h.function),
                dollar_quoted(&body)
            ));
            for (op, trigger) in OPS.iter().zip(triggers) {
                out.push(format!(
                    "CREATE TRIGGER {} AFTER {op} ON {tb} FOR EACH ROW EXECUTE FUNCTION {}();",
                    q(trigger),
                    q(&h.function)
                ));
            }
        }
        HistoryMechanism::SingleStatementTriggers => {
            for (op, trigger) in OPS.iter().zip(triggers) {
                out.push(format!(
                    "CREATE TRIGGER {} AFTER {op} ON {tb} FOR EACH ROW {};",
                    q(trigger),
                    log_insert(d, t, op)?
                ));
            }
        }
        HistoryMechanism::BlockTriggers => {
            for (op, trigger) in OPS.iter().zip(triggers) {
                let when = match *op {
                    "UPDATE" => skip_upkeep_update(d, t)
                        .map(|w| format!(" WHEN {w}"))
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                out.push(format!(
                    "CREATE TRIGGER {} AFTER {op} ON {tb} FOR EACH ROW{when}\nBEGIN\n    {};\nEND;",
                    q(trigger),
                    log_insert(d, t, op)?
                ));
            }
        }
    }
    Some(out)
}

/// The log's append-only guard (without the final newline): UPDATE refused, DELETE refused
/// unless the row is past the log's TTL (its retention job's DELETE).
pub(crate) fn append_only_guard(d: &dyn Dialect, t: &Table) -> Option<String> {
    let g = t.append_only_guard.as_ref()?;
    let q = |s: &str| d.quote_ident(s);
    let tb = q(&t.name);
    let message = format!(
        "{} is append-only: its rows are never changed or deleted (only its retention job purges expired rows)",
        t.name
    );
    let expired = t
        .retention
        .as_ref()
        .and_then(|r| r.ttl.as_deref())
        .and_then(parse_ttl)
        .map(|ttl| format!("OLD.{} < {}", q("created_at"), d.ago_sql(ttl)));
    let mut out = String::new();
    match d.history_mechanism() {
        HistoryMechanism::TriggerFunction => {
            let mut body = String::from("BEGIN\n");
            if let Some(e) = &expired {
                let _ = writeln!(
                    body,
                    "  IF TG_OP = 'DELETE' AND {e} THEN\n    RETURN OLD;\n  END IF;"
                );
            }
            let _ = writeln!(
                body,
                "  RAISE EXCEPTION USING MESSAGE = {}, ERRCODE = 'insufficient_privilege';\nEND;",
                d.string_literal(&message)
            );
            let _ = writeln!(
                out,
                "CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS {};",
                q(&g.function),
                dollar_quoted(&body)
            );
            for (op, trigger) in [("UPDATE", &g.update_trigger), ("DELETE", &g.delete_trigger)] {
                let _ = writeln!(
                    out,
                    "CREATE TRIGGER {} BEFORE {op} ON {tb} FOR EACH ROW EXECUTE FUNCTION {}();",
                    q(trigger),
                    q(&g.function)
                );
            }
        }
        HistoryMechanism::SingleStatementTriggers => {
            let signal = format!(
                "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = {}",
                d.string_literal(&message)
            );
            let _ = writeln!(
                out,
                "CREATE TRIGGER {} BEFORE UPDATE ON {tb} FOR EACH ROW {signal};",
                q(&g.update_trigger)
            );
            match &expired {
                None => {
                    let _ = writeln!(
                        out,
                        "CREATE TRIGGER {} BEFORE DELETE ON {tb} FOR EACH ROW {signal};",
                        q(&g.delete_trigger)
                    );
                }
                Some(e) => {
                    // One statement (no BEGIN .. END / IF, which the mysql client splits
                    // without a DELIMITER): the subquery yields two rows, an error, exactly
                    // when the entry is not past the TTL.
                    out.push_str(&crate::dialect::line_comment(
                        "",
                        &format!(
                            "{}: deleting an entry younger than its TTL fails with error 1242 (Subquery returns more than 1 row), the refusal of a one-statement trigger.",
                            t.name
                        ),
                    ));
                    let _ = writeln!(
                        out,
                        "CREATE TRIGGER {} BEFORE DELETE ON {tb} FOR EACH ROW SET @dm_append_only = (SELECT {} FROM (SELECT 1 AS n UNION ALL SELECT 2) AS dm_refused WHERE NOT ({e}));",
                        q(&g.delete_trigger),
                        d.string_literal(&message)
                    );
                }
            }
        }
        HistoryMechanism::BlockTriggers => {
            let raise = format!("SELECT RAISE(ABORT, {})", d.string_literal(&message));
            let _ = writeln!(
                out,
                "CREATE TRIGGER {} BEFORE UPDATE ON {tb} FOR EACH ROW\nBEGIN\n    {raise};\nEND;",
                q(&g.update_trigger)
            );
            let when = expired
                .map(|e| format!(" WHEN NOT ({e})"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "CREATE TRIGGER {} BEFORE DELETE ON {tb} FOR EACH ROW{when}\nBEGIN\n    {raise};\nEND;",
                q(&g.delete_trigger)
            );
        }
    }
    Some(out.trim_end().to_string())
}
