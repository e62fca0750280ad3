//! `ALTER TABLE` operations applied to a table being imported: constraints added after the
//! fact (pg_dump's style), and the changes a migrations directory makes over time (columns
//! added, dropped, renamed, retyped; tables renamed; constraints dropped).

use super::build::Builder;
use crate::schema::Table;
use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnDef, ColumnOption, ColumnOptionDef,
    RenameTableNameKind,
};

pub(super) fn apply(b: &mut Builder, table: &str, op: &AlterTableOperation, line: usize) {
    use AlterTableOperation as Op;
    match op {
        Op::AddConstraint { constraint, .. } => b.add_constraint(table, constraint, line),
        Op::AddColumn { column_def, .. } => {
            let exists = b
                .table_mut(table)
                .is_some_and(|t| t.column(&b_ident(column_def)).is_some());
            if !exists {
                b.add_column(table, column_def, line);
            }
        }
        Op::DropColumn { column_names, .. } => {
            let cols: Vec<String> = column_names.iter().map(|i| b.ident(i)).collect();
            if let Some(t) = b.table_mut(table) {
                for c in &cols {
                    drop_column(t, c);
                }
            }
        }
        Op::DropConstraint { name, .. } | Op::DropForeignKey { name, .. } => {
            let name = b.ident(name);
            if let Some(t) = b.table_mut(table) {
                drop_named(t, &name);
            }
        }
        Op::DropIndex { name } => {
            let name = b.ident(name);
            if let Some(t) = b.table_mut(table) {
                t.indexes.retain(|i| i.name != name);
            }
        }
        Op::DropPrimaryKey { .. } => {
            if let Some(t) = b.table_mut(table) {
                t.primary_key.columns.clear();
            }
        }
        Op::RenameColumn {
            old_column_name,
            new_column_name,
        } => {
            let (old, new) = (b.ident(old_column_name), b.ident(new_column_name));
            rename_column(b, table, &old, &new);
        }
        Op::RenameTable { table_name } => {
            let (RenameTableNameKind::As(n) | RenameTableNameKind::To(n)) = table_name;
            // `ALTER TABLE sales.a RENAME TO b` keeps the table in its namespace.
            let bare = b.object(n);
            let ns = b
                .table_index(table)
                .and_then(|i| b.tables.get(i))
                .and_then(|t| t.namespace.clone());
            let new = match ns {
                Some(ns) if !bare.contains('.') => format!("{ns}.{bare}"),
                _ => bare,
            };
            rename_table(b, table, &new);
        }
        Op::AlterColumn { column_name, op } => {
            let col = b.ident(column_name);
            alter_column(b, table, &col, op, line);
        }
        Op::ModifyColumn {
            col_name,
            data_type,
            options,
            ..
        } => replace_column(b, table, col_name, col_name, data_type, options, line),
        Op::ChangeColumn {
            old_name,
            new_name,
            data_type,
            options,
            ..
        } => replace_column(b, table, old_name, new_name, data_type, options, line),
        Op::AttachPartitionOf { partition, .. } => {
            let child = b.table_object(partition);
            b.fold_partition(&child, table, line);
        }
        other => {
            let what = super::statements::leading_words(&other.to_string());
            b.warn(
                line,
                format!("`ALTER TABLE {table} {what}` carries no table structure"),
            );
        }
    }
}

/// The operation changes the table's structure (so an unknown table is worth a warning of
/// its own); ownership, row security and the like don't.
pub(super) fn is_structural(op: &AlterTableOperation) -> bool {
    use AlterTableOperation as Op;
    matches!(
        op,
        Op::AddConstraint { .. }
            | Op::AddColumn { .. }
            | Op::DropColumn { .. }
            | Op::DropConstraint { .. }
            | Op::DropForeignKey { .. }
            | Op::DropIndex { .. }
            | Op::DropPrimaryKey { .. }
            | Op::RenameColumn { .. }
            | Op::RenameTable { .. }
            | Op::AlterColumn { .. }
            | Op::ModifyColumn { .. }
            | Op::ChangeColumn { .. }
    )
}

fn b_ident(def: &ColumnDef) -> String {
    def.name.value.clone()
}

fn alter_column(b: &mut Builder, table: &str, col: &str, op: &AlterColumnOperation, line: usize) {
    use AlterColumnOperation as A;
    let default = match op {
        A::SetDefault { value } if !super::table::is_null(value) => Some(b.default_value(value)),
        _ => None,
    };
    let info = match op {
        A::SetDataType { data_type, .. } => Some(super::types::map_type(data_type, b.dialect)),
        _ => None,
    };
    let Some(c) = b
        .table_mut(table)
        .and_then(|t| t.columns.iter_mut().find(|c| c.name == col))
    else {
        b.warn(
            line,
            format!("`ALTER COLUMN` of unknown column `{table}.{col}` skipped"),
        );
        return;
    };
    match op {
        A::SetNotNull => c.nullable = false,
        A::DropNotNull => c.nullable = true,
        A::SetDefault { .. } => match default {
            Some(Some(d)) => c.default = Some(d),
            Some(None) => c.identity = true,
            None => c.default = None,
        },
        A::DropDefault => c.default = None,
        A::AddGenerated { .. } => c.identity = true,
        A::SetDataType { .. } => {
            let Some(info) = info else { return };
            c.ty = info.ty;
            c.max_length = info.max_length;
            c.precision = info.precision;
            c.scale = info.scale;
            c.imported_type = info.imported;
        }
        _ => {
            let reason = format!("`ALTER COLUMN {col} {op}` is not modelled");
            b.warn(line, reason);
        }
    }
}

/// MySQL `MODIFY` / `CHANGE`: the column is defined anew, in place.
fn replace_column(
    b: &mut Builder,
    table: &str,
    old: &sqlparser::ast::Ident,
    new: &sqlparser::ast::Ident,
    data_type: &sqlparser::ast::DataType,
    options: &[ColumnOption],
    line: usize,
) {
    let (old, new_name) = (b.ident(old), b.ident(new));
    let Some(pos) = b
        .table_mut(table)
        .and_then(|t| t.columns.iter().position(|c| c.name == old))
    else {
        b.warn(
            line,
            format!("change of unknown column `{table}.{old}` skipped"),
        );
        return;
    };
    rename_column(b, table, &old, &new_name);
    let def = ColumnDef {
        name: new.clone(),
        data_type: data_type.clone(),
        options: options
            .iter()
            .map(|o| ColumnOptionDef {
                name: None,
                option: o.clone(),
            })
            .collect(),
    };
    if let Some(t) = b.table_mut(table) {
        t.columns.retain(|c| c.name != new_name);
    }
    b.add_column(table, &def, line);
    if let Some(t) = b.table_mut(table) {
        if let Some(c) = t.columns.pop() {
            let at = pos.min(t.columns.len());
            t.columns.insert(at, c);
        }
    }
}

fn drop_column(t: &mut Table, col: &str) {
    t.columns.retain(|c| c.name != col);
    t.indexes
        .retain(|i| !i.columns.iter().any(|c| c.name == col));
    t.foreign_keys
        .retain(|f| !f.columns.iter().any(|c| c == col));
    t.checks.retain(|c| c.column.as_deref() != Some(col));
    t.primary_key.columns.retain(|c| c != col);
}

fn drop_named(t: &mut Table, name: &str) {
    if t.primary_key.name == name {
        t.primary_key.columns.clear();
    }
    t.foreign_keys.retain(|f| f.name != name);
    t.checks.retain(|c| c.name != name);
    t.indexes.retain(|i| i.name != name);
}

fn rename_column(b: &mut Builder, table: &str, old: &str, new: &str) {
    let rename = |v: &mut String| {
        if v == old {
            *v = new.to_string();
        }
    };
    if let Some(t) = b.table_mut(table) {
        t.columns.iter_mut().for_each(|c| {
            rename(&mut c.name);
            if let Some(f) = c.field.as_mut() {
                rename(f);
            }
        });
        t.primary_key.columns.iter_mut().for_each(rename);
        for i in &mut t.indexes {
            i.columns.iter_mut().for_each(|c| rename(&mut c.name));
        }
        t.foreign_keys
            .iter_mut()
            .for_each(|f| f.columns.iter_mut().for_each(rename));
        t.checks.iter_mut().for_each(|c| {
            if let Some(col) = c.column.as_mut() {
                rename(col);
            }
        });
    }
    for t in &mut b.tables {
        for f in t.foreign_keys.iter_mut().filter(|f| f.ref_table == table) {
            f.ref_columns.iter_mut().for_each(rename);
        }
    }
}

fn rename_table(b: &mut Builder, old: &str, new: &str) {
    for t in &mut b.tables {
        if t.name == old {
            t.name = new.to_string();
            t.rust_name = super::table::rust_name(new);
        }
        for f in &mut t.foreign_keys {
            if f.ref_table == old {
                f.ref_table = new.to_string();
            }
        }
    }
    b.reindex();
}
