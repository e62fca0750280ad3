//! The table rebuild of engines whose `ALTER TABLE` can't make a change (SQLite's documented
//! twelve steps): the new definition under a temporary name, every row copied over, the old
//! table dropped, the new one renamed, then its indexes and triggers created again. The
//! dialect's envelope around the migration turns foreign keys off (so the drop neither
//! cascades nor fails), opens one transaction, and after the last step refuses to commit
//! while a foreign key is broken.

use super::steps::{needs_backfill_refusal, old_column, rendered, Ctx};
use super::{Refusal, RenderedStep, Statement};
use crate::ddl;
use crate::dialect::Online;
use crate::migrate::diff::Change;
use crate::migrate::playbook::needs_backfill;

/// The temporary name of the table being rebuilt; one table is rebuilt at a time.
const REBUILD_TABLE: &str = "_dm_rebuild";

/// Every change of `table` (`changes`, the first one naming the step) as one rebuild.
pub(super) fn step(cx: &Ctx, table: &str, changes: &[&Change]) -> Result<RenderedStep, Refusal> {
    let new_t = cx.new_table(table).expect("a rebuilt table exists after");
    let old_t = cx.old_table(table).expect("a rebuilt table exists before");
    let mut targets = Vec::new();
    let mut sources = Vec::new();
    for c in &new_t.columns {
        match old_column(old_t, c) {
            Some(before) => {
                targets.push(cx.q(&c.name));
                sources.push(cx.q(&before.name));
            }
            None if needs_backfill(c) => match cx.backfill(table, &c.name) {
                Some(expr) => {
                    targets.push(cx.q(&c.name));
                    sources.push(format!("({expr})"));
                }
                None => return Err(needs_backfill_refusal(table, &c.name)),
            },
            // Takes its default (or NULL) in every copied row.
            None => {}
        }
    }
    let tmp = cx.q(REBUILD_TABLE);
    let q = cx.qt(table);
    let mut statements = vec![
        Statement::new(format!(
            "CREATE TABLE {tmp} {}",
            ddl::table_definition(cx.d, new_t)
        )),
        Statement::new(format!(
            "INSERT INTO {tmp} ({}) SELECT {} FROM {q}",
            targets.join(", "),
            sources.join(", ")
        )),
        Statement::new(format!("DROP TABLE {q}")),
        Statement::new(format!("ALTER TABLE {tmp} RENAME TO {q}")),
    ];
    let cols: Vec<String> = new_t.columns.iter().map(|c| c.name.clone()).collect();
    for ix in &new_t.indexes {
        if let Some(sql) = ddl::index_sql(cx.d, new_t, ix, &cols) {
            if !sql.starts_with("--") {
                statements.push(Statement::new(sql.trim_end_matches(';')));
            }
        }
    }
    if let Some(trigger) = ddl::updated_at_trigger(cx.d, new_t) {
        statements.push(Statement::new(trigger.trim_end_matches(';')));
    }
    if let Some(trigger) = ddl::version::version_trigger(cx.d, new_t) {
        statements.push(Statement::new(trigger.trim_end_matches(';')));
    }
    if let Some(trigger) = ddl::audit::actor_trigger(cx.d, new_t) {
        statements.push(Statement::new(trigger.trim_end_matches(';')));
    }
    for sql in ddl::history::history_statements(cx.d, new_t).unwrap_or_default() {
        statements.push(Statement::new(sql.trim_end_matches(';')));
    }
    let what: Vec<String> = changes.iter().map(|c| c.describe()).collect();
    let mut step = rendered(
        changes[0],
        Online::Rebuild,
        statements,
        vec![format!("Rebuilds `{table}` for: {}.", what.join("; "))],
    );
    step.safety = changes
        .iter()
        .map(|c| c.safety())
        .max()
        .unwrap_or(step.safety)
        .max(step.safety);
    Ok(step)
}
