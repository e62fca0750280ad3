//! Imported SQL fragments through the derive path's guard ([`crate::schema::sql_guard`]).
//!
//! A CHECK condition, a column default or a partial index's predicate that import reads is
//! sqlparser's printing of what one engine's SQL (or catalog) said, and the document renders it
//! for other engines too (and `import --format json` hands it on). So each passes the same
//! guard as a fragment written in a struct, for every engine: one expression, no statement
//! separator or comment, no backslash (MySQL reads it as an escape in a string literal,
//! PostgreSQL and SQLite as a character: `'a\'` ends a string on one engine and not on the
//! other), no double-quoted string, no server-side or (in a CHECK or predicate) volatile call.
//!
//! A refused fragment is dropped from the Schema (the default, the CHECK, or the predicate:
//! a plain index stays as a full index, a unique one goes, since without its predicate it
//! would refuse rows the database accepts) with a DM054 warning naming the file and line it was read
//! from. Dropped rather than kept opaque: an opaque fragment would still be written into every
//! engine's DDL, which is the hazard. Checks the dialects write from structure (`IN` lists,
//! ranges: their literals go through each dialect's escaper) are not user text and pass.

use super::Warning;
use crate::diagnostics::import_codes::codes;
use crate::schema::sql_guard::{check_fragment, check_fragment_in, FragmentKind};
use crate::schema::{CheckRule, DefaultValue, Table};
use std::collections::HashMap;

/// The key under which a table's CREATE statement is remembered (never SQL text).
pub(super) fn table_key(table: &str) -> String {
    format!("\u{0}table {table}")
}

/// Drops every refused fragment of `tables`, with one warning each.
pub fn guard(
    tables: &mut [Table],
    at: &HashMap<String, (String, usize)>,
    warnings: &mut Vec<Warning>,
) {
    // Where the fragment was read, else where its table was created.
    let mut refuse = |table: &str, what: String, text: &str, why: String| {
        let (file, line) = at
            .get(text)
            .or_else(|| at.get(&table_key(table)))
            .cloned()
            .unwrap_or_default();
        warnings.push(Warning {
            file,
            line,
            reason: format!("table `{table}`: {what}: {why}"),
            code: codes::UNSAFE_FRAGMENT,
        });
    };
    for t in tables.iter_mut() {
        for c in &mut t.columns {
            if let Some(DefaultValue::Expr(e)) = &c.default {
                if let Err(why) = check_fragment(e, FragmentKind::Default) {
                    refuse(
                        &t.name,
                        format!("the DEFAULT of `{}` dropped", c.name),
                        e,
                        why,
                    );
                    c.default = None;
                }
            }
        }
        let name = t.name.clone();
        // Checks and predicates name the table's columns unquoted; the DDL quotes them.
        let columns: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
        t.checks.retain(|c| {
            if c.rule != CheckRule::Custom {
                return true;
            }
            match check_fragment_in(&c.expr, FragmentKind::Check, &columns) {
                Ok(_) => true,
                Err(why) => {
                    refuse(&name, format!("CHECK `{}` dropped", c.name), &c.expr, why);
                    false
                }
            }
        });
        // A plain index without its predicate still serves its queries; a unique one would
        // refuse rows the database accepts, so it goes.
        t.indexes.retain_mut(|i| {
            let Some(p) = &i.predicate else {
                return true;
            };
            let Err(why) = check_fragment_in(p, FragmentKind::IndexWhere, &columns) else {
                return true;
            };
            let fate = if i.unique {
                "dropped, and the unique index with it"
            } else {
                "dropped (a full index now)"
            };
            refuse(
                &name,
                format!("the WHERE of index `{}` {fate}", i.name),
                p,
                why,
            );
            i.predicate = None;
            !i.unique
        });
    }
}
