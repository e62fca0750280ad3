//! Multi-tenancy, rendered: PostgreSQL row-level security for shared tables, provisioning
//! scripts for schema- and database-per-tenant, and the document's Multi-Tenancy section.
//!
//! The resolver (`schema::tenancy`) decides every key and name: the `tenant_id` columns,
//! tenant-first unique keys and indexes, `UNIQUE (tenant_id, id)`, the composite foreign keys,
//! the policies and the guard FKs. This module only spells them, per dialect capability
//! (`supports_row_level_security`, `supports_schemas`, `supports_databases`); it never names
//! a table, column or constraint of its own. The two engine objects it does name, the
//! provisioning function and the MySQL session variable, are the constants below.
//!
//! * [`row_level_security`]: `ENABLE` + `FORCE ROW LEVEL SECURITY` and the policy, appended
//!   to each tenant-scoped table by `ddl::render_ddl` on PostgreSQL.
//! * [`render_tenant_provisioning`]: for `tenancy = "schema"` / `"database"`, the script that
//!   creates one new tenant's schema/database and every object of the model in it
//!   (`render_ddl` stays the per-tenant template). `None` for the other modes.
//! * [`tenancy_section`]: Markdown for the document (deterministic).

mod citus;
mod provision;
mod rls;
mod section;

pub use citus::citus_statements;
pub use provision::{
    mysql_command, psql_command, render_tenant_provisioning, PROVISION_TENANT_FUNCTION,
    TENANT_DATABASE_VARIABLE,
};
pub use rls::{policy_predicate, row_level_security};
pub use section::tenancy_section;

use crate::config::Tenancy;
use crate::dialect::Dialect;
use crate::schema::Schema;

/// Comment lines for the top of the DDL script saying how tenancy shapes it (empty for a
/// single-tenant model).
pub(crate) fn ddl_note(schema: &Schema, d: &dyn Dialect) -> String {
    let lines: Vec<&str> = match schema.tenancy {
        Tenancy::None => Vec::new(),
        Tenancy::Shared if d.supports_row_level_security() => vec![
            "Tenancy: shared tables. Tenant-scoped tables have FORCE ROW LEVEL SECURITY: set",
            "the tenant per transaction (SET LOCAL); with none set they show and accept no rows.",
        ],
        Tenancy::Shared => vec![
            "Tenancy: shared tables. This engine has no row-level security: composite keys",
            "stop cross-tenant references, but every query must filter on tenant_id itself.",
        ],
        Tenancy::Schema | Tenancy::Database => vec![
            "Tenancy: one schema/database per tenant. This script is the per-tenant template",
            "(unqualified names); the provisioning script creates a new tenant from it.",
        ],
    };
    lines.iter().map(|l| format!("-- {l}\n")).collect()
}
