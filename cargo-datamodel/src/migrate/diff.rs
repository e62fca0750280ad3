//! The differ: two resolved Schemas in (the committed snapshot and the current structs), the
//! changes between them out, in the order a migration applies them, each with its
//! [`Safety`] (seed: brownfield mode).
//!
//! Names are the identity of every object: the resolver names tables, columns, indexes and
//! constraints deterministically, so an index whose definition changed under the same name is
//! dropped and built again, and a column is renamed only when the new Schema says so
//! (`renamed_from`): renames are never guessed from similar names. Engine spellings and online
//! recipes are not decided here; they belong to the per-engine step rendering.
//!
//! Not compared (a change to them alone gives no step): comments, documentation and the
//! document-only fields (group, rationale texts, query patterns, retention: its jobs are
//! scheduled outside the DDL). A redefined index is listed as drop + create; an index that
//! goes away is dropped after the new ones exist.

use super::playbook::needs_backfill;
use super::Safety;
use crate::schema::{Check, Column, DefaultValue, ForeignKey, Index, Schema, Table};
use datamodel::model::ColumnType;
use std::collections::{BTreeSet, HashMap};

/// One change between two Schemas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    AddTable {
        table: String,
    },
    DropTable {
        table: String,
    },
    /// A declared table rename (`renamed_from` on the struct); `table` is the new name.
    RenameTable {
        from: String,
        table: String,
    },
    AddColumn {
        table: String,
        column: String,
        /// NOT NULL without a default: existing rows have no value for it.
        needs_backfill: bool,
        /// Filling it rewrites every row: an identity column, or a default computed per row
        /// (`gen_random_uuid()`, a non-literal expression), not stored once in the catalog.
        rewrites_table: bool,
    },
    ChangePrimaryKey {
        table: String,
    },
    /// Same key columns under another name (the table was renamed).
    RenamePrimaryKey {
        table: String,
        from: String,
        to: String,
    },
    /// A row-level security policy (shared tenancy) is added or redefined.
    AddPolicy {
        table: String,
        name: String,
    },
    DropPolicy {
        table: String,
        name: String,
    },
    /// The engine starts or stops keeping `updated_at` current (`updated_at_trigger`).
    SetUpdatedAtUpkeep {
        table: String,
        on: bool,
    },
    /// The engine starts or stops incrementing `version` (optimistic locking): its trigger,
    /// or the table's `updated_at` trigger redefined to carry it. The column itself is an
    /// `AddColumn` / `DropColumn` of its own (added before this step, dropped after it).
    SetVersionUpkeep {
        table: String,
        on: bool,
    },
    /// The engine starts or stops filling `created_by` / `updated_by` (audit) from the
    /// connection's actor setting: its trigger. The columns and their foreign keys are changes
    /// of their own.
    SetActorUpkeep {
        table: String,
        on: bool,
    },
    /// The table starts or stops writing its changes to the audit log (`audit(history)`):
    /// its triggers. The log table itself is an `AddTable` / `DropTable`.
    SetHistoryUpkeep {
        table: String,
        on: bool,
    },
    DropColumn {
        table: String,
        column: String,
    },
    RenameColumn {
        table: String,
        from: String,
        to: String,
    },
    ChangeType {
        table: String,
        column: String,
        /// Every old value fits the new type (a longer string, a wider integer or decimal,
        /// an enum with more values).
        widening: bool,
    },
    SetNotNull {
        table: String,
        column: String,
    },
    DropNotNull {
        table: String,
        column: String,
    },
    ChangeDefault {
        table: String,
        column: String,
    },
    AddIndex {
        table: String,
        index: String,
        unique: bool,
    },
    DropIndex {
        table: String,
        index: String,
    },
    AddForeignKey {
        table: String,
        name: String,
    },
    DropForeignKey {
        table: String,
        name: String,
    },
    AddCheck {
        table: String,
        name: String,
    },
    DropCheck {
        table: String,
        name: String,
    },
}

impl Change {
    /// The table the change applies to.
    pub fn table(&self) -> &str {
        use Change::*;
        match self {
            AddTable { table }
            | DropTable { table }
            | RenameTable { table, .. }
            | AddColumn { table, .. }
            | ChangePrimaryKey { table }
            | RenamePrimaryKey { table, .. }
            | AddPolicy { table, .. }
            | DropPolicy { table, .. }
            | SetUpdatedAtUpkeep { table, .. }
            | SetVersionUpkeep { table, .. }
            | SetActorUpkeep { table, .. }
            | SetHistoryUpkeep { table, .. }
            | DropColumn { table, .. }
            | RenameColumn { table, .. }
            | ChangeType { table, .. }
            | SetNotNull { table, .. }
            | DropNotNull { table, .. }
            | ChangeDefault { table, .. }
            | AddIndex { table, .. }
            | DropIndex { table, .. }
            | AddForeignKey { table, .. }
            | DropForeignKey { table, .. }
            | AddCheck { table, .. }
            | DropCheck { table, .. } => table,
        }
    }

    /// How risky the change is for a live table: `Breaking` loses data or breaks running
    /// code (refused without `--allow-destructive` / done by expand-contract), `Caution` reads
    /// or rewrites every row, or fails on existing data, `Safe` is instant or online.
    pub fn safety(&self) -> Safety {
        use Change::*;
        match self {
            AddTable { .. }
            | DropNotNull { .. }
            | ChangeDefault { .. }
            | DropForeignKey { .. }
            | DropCheck { .. }
            | RenamePrimaryKey { .. }
            | SetUpdatedAtUpkeep { .. }
            | SetVersionUpkeep { .. }
            | SetActorUpkeep { .. }
            | SetHistoryUpkeep { .. } => Safety::Safe,
            // Enabling a policy hides every row whose tenant column is not yet filled in for the
            // session; dropping one exposes every tenant's rows to each other.
            AddPolicy { .. } => Safety::Caution,
            DropPolicy { .. } => Safety::Breaking,
            AddIndex { unique: false, .. } => Safety::Safe,
            AddColumn {
                needs_backfill,
                rewrites_table,
                ..
            } => {
                if *needs_backfill || *rewrites_table {
                    Safety::Caution
                } else {
                    Safety::Safe
                }
            }
            // Queries that used the index slow down, and a plain DROP INDEX takes an
            // exclusive lock on PostgreSQL (DROP INDEX CONCURRENTLY does not).
            DropIndex { .. }
            | AddIndex { unique: true, .. }
            | SetNotNull { .. }
            | AddForeignKey { .. }
            | AddCheck { .. }
            | ChangeType { widening: true, .. } => Safety::Caution,
            DropTable { .. }
            | RenameTable { .. }
            | ChangePrimaryKey { .. }
            | DropColumn { .. }
            | RenameColumn { .. }
            | ChangeType {
                widening: false, ..
            } => Safety::Breaking,
        }
    }

    /// The change loses data no down migration brings back: a dropped table or column, a
    /// narrowed type. Refused without `--allow-destructive`.
    pub fn destroys_data(&self) -> bool {
        matches!(
            self,
            Change::DropTable { .. }
                | Change::DropColumn { .. }
                | Change::ChangeType {
                    widening: false,
                    ..
                }
        )
    }

    /// One line for the plan: `ADD COLUMN posts.subtitle`, `RENAME COLUMN users.name → full_name`.
    pub fn describe(&self) -> String {
        use Change::*;
        match self {
            AddTable { table } => format!("CREATE TABLE {table}"),
            DropTable { table } => format!("DROP TABLE {table}"),
            RenameTable { from, table } => format!("RENAME TABLE {from} → {table}"),
            AddColumn { table, column, .. } => format!("ADD COLUMN {table}.{column}"),
            ChangePrimaryKey { table } => format!("CHANGE PRIMARY KEY {table}"),
            RenamePrimaryKey { table, from, to } => {
                format!("RENAME PRIMARY KEY {from} → {to} ON {table}")
            }
            AddPolicy { table, name } => format!("CREATE POLICY {name} ON {table}"),
            DropPolicy { table, name } => format!("DROP POLICY {name} ON {table}"),
            SetUpdatedAtUpkeep { table, on } => format!(
                "{} updated_at upkeep ON {table}",
                if *on { "ADD" } else { "DROP" }
            ),
            SetVersionUpkeep { table, on } => format!(
                "{} version upkeep ON {table}",
                if *on { "ADD" } else { "DROP" }
            ),
            SetActorUpkeep { table, on } => format!(
                "{} audit actor upkeep ON {table}",
                if *on { "ADD" } else { "DROP" }
            ),
            SetHistoryUpkeep { table, on } => format!(
                "{} audit history ON {table}",
                if *on { "ADD" } else { "DROP" }
            ),
            DropColumn { table, column } => format!("DROP COLUMN {table}.{column}"),
            RenameColumn { table, from, to } => format!("RENAME COLUMN {table}.{from} → {to}"),
            ChangeType {
                table,
                column,
                widening,
            } => format!(
                "{} {table}.{column}",
                if *widening {
                    "WIDEN TYPE"
                } else {
                    "CHANGE TYPE"
                }
            ),
            SetNotNull { table, column } => format!("SET NOT NULL {table}.{column}"),
            DropNotNull { table, column } => format!("DROP NOT NULL {table}.{column}"),
            ChangeDefault { table, column } => format!("SET DEFAULT {table}.{column}"),
            AddIndex { table, index, .. } => format!("CREATE INDEX {index} ON {table}"),
            DropIndex { table, index } => format!("DROP INDEX {index} ON {table}"),
            AddForeignKey { table, name } => format!("ADD FOREIGN KEY {name} ON {table}"),
            DropForeignKey { table, name } => format!("DROP FOREIGN KEY {name} ON {table}"),
            AddCheck { table, name } => format!("ADD CHECK {name} ON {table}"),
            DropCheck { table, name } => format!("DROP CHECK {name} ON {table}"),
        }
    }
}

/// The changes from `old` to `new`, in the order a migration applies them: declared table
/// renames and constraints that go away first (they may block the other changes), then each
/// table of `new` in its dependency order (parents first): a new table whole, or an existing
/// table's column changes, new indexes, retired indexes and new constraints; dropped tables
/// last (after the foreign keys into them are gone).
pub fn diff(old: &Schema, new: &Schema) -> Vec<Change> {
    let old_tables: HashMap<&str, &Table> =
        old.tables.iter().map(|t| (t.name.as_str(), t)).collect();
    // A table is still there under its new name when a declared rename names it.
    let mut new_names: BTreeSet<&str> = new.tables.iter().map(|t| t.name.as_str()).collect();
    let mut drops = Vec::new();
    let mut changes = Vec::new();
    for t in &new.tables {
        let renamed = t
            .renamed_from
            .as_deref()
            .filter(|from| !old_tables.contains_key(t.name.as_str()) && !new_names.contains(from))
            .and_then(|from| old_tables.get(from));
        match (old_tables.get(t.name.as_str()), renamed) {
            (Some(before), _) => table_changes(before, t, &mut drops, &mut changes),
            (None, Some(before)) => {
                // Renamed first: every later step names the table by its new name.
                drops.push(Change::RenameTable {
                    from: before.name.clone(),
                    table: t.name.clone(),
                });
                table_changes(before, t, &mut drops, &mut changes);
            }
            (None, None) => changes.push(Change::AddTable {
                table: t.name.clone(),
            }),
        }
    }
    for t in &new.tables {
        if let (Some(from), false) = (&t.renamed_from, old_tables.contains_key(t.name.as_str())) {
            if old_tables.contains_key(from.as_str()) {
                new_names.insert(from);
            }
        }
    }
    for t in old
        .tables
        .iter()
        .filter(|t| !new_names.contains(t.name.as_str()))
    {
        for fk in &t.foreign_keys {
            drops.push(Change::DropForeignKey {
                table: t.name.clone(),
                name: fk.name.clone(),
            });
        }
    }
    // Dropped tables last, children before parents (reverse of the old dependency order).
    let dropped = old
        .tables
        .iter()
        .rev()
        .filter(|t| !new_names.contains(t.name.as_str()))
        .map(|t| Change::DropTable {
            table: t.name.clone(),
        });
    drops.into_iter().chain(changes).chain(dropped).collect()
}

/// The changes of one table that exists on both sides: drops of indexes and constraints go to
/// `drops`, everything else to `changes`.
fn table_changes(old: &Table, new: &Table, drops: &mut Vec<Change>, changes: &mut Vec<Change>) {
    let table = || new.name.clone();
    if old.primary_key.columns != new.primary_key.columns {
        changes.push(Change::ChangePrimaryKey { table: table() });
    } else if old.primary_key.name != new.primary_key.name {
        changes.push(Change::RenamePrimaryKey {
            table: table(),
            from: old.primary_key.name.clone(),
            to: new.primary_key.name.clone(),
        });
    }
    // Constraints and indexes first: a changed definition under one name is drop + add.
    let (gone, added) = by_name(&old.foreign_keys, &new.foreign_keys, |f| &f.name, same_fk);
    drops.extend(gone.into_iter().map(|name| Change::DropForeignKey {
        table: table(),
        name,
    }));
    let (gone_checks, added_checks) = by_name(&old.checks, &new.checks, |c| &c.name, same_check);
    drops.extend(gone_checks.into_iter().map(|name| Change::DropCheck {
        table: table(),
        name,
    }));
    let (gone_ix, added_ix) = by_name(&old.indexes, &new.indexes, |i| &i.name, same_index);
    // An index that goes away is dropped after the new ones are built (queries keep an
    // index meanwhile, and a foreign key may need one), unless a new one takes its name or it
    // covers a column that goes away (some engines refuse to drop an indexed column).
    let loses_column = |name: &String| {
        old.indexes
            .iter()
            .find(|i| &i.name == name)
            .is_some_and(|i| i.columns.iter().any(|c| new.column(&c.name).is_none()))
    };
    let (redefined_ix, retired_ix): (Vec<String>, Vec<String>) = gone_ix
        .into_iter()
        .partition(|i| added_ix.contains(i) || loses_column(i));
    drops.extend(redefined_ix.into_iter().map(|index| Change::DropIndex {
        table: table(),
        index,
    }));
    let (gone_policies, added_policies) =
        by_name(&old.policies, &new.policies, |p| &p.name, |a, b| a == b);
    drops.extend(gone_policies.into_iter().map(|name| Change::DropPolicy {
        table: table(),
        name,
    }));
    let (upkeep_off, upkeep_on) = trigger_upkeep(old, new);
    drops.extend(upkeep_off);
    column_changes(old, new, changes);
    changes.extend(upkeep_on);
    if old.updated_at_trigger != new.updated_at_trigger {
        changes.push(Change::SetUpdatedAtUpkeep {
            table: table(),
            on: new.updated_at_trigger,
        });
    }
    changes.extend(added_ix.into_iter().map(|index| Change::AddIndex {
        table: table(),
        unique: new.indexes.iter().any(|i| i.name == index && i.unique),
        index,
    }));
    changes.extend(retired_ix.into_iter().map(|index| Change::DropIndex {
        table: table(),
        index,
    }));
    changes.extend(added.into_iter().map(|name| Change::AddForeignKey {
        table: table(),
        name,
    }));
    changes.extend(added_checks.into_iter().map(|name| Change::AddCheck {
        table: table(),
        name,
    }));
    changes.extend(added_policies.into_iter().map(|name| Change::AddPolicy {
        table: table(),
        name,
    }));
}

/// A trigger's change, and whether the old and the new table have it.
type Toggle = (fn(String, bool) -> Change, bool, bool);

/// The triggers of `version`, the audit history and the audit actor that are turned off
/// (with the drops: before the columns they name go) and on (after the columns they name
/// come), in that order.
fn trigger_upkeep(old: &Table, new: &Table) -> (Vec<Change>, Vec<Change>) {
    let history = |t: &Table| t.audit.as_ref().is_some_and(|a| a.history.is_some());
    let kinds: [Toggle; 3] = [
        (
            |table, on| Change::SetVersionUpkeep { table, on },
            old.has_version(),
            new.has_version(),
        ),
        (
            |table, on| Change::SetHistoryUpkeep { table, on },
            history(old),
            history(new),
        ),
        (
            |table, on| Change::SetActorUpkeep { table, on },
            old.audit.is_some(),
            new.audit.is_some(),
        ),
    ];
    let off = (kinds.iter())
        .filter(|(_, was, is)| *was && !*is)
        .map(|(change, _, _)| change(new.name.clone(), false))
        .collect();
    // Turned on: the actor, then `version`, then the history (the order the steps had when
    // this was three `if`s; migration snapshots pin it).
    let on = [2, 0, 1]
        .into_iter()
        .map(|k| &kinds[k])
        .filter(|(_, was, is)| !*was && *is)
        .map(|(change, _, _)| change(new.name.clone(), true))
        .collect();
    (off, on)
}

/// Names only in `old` (or redefined) and names only in `new` (or redefined), each in its
/// side's order.
fn by_name<T>(
    old: &[T],
    new: &[T],
    name: impl Fn(&T) -> &String,
    same: impl Fn(&T, &T) -> bool,
) -> (Vec<String>, Vec<String>) {
    let old_by: HashMap<&String, &T> = old.iter().map(|x| (name(x), x)).collect();
    let new_by: HashMap<&String, &T> = new.iter().map(|x| (name(x), x)).collect();
    let changed = |x: &T, other: &HashMap<&String, &T>| match other.get(name(x)) {
        None => true,
        Some(y) => !same(x, y),
    };
    let gone = old
        .iter()
        .filter(|x| changed(x, &new_by))
        .map(|x| name(x).clone())
        .collect();
    let added = new
        .iter()
        .filter(|x| changed(x, &old_by))
        .map(|x| name(x).clone())
        .collect();
    (gone, added)
}

pub(crate) fn same_fk(a: &ForeignKey, b: &ForeignKey) -> bool {
    a.columns == b.columns
        && a.ref_table == b.ref_table
        && a.ref_columns == b.ref_columns
        && a.on_delete == b.on_delete
        && a.on_update == b.on_update
        && a.set_null_columns == b.set_null_columns
}

pub(crate) fn same_check(a: &Check, b: &Check) -> bool {
    a.column == b.column && a.expr == b.expr && a.rule == b.rule
}

pub(crate) fn same_index(a: &Index, b: &Index) -> bool {
    a.columns == b.columns
        && a.unique == b.unique
        && a.predicate == b.predicate
        && a.method == b.method
        && a.include == b.include
}

/// Added, dropped, renamed and altered columns of a table on both sides.
fn column_changes(old: &Table, new: &Table, changes: &mut Vec<Change>) {
    let table = || new.name.clone();
    let old_cols: HashMap<&str, &Column> =
        old.columns.iter().map(|c| (c.name.as_str(), c)).collect();
    let mut matched: BTreeSet<&str> = BTreeSet::new();
    for c in &new.columns {
        let before = match old_cols.get(c.name.as_str()) {
            Some(b) => Some(*b),
            None => {
                // A declared rename: the old name exists before and is gone now.
                let renamed = c
                    .renamed_from
                    .as_deref()
                    .filter(|from| new.column(from).is_none())
                    .and_then(|from| old_cols.get(from).copied());
                if let Some(b) = renamed {
                    changes.push(Change::RenameColumn {
                        table: table(),
                        from: b.name.clone(),
                        to: c.name.clone(),
                    });
                }
                renamed
            }
        };
        match before {
            Some(b) => {
                matched.insert(b.name.as_str());
                alterations(&new.name, b, c, changes);
            }
            None => changes.push(Change::AddColumn {
                table: table(),
                column: c.name.clone(),
                needs_backfill: needs_backfill(c),
                rewrites_table: c.identity || computed_per_row(c.default.as_ref()),
            }),
        }
    }
    for c in old
        .columns
        .iter()
        .filter(|c| !matched.contains(c.name.as_str()))
    {
        changes.push(Change::DropColumn {
            table: table(),
            column: c.name.clone(),
        });
    }
}

/// Type, nullability and default changes of one column (`old` may carry another name).
fn alterations(table: &str, old: &Column, new: &Column, changes: &mut Vec<Change>) {
    let (table, column) = (table.to_string(), new.name.clone());
    if let Some(widening) = type_change(old, new) {
        changes.push(Change::ChangeType {
            table: table.clone(),
            column: column.clone(),
            widening,
        });
    }
    if old.nullable && !new.nullable {
        changes.push(Change::SetNotNull {
            table: table.clone(),
            column: column.clone(),
        });
    } else if !old.nullable && new.nullable {
        changes.push(Change::DropNotNull {
            table: table.clone(),
            column: column.clone(),
        });
    }
    if old.default != new.default {
        changes.push(Change::ChangeDefault { table, column });
    }
}

/// A default the engine computes for every row (a new UUID, an expression that is not a
/// literal), so adding the column fills every existing row instead of storing one value.
fn computed_per_row(default: Option<&DefaultValue>) -> bool {
    match default {
        Some(DefaultValue::NewUuid) => true,
        Some(DefaultValue::Expr(e)) => !crate::schema::sql_guard::is_literal(e),
        _ => false,
    }
}

/// `None`: same type. `Some(true)`: every old value fits the new type. `Some(false)`: values
/// may not fit (narrowing, or another kind of type).
fn type_change(old: &Column, new: &Column) -> Option<bool> {
    use ColumnType::*;
    let same_shape = old.ty == new.ty
        && old.max_length == new.max_length
        && old.precision == new.precision
        && old.scale == new.scale
        && old.identity == new.identity;
    if same_shape {
        return None;
    }
    let rank = |t: &ColumnType| match t {
        SmallInt => Some(1),
        Integer => Some(2),
        BigInt => Some(3),
        _ => None,
    };
    if old.identity != new.identity {
        // Adding or dropping identity generation rewrites or re-keys the column.
        return Some(false);
    }
    Some(match (&old.ty, &new.ty) {
        (a, b) if rank(a).is_some() && rank(b).is_some() => rank(b) >= rank(a),
        (Real, Double) => true,
        (String, String) => match (old.max_length, new.max_length) {
            (_, None) => true,
            (Some(a), Some(b)) => b >= a,
            (None, Some(_)) => false,
        },
        // No precision is the engine's widest decimal (PostgreSQL's unbounded NUMERIC).
        (Decimal, Decimal) => match (old.precision, new.precision) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(p0), Some(p1)) => {
                let (s0, s1) = (old.scale.unwrap_or(0), new.scale.unwrap_or(0));
                s1 >= s0 && p1.saturating_sub(s1) >= p0.saturating_sub(s0)
            }
        },
        (Enum { values: a, .. }, Enum { values: b, .. }) => a.iter().all(|v| b.contains(v)),
        (Timestamp { .. }, Timestamp { .. }) => false,
        _ => false,
    })
}

#[cfg(test)]
mod tests;
