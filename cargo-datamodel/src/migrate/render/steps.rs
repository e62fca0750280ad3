//! The steps of one engine's migration, in the differ's order: each [`Change`] becomes the
//! statements of the online method the dialect names for it ([`Dialect::online`]). On an
//! engine whose `ALTER TABLE` can't make a change, every change of that table becomes one
//! table rebuild ([`super::rebuild`]) at the place of its first change.

use super::expand::{self, ExpandedRename};
use super::{rebuild, sql, upkeep, Backfill, Migration, Refusal, RenderedStep, Statement};
use crate::config::Engine;
use crate::diagnostics::migrate_codes::codes;
use crate::dialect::{dialect_for, AlterOp, Dialect, Online, UpdatedAtMechanism};
use crate::migrate::diff::Change;
use crate::migrate::Safety;
use crate::schema::{DefaultValue, Schema, Table};
use datamodel::model::ColumnType;
use std::collections::BTreeSet;

/// Both Schemas and the engine's dialect: what every step reads.
pub(super) struct Ctx<'a> {
    pub d: &'static dyn Dialect,
    pub old: &'a Schema,
    pub new: &'a Schema,
    pub plan: &'a Plan<'a>,
}

/// What the user asked for beyond the changes: backfills, two-release renames.
#[derive(Default)]
pub(super) struct Plan<'a> {
    pub backfills: &'a [Backfill],
    /// Expand renames where the engine can (`--expand-contract`).
    pub expand_contract: bool,
    /// Renames the forward migration expanded: going back undoes the expand.
    pub undo_expanded: &'a [ExpandedRename],
    /// Expanded renames to contract now (`--contract`).
    pub contract: &'a [ExpandedRename],
}

impl<'a> Ctx<'a> {
    /// The old table of `name`: the same name, or the one a declared rename names.
    pub fn old_table(&self, name: &str) -> Option<&'a Table> {
        self.old.table(name).or_else(|| {
            let from = self.new.table(name)?.renamed_from.as_deref()?;
            self.old.table(from)
        })
    }
    pub fn new_table(&self, name: &str) -> Option<&'a Table> {
        self.new.table(name)
    }
    pub fn q(&self, s: &str) -> String {
        self.d.quote_ident(s)
    }
    /// The namespace of table `name` (`Table::namespace`), from the new Schema or else the
    /// old one; `None` for every table the derive describes.
    pub fn namespace(&self, name: &str) -> Option<&'a str> {
        self.new
            .table(name)
            .or_else(|| self.old.table(name))
            .and_then(|t| t.namespace.as_deref())
    }
    /// Table `name` as SQL references it ([`crate::dialect::Dialect::quote_table`]).
    pub fn qt(&self, name: &str) -> String {
        self.d.quote_table(name, self.namespace(name))
    }
    /// The quoted name of index or constraint `name` of table `table`
    /// ([`crate::dialect::Dialect::namespaced_object`]).
    pub fn qo(&self, table: &str, name: &str) -> String {
        self.d.namespaced_object(self.namespace(table), name)
    }
    /// The `--backfill` expression of `table.column`, if the user gave one.
    pub fn backfill(&self, table: &str, column: &str) -> Option<&'a str> {
        self.plan
            .backfills
            .iter()
            .find(|b| b.table == table && b.column == column)
            .map(|b| b.expr.as_str())
    }
}

/// Renders `changes` (from `old` to `new`) for `engine`.
pub(super) fn migration(
    old: &Schema,
    new: &Schema,
    changes: &[Change],
    engine: Engine,
    plan: &Plan,
) -> Result<(Migration, Vec<ExpandedRename>), Refusal> {
    let cx = Ctx {
        d: dialect_for(engine),
        old,
        new,
        plan,
    };
    let mut expanded = Vec::new();
    let rebuilt: BTreeSet<&str> = changes
        .iter()
        .filter(|c| alter_op(&cx, c).is_some_and(|op| cx.d.online(op) == Online::Rebuild))
        .map(Change::table)
        .filter(|t| cx.old_table(t).is_some() && new.table(t).is_some())
        .collect();
    let mut steps = Vec::new();
    let mut done = BTreeSet::new();
    for c in changes {
        let renaming = matches!(c, Change::RenameTable { .. });
        if rebuilt.contains(c.table()) && !renaming {
            if done.insert(c.table()) {
                let of_table: Vec<&Change> = changes
                    .iter()
                    .filter(|x| x.table() == c.table() && !matches!(x, Change::RenameTable { .. }))
                    .collect();
                steps.push(rebuild::step(&cx, c.table(), &of_table)?);
            }
            continue;
        }
        if let Some(step) = rename_in_two_releases(&cx, c, &mut expanded) {
            steps.push(step);
            continue;
        }
        if let Some(step) = step(&cx, c)? {
            steps.push(step);
        }
    }
    steps.extend(cycle_closing_keys(&cx, changes));
    steps.extend(contracts(&cx));
    let mut preamble = statements(cx.d.migration_preamble());
    let mut epilogue = Vec::new();
    if !rebuilt.is_empty() {
        let (enter, leave) = cx.d.rebuild_envelope();
        preamble.extend(outside(statements(enter)));
        epilogue = outside(statements(leave));
    }
    let migration = Migration {
        engine,
        preamble,
        steps,
        epilogue,
    };
    Ok((migration, expanded))
}

/// A rename expanded (`--expand-contract`), or the undo of one (the down migration of an
/// expand); `None` for everything else, and where the engine or the column can't.
fn rename_in_two_releases(
    cx: &Ctx,
    c: &Change,
    expanded: &mut Vec<ExpandedRename>,
) -> Option<RenderedStep> {
    let Change::RenameColumn { table, from, to } = c else {
        return None;
    };
    if let Some(r) = cx
        .plan
        .undo_expanded
        .iter()
        .find(|r| r.table == *table && r.from == *to && r.to == *from)
    {
        let notes = vec!["Undoes the expand: the old column was never dropped.".into()];
        return Some(rendered(c, Online::Direct, expand::undo(cx, r), notes));
    }
    let (old_t, new_t) = (cx.old_table(table)?, cx.new_table(table)?);
    if !cx.plan.expand_contract
        || !uses_trigger_function(cx.d)
        || !expand::applies(old_t, from, new_t, to)
    {
        return None;
    }
    let r = ExpandedRename {
        table: table.clone(),
        from: from.clone(),
        to: to.clone(),
    };
    let statements = expand::expand(cx, new_t, &r);
    let notes = vec![format!(
        "Both names work until the contract: deploy code that uses `{to}`, then run `cargo datamodel migrate --name drop_{from} --contract` to drop `{from}`."
    )];
    let mut step = rendered(c, Online::ExpandContract, statements, notes);
    step.safety = crate::migrate::Safety::Caution;
    expanded.push(r);
    Some(step)
}

/// The contracts asked for (`--contract`): on engines that expanded them.
fn contracts(cx: &Ctx) -> Vec<RenderedStep> {
    if !uses_trigger_function(cx.d) {
        return Vec::new();
    }
    cx.plan
        .contract
        .iter()
        .filter_map(|r| {
            let t = cx.new_table(&r.table)?;
            t.column(&r.to)?;
            let drop = Change::DropColumn {
                table: r.table.clone(),
                column: r.from.clone(),
            };
            let notes = vec![format!(
                "The contract of the rename {}: no running code may use `{}` any more.",
                r.describe(),
                r.from
            )];
            Some(rendered(
                &drop,
                Online::Direct,
                expand::contract(cx, t, r),
                notes,
            ))
        })
        .collect()
}

fn statements(sql: &[&str]) -> Vec<Statement> {
    sql.iter().map(|s| Statement::new(*s)).collect()
}

fn outside(mut v: Vec<Statement>) -> Vec<Statement> {
    for s in &mut v {
        s.outside_transaction = true;
    }
    v
}

/// The kind of `ALTER TABLE` a change is, for the dialect's method; `None` for whole tables
/// and policies.
pub(super) fn alter_op(cx: &Ctx, c: &Change) -> Option<AlterOp> {
    let columns = |table: &str, column: &str| {
        let new = cx.new_table(table)?.column(column)?;
        Some((cx.old_table(table)?, new))
    };
    Some(match c {
        Change::AddColumn {
            table,
            column,
            rewrites_table,
            needs_backfill,
        } => {
            let per_row = columns(table, column)
                .is_some_and(|(_, col)| default_is_per_row(col.default.as_ref()));
            if *rewrites_table || per_row || *needs_backfill {
                AlterOp::AddComputedColumn
            } else {
                AlterOp::AddColumn
            }
        }
        Change::DropColumn { .. } => AlterOp::DropColumn,
        Change::RenameColumn { .. } => AlterOp::RenameColumn,
        Change::ChangeType { table, column, .. } => match columns(table, column) {
            Some((old_t, new)) => match old_column(old_t, new) {
                Some(old) => type_op(old, new),
                None => AlterOp::ChangeType,
            },
            None => AlterOp::ChangeType,
        },
        Change::SetNotNull { .. } => AlterOp::SetNotNull,
        Change::DropNotNull { .. } => AlterOp::DropNotNull,
        Change::ChangeDefault { .. } => AlterOp::SetDefault,
        Change::AddIndex { .. } => AlterOp::AddIndex,
        Change::DropIndex { .. } => AlterOp::DropIndex,
        Change::AddForeignKey { .. } => AlterOp::AddForeignKey,
        Change::DropForeignKey { .. } => AlterOp::DropForeignKey,
        Change::AddCheck { .. } => AlterOp::AddCheck,
        Change::DropCheck { .. } => AlterOp::DropCheck,
        Change::ChangePrimaryKey { .. } => AlterOp::ChangePrimaryKey,
        Change::RenamePrimaryKey { .. } => AlterOp::RenamePrimaryKey,
        Change::SetUpdatedAtUpkeep { .. } => AlterOp::UpdatedAtClause,
        Change::AddTable { .. }
        | Change::DropTable { .. }
        | Change::RenameTable { .. }
        | Change::AddPolicy { .. }
        | Change::DropPolicy { .. }
        // Triggers only: created and dropped as they are on every engine.
        | Change::SetVersionUpkeep { .. }
        | Change::SetActorUpkeep { .. }
        | Change::SetHistoryUpkeep { .. } => return None,
    })
}

/// A step: the change, its statements, and the method they use. A method that copies or
/// rebuilds the table is at least Caution.
pub(super) fn rendered(
    c: &Change,
    method: Online,
    statements: Vec<Statement>,
    notes: Vec<String>,
) -> RenderedStep {
    let mut safety = c.safety();
    if matches!(method, Online::Copy(_) | Online::Rebuild) {
        safety = safety.max(Safety::Caution);
    }
    RenderedStep {
        change: c.clone(),
        safety,
        method: method.label(),
        statements,
        notes,
    }
}

/// One change outside a rebuild; `None` when the engine has nothing to do for it (a policy
/// on an engine without row-level security, a type change the engine spells the same way).
fn step(cx: &Ctx, c: &Change) -> Result<Option<RenderedStep>, Refusal> {
    let d = cx.d;
    Ok(match c {
        Change::AddTable { table } => Some(sql::add_table(cx, c, table)),
        Change::RenameTable { from, table } => {
            let mut s = rendered(
                c,
                Online::Direct,
                vec![Statement::new(format!(
                    "ALTER TABLE {} RENAME TO {}",
                    cx.qt(from),
                    // RENAME TO takes the name inside the table's schema.
                    match cx.namespace(table) {
                        Some(ns) if d.has_namespaces() => {
                            cx.q(crate::schema::local_name(table, Some(ns)))
                        }
                        _ => cx.qt(table),
                    }
                ))],
                Vec::new(),
            );
            s.notes.push(format!(
                "Running code that still uses `{from}` fails from here on. Without downtime: first deploy code that uses a view or synonym named `{table}`, or run this in the same release window as the code change."
            ));
            Some(s)
        }
        Change::DropTable { table } => Some(rendered(
            c,
            Online::Direct,
            vec![Statement::new(format!("DROP TABLE {}", cx.qt(table)))],
            Vec::new(),
        )),
        Change::AddPolicy { table, .. } | Change::DropPolicy { table, .. } => {
            if !d.supports_row_level_security() {
                return Ok(None);
            }
            Some(sql::policy(cx, c, table))
        }
        Change::AddColumn {
            table,
            column,
            needs_backfill,
            ..
        } => {
            if *needs_backfill {
                return match cx.backfill(table, column) {
                    Some(expr) => Ok(Some(sql::add_column_backfilled(cx, c, table, column, expr))),
                    None => Err(needs_backfill_refusal(table, column)),
                };
            }
            Some(sql::add_column(cx, c, table, column))
        }
        Change::DropColumn { table, column } => Some(sql::drop_column(cx, c, table, column)),
        Change::RenameColumn { table, from, to } => {
            let mut s = sql::alter(
                cx,
                c,
                table,
                format!("RENAME COLUMN {} TO {}", cx.q(from), cx.q(to)),
            );
            s.notes.push(format!(
                "Running code that still uses `{from}` fails from here on. Without downtime: deploy code that reads `{to}` if it exists and `{from}` otherwise, then run this, then remove the fallback."
            ));
            Some(s)
        }
        Change::ChangeType {
            table,
            column,
            widening,
        } => sql::change_type(cx, c, table, column, *widening)?,
        Change::SetNotNull { table, column } => Some(sql::set_not_null(cx, c, table, column)),
        Change::DropNotNull { table, column } | Change::ChangeDefault { table, column } => {
            Some(sql::column_property(cx, c, table, column))
        }
        Change::AddIndex { table, index, .. } => sql::add_index(cx, c, table, index),
        Change::DropIndex { table, index } => sql::drop_index(cx, c, table, index),
        Change::AddForeignKey { table, name } => sql::add_foreign_key(cx, c, table, name),
        Change::DropForeignKey { table, name } => sql::drop_foreign_key(cx, c, table, name),
        Change::AddCheck { table, name } => sql::add_check(cx, c, table, name),
        Change::DropCheck { table, name } => Some(sql::alter(
            cx,
            c,
            table,
            d.drop_check_clause(&cx.qo(table, name)),
        )),
        Change::ChangePrimaryKey { table } => Some(sql::change_primary_key(cx, c, table)),
        Change::RenamePrimaryKey { table, from, to } => d
            .rename_primary_key_clause(&cx.qo(table, from), &cx.qo(table, to))
            .map(|clause| sql::alter(cx, c, table, clause)),
        Change::SetUpdatedAtUpkeep { table, on } => upkeep::updated_at_upkeep(cx, c, table, *on),
        Change::SetVersionUpkeep { table, .. } => Some(upkeep::version_upkeep(cx, c, table)),
        Change::SetActorUpkeep { table, on } => upkeep::actor_upkeep(cx, c, table, *on),
        Change::SetHistoryUpkeep { table, on } => upkeep::history_upkeep(cx, c, table, *on),
    })
}

pub(super) fn needs_backfill_refusal(table: &str, column: &str) -> Refusal {
    Refusal {
        code: codes::UNSUPPORTED,
        message: format!(
            "`{table}.{column}` is added NOT NULL without a default: the rows `{table}` already has would have no value for it"
        ),
        help: format!("give existing rows a value: `--backfill {table}.{column}=EXPR` (one SQL expression per row, e.g. a literal or a subquery); or add it as `Option<...>` (or with a `default`), fill it, and make it required in the next migration"),
    }
}

/// Foreign keys of new tables that close a reference cycle: added once every table exists,
/// where the engine adds foreign keys to existing tables.
fn cycle_closing_keys(cx: &Ctx, changes: &[Change]) -> Vec<RenderedStep> {
    if !cx.d.supports_alter_add_foreign_key() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for c in changes {
        let Change::AddTable { table } = c else {
            continue;
        };
        let Some(t) = cx.new_table(table) else {
            continue;
        };
        for fk in t.foreign_keys.iter().filter(|f| f.deferred) {
            let add = Change::AddForeignKey {
                table: t.name.clone(),
                name: fk.name.clone(),
            };
            let statements = crate::ddl::foreign_key_constraints(cx.d, t.namespace.as_deref(), fk)
                .into_iter()
                .map(|k| Statement::new(format!("ALTER TABLE {} ADD {k}", cx.qt(&t.name))))
                .collect();
            out.push(rendered(&add, Online::Direct, statements, Vec::new()));
        }
    }
    out
}

/// The default is computed when the row is written (a timestamp, a new UUID): engines that
/// add a column in the catalog alone can't add it that way.
pub(super) fn default_is_per_row(default: Option<&DefaultValue>) -> bool {
    matches!(default, Some(DefaultValue::Now | DefaultValue::NewUuid))
}

/// `WidenString` when a string only gets longer, else the op of the change.
pub(super) fn type_op(old: &crate::schema::Column, new: &crate::schema::Column) -> AlterOp {
    match (&old.ty, &new.ty, old.max_length, new.max_length) {
        (ColumnType::String, ColumnType::String, Some(from), Some(to)) if to >= from => {
            AlterOp::WidenString { from, to }
        }
        // No length: the engine's unbounded text.
        (ColumnType::String, ColumnType::String, Some(from), None) => AlterOp::WidenString {
            from,
            to: u32::MAX / 8,
        },
        _ => AlterOp::ChangeType,
    }
}

/// The column of `old_t` that `new` was before: the same name, or the one a
/// rename in the new Schema names.
pub(super) fn old_column<'a>(
    old_t: &'a Table,
    new: &crate::schema::Column,
) -> Option<&'a crate::schema::Column> {
    old_t
        .column(&new.name)
        .or_else(|| old_t.column(new.renamed_from.as_deref()?))
}

/// The trigger-function engines keep `updated_at` with one shared function.
pub(super) fn uses_trigger_function(d: &dyn Dialect) -> bool {
    d.updated_at_mechanism() == UpdatedAtMechanism::TriggerFunction
}
