//! A column's type changed without rewriting the table under an exclusive lock: expand and
//! contract inside one migration, for engines whose `ALTER COLUMN ... TYPE` rewrites the table
//! ([`Online::ShadowColumn`]). The column keeps its name, so the running application needs no
//! change and no release has to come in between:
//!
//! 1. expand: a shadow column of the new type, and a trigger that keeps it equal to the
//!    column on every insert and update;
//! 2. backfill: existing rows in batches of [`BATCH`], each committed on its own (no long
//!    transaction, no lock held between batches);
//! 3. NOT NULL, when the column has it, proven by a CHECK validated without a long lock;
//! 4. switch, in one short transaction (after the validation, in the same one): the trigger
//!    and the old column dropped, the shadow renamed to the column's name, NOT NULL and the
//!    default set.
//!
//! Only for a column nothing else depends on (keys, foreign keys, indexes, CHECKs): dropping
//! the old column would drop those too. Such a column keeps the engine's `ALTER COLUMN`.

use super::steps::Ctx;
use super::Statement;
use crate::schema::names::shorten;
use crate::schema::{Column, Table};

/// Rows a backfill batch updates before it commits.
pub const BATCH: u32 = 5000;

/// Nothing but the column itself depends on `column`: the shadow column can replace it.
pub(super) fn applies(t: &Table, column: &Column) -> bool {
    let c = column.name.as_str();
    !column.identity
        && !t.primary_key.columns.iter().any(|k| k == c)
        && !t
            .foreign_keys
            .iter()
            .any(|f| f.columns.iter().any(|k| k == c))
        && !t.indexes.iter().any(|i| {
            i.columns.iter().any(|k| k.name == c)
                || i.include.iter().any(|k| k == c)
                || i.predicate.as_deref().is_some_and(|p| p.contains(c))
        })
        && !t
            .checks
            .iter()
            .any(|k| k.column.as_deref() == Some(c) || k.expr.contains(c))
}

/// The statements of the four phases, for `column` of `t` (the new table) going to `new_ty`.
pub(super) fn statements(cx: &Ctx, t: &Table, column: &Column, new_ty: &str) -> Vec<Statement> {
    let q = |s: &str| cx.q(s);
    let (table, col) = (cx.qt(&t.name), q(&column.name));
    let shadow = q(&shorten(&format!("{}_dm_new", column.name)));
    let sync = q(&shorten(&format!("dm_sync_{}_{}", t.name, column.name)));
    let mut out = vec![
        Statement::new(format!("ALTER TABLE {table} ADD COLUMN {shadow} {new_ty}")),
        Statement::new(format!(
            "CREATE OR REPLACE FUNCTION {sync}() RETURNS trigger LANGUAGE plpgsql AS $dm$\nBEGIN\n  NEW.{shadow} := NEW.{col}::{new_ty};\n  RETURN NEW;\nEND;\n$dm$"
        )),
        Statement::new(format!(
            "CREATE TRIGGER {sync} BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {sync}()"
        )),
        batched_copy(
            &table,
            row_id(cx, t).as_deref(),
            &shadow,
            &format!("{col}::{new_ty}"),
            &col,
        ),
    ];
    let (prove, seal) = not_null_proof(cx, &t.name, &shadow, &col);
    if !column.nullable {
        out.extend(prove);
    }
    // The switch: with the validation when there is one (its CHECK is what makes
    // `SET NOT NULL` skip the scan, and a reviewer or squawk sees both in one file).
    out.push(Statement::new(format!("DROP TRIGGER {sync} ON {table}")));
    out.push(Statement::new(format!("DROP FUNCTION {sync}()")));
    out.push(Statement::new(format!(
        "ALTER TABLE {table} DROP COLUMN {col}"
    )));
    out.push(Statement::new(format!(
        "ALTER TABLE {table} RENAME COLUMN {shadow} TO {col}"
    )));
    if !column.nullable {
        out.extend(seal);
    }
    if let Some(d) = &column.default {
        out.push(Statement::new(format!(
            "ALTER TABLE {table} ALTER COLUMN {col} SET DEFAULT {}",
            cx.d.default_sql(d)
        )));
    }
    out
}

/// What names a row of `t` in a batch: its physical address (`None`: `ctid`), or on an
/// engine that distributes tables (Citus, which can't plan a modification by `ctid` across
/// shards) its key with the distribution column, quoted: `"tenant_id", "id"`.
pub(super) fn row_id(cx: &Ctx, t: &Table) -> Option<String> {
    cx.d.distributes_tables().then(|| {
        let cols: Vec<String> = t.distributed_key().iter().map(|c| cx.q(c)).collect();
        cols.join(", ")
    })
}

/// `UPDATE table SET target = value` for the rows where `target` is still NULL and `source`
/// is not, in batches of [`BATCH`] rows (named by `row_id`, see [`row_id`]) each committed
/// on its own (a `DO` block that runs alone, outside a transaction). Arguments are SQL,
/// quoted by the caller.
pub(super) fn batched_copy(
    table: &str,
    row_id: Option<&str>,
    target: &str,
    value: &str,
    source: &str,
) -> Statement {
    let pending =
        format!("FROM {table} WHERE {target} IS NULL AND {source} IS NOT NULL LIMIT {BATCH}");
    // `ctid = ANY (ARRAY(..))` uses a TID scan; a key list is compared with `IN`.
    let pick = match row_id {
        None => format!("ctid = ANY (ARRAY(SELECT ctid {pending}))"),
        Some(key) => format!("({key}) IN (SELECT {key} {pending})"),
    };
    Statement {
        sql: format!(
            "DO $dm$\nDECLARE n bigint;\nBEGIN\n  LOOP\n    UPDATE {table} SET {target} = {value}\n      WHERE {pick};\n    GET DIAGNOSTICS n = ROW_COUNT;\n    EXIT WHEN n = 0;\n    COMMIT;\n  END LOOP;\nEND\n$dm$"
        ),
        outside_transaction: true,
        alone: true,
        new_transaction: true,
    }
}

/// NOT NULL on a live table without scanning it under an exclusive lock, in two halves:
/// `prove` adds `CHECK (proved IS NOT NULL)` unvalidated and validates it in a transaction of
/// its own; `seal` sets NOT NULL on `sealed` (the same column, renamed in between for a shadow
/// column), which trusts the validated CHECK, and drops the CHECK again. `table` is a name,
/// `proved` and `sealed` quoted columns.
pub(super) fn not_null_proof(
    cx: &Ctx,
    table: &str,
    proved: &str,
    sealed: &str,
) -> (Vec<Statement>, Vec<Statement>) {
    // Engine-only and short-lived: `seal` drops it.
    let (t, guard) = (cx.qt(table), cx.q("dm_not_null_guard"));
    let prove = vec![
        Statement::new(format!(
            "ALTER TABLE {t} ADD CONSTRAINT {guard} CHECK ({proved} IS NOT NULL) NOT VALID"
        )),
        Statement::in_new_transaction(format!("ALTER TABLE {t} VALIDATE CONSTRAINT {guard}")),
    ];
    let seal = vec![
        Statement::new(format!(
            "ALTER TABLE {t} ALTER COLUMN {sealed} SET NOT NULL"
        )),
        Statement::new(format!("ALTER TABLE {t} DROP CONSTRAINT {guard}")),
    ];
    (prove, seal)
}
