//! A column rename in two releases (`migrate --expand-contract`), for engines whose row
//! triggers can set one column from another: running code that uses the old name keeps
//! working until every instance uses the new one.
//!
//! * Expand (this migration): the column under its new name, a trigger that keeps the two
//!   equal on every insert and update (whichever one the writer set), the existing rows
//!   copied in committed batches, NOT NULL proven by a validated CHECK. The default moves at
//!   the contract: a default on the new column would win over the old column's value that
//!   old code inserts.
//! * Contract (a later `migrate --contract`, once no running code reads the old name): the
//!   trigger and the old column dropped, the default set.
//! * The down migration of the expand drops the trigger and the new column; nothing else
//!   changed.
//!
//! Only for a column nothing else depends on (keys, foreign keys, indexes, CHECKs): those would
//! have to exist twice meanwhile. Such a rename stays one `RENAME`.

use super::shadow;
use super::steps::Ctx;
use super::Statement;
use crate::schema::names::shorten;
use crate::schema::Table;
use serde::{Deserialize, Serialize};

/// A rename whose expand ran and whose contract is pending (or done): recorded in the change
/// history, read by `migrate --contract`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpandedRename {
    pub table: String,
    pub from: String,
    pub to: String,
}

impl ExpandedRename {
    fn sync(&self) -> String {
        shorten(&format!("dm_sync_{}_{}_{}", self.table, self.from, self.to))
    }

    /// `users.name → full_name`.
    pub fn describe(&self) -> String {
        format!("{}.{} → {}", self.table, self.from, self.to)
    }
}

/// The rename from `old_t.from` to `new_t.to` can be expanded: nothing depends on either.
pub(super) fn applies(old_t: &Table, from: &str, new_t: &Table, to: &str) -> bool {
    let (Some(old), Some(new)) = (old_t.column(from), new_t.column(to)) else {
        return false;
    };
    old.ty == new.ty
        && old.max_length == new.max_length
        && shadow::applies(old_t, old)
        && shadow::applies(new_t, new)
}

/// The expand statements of `r` (`new_t` is the new table).
pub(super) fn expand(cx: &Ctx, new_t: &Table, r: &ExpandedRename) -> Vec<Statement> {
    let q = |s: &str| cx.q(s);
    let (table, old, new, sync) = (cx.qt(&r.table), q(&r.from), q(&r.to), q(&r.sync()));
    let col = new_t.column(&r.to).expect("the renamed column");
    let mut open = col.clone();
    open.nullable = true;
    open.default = None;
    let mut out = vec![
        Statement::new(format!(
            "ALTER TABLE {table} ADD COLUMN {}",
            crate::ddl::column_definition(cx.d, new_t, &open)
        )),
        Statement::new(format!(
            "CREATE OR REPLACE FUNCTION {sync}() RETURNS trigger LANGUAGE plpgsql AS $dm$\nBEGIN\n  IF TG_OP = 'INSERT' THEN\n    IF NEW.{new} IS NULL THEN\n      NEW.{new} := NEW.{old};\n    ELSE\n      NEW.{old} := NEW.{new};\n    END IF;\n  ELSIF NEW.{new} IS DISTINCT FROM OLD.{new} THEN\n    NEW.{old} := NEW.{new};\n  ELSE\n    NEW.{new} := NEW.{old};\n  END IF;\n  RETURN NEW;\nEND;\n$dm$"
        )),
        Statement::new(format!(
            "CREATE TRIGGER {sync} BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {sync}()"
        )),
        shadow::batched_copy(&table, shadow::row_id(cx, new_t).as_deref(), &new, &old, &old),
    ];
    if !col.nullable {
        let (prove, seal) = shadow::not_null_proof(cx, &r.table, &new, &new);
        out.extend(prove);
        out.extend(seal);
    }
    out
}

/// The contract statements of `r`: the trigger and the old column go, the default comes.
pub(super) fn contract(cx: &Ctx, new_t: &Table, r: &ExpandedRename) -> Vec<Statement> {
    let q = |s: &str| cx.q(s);
    let (table, sync) = (cx.qt(&r.table), q(&r.sync()));
    let mut out = vec![
        Statement::new(format!("DROP TRIGGER IF EXISTS {sync} ON {table}")),
        Statement::new(format!("DROP FUNCTION IF EXISTS {sync}()")),
        Statement::new(format!(
            "ALTER TABLE {table} DROP COLUMN IF EXISTS {}",
            q(&r.from)
        )),
    ];
    if let Some(d) = new_t.column(&r.to).and_then(|c| c.default.as_ref()) {
        out.push(Statement::new(format!(
            "ALTER TABLE {table} ALTER COLUMN {} SET DEFAULT {}",
            q(&r.to),
            cx.d.default_sql(d)
        )));
    }
    out
}

/// The down migration of the expand: the trigger and the new column go.
pub(super) fn undo(cx: &Ctx, r: &ExpandedRename) -> Vec<Statement> {
    let q = |s: &str| cx.q(s);
    let (table, sync) = (cx.qt(&r.table), q(&r.sync()));
    vec![
        Statement::new(format!("DROP TRIGGER IF EXISTS {sync} ON {table}")),
        Statement::new(format!("DROP FUNCTION IF EXISTS {sync}()")),
        Statement::new(format!(
            "ALTER TABLE {table} DROP COLUMN IF EXISTS {}",
            q(&r.to)
        )),
    ]
}
