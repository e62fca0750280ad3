//! The document's Multi-Tenancy section, one text per tenancy mode.
//!
//! Says what the database enforces and what is left to the application, per configured
//! engine, with the exact SQL the DDL contains (policies) or the operator runs (app role,
//! provisioning, Citus). Markdown, deterministic: the same Schema gives the same bytes. The
//! document renderer embeds it; this module does not know the rest of the document.

use super::provision::{mysql_command, psql_command, PROVISION_TENANT_FUNCTION};
use crate::config::{Engine, Tenancy};
use crate::ddl::row_level_security;
use crate::dialect::{dialect_for, Dialect, TenantDatabase};
use crate::prose::code_list;
use crate::schema::{Schema, Table, TENANT_COLUMN};
use crate::target::Target;
use std::fmt::Write as _;

/// The Multi-Tenancy section (Markdown, no heading) for the schema's tenancy mode.
pub fn tenancy_section(schema: &Schema, target: &Target) -> String {
    match schema.tenancy {
        Tenancy::None => "Single-tenant: no table carries a tenant column and no query needs a tenant filter. \
Moving to multiple tenants later means adding `tenant_id` to every business table, widening every unique key \
to `(tenant_id, ...)` and every foreign key to `(tenant_id, x_id)`: set `tenancy` in \
`[package.metadata.datamodel]` before the first deploy if that is likely.\n"
            .into(),
        Tenancy::Shared => shared(schema, target),
        Tenancy::Schema | Tenancy::Database => isolated(schema, target),
    }
}

fn shared(schema: &Schema, target: &Target) -> String {
    let engines = target.engines();
    let scoped: Vec<&Table> = schema.tables.iter().filter(|t| t.tenant_scoped).collect();
    let global: Vec<&Table> = schema.tables.iter().filter(|t| !t.tenant_scoped).collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "**Shared tables, one `{TENANT_COLUMN}` column.** {} of {} tables are tenant-scoped: {}.",
        scoped.len(),
        schema.tables.len(),
        code_list(scoped.iter().map(|t| t.name.as_str()))
    );
    if !global.is_empty() {
        let _ = writeln!(
            out,
            "Global (shared by every tenant, no `{TENANT_COLUMN}`): {}.",
            code_list(global.iter().map(|t| t.name.as_str()))
        );
    }
    out.push('\n');
    enforced_keys(schema, &scoped, engines, &mut out);
    if let Some(d) = engines
        .iter()
        .map(|e| dialect_for(*e))
        .find(|d| d.supports_row_level_security())
    {
        rls_section(d, target, &scoped, &global, &mut out);
    }
    let without: Vec<Engine> = engines
        .iter()
        .copied()
        .filter(|e| !dialect_for(*e).supports_row_level_security())
        .collect();
    if !without.is_empty() {
        no_rls(&without, &mut out);
    }
    if let Some(d) = crate::dialect::distributing(engines.iter().copied()) {
        super::citus::distributed_section(schema, d, &target.tenant_setting, &mut out);
    } else if engines
        .iter()
        .any(|e| dialect_for(*e).scales_out_with_citus())
    {
        super::citus::pointer(&mut out);
    }
    out
}

fn enforced_keys(schema: &Schema, scoped: &[&Table], engines: &[Engine], out: &mut String) {
    let primary = dialect_for(engines[0]);
    out.push_str("#### Enforced by the database, on every engine\n\n");
    if let (Some(tenants), Some(col)) = (
        schema.tenant_table.as_deref(),
        scoped.iter().find_map(|t| t.column(TENANT_COLUMN)),
    ) {
        let fk_pk = schema
            .table(tenants)
            .map(|t| t.primary_key.columns.join(", "))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- `{TENANT_COLUMN}` {} NOT NULL on every tenant-scoped table, FK to `{tenants}` (`{fk_pk}`) ON DELETE RESTRICT: a row always belongs to exactly one existing tenant, and removing a tenant is an explicit, batched job.",
            primary.column_type(col)
        );
    }
    let uniques: Vec<String> = scoped
        .iter()
        .flat_map(|t| {
            t.indexes
                .iter()
                .filter(|ix| ix.unique)
                .map(move |ix| (t, ix))
        })
        .map(|(_, ix)| {
            let cols: Vec<&str> = ix.columns.iter().map(|c| c.name.as_str()).collect();
            format!("`{}` ({})", ix.name, code_list(cols))
        })
        .collect();
    if !uniques.is_empty() {
        let _ = writeln!(
            out,
            "- Every unique key starts with `{TENANT_COLUMN}` (unique per tenant, never across tenants): {}.",
            uniques.join(", ")
        );
    }
    let composite_ix: Vec<(&Table, &crate::schema::Index)> = scoped
        .iter()
        .flat_map(|t| t.indexes.iter().map(move |ix| (*t, ix)))
        .filter(|(_, ix)| ix.columns.len() > 1)
        .collect();
    let off: Vec<String> = composite_ix
        .iter()
        .filter(|(_, ix)| ix.columns[0].name != TENANT_COLUMN)
        .map(|(t, ix)| format!("`{}` on `{}`", ix.name, t.name))
        .collect();
    if off.is_empty() {
        let _ = writeln!(
            out,
            "- All {} composite indexes of tenant-scoped tables start with `{TENANT_COLUMN}`, so a query of one tenant reads only that tenant's part of each index.",
            composite_ix.len()
        );
    } else {
        let _ = writeln!(
            out,
            "- Composite indexes start with `{TENANT_COLUMN}`, except (GIN/BRIN, where the column order does not apply): {}.",
            off.join(", ")
        );
    }
    composite_foreign_keys(scoped, engines, out);
}

/// The composite tenant foreign keys, and how engines without `SET NULL (col)` keep them.
fn composite_foreign_keys(scoped: &[&Table], engines: &[Engine], out: &mut String) {
    let composite: Vec<(&Table, &crate::schema::ForeignKey)> = scoped
        .iter()
        .flat_map(|t| {
            t.foreign_keys
                .iter()
                .filter(|fk| fk.columns.len() > 1 && fk.columns[0] == TENANT_COLUMN)
                .map(move |fk| (*t, fk))
        })
        .collect();
    if composite.is_empty() {
        out.push_str("- No foreign key runs between two tenant-scoped tables.\n\n");
        return;
    }
    out.push_str(
        "- `UNIQUE (tenant_id, id)` on every tenant-scoped table, and every foreign key between two tenant-scoped tables is composite, `(tenant_id, x_id) -> (tenant_id, id)`: a row of tenant A cannot reference a row of tenant B, whatever the application sends.\n\n",
    );
    out.push_str(
        "| Table | Foreign key | Columns | References | On delete |\n|---|---|---|---|---|\n",
    );
    for (t, fk) in &composite {
        let on_delete = if fk.set_null_columns.is_empty() {
            fk.on_delete.sql().to_string()
        } else {
            format!("SET NULL ({})", fk.set_null_columns.join(", "))
        };
        let _ = writeln!(
            out,
            "| `{}` | `{}` | ({}) | `{}` ({}) | {on_delete} |",
            t.name,
            fk.name,
            code_list(fk.columns.iter().map(String::as_str)),
            fk.ref_table,
            code_list(fk.ref_columns.iter().map(String::as_str)),
        );
    }
    out.push('\n');
    let set_null: Vec<(&Table, &crate::schema::ForeignKey)> = composite
        .iter()
        .copied()
        .filter(|(_, fk)| !fk.set_null_columns.is_empty())
        .collect();
    let lacking: Vec<&str> = engines
        .iter()
        .filter(|e| !dialect_for(**e).supports_set_null_columns())
        .map(|e| e.display_name())
        .collect();
    if !set_null.is_empty() && !lacking.is_empty() {
        let _ = writeln!(
            out,
            "`ON DELETE SET NULL` on a composite key would also null `tenant_id`, which is NOT NULL. PostgreSQL 15 sets only the listed column (`SET NULL (x_id)`); {} {} no column list, so each such key is written as two constraints there: the single column `x_id -> id` carrying ON DELETE SET NULL, and the composite guard with ON DELETE NO ACTION, which still rejects a cross-tenant reference (by the time the guard is checked, deleting the parent has nulled `x_id`, and a key with a NULL column is satisfied):\n",
            lacking.join(" and "),
            if lacking.len() == 1 { "has" } else { "have" }
        );
        for (t, fk) in set_null {
            let _ = writeln!(
                out,
                "- `{}`: `{}` (SET NULL) + guard `{}`",
                t.name,
                fk.name,
                fk.tenant_guard_name.as_deref().unwrap_or("(none)")
            );
        }
        out.push('\n');
    }
}

fn rls_section(
    d: &dyn Dialect,
    target: &Target,
    scoped: &[&Table],
    global: &[&Table],
    out: &mut String,
) {
    let setting = &target.tenant_setting;
    let _ = writeln!(out, "#### {}: row-level security\n", d.product_names().0);
    let Some(first) = scoped.first() else {
        out.push_str("No table is tenant-scoped, so no policy is generated.\n\n");
        return;
    };
    let _ = writeln!(
        out,
        "Every tenant-scoped table is created with row-level security enabled **and forced**, and one policy for all commands whose `USING` (which rows are seen, updated, deleted) and `WITH CHECK` (which rows may be written) are the same test. For `{}`:\n",
        first.name
    );
    let _ = writeln!(out, "```sql\n{}```\n", row_level_security(d, first));
    if scoped.len() > 1 {
        let _ = writeln!(
            out,
            "The same statements are generated for {}.\n",
            code_list(scoped[1..].iter().map(|t| t.name.as_str()))
        );
    }
    let _ = writeln!(
        out,
        "- **Fail closed.** `current_setting('{setting}', true)` is NULL when the setting was never set in the session, and `''` once a `SET LOCAL` has ended; `NULLIF(.., '')` turns both into NULL and `tenant_id = NULL` is never true. A transaction that did not set a tenant sees no rows, its UPDATEs and DELETEs find none and its INSERTs fail; it does not error on the cast.\n\
- **WITH CHECK.** A tenant cannot insert a row carrying another tenant's id, nor move a row to another tenant with UPDATE.\n\
- **FORCE.** Without it the table owner (the role that ran the migrations) bypasses every policy. Superusers and roles with `BYPASSRLS` always bypass row-level security, forced or not.\n"
    );
    out.push_str("**The application role.** Connect the application as a role that is not the tables' owner, not a superuser and has no `BYPASSRLS`, with only the privileges it needs:\n\n```sql\n");
    let _ = writeln!(out, "CREATE ROLE app_user LOGIN NOSUPERUSER NOBYPASSRLS;");
    let _ = writeln!(out, "GRANT USAGE ON SCHEMA <schema> TO app_user;");
    // Append-only tables (the audit log) get no UPDATE or DELETE: their guard refuses them
    // anyway, and the grant says so.
    let (append_only, writable): (Vec<&&Table>, Vec<&&Table>) =
        scoped.iter().partition(|t| t.append_only_guard.is_some());
    let names = |ts: &[&&Table]| {
        ts.iter()
            .map(|t| crate::ddl::table_ref(d, t))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !writable.is_empty() || append_only.is_empty() {
        let _ = writeln!(
            out,
            "GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO app_user;",
            names(&writable)
        );
    }
    if !append_only.is_empty() {
        let _ = writeln!(
            out,
            "GRANT SELECT, INSERT ON {} TO app_user;",
            names(&append_only)
        );
    }
    if !global.is_empty() {
        let _ = writeln!(
            out,
            "GRANT SELECT ON {} TO app_user;",
            global
                .iter()
                .map(|t| crate::ddl::table_ref(d, t))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    out.push_str("```\n\n");
    let _ = writeln!(
        out,
        "**Per transaction**, set the tenant of the authenticated request, never one taken from request input:\n\n```sql\nBEGIN;\nSET LOCAL {setting} = '<tenant id>';\n-- the request's queries\nCOMMIT;\n```\n\n`SET LOCAL` ends with the transaction, so a pooled connection never carries one request's tenant into the next (a plain `SET` would). From a driver, bind the value with `SELECT set_config('{setting}', $1, true)`. Global tables ({}) have no policy: grant only what the application needs on them.\n\nMigrations and cross-tenant jobs (backfills, retention) run as the owner, which FORCE also filters: give them a tenant per transaction, or a dedicated role with `BYPASSRLS` used only by those jobs.\n",
        if global.is_empty() {
            "none here".to_string()
        } else {
            code_list(global.iter().map(|t| t.name.as_str()))
        }
    );
}

fn no_rls(engines: &[Engine], out: &mut String) {
    let names: Vec<&str> = engines.iter().map(|e| e.display_name()).collect();
    let _ = writeln!(
        out,
        "#### {}: no row-level security\n\n{} {} no row-level security. The database still enforces what is above (NOT NULL `tenant_id`, tenant-first unique keys, composite foreign keys), so no write can link two tenants' rows or make a key collide across tenants; it does **not** stop a query from reading or changing another tenant's rows.\n\n**Application rule:** every statement on a tenant-scoped table filters on `tenant_id = ?` (SELECT, UPDATE and DELETE alike), and every INSERT sets `tenant_id`, always from the authenticated session, never from request input. Put it in one place: a repository or query-builder layer that adds the predicate, with a test that fails when a query on a tenant-scoped table lacks it.\n",
        names.join(" and "),
        names.join(" and "),
        if names.len() == 1 { "has" } else { "have" }
    );
}

fn isolated(schema: &Schema, target: &Target) -> String {
    let engines = target.engines();
    let per_schema = schema.tenancy == Tenancy::Schema;
    let mut out = String::new();
    let unit = if per_schema { "schema" } else { "database" };
    let _ = writeln!(
        out,
        "**One {unit} per tenant.** Every tenant gets its own copy of all {} tables; no table has a `tenant_id` column and no query filters on one: the connection's {unit} decides the tenant. Isolation does not depend on a WHERE clause, and a tenant can be backed up, restored, moved or deleted on its own.\n",
        schema.tables.len()
    );
    let declared_global: Vec<&str> = schema
        .tables
        .iter()
        .filter(|t| t.name == "tenants" || t.rust_name == "Tenant")
        .map(|t| t.name.as_str())
        .collect();
    if !declared_global.is_empty() {
        let _ = writeln!(
            out,
            "The DDL is a per-tenant template, so {} is created in every tenant's {unit} too. Keep the registry of tenants (which {unit} belongs to whom) in one shared place outside the tenants' {unit}s.\n",
            code_list(declared_global)
        );
    }
    out.push_str("#### Provisioning a new tenant\n\n");
    // A distributing engine holds tenants in shared tables only: nothing to provision.
    for e in engines {
        let d = dialect_for(*e);
        if !d.distributes_tables() {
            provisioning_text(*e, d, per_schema, &mut out);
        }
    }
    out.push('\n');
    out.push_str("#### Migrations across N tenants\n\n");
    let _ = writeln!(
        out,
        "Each migration of the Migration Playbook is applied once per tenant {unit}, with the same steps and the same safety classes:\n\n\
1. List the tenants' {unit}s from the tenant registry (the source of truth, not a name pattern).\n\
2. For each one, in its own transaction where the engine has transactional DDL (PostgreSQL), run the migration with the connection pointed at that {unit}{}, and record the applied version in a migrations table inside the same {unit}.\n\
3. Roll out in batches (a canary tenant first) and stop at the first failure: the per-{unit} version says exactly which tenants are done, and steps written idempotently can be re-run.\n\
4. Tenants are migrated one after another, so the application must work with the old and the new schema until the last one is done: expand, migrate every tenant, deploy, then contract.\n\
5. Regenerate the template and the provisioning script in the same change, so a tenant created during or after the rollout starts at the new version.\n",
        if per_schema {
            " (`SET LOCAL search_path TO <tenant schema>` on PostgreSQL)"
        } else {
            ""
        }
    );
    out.push_str("Thousands of tenants mean thousands of copies of every table and index: catalog size, connections and migration time grow with the tenant count, which is the price of this isolation.\n");
    out
}

fn provisioning_text(e: Engine, d: &dyn Dialect, per_schema: bool, out: &mut String) {
    let name = e.display_name();
    if per_schema && d.supports_schemas() {
        let _ = writeln!(
            out,
            "- **{name}:** `provision.{e}.sql` installs the function `{PROVISION_TENANT_FUNCTION}(tenant_schema)` once; `SELECT {PROVISION_TENANT_FUNCTION}('tenant_acme');` then creates the schema and every table, index, trigger and comment in it, in one transaction (all or nothing). The application sets `SET LOCAL search_path TO tenant_acme` per transaction. `schema.{e}.sql` is the template it runs."
        );
    } else if d.tenant_database() == TenantDatabase::PsqlScript {
        let _ = writeln!(
            out,
            "- **{name}:** `{}` (with your usual connection options) creates the database and runs the template (`schema.{e}.sql`) in it; `CREATE DATABASE` cannot run inside a transaction, hence a psql script. The name is only used quoted, never read as a connection string.",
            psql_command("tenant_acme", &format!("provision.{e}.sql"))
        );
    } else if d.tenant_database() == TenantDatabase::QualifiedPreparedStatements {
        let _ = writeln!(
            out,
            "- **{name}:** {}`{}` (with your usual connection options) creates the database and every table in it with database-qualified prepared statements. DDL is not transactional here: if a run fails, drop the partial database and run it again.",
            if per_schema {
                "a schema is a database here, so each tenant gets a database. "
            } else {
                ""
            },
            mysql_command("tenant_acme", &format!("provision.{e}.sql"))
        );
    } else {
        let _ = writeln!(
            out,
            "- **{name}:** each tenant is a database file of its own: run `provision.{e}.sql` (the template) once on the new file, e.g. `sqlite3 tenants/acme.sqlite3 < provision.{e}.sql`, and open that file, with `PRAGMA foreign_keys = ON`, for the tenant's requests."
        );
    }
}
