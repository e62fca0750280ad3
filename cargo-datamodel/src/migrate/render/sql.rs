//! The statements of each kind of change, spelled by the dialect and shaped by the online
//! method it names: the clause MySQL enforces, PostgreSQL's `CONCURRENTLY`, `NOT VALID` +
//! `VALIDATE` and validated `SET NOT NULL`.

use super::shadow;
use super::steps::{alter_op, old_column, rendered, uses_trigger_function, Ctx};
use super::{Refusal, RenderedStep, Statement};
use crate::ddl;
use crate::diagnostics::migrate_codes::codes;
use crate::dialect::{AlterOp, ColumnChange, Online};
use crate::migrate::diff::Change;
use crate::schema::{Column, Table};

/// The method of `c` on this engine (`Direct` for changes that are not an `ALTER TABLE`).
pub(super) fn method(cx: &Ctx, c: &Change) -> Online {
    alter_op(cx, c).map_or(Online::Direct, |op| cx.d.online(op))
}

/// `ALTER TABLE t <clause>` with the engine's algorithm clause when it has one.
fn alter_sql(cx: &Ctx, table: &str, clause: &str, online: Online) -> String {
    match online {
        Online::Clause(a) | Online::Copy(a) => {
            format!("ALTER TABLE {} {clause}, {a}", cx.qt(table))
        }
        _ => format!("ALTER TABLE {} {clause}", cx.qt(table)),
    }
}

/// One `ALTER TABLE` clause as the whole step.
pub(super) fn alter(cx: &Ctx, c: &Change, table: &str, clause: String) -> RenderedStep {
    let online = method(cx, c);
    rendered(
        c,
        online,
        vec![Statement::new(alter_sql(cx, table, &clause, online))],
        Vec::new(),
    )
}

fn new_column<'a>(cx: &Ctx<'a>, table: &str, column: &str) -> (&'a Table, &'a Column) {
    let t = cx
        .new_table(table)
        .expect("the differ names tables of the new Schema");
    let c = t
        .column(column)
        .expect("the differ names columns of the new Schema");
    (t, c)
}

/// `DROP COLUMN`; where the engine drops the table's column-free CHECKs with any column
/// (MariaDB), they are added again.
pub(super) fn drop_column(cx: &Ctx, c: &Change, table: &str, column: &str) -> RenderedStep {
    let mut step = alter(cx, c, table, format!("DROP COLUMN {}", cx.q(column)));
    if !cx.d.drop_column_drops_constant_checks() {
        return step;
    }
    let Some(t) = cx.new_table(table) else {
        return step;
    };
    let cols: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
    for k in t.checks.iter().filter(|k| names_no_column(&k.expr, &cols)) {
        let def = format!(
            "CONSTRAINT {} CHECK ({})",
            cx.qo(table, &k.name),
            cx.d.check_sql_in(k, &cols)
        );
        let copy = cx.d.online(AlterOp::AddCheck);
        step.statements.push(Statement::new(alter_sql(
            cx,
            table,
            &format!("ADD {def}"),
            copy,
        )));
    }
    step
}

/// `expr` mentions none of `columns` (as a word, any case).
fn names_no_column(expr: &str, columns: &[String]) -> bool {
    let words: Vec<String> = expr
        .split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    !columns
        .iter()
        .any(|c| words.iter().any(|w| *w == c.to_lowercase()))
}

/// `CREATE TABLE` with its indexes, comments, trigger and row-level security, as the DDL
/// renders it (the shared `updated_at` function first when no table had it yet).
pub(super) fn add_table(cx: &Ctx, c: &Change, table: &str) -> RenderedStep {
    let t = cx
        .new_table(table)
        .expect("the differ names tables of the new Schema");
    let mut sql = String::new();
    // The first table of a namespace the old Schema didn't use creates it.
    if let Some(ns) = t.namespace.as_deref() {
        let known = cx
            .old
            .tables
            .iter()
            .any(|o| o.namespace.as_deref() == Some(ns));
        if let Some(create) = ddl::create_namespace(cx.d, ns).filter(|_| !known) {
            sql.push_str(&create);
            sql.push_str(";\n");
        }
    }
    let had_function = cx
        .old
        .tables
        .iter()
        .any(|t| t.updated_at_trigger && t.column("updated_at").is_some());
    if uses_trigger_function(cx.d)
        && !had_function
        && t.updated_at_trigger
        && t.column("updated_at").is_some()
    {
        ddl::render_trigger_function(cx.d, &mut sql);
    }
    for f in ddl::version::functions(cx.d, [t]) {
        ddl::version::render_function(cx.d, f, &mut sql);
    }
    if let Some(a) = ddl::audit::function_needed(cx.d, [t]) {
        ddl::audit::render_function(cx.d, a, &mut sql);
    }
    if cx.d.distributes_tables() {
        // Created, distributed, then its foreign keys and row-level security.
        sql.push_str(&ddl::distributed::table_statements(cx.d, cx.old, cx.new, t));
    } else {
        ddl::render_table(cx.d, t, &mut sql);
    }
    let sql = sql.trim().trim_end_matches(';').to_string();
    rendered(c, Online::Direct, vec![Statement::new(sql)], Vec::new())
}

/// A policy added (row-level security switched on with the table's first) or dropped.
pub(super) fn policy(cx: &Ctx, c: &Change, table: &str) -> RenderedStep {
    let (q, t) = (cx.qt(table), table);
    let mut out = Vec::new();
    match c {
        Change::AddPolicy { .. } => {
            let new_t = cx.new_table(t).expect("new table");
            let had_rls = cx.old_table(t).is_some_and(|o| !o.policies.is_empty());
            let script = ddl::row_level_security(cx.d, new_t);
            for s in script.split(";\n").map(str::trim).filter(|s| !s.is_empty()) {
                let is_policy = s.starts_with("CREATE POLICY");
                if had_rls && !is_policy {
                    continue;
                }
                let ours = matches!(c, Change::AddPolicy { name, .. } if s.contains(&cx.q(name)));
                if !is_policy || ours {
                    out.push(Statement::new(s.to_string()));
                }
            }
        }
        Change::DropPolicy { name, .. } => {
            out.push(Statement::new(format!("DROP POLICY {} ON {q}", cx.q(name))));
            if cx.new_table(t).is_some_and(|n| n.policies.is_empty()) {
                out.push(Statement::new(format!(
                    "ALTER TABLE {q} NO FORCE ROW LEVEL SECURITY"
                )));
                out.push(Statement::new(format!(
                    "ALTER TABLE {q} DISABLE ROW LEVEL SECURITY"
                )));
            }
        }
        _ => {}
    }
    let notes = match c {
        Change::AddPolicy { .. } => vec![format!(
            "Every session must set the tenant (SET LOCAL) from here on: with none set, `{table}` shows and accepts no rows."
        )],
        _ => Vec::new(),
    };
    rendered(c, Online::Direct, out, notes)
}

pub(super) fn add_column(cx: &Ctx, c: &Change, table: &str, column: &str) -> RenderedStep {
    let (t, col) = new_column(cx, table, column);
    let def = ddl::column_definition(cx.d, t, col);
    let mut step = alter(cx, c, table, format!("ADD COLUMN {def}"));
    if let Change::AddColumn {
        rewrites_table: true,
        ..
    } = c
    {
        step.notes.push(format!(
            "Filling `{column}` writes every existing row of `{table}`: run it when the table is small or traffic is low."
        ));
    }
    step
}

/// A NOT NULL column without a default, on a table with rows: added nullable, filled from
/// the user's `--backfill` expression, then made NOT NULL the engine's online way.
pub(super) fn add_column_backfilled(
    cx: &Ctx,
    c: &Change,
    table: &str,
    column: &str,
    expr: &str,
) -> RenderedStep {
    let (t, col) = new_column(cx, table, column);
    let mut open = col.clone();
    open.nullable = true;
    let add = cx.d.online(AlterOp::AddColumn);
    let q = cx.q(column);
    let mut statements = vec![
        Statement::new(alter_sql(
            cx,
            table,
            &format!("ADD COLUMN {}", ddl::column_definition(cx.d, t, &open)),
            add,
        )),
        Statement::new(format!(
            "UPDATE {} SET {q} = ({expr}) WHERE {q} IS NULL",
            cx.qt(table)
        )),
    ];
    let not_null = Change::SetNotNull {
        table: table.to_string(),
        column: column.to_string(),
    };
    let finish = set_not_null(cx, &not_null, table, column);
    statements.extend(finish.statements);
    let mut step = rendered(c, Online::Direct, statements, Vec::new());
    step.method = format!("add, backfill, then {}", finish.method);
    step.notes.push(format!(
        "Existing rows get `{expr}`. One UPDATE fills them: on a large table run it in batches yourself first (the UPDATE then finds nothing left)."
    ));
    step
}

/// A type change: nothing when the engine spells both types the same (an enum's values live
/// in its CHECK), a cast otherwise.
pub(super) fn change_type(
    cx: &Ctx,
    c: &Change,
    table: &str,
    column: &str,
    widening: bool,
) -> Result<Option<RenderedStep>, Refusal> {
    let (t, new) = new_column(cx, table, column);
    let old_t = cx.old_table(table).expect("a changed table exists before");
    let old = old_column(old_t, new).expect("a changed column exists before");
    if old.identity != new.identity {
        return Err(Refusal {
            code: codes::UNSUPPORTED,
            message: format!(
                "`{table}.{column}` {} identity generation: the values of existing rows can't be kept as they are",
                if new.identity { "gains" } else { "loses" }
            ),
            help: "add a new key column instead and move references to it over several releases; or create the table anew".into(),
        });
    }
    let (plain_old, plain_new) = (plain(old), plain(new));
    let (old_ty, new_ty) = (cx.d.column_type(&plain_old), cx.d.column_type(&plain_new));
    if old_ty == new_ty {
        return Ok(None);
    }
    let mut online = method(cx, c);
    let shadow_refused = online == Online::ShadowColumn;
    if online == Online::ShadowColumn {
        if shadow::applies(t, new) && shadow::applies(old_t, old) {
            let statements = shadow::statements(cx, t, new, &new_ty);
            let mut notes = vec![format!(
                "The column keeps its name: running code needs no change. Rows are copied in committed batches of {}.",
                shadow::BATCH
            )];
            if !widening {
                notes.push(format!(
                    "Fails at the first value of `{column}` that doesn't fit {new_ty}; the shadow column and its trigger are then left behind: drop them before retrying."
                ));
            }
            return Ok(Some(rendered(c, online, statements, notes)));
        }
        online = Online::Direct;
    }
    let sql = match cx.d.column_change() {
        ColumnChange::AlterClauses => alter_sql(
            cx,
            table,
            &format!(
                "ALTER COLUMN {col} TYPE {new_ty} USING {col}::{new_ty}",
                col = cx.q(column)
            ),
            online,
        ),
        ColumnChange::ModifyDefinition | ColumnChange::Rebuild => alter_sql(
            cx,
            table,
            &format!("MODIFY COLUMN {}", ddl::column_definition(cx.d, t, new)),
            online,
        ),
    };
    let mut notes = Vec::new();
    if !widening {
        notes.push(format!(
            "Fails, and changes nothing, if a value of `{column}` doesn't fit {new_ty}."
        ));
    }
    if shadow_refused {
        notes.push(format!(
            "Rewrites `{table}` under an exclusive lock: `{column}` is part of a key, an index or a CHECK, which a shadow column would drop."
        ));
    }
    Ok(Some(rendered(c, online, vec![Statement::new(sql)], notes)))
}

fn plain(c: &Column) -> Column {
    let mut c = c.clone();
    c.identity = false;
    c
}

/// NOT NULL: proven by a validated CHECK first where the engine can (no long exclusive lock
/// while every row is read), else restated with the column.
pub(super) fn set_not_null(cx: &Ctx, c: &Change, table: &str, column: &str) -> RenderedStep {
    let online = method(cx, c);
    let col = cx.q(column);
    let statements = match (online, cx.d.column_change()) {
        (Online::CheckedSetNotNull, _) => {
            let (mut prove, seal) = shadow::not_null_proof(cx, table, &col, &col);
            prove.extend(seal);
            prove
        }
        (_, ColumnChange::AlterClauses) => vec![Statement::new(alter_sql(
            cx,
            table,
            &format!("ALTER COLUMN {col} SET NOT NULL"),
            online,
        ))],
        _ => vec![modify(cx, table, column, online)],
    };
    rendered(
        c,
        online,
        statements,
        vec![format!(
            "Fails, and changes nothing, while a row has no `{column}`: fill them first."
        )],
    )
}

pub(super) fn modify(cx: &Ctx, table: &str, column: &str, online: Online) -> Statement {
    let (t, col) = new_column(cx, table, column);
    Statement::new(alter_sql(
        cx,
        table,
        &format!("MODIFY COLUMN {}", ddl::column_definition(cx.d, t, col)),
        online,
    ))
}

/// DROP NOT NULL and a new default.
pub(super) fn column_property(cx: &Ctx, c: &Change, table: &str, column: &str) -> RenderedStep {
    let online = method(cx, c);
    let (_, col) = new_column(cx, table, column);
    let q = cx.q(column);
    let statement = match (c, cx.d.column_change()) {
        (Change::DropNotNull { .. }, ColumnChange::AlterClauses) => Statement::new(alter_sql(
            cx,
            table,
            &format!("ALTER COLUMN {q} DROP NOT NULL"),
            online,
        )),
        (Change::DropNotNull { .. }, _) => modify(cx, table, column, online),
        _ => {
            let clause = match &col.default {
                Some(d) => format!("ALTER COLUMN {q} SET DEFAULT {}", cx.d.default_sql(d)),
                None => format!("ALTER COLUMN {q} DROP DEFAULT"),
            };
            Statement::new(alter_sql(cx, table, &clause, online))
        }
    };
    rendered(c, online, vec![statement], Vec::new())
}

/// A new index: `CONCURRENTLY` outside a transaction, or `ALTER TABLE ... ADD` with the
/// engine's clause where index names belong to the table. Nothing where the engine has no
/// such index (the DDL skips it too).
pub(super) fn add_index(cx: &Ctx, c: &Change, table: &str, index: &str) -> Option<RenderedStep> {
    let t = cx.new_table(table)?;
    let ix = t.indexes.iter().find(|i| i.name == index)?;
    let online = method(cx, c);
    let mut statements = Vec::new();
    if cx.d.inline_indexes() {
        if let Some(live) = &ix.live_column {
            let existed = cx.old_table(table).is_some_and(|o| {
                o.indexes
                    .iter()
                    .any(|i| i.live_column.as_deref() == Some(live))
            });
            let first = t
                .indexes
                .iter()
                .find(|i| i.live_column.as_deref() == Some(live))
                .is_some_and(|i| i.name == ix.name);
            let cols: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
            let def = ix
                .predicate
                .as_ref()
                .and_then(|p| cx.d.live_column_sql(&cx.q(live), &cx.d.user_sql(p, &cols)));
            if let (false, true, Some(def)) = (existed, first, def) {
                let copy = cx.d.online(AlterOp::AddComputedColumn);
                statements.push(Statement::new(alter_sql(
                    cx,
                    table,
                    &format!("ADD COLUMN {def}"),
                    copy,
                )));
            }
        }
        let def = ddl::inline_index_sql(cx.d, t, ix)?;
        // A redefinition replaces the old index in the same statement: a foreign key that
        // needs an index there never sees none (see `drop_index`).
        let redefined = cx.d.index_names_are_per_table()
            && cx.old_table(table).is_some_and(|o| {
                o.indexes
                    .iter()
                    .any(|i| i.name == ix.name && ddl::inline_index_sql(cx.d, o, i).is_some())
            });
        let clause = if redefined {
            format!("DROP INDEX {}, ADD {def}", cx.qo(table, &ix.name))
        } else {
            format!("ADD {def}")
        };
        statements.push(Statement::new(alter_sql(cx, table, &clause, online)));
    } else {
        let cols: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
        let sql = ddl::index_sql(cx.d, t, ix, &cols)?;
        if sql.starts_with("--") {
            return None;
        }
        let sql = sql.trim_end_matches(';');
        statements.push(match online {
            Online::Concurrently => Statement {
                sql: sql.replacen("INDEX ", "INDEX CONCURRENTLY IF NOT EXISTS ", 1),
                outside_transaction: true,
                alone: true,
                new_transaction: true,
            },
            _ => Statement::new(sql),
        });
    }
    Some(rendered(c, online, statements, Vec::new()))
}

/// Drops an index the old DDL created (none where the engine skipped it).
pub(super) fn drop_index(cx: &Ctx, c: &Change, table: &str, index: &str) -> Option<RenderedStep> {
    let t = cx.old_table(table)?;
    let ix = t.indexes.iter().find(|i| i.name == index)?;
    let online = method(cx, c);
    let q = cx.qo(table, index);
    let statement = if cx.d.index_names_are_per_table() {
        ddl::inline_index_sql(cx.d, t, ix)?;
        let replaced = cx.new_table(table).is_some_and(|n| {
            n.indexes
                .iter()
                .any(|i| i.name == ix.name && ddl::inline_index_sql(cx.d, n, i).is_some())
        });
        if replaced && cx.d.inline_indexes() {
            return None; // dropped by the statement that adds its new definition
        }
        let mut clause = format!("DROP INDEX {q}");
        if let Some(live) = unused_live_column(cx, t, ix) {
            clause.push_str(&format!(", DROP COLUMN {}", cx.q(live)));
        }
        Statement::new(alter_sql(cx, table, &clause, online))
    } else {
        let cols: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
        if ddl::index_sql(cx.d, t, ix, &cols)?.starts_with("--") {
            return None;
        }
        // A standalone index lives in its table's namespace: `DROP INDEX "sales"."ix"`.
        let q = match cx.namespace(table) {
            Some(ns) if cx.d.has_namespaces() => format!("{}.{q}", cx.q(ns)),
            _ => q,
        };
        match online {
            Online::Concurrently => Statement {
                sql: format!("DROP INDEX CONCURRENTLY IF EXISTS {q}"),
                outside_transaction: true,
                alone: true,
                new_transaction: true,
            },
            _ => Statement::new(format!("DROP INDEX {q}")),
        }
    };
    Some(rendered(c, online, vec![statement], Vec::new()))
}

/// The live column (MySQL's emulation of a partial unique key) that goes with `ix` when `ix`
/// is the last old index using it and no index of the new table does.
fn unused_live_column<'a>(
    cx: &Ctx,
    old_t: &'a Table,
    ix: &'a crate::schema::Index,
) -> Option<&'a String> {
    let live = ix.live_column.as_ref()?;
    let still_used = cx.new_table(&old_t.name).is_some_and(|t| {
        t.indexes
            .iter()
            .any(|i| i.live_column.as_ref() == Some(live))
    });
    let last = old_t
        .indexes
        .iter()
        .rev()
        .find(|i| i.live_column.as_ref() == Some(live))
        .is_some_and(|i| i.name == ix.name);
    (!still_used && last).then_some(live)
}

/// The constraint names a foreign key is rendered as (with its tenant guard, where the engine
/// splits it).
fn foreign_key_parts(
    cx: &Ctx,
    table: &str,
    fk: &crate::schema::ForeignKey,
) -> Vec<(String, String)> {
    ddl::foreign_key_constraints(cx.d, cx.namespace(table), fk)
        .into_iter()
        .map(|def| {
            let name = [Some(&fk.name), fk.tenant_guard_name.as_ref()]
                .into_iter()
                .flatten()
                .find(|n| def.starts_with(&format!("CONSTRAINT {} ", cx.qo(table, n))))
                .cloned()
                .unwrap_or_else(|| fk.name.clone());
            (name, def)
        })
        .collect()
}

/// `ADD CONSTRAINT`, validated online where the engine can (`NOT VALID`, then `VALIDATE`).
fn add_constraints(
    cx: &Ctx,
    c: &Change,
    table: &str,
    parts: Vec<(String, String)>,
) -> RenderedStep {
    let online = method(cx, c);
    let mut statements = Vec::new();
    for (name, def) in parts {
        if online == Online::NotValidThenValidate {
            statements.push(Statement::new(alter_sql(
                cx,
                table,
                &format!("ADD {def} NOT VALID"),
                Online::Direct,
            )));
            statements.push(Statement::in_new_transaction(alter_sql(
                cx,
                table,
                &format!("VALIDATE CONSTRAINT {}", cx.q(&name)),
                Online::Direct,
            )));
        } else {
            statements.push(Statement::new(alter_sql(
                cx,
                table,
                &format!("ADD {def}"),
                online,
            )));
        }
    }
    rendered(
        c,
        online,
        statements,
        vec!["Fails, and changes nothing, if an existing row breaks it.".into()],
    )
}

pub(super) fn add_foreign_key(
    cx: &Ctx,
    c: &Change,
    table: &str,
    name: &str,
) -> Option<RenderedStep> {
    let fk = cx
        .new_table(table)?
        .foreign_keys
        .iter()
        .find(|f| f.name == name)?;
    Some(add_constraints(
        cx,
        c,
        table,
        foreign_key_parts(cx, table, fk),
    ))
}

pub(super) fn drop_foreign_key(
    cx: &Ctx,
    c: &Change,
    table: &str,
    name: &str,
) -> Option<RenderedStep> {
    let fk = cx
        .old_table(table)?
        .foreign_keys
        .iter()
        .find(|f| f.name == name)?;
    let online = method(cx, c);
    let statements = foreign_key_parts(cx, table, fk)
        .into_iter()
        .map(|(n, _)| {
            Statement::new(alter_sql(
                cx,
                table,
                &cx.d.drop_foreign_key_clause(&cx.qo(table, &n)),
                online,
            ))
        })
        .collect();
    Some(rendered(c, online, statements, Vec::new()))
}

pub(super) fn add_check(cx: &Ctx, c: &Change, table: &str, name: &str) -> Option<RenderedStep> {
    let t = cx.new_table(table)?;
    let check = t.checks.iter().find(|k| k.name == name)?;
    let cols: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
    let def = format!(
        "CONSTRAINT {} CHECK ({})",
        cx.qo(table, name),
        cx.d.check_sql_in(check, &cols)
    );
    Some(add_constraints(cx, c, table, vec![(name.to_string(), def)]))
}

pub(super) fn change_primary_key(cx: &Ctx, c: &Change, table: &str) -> RenderedStep {
    let new = &cx.new_table(table).expect("new table").primary_key;
    let old = &cx.old_table(table).expect("old table").primary_key;
    let cols: Vec<String> = new.columns.iter().map(|c| cx.q(c)).collect();
    alter(
        cx,
        c,
        table,
        format!(
            "{}, ADD CONSTRAINT {} PRIMARY KEY ({})",
            cx.d.drop_primary_key_clause(&cx.qo(table, &old.name)),
            cx.qo(table, &new.name),
            cols.join(", ")
        ),
    )
}
