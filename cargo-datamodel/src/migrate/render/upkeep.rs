//! The statements that turn the engine's upkeep of a table on or off: the triggers (or
//! clauses) keeping `updated_at`, `version`, the audit actor and the audit history current.

use super::sql::{method, modify};
use super::steps::{rendered, uses_trigger_function, Ctx};
use super::{RenderedStep, Statement};
use crate::ddl;
use crate::dialect::{Online, UpdatedAtMechanism};
use crate::migrate::diff::Change;
use crate::schema::Table;

/// The engine starts or stops keeping `updated_at` current: its trigger, or the column's
/// `ON UPDATE` clause restated.
pub(super) fn updated_at_upkeep(
    cx: &Ctx,
    c: &Change,
    table: &str,
    on: bool,
) -> Option<RenderedStep> {
    let new_t = cx.new_table(table)?;
    new_t.column("updated_at")?;
    match cx.d.updated_at_mechanism() {
        UpdatedAtMechanism::OnUpdateClause => {
            let online = method(cx, c);
            return Some(rendered(
                c,
                online,
                vec![modify(cx, table, "updated_at", online)],
                Vec::new(),
            ));
        }
        // Rebuilt with the table: its trigger is part of the new table's definition.
        UpdatedAtMechanism::AfterUpdateTrigger => return None,
        UpdatedAtMechanism::TriggerFunction => {}
    }
    let mut statements = Vec::new();
    if on {
        let mut f = String::new();
        ddl::render_trigger_function(cx.d, &mut f);
        statements.push(Statement::new(f.trim().trim_end_matches(';').to_string()));
        let trigger = ddl::updated_at_trigger(cx.d, new_t)?;
        statements.push(Statement::new(trigger.trim_end_matches(';').to_string()));
    } else {
        let old_t = cx.old_table(table)?;
        let name = old_t.updated_at_trigger_name.as_ref()?;
        statements.push(Statement::new(format!(
            "DROP TRIGGER {} ON {}",
            cx.qo(table, name),
            cx.qt(table)
        )));
    }
    Some(rendered(c, Online::Direct, statements, Vec::new()))
}

/// The engine starts or stops incrementing `version`: the table's upkeep triggers as they
/// were and as they will be (its own `version` trigger, or its `updated_at` trigger carrying
/// the increment, and back); the ones that differ are dropped and created, after the trigger
/// functions they call (`CREATE OR REPLACE`). Triggers only, no row is read: Safe.
pub(super) fn version_upkeep(cx: &Ctx, c: &Change, table: &str) -> RenderedStep {
    use crate::ddl::version;
    let triggers = |t: Option<&Table>| -> Vec<(String, String)> {
        let Some(t) = t else { return Vec::new() };
        let mut v = Vec::new();
        if let (Some(sql), Some(name)) =
            (ddl::updated_at_trigger(cx.d, t), &t.updated_at_trigger_name)
        {
            v.push((name.clone(), sql));
        }
        if let (Some(sql), Some(name)) =
            (version::version_trigger(cx.d, t), &t.version_trigger_name)
        {
            v.push((name.clone(), sql));
        }
        v
    };
    let new_t = cx.new_table(table);
    let (before, after) = (triggers(cx.old_table(table)), triggers(new_t));
    let mut statements = Vec::new();
    let mut push =
        |sql: &str| statements.push(Statement::new(sql.trim().trim_end_matches(';').to_string()));
    for (name, sql) in &before {
        if !after.iter().any(|(_, s)| s == sql) {
            push(&cx.d.drop_trigger(&cx.q(name), &cx.q(table)));
        }
    }
    let created: Vec<&String> = after
        .iter()
        .filter(|(_, sql)| !before.iter().any(|(_, s)| s == sql))
        .map(|(_, sql)| sql)
        .collect();
    if let Some(t) = new_t.filter(|_| !created.is_empty()) {
        if uses_trigger_function(cx.d)
            && t.updated_at_trigger
            && t.column("updated_at").is_some()
            && !version::folded(cx.d, t)
        {
            let mut f = String::new();
            ddl::render_trigger_function(cx.d, &mut f);
            push(&f);
        }
        for name in version::functions(cx.d, [t]) {
            let mut f = String::new();
            version::render_function(cx.d, name, &mut f);
            push(&f);
        }
    }
    for sql in created {
        push(sql);
    }
    rendered(c, Online::Direct, statements, Vec::new())
}

/// The engine starts or stops filling `created_by` / `updated_by`: the shared function
/// (`CREATE OR REPLACE`) and the table's trigger, or the trigger dropped. `None` on engines
/// where the application fills them.
pub(super) fn actor_upkeep(cx: &Ctx, c: &Change, table: &str, on: bool) -> Option<RenderedStep> {
    use crate::ddl::audit;
    if !cx.d.fills_actor_from_setting() {
        return None;
    }
    let mut statements = Vec::new();
    if on {
        let t = cx.new_table(table)?;
        let mut f = String::new();
        audit::render_function(cx.d, t.audit.as_ref()?, &mut f);
        statements.push(Statement::new(f.trim().trim_end_matches(';').to_string()));
        let trigger = audit::actor_trigger(cx.d, t)?;
        statements.push(Statement::new(trigger.trim_end_matches(';').to_string()));
    } else {
        let name = cx.old_table(table)?.audit.as_ref()?.trigger_name.as_ref()?;
        statements.push(Statement::new(cx.d.drop_trigger(&cx.q(name), &cx.q(table))));
    }
    Some(rendered(c, Online::Direct, statements, Vec::new()))
}

/// The table starts or stops writing its changes to the audit log: its function and triggers
/// created, or its triggers dropped.
pub(super) fn history_upkeep(cx: &Ctx, c: &Change, table: &str, on: bool) -> Option<RenderedStep> {
    let mut statements = Vec::new();
    if on {
        for sql in ddl::history::history_statements(cx.d, cx.new_table(table)?)? {
            statements.push(Statement::new(sql.trim_end_matches(';').to_string()));
        }
    } else {
        let h = cx.old_table(table)?.audit.as_ref()?.history.as_ref()?;
        for name in [&h.insert_trigger, &h.update_trigger, &h.delete_trigger] {
            statements.push(Statement::new(cx.d.drop_trigger(&cx.q(name), &cx.q(table))));
        }
    }
    Some(rendered(c, Online::Direct, statements, Vec::new()))
}
