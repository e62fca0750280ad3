//! Audit columns: on engines that fill `created_by` / `updated_by` themselves
//! ([`Dialect::fills_actor_from_setting`]), one shared trigger function reading the actor
//! setting and a `BEFORE INSERT OR UPDATE` trigger per audited table. The setting name is
//! validated when the configuration is read and still only reaches the SQL as a string literal
//! of the dialect.

use crate::dialect::Dialect;
use crate::schema::names::ACTOR_FUNCTION;
use crate::schema::{Table, TableAudit};
use std::fmt::Write as _;

/// The audit settings of the first audited table among `tables` whose trigger the engine
/// renders (one configuration: every audited table has the same).
pub(crate) fn function_needed<'a>(
    d: &dyn Dialect,
    tables: impl IntoIterator<Item = &'a Table>,
) -> Option<&'a TableAudit> {
    if !d.fills_actor_from_setting() {
        return None;
    }
    tables.into_iter().find_map(|t| t.audit.as_ref())
}

/// `CREATE OR REPLACE FUNCTION` filling the audit columns, with a leading blank line.
pub(crate) fn render_function(d: &dyn Dialect, a: &TableAudit, out: &mut String) {
    let setting = d.string_literal(&a.setting);
    let missing = if a.refuse_without_actor {
        format!(
            "  IF actor IS NULL THEN\n    RAISE EXCEPTION USING MESSAGE = {} || TG_TABLE_NAME, ERRCODE = 'insufficient_privilege';\n  END IF;\n",
            d.string_literal(&format!(
                "no actor: set {} in this transaction before writing to ",
                a.setting
            ))
        )
    } else {
        String::new()
    };
    let _ = write!(
        out,
        "\n-- Fills created_by / updated_by from the connection's actor setting; created_by never changes.\n\
-- Writes of other triggers (ON DELETE SET NULL of a deleted actor) are left as they are.\n\
CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $dm$\n\
DECLARE\n  actor text := NULLIF(current_setting({setting}, true), '');\n\
BEGIN\n  IF pg_trigger_depth() > 1 THEN\n    RETURN NEW;\n  END IF;\n{missing}  IF TG_OP = 'INSERT' THEN\n    NEW.created_by := actor;\n  ELSE\n    NEW.created_by := OLD.created_by;\n  END IF;\n  NEW.updated_by := actor;\n  RETURN NEW;\nEND;\n$dm$;\n",
        d.quote_ident(ACTOR_FUNCTION)
    );
}

/// The trigger filling `t`'s audit columns (without the final newline), where the engine
/// fills them.
pub(crate) fn actor_trigger(d: &dyn Dialect, t: &Table) -> Option<String> {
    let a = t.audit.as_ref()?;
    if !d.fills_actor_from_setting() {
        return None;
    }
    let name = a.trigger_name.as_ref()?;
    Some(format!(
        "CREATE TRIGGER {} BEFORE INSERT OR UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION {}();",
        d.quote_ident(name),
        d.quote_ident(&t.name),
        d.quote_ident(ACTOR_FUNCTION)
    ))
}
