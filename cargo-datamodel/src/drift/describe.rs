//! One sentence per difference: a change of [`crate::migrate::diff`] (database -> model)
//! said as what the model has and the database has.

use super::Difference;
use crate::dialect::Dialect;
use crate::migrate::Change;
use crate::schema::{Check, Column, ForeignKey, Index, Table};

fn key_list(cols: &[String]) -> String {
    format!("({})", cols.join(", "))
}

fn index_text(i: &Index) -> String {
    let cols: Vec<String> = i
        .columns
        .iter()
        .map(|c| {
            if c.descending {
                format!("{} DESC", c.name)
            } else {
                c.name.clone()
            }
        })
        .collect();
    let mut s = format!(
        "{}{}",
        if i.unique { "UNIQUE " } else { "" },
        key_list(&cols)
    );
    if let Some(p) = &i.predicate {
        s.push_str(&format!(" WHERE {p}"));
    }
    s
}

fn fk_text(f: &ForeignKey) -> String {
    format!(
        "{} REFERENCES {}{} ON DELETE {:?} ON UPDATE {:?}",
        key_list(&f.columns),
        f.ref_table,
        key_list(&f.ref_columns),
        f.on_delete,
        f.on_update
    )
}

fn check_shown(d: &dyn Dialect, c: &Check) -> String {
    d.check_sql(c)
}

fn col<'a>(s: Option<&'a Table>, c: &str) -> Option<&'a Column> {
    s.and_then(|t| t.columns.iter().find(|x| x.name == c))
}

const IN_MODEL: &str = "is in the model but not in the database";
const IN_DB: &str = "is in the database but not in the model";

/// One sentence for one change of the differ (database → model), or `None` when it was said
/// together with another (a redefinition is a drop and an add under one name).
pub(super) fn describe(
    ch: &Change,
    model: Option<&Table>,
    live: Option<&Table>,
    d: &dyn Dialect,
    done: &mut Vec<(String, String)>,
) -> Option<Difference> {
    use Change::*;
    let t = ch.table();
    if let Some((kind, name, m, l)) = named_object(ch, model, live, d) {
        return said_once(t, kind, name, m, l, done);
    }
    let diff = |column: &str, message: String| {
        Some(Difference {
            table: t.to_string(),
            column: (!column.is_empty()).then(|| column.to_string()),
            message,
        })
    };
    match ch {
        AddTable { .. } => diff("", format!("table {t} {IN_MODEL}")),
        DropTable { .. } => diff("", format!("table {t} {IN_DB}")),
        AddColumn { column, .. } => diff(column, format!("column {t}.{column} {IN_MODEL}")),
        DropColumn { column, .. } => diff(column, format!("column {t}.{column} {IN_DB}")),
        SetNotNull { column, .. } => diff(
            column,
            format!("column {t}.{column}: NOT NULL in the model, nullable in the database"),
        ),
        DropNotNull { column, .. } => diff(
            column,
            format!("column {t}.{column}: nullable in the model, NOT NULL in the database"),
        ),
        ChangeDefault { column, .. } => {
            let shown = |c: Option<&Column>| {
                c.and_then(|c| c.default.as_ref())
                    .map_or("no default".to_string(), |x| {
                        format!("default {}", d.default_sql(x))
                    })
            };
            let (m, l) = (shown(col(model, column)), shown(col(live, column)));
            diff(
                column,
                format!("column {t}.{column}: {m} in the model, {l} in the database"),
            )
        }
        ChangePrimaryKey { .. } => {
            let pk =
                |s: Option<&Table>| s.map_or(String::new(), |t| key_list(&t.primary_key.columns));
            let (m, l) = (pk(model), pk(live));
            diff(
                "",
                format!("table {t}: primary key {m} in the model, {l} in the database"),
            )
        }
        RenamePrimaryKey { from, to, .. } => diff(
            "",
            format!("table {t}: primary key named {to} in the model, {from} in the database"),
        ),
        // Not read from a catalog (see the module doc), so not expected; said as the change.
        other => diff("", format!("table {t}: {}", other.describe())),
    }
}

/// An index, foreign key or check the change adds or drops: its kind, its name, and its
/// definition in the model and in the database (`None` where it is absent).
fn named_object<'c>(
    ch: &'c Change,
    model: Option<&Table>,
    live: Option<&Table>,
    d: &dyn Dialect,
) -> Option<(&'static str, &'c str, Option<String>, Option<String>)> {
    use Change::*;
    let both = |f: &dyn Fn(&Table) -> Option<String>| (model.and_then(f), live.and_then(f));
    let (kind, name, (m, l)) = match ch {
        AddIndex { index, .. } | DropIndex { index, .. } => {
            let find = |t: &Table| t.indexes.iter().find(|i| &i.name == index).map(index_text);
            ("index", index, both(&find))
        }
        AddForeignKey { name, .. } | DropForeignKey { name, .. } => {
            let find = |t: &Table| (t.foreign_keys.iter().find(|f| &f.name == name)).map(fk_text);
            ("foreign key", name, both(&find))
        }
        AddCheck { name, .. } | DropCheck { name, .. } => {
            let find =
                |t: &Table| (t.checks.iter().find(|c| &c.name == name)).map(|c| check_shown(d, c));
            ("check", name, both(&find))
        }
        _ => return None,
    };
    Some((kind, name.as_str(), m, l))
}

/// A named object on one side, or redefined under one name: the differ lists a drop and an
/// add for that, said once (`done` remembers it).
fn said_once(
    t: &str,
    kind: &str,
    name: &str,
    m: Option<String>,
    l: Option<String>,
    done: &mut Vec<(String, String)>,
) -> Option<Difference> {
    let message = match (m, l) {
        (Some(m), Some(l)) => {
            let key = (format!("{t}/{kind}"), name.to_string());
            if done.contains(&key) {
                return None;
            }
            done.push(key);
            format!("table {t}: {kind} {name} differs: {m} in the model, {l} in the database")
        }
        (m, _) => {
            let side = if m.is_some() { IN_MODEL } else { IN_DB };
            format!("table {t}: {kind} {name} {side}")
        }
    };
    Some(Difference {
        table: t.to_string(),
        column: None,
        message,
    })
}
