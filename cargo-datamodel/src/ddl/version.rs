//! Optimistic locking (`#[datamodel(version)]`): the trigger that increments `version` on
//! every UPDATE, and on trigger-function engines the shared functions it calls.
//!
//! Where the dialect folds the increment into the `updated_at` trigger
//! ([`VersionMechanism::folds_into_updated_at_trigger`]), a table keeping both has one trigger
//! (named like its `updated_at` trigger) that does both; [`super::updated_at_trigger`] renders
//! it with the pieces here. Otherwise the table gets its own `version` trigger
//! ([`version_trigger`]). Names come from the Schema (`schema::names`), quoting from the dialect.

use crate::dialect::{Dialect, VersionMechanism};
use crate::schema::names::{UPDATED_AT_VERSION_FUNCTION, VERSION_FUNCTION};
use crate::schema::{Table, VERSION_COLUMN};
use std::fmt::Write as _;

/// `t`'s `version` increment lives in its `updated_at` trigger.
pub(crate) fn folded(d: &dyn Dialect, t: &Table) -> bool {
    t.has_version()
        && d.version_mechanism().folds_into_updated_at_trigger()
        && t.updated_at_trigger
        && t.updated_at_trigger_name.is_some()
        && t.column("updated_at").is_some()
}

/// The trigger functions `tables` call (trigger-function engines only), in a fixed order:
/// the combined one for tables keeping `updated_at` too, the `version`-only one.
pub(crate) fn functions<'a>(
    d: &dyn Dialect,
    tables: impl IntoIterator<Item = &'a Table>,
) -> Vec<&'static str> {
    if d.version_mechanism() != VersionMechanism::TriggerFunction {
        return Vec::new();
    }
    let (mut both, mut alone) = (false, false);
    for t in tables.into_iter().filter(|t| t.has_version()) {
        if folded(d, t) {
            both = true;
        } else {
            alone = true;
        }
    }
    let mut v = Vec::new();
    if both {
        v.push(UPDATED_AT_VERSION_FUNCTION);
    }
    if alone {
        v.push(VERSION_FUNCTION);
    }
    v
}

/// `CREATE OR REPLACE FUNCTION` of one of [`functions`], with a leading blank line.
pub(crate) fn render_function(d: &dyn Dialect, name: &str, out: &mut String) {
    let v = d.quote_ident(VERSION_COLUMN);
    let (what, touch) = if name == UPDATED_AT_VERSION_FUNCTION {
        (
            "Keeps updated_at current unless the UPDATE sets it explicitly, and increments version",
            "  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN\n    NEW.updated_at := now();\n  END IF;\n",
        )
    } else {
        ("Increments version", "")
    };
    let _ = write!(
        out,
        "\n-- {what} (optimistic locking: once per updated row, whatever the UPDATE sets).\n\
CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $dm$\n\
BEGIN\n{touch}  NEW.{v} := OLD.{v} + 1;\n  RETURN NEW;\nEND;\n$dm$;\n",
        d.quote_ident(name)
    );
}

/// The function a folded `updated_at` trigger executes (trigger-function engines).
pub(crate) fn folded_function() -> &'static str {
    UPDATED_AT_VERSION_FUNCTION
}

/// The `AFTER UPDATE` trigger keeping `updated_at` and `version` at once (without the final
/// newline). It fires when the UPDATE left `version` unchanged, sets `updated_at` unless the
/// UPDATE set it, and increments `version`: its own UPDATE changes `version`, so it never fires
/// again, even with `recursive_triggers` on (an UPDATE that sets `version` itself gets neither).
pub(crate) fn folded_after_update(d: &dyn Dialect, t: &Table, trigger: &str) -> String {
    let q = |s: &str| d.quote_ident(s);
    let (u, v, tb) = (q("updated_at"), q(VERSION_COLUMN), q(&t.name));
    format!(
        "CREATE TRIGGER {tr} AFTER UPDATE ON {tb} FOR EACH ROW WHEN NEW.{v} IS OLD.{v}\nBEGIN\n    UPDATE {tb} SET {u} = CASE WHEN NEW.{u} IS OLD.{u} THEN {now} ELSE {u} END, {v} = OLD.{v} + 1 WHERE rowid = NEW.rowid;\nEND;",
        tr = q(trigger),
        now = d.now_sql(),
    )
}

/// The trigger incrementing `t.version` (without the final newline) when the table keeps it
/// with a trigger of its own; `None` when it has no `version` or the increment is folded into
/// its `updated_at` trigger.
pub(crate) fn version_trigger(d: &dyn Dialect, t: &Table) -> Option<String> {
    if !t.has_version() || folded(d, t) {
        return None;
    }
    let q = |s: &str| d.quote_ident(s);
    let trigger = q(t.version_trigger_name.as_ref()?);
    let (v, tb) = (q(VERSION_COLUMN), q(&t.name));
    Some(match d.version_mechanism() {
        VersionMechanism::TriggerFunction => format!(
            "CREATE TRIGGER {trigger} BEFORE UPDATE ON {tb} FOR EACH ROW EXECUTE FUNCTION {}();",
            q(VERSION_FUNCTION)
        ),
        VersionMechanism::BeforeUpdateSet => format!(
            "CREATE TRIGGER {trigger} BEFORE UPDATE ON {tb} FOR EACH ROW SET NEW.{v} = OLD.{v} + 1;"
        ),
        VersionMechanism::AfterUpdateTrigger => format!(
            "CREATE TRIGGER {trigger} AFTER UPDATE ON {tb} FOR EACH ROW WHEN NEW.{v} IS OLD.{v}\nBEGIN\n    UPDATE {tb} SET {v} = OLD.{v} + 1 WHERE rowid = NEW.rowid;\nEND;"
        ),
    })
}
