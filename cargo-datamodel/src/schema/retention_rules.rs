//! Retention that would destroy what it shouldn't is refused before anything is rendered.
//!
//! The retention jobs the document prints run unattended every night; a job that deletes live
//! rows, fails on every run, or ignores a legal hold is worse than no job. So, on the resolved
//! tables (foreign keys known):
//! - a TTL measured from `created_at` on a soft-deleted table would delete live rows: the TTL
//!   must count from the soft delete (`after_delete`);
//! - a purge of a table other tables reference with RESTRICT / NO ACTION fails (or, with the
//!   check deferred, aborts the whole batch) as soon as one expired row is referenced;
//! - `legal_hold` needs the `legal_holds` table the jobs consult, with the columns they read,
//!   and (with a TTL) a single-column primary key, the `row_id` a hold names.
//!
//! Archival tables are never purged: their job sets `archived_at` (see `columns.rs`).

use super::columns::{codes, error};
use super::{ColumnOrigin, Table};
use datamodel::model::{ColumnType, DeleteStrategy, RefAction};
use datamodel::validate::Diagnostic;
use datamodel::Model;
use std::collections::{HashMap, HashSet};

/// The table the legal-hold check of every job reads.
pub const LEGAL_HOLDS_TABLE: &str = "legal_holds";

/// What a table's retention job does to an expired row (the one place that decides it; the
/// document's job recipes ask [`job_kind`] too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// `DELETE` the row.
    Purge,
    /// Overwrite its personal data in place (soft-deleted rows, `after_delete`).
    Anonymize,
    /// Set `archived_at` (archival tables: moved to cold storage outside the job).
    Archive,
}

/// The job of a table with a TTL.
pub fn job_kind(t: &Table) -> JobKind {
    let after_delete = t.retention.as_ref().is_some_and(|r| r.after_delete);
    if t.delete == DeleteStrategy::Archival {
        JobKind::Archive
    } else if after_delete && t.columns.iter().any(|c| c.pii && erasable(c)) {
        JobKind::Anonymize
    } else {
        JobKind::Purge
    }
}

fn is_text(ty: &ColumnType) -> bool {
    matches!(ty, ColumnType::String | ColumnType::Enum { .. })
}

/// The value an erasure writes into a NOT NULL personal-data column.
pub const ERASED: &str = "erased";

/// An erasure can overwrite the column generically: set it to NULL, or write [`ERASED`] into
/// a text column long enough for it. An enum (its CHECK refuses the word) or a short string
/// is not: the document names it, and the application must erase it.
pub fn erasable(c: &crate::schema::Column) -> bool {
    c.nullable
        || (c.ty == ColumnType::String && c.max_length.is_none_or(|n| n as usize >= ERASED.len()))
}

pub(crate) fn check(tables: &[Table], model: &Model) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let cascades = Cascades::new(tables);
    for t in tables {
        let Some(e) = t
            .entity
            .as_deref()
            .and_then(|path| model.entities.iter().find(|e| e.type_path == path))
        else {
            continue;
        };
        for (message, help) in problems(t, tables, &cascades, &e.rust_name) {
            diags.push(error(codes::RETENTION_DESTROYS, e, None, message, help));
        }
    }
    diags
}

/// Which tables each table's deletes cascade into (ON DELETE CASCADE foreign keys), built once
/// per schema: following them table by table for every purged table was quadratic (3 s of
/// resolve at 2,000 tables).
pub struct Cascades<'a> {
    children: HashMap<&'a str, Vec<&'a Table>>,
}

impl<'a> Cascades<'a> {
    pub fn new(tables: &'a [Table]) -> Cascades<'a> {
        let mut children: HashMap<&'a str, Vec<&'a Table>> = HashMap::new();
        for child in tables {
            let mut parents: Vec<&str> = child
                .foreign_keys
                .iter()
                .filter(|fk| fk.on_delete == RefAction::Cascade)
                .map(|fk| fk.ref_table.as_str())
                .collect();
            parents.dedup();
            for p in parents {
                let list = children.entry(p).or_default();
                if !list.iter().any(|c| c.name == child.name) {
                    list.push(child);
                }
            }
        }
        Cascades { children }
    }
}

/// What is wrong with the retention of `t` (named `who` in messages), as (message, help).
pub fn problems(
    t: &Table,
    tables: &[Table],
    cascades: &Cascades,
    who: &str,
) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    let Some(r) = &t.retention else {
        return out;
    };
    if r.legal_hold {
        let holds = tables.iter().find(|h| h.name == LEGAL_HOLDS_TABLE);
        if let Some(missing) = missing_hold_columns(holds) {
            out.push((
                format!(
                    "`{who}` has `retention(legal_hold)`, but {missing}: the retention jobs and erasure requests must skip held rows, and they read the holds from that table"
                ),
                LEGAL_HOLD_HELP,
            ));
        }
        if r.ttl.is_some() && t.row_key().is_none() {
            out.push((
                format!(
                    "`{who}` has `retention(legal_hold)` and a TTL, but its primary key has {} columns: a hold names one row by a single key (`legal_holds.row_id`), so its retention job could not skip held rows",
                    t.primary_key.columns.len()
                ),
                "give the entity a single-column primary key (an `id`, with the old key as a `unique`), or drop `legal_hold` from its retention",
            ));
        }
    }
    if r.ttl.is_none() || job_kind(t) != JobKind::Purge {
        return out;
    }
    if t.soft_delete && !r.after_delete {
        out.push((
            format!(
                "`{who}` is soft-deleted, and `retention(ttl = ...)` without `after_delete` counts from `created_at`: its job would delete live rows as soon as they are old"
            ),
            "count the TTL from the soft delete: `retention(ttl = \"...\", after_delete)`; or make the entity `delete = \"hard\"` if old rows really must go, live or not",
        ));
    }
    let held = held_by_cascade(t, cascades);
    if !held.is_empty() {
        out.push((
            format!(
                "the retention job of `{who}` deletes rows, and the delete cascades into {}, whose rows can be under legal hold: the hold check covers `{}` only, so held rows would be deleted with their parent",
                held.join(", "),
                t.name
            ),
            "keep the referencing rows when the parent goes (`on_delete = \"set_null\"` on that field), or erase the parent's personal data instead of deleting it (`delete = \"soft\"` with `retention(ttl = \"...\", after_delete)`), or archive it (`delete = \"archival\"`)",
        ));
    }
    let blockers = restricting_references(t, tables);
    if !blockers.is_empty() {
        out.push((
            format!(
                "the retention job of `{who}` deletes rows that {} reference{} with ON DELETE RESTRICT / NO ACTION: the purge fails as soon as one expired row is referenced",
                blockers.join(", "),
                if blockers.len() == 1 { "s" } else { "" }
            ),
            "choose what happens to the referencing rows (`on_delete = \"cascade\"` or `\"set_null\"` on those fields), or keep the rows and erase their personal data instead (`delete = \"soft\"` with `retention(ttl = \"...\", after_delete)`), or archive them (`delete = \"archival\"`)",
        ));
    }
    out
}

/// `child.column` of every foreign key to `t` whose ON DELETE blocks deleting the parent.
/// The tables with `legal_hold` that a delete of `t`'s rows reaches through ON DELETE CASCADE
/// (directly or through other cascading tables), as `` `table` ``.
pub fn held_by_cascade(t: &Table, cascades: &Cascades) -> Vec<String> {
    let mut reached: Vec<&str> = vec![t.name.as_str()];
    let mut seen: HashSet<&str> = reached.iter().copied().collect();
    let mut held = Vec::new();
    let mut i = 0;
    while i < reached.len() {
        let parent = reached[i];
        for child in cascades.children.get(parent).into_iter().flatten() {
            if seen.insert(child.name.as_str()) {
                reached.push(child.name.as_str());
                if child.retention.as_ref().is_some_and(|r| r.legal_hold) {
                    held.push(format!("`{}`", child.name));
                }
            }
        }
        i += 1;
    }
    held
}

pub fn restricting_references(t: &Table, tables: &[Table]) -> Vec<String> {
    tables
        .iter()
        .flat_map(|child| child.foreign_keys.iter().map(move |fk| (child, fk)))
        .filter(|(_, fk)| {
            fk.ref_table == t.name
                && matches!(fk.on_delete, RefAction::Restrict | RefAction::NoAction)
        })
        .map(|(child, fk)| format!("`{}.{}`", child.name, fk.columns.join(", ")))
        .collect()
}

const LEGAL_HOLD_HELP: &str = "add this entity (a global table under shared tenancy):\n\n    /// A legal hold on one row; released, never deleted.\n    #[derive(DataModel)]\n    #[datamodel(tenancy = \"global\", delete = \"hard\")]\n    pub struct LegalHold {\n        pub id: i64,\n        #[datamodel(max_length = 63)]\n        pub table_name: String,\n        /// The held row's primary key, as text.\n        #[datamodel(max_length = 64)]\n        pub row_id: String,\n        #[datamodel(text)]\n        pub reason: String,\n        pub released_at: Option<chrono::DateTime<chrono::Utc>>,\n    }";

/// `None` when the holds table has what the jobs read; else what is missing.
fn missing_hold_columns(holds: Option<&Table>) -> Option<String> {
    let Some(h) = holds else {
        return Some(format!("the model has no `{LEGAL_HOLDS_TABLE}` table"));
    };
    type Shape = fn(&super::Column) -> bool;
    let needed: [(&str, Shape); 3] = [
        ("table_name", |c| is_text(&c.ty) && !c.nullable),
        ("row_id", |c| is_text(&c.ty) && !c.nullable),
        ("released_at", |c| {
            matches!(c.ty, ColumnType::Timestamp { .. }) && c.nullable
        }),
    ];
    let wrong: Vec<&str> = needed
        .iter()
        .filter(|(name, ok)| {
            !h.column(name)
                .is_some_and(|c| c.origin == ColumnOrigin::Field && ok(c))
        })
        .map(|(name, _)| *name)
        .collect();
    (!wrong.is_empty()).then(|| {
        format!(
            "its `{LEGAL_HOLDS_TABLE}` table lacks {} (`table_name` and `row_id` NOT NULL text, `released_at` an optional timestamp)",
            wrong
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lints::testing::{clean, tbl};
    use datamodel::model::Retention;

    fn ttl(after_delete: bool, legal_hold: bool) -> Option<Retention> {
        Some(Retention {
            ttl: Some("90d".into()),
            legal_hold,
            after_delete,
        })
    }

    fn messages(t: &str, s: &crate::schema::Schema) -> Vec<String> {
        let table = s.table(t).unwrap();
        problems(table, &s.tables, &Cascades::new(&s.tables), t)
            .into_iter()
            .map(|p| p.0)
            .collect()
    }

    #[test]
    fn created_at_ttl_on_a_soft_deleted_table_is_refused() {
        let mut s = clean();
        tbl(&mut s, "users").retention = ttl(false, false);
        let m = messages("users", &s);
        assert!(
            m.iter().any(|m| m.contains("would delete live rows")),
            "{m:?}"
        );
        tbl(&mut s, "users").retention = ttl(true, false);
        assert!(!messages("users", &s)
            .iter()
            .any(|m| m.contains("live rows")));
    }

    #[test]
    fn a_purge_of_rows_referenced_with_restrict_is_refused() {
        let mut s = clean();
        tbl(&mut s, "posts").foreign_keys[0].on_delete = RefAction::Restrict;
        let parent = s.table("posts").unwrap().foreign_keys[0].ref_table.clone();
        let t = tbl(&mut s, &parent);
        t.soft_delete = false;
        t.delete = DeleteStrategy::Hard;
        t.retention = ttl(false, false);
        let m = messages(&parent, &s);
        assert!(m.iter().any(|m| m.contains("ON DELETE RESTRICT")), "{m:?}");
        // Archived instead: no delete, nothing to refuse.
        tbl(&mut s, &parent).delete = DeleteStrategy::Archival;
        assert!(messages(&parent, &s).is_empty());
        assert_eq!(job_kind(s.table(&parent).unwrap()), JobKind::Archive);
    }

    #[test]
    fn legal_hold_needs_the_holds_table() {
        let mut s = clean();
        tbl(&mut s, "users").retention = ttl(true, true);
        let m = messages("users", &s);
        assert!(
            m.iter().any(|m| m.contains("no `legal_holds` table")),
            "{m:?}"
        );
    }

    #[test]
    fn legal_hold_with_a_ttl_needs_a_single_column_key() {
        let mut s = clean();
        let users = tbl(&mut s, "users");
        users.retention = ttl(true, true);
        users.primary_key.columns.push("email".into());
        let m = messages("users", &s);
        assert!(
            m.iter().any(|m| m.contains("primary key has 2 columns")),
            "{m:?}"
        );
        tbl(&mut s, "users").primary_key.columns.pop();
        assert!(!messages("users", &s)
            .iter()
            .any(|m| m.contains("primary key has")));
    }

    #[test]
    fn only_columns_that_can_hold_the_erased_word_are_overwritten() {
        use crate::testkit::clean::column;
        let mut code = column("code", ColumnType::String);
        code.max_length = Some(3);
        assert!(!erasable(&code), "VARCHAR(3) can't hold 'erased'");
        code.max_length = Some(6);
        assert!(erasable(&code));
        let role = column(
            "role",
            ColumnType::Enum {
                name: "Role".into(),
                values: vec!["a".into()],
            },
        );
        assert!(!erasable(&role), "the enum CHECK refuses 'erased'");
        let mut nullable_role = role.clone();
        nullable_role.nullable = true;
        assert!(erasable(&nullable_role), "NULL erases anything nullable");
        assert!(!erasable(&column("age", ColumnType::Integer)));
    }

    #[test]
    fn a_purge_that_cascades_into_held_rows_is_refused() {
        let mut s = clean();
        // posts.user_id -> users ON DELETE CASCADE (the clean fixture); users purged by a TTL.
        let users = tbl(&mut s, "users");
        users.soft_delete = false;
        users.delete = DeleteStrategy::Hard;
        users.retention = ttl(false, false);
        assert!(!messages("users", &s)
            .iter()
            .any(|m| m.contains("legal hold")));
        tbl(&mut s, "posts").retention = Some(Retention {
            ttl: None,
            legal_hold: true,
            after_delete: false,
        });
        let m = messages("users", &s);
        assert!(
            m.iter().any(|m| m.contains("cascades into `posts`")),
            "{m:?}"
        );
        // The referencing rows stay when the parent goes: nothing held is deleted.
        tbl(&mut s, "posts").foreign_keys[0].on_delete = RefAction::SetNull;
        assert!(!messages("users", &s).iter().any(|m| m.contains("cascades")));
    }
}
