//! Multi-tenancy, rendered: provisioning scripts for schema- and database-per-tenant, and
//! the document's Multi-Tenancy section (with its Citus part, `citus.rs`). The row-level security
//! of shared tables is DDL and lives in `ddl` (re-exported here); this module depends on
//! `ddl`, never the other way round.
//!
//! The resolver (`schema::tenancy`) decides every key and name: the `tenant_id` columns,
//! tenant-first unique keys and indexes, `UNIQUE (tenant_id, id)`, the composite foreign keys,
//! the policies and the guard FKs. This module only spells them, per dialect capability
//! (`supports_row_level_security`, `supports_schemas`, `tenant_database`); it never names
//! a table, column or constraint of its own. The two engine objects it does name, the
//! provisioning function and the MySQL session variable, are the constants below.
//!
//! * [`row_level_security`] (in `ddl`): `ENABLE` + `FORCE ROW LEVEL SECURITY` and the
//!   policy, appended to each tenant-scoped table by `ddl::render_ddl` on PostgreSQL.
//! * [`render_tenant_provisioning`]: for `tenancy = "schema"` / `"database"`, the script that
//!   creates one new tenant's schema/database and every object of the model in it
//!   (`render_ddl` stays the per-tenant template). `None` for the other modes.
//! * [`tenancy_section`]: Markdown for the document (deterministic).

mod citus;
mod provision;
mod section;

pub use crate::ddl::{policy_predicate, row_level_security};
pub use provision::{
    mysql_command, psql_command, render_tenant_provisioning, PROVISION_TENANT_FUNCTION,
    TENANT_DATABASE_VARIABLE,
};
pub use section::tenancy_section;
