//! PostgreSQL row-level security for shared tables: what makes the database, not only the
//! application, keep tenants apart.
//!
//! The seed's template (`USING (tenant_id = current_setting('app.current_tenant_id')::UUID)`)
//! is unsafe in three ways, each fixed here:
//! * table owners bypass RLS unless it is FORCEd: we render `FORCE ROW LEVEL SECURITY`;
//! * what a tenant may *write* is left implicit: PostgreSQL reuses `USING` as the check of a
//!   `FOR ALL` policy without `WITH CHECK`, but not of per-command policies (`FOR SELECT`
//!   added next to it), so the write rule silently depends on how the policy is declared. The
//!   policy states `WITH CHECK` with the same predicate: no INSERT or UPDATE can produce a row
//!   of another tenant, and the rule is visible where it is reviewed;
//! * `current_setting(name)` errors when the setting was never set, and `''::uuid` errors once
//!   a `SET LOCAL` has ended (the placeholder setting then reads as `''`): we read it with
//!   `missing_ok` and `NULLIF(.., '')`, so an unset or empty tenant is NULL, `tenant_id = NULL`
//!   is never true, and the session sees and writes nothing (fail closed).
//!
//! Superusers and `BYPASSRLS` roles always bypass RLS; the document tells to connect as a
//! plain role.

use crate::dialect::Dialect;
use crate::schema::{Policy, Table};
use std::fmt::Write as _;

/// `"tenant_id" = NULLIF(current_setting('app.current_tenant_id', true), '')::UUID`, the
/// USING and WITH CHECK expression of `p`; `None` when the table has no such column.
pub fn policy_predicate(d: &dyn Dialect, t: &Table, p: &Policy) -> Option<String> {
    let mut col = t.column(&p.column)?.clone();
    col.identity = false;
    Some(format!(
        "{} = NULLIF(current_setting({}, true), '')::{}",
        d.quote_ident(&p.column),
        d.string_literal(&p.setting),
        d.column_type(&col)
    ))
}

/// `ENABLE` + `FORCE ROW LEVEL SECURITY` and one `CREATE POLICY` per policy of `t`; empty for
/// a table without policies (global tables) or an engine without row-level security.
pub fn row_level_security(d: &dyn Dialect, t: &Table) -> String {
    if t.policies.is_empty() || !d.supports_row_level_security() {
        return String::new();
    }
    let table = d.quote_table(&t.name, t.namespace.as_deref());
    let mut out = format!(
        "ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;\nALTER TABLE {table} FORCE ROW LEVEL SECURITY;\n"
    );
    for p in &t.policies {
        match policy_predicate(d, t, p) {
            Some(pred) => {
                let _ = writeln!(
                    out,
                    "CREATE POLICY {} ON {table} AS PERMISSIVE FOR ALL\n    USING ({pred})\n    WITH CHECK ({pred});",
                    d.quote_ident(&p.name)
                );
            }
            // RLS stays enabled with no policy for it: PostgreSQL then denies every row.
            None => {
                out.push_str(&crate::dialect::line_comment(
                    "",
                    &format!(
                        "Policy {} not created: {} has no column {}; the table denies every row.",
                        p.name, t.name, p.column
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Engine, Tenancy};
    use crate::dialect::dialect_for;
    use crate::schema::resolve;
    use datamodel::model::{ColumnType, Entity, Field, TenantScope};
    use datamodel::Model;

    fn shared(setting: &str) -> crate::schema::Schema {
        let id = |ty| Field {
            rust_name: "id".into(),
            column: "id".into(),
            primary_key: true,
            ty,
            ..Default::default()
        };
        let tenant = Entity {
            type_path: "m::Tenant".into(),
            rust_name: "Tenant".into(),
            table: "tenants".into(),
            tenancy: Some(TenantScope::Global),
            fields: vec![id(ColumnType::Uuid)],
            ..Default::default()
        };
        let note = Entity {
            type_path: "m::Note".into(),
            rust_name: "Note".into(),
            table: "notes".into(),
            fields: vec![id(ColumnType::BigInt)],
            ..Default::default()
        };
        let config = Config {
            tenancy: Tenancy::Shared,
            tenant_setting: setting.into(),
            ..Config::default()
        };
        let model = Model {
            format_version: 1,
            entities: vec![tenant, note],
        };
        resolve(&model, &config).unwrap()
    }

    #[test]
    fn scoped_tables_get_forced_fail_closed_policy_with_check() {
        let s = shared("app.tenant");
        let notes = s.table("notes").unwrap();
        let sql = row_level_security(dialect_for(Engine::Postgres), notes);
        let pred = "\"tenant_id\" = NULLIF(current_setting('app.tenant', true), '')::UUID";
        assert_eq!(
            sql,
            format!(
                "ALTER TABLE \"notes\" ENABLE ROW LEVEL SECURITY;\nALTER TABLE \"notes\" FORCE ROW LEVEL SECURITY;\nCREATE POLICY \"tenant_isolation\" ON \"notes\" AS PERMISSIVE FOR ALL\n    USING ({pred})\n    WITH CHECK ({pred});\n"
            )
        );
    }

    #[test]
    fn global_tables_and_engines_without_rls_get_nothing() {
        let s = shared("app.current_tenant_id");
        let pg = dialect_for(Engine::Postgres);
        assert_eq!(row_level_security(pg, s.table("tenants").unwrap()), "");
        for e in [Engine::Mysql, Engine::Sqlite] {
            assert_eq!(
                row_level_security(dialect_for(e), s.table("notes").unwrap()),
                ""
            );
            assert!(!crate::ddl::render_ddl(&s, e).contains("POLICY"));
        }
        let ddl = crate::ddl::render_ddl(&s, Engine::Postgres);
        assert_eq!(ddl.matches("CREATE POLICY").count(), 1, "{ddl}");
        assert_eq!(ddl.matches("FORCE ROW LEVEL SECURITY;").count(), 1, "{ddl}");
    }
}
