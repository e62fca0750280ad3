//! Shared-table tenancy (`tenancy = "shared"`): the keys that make a cross-tenant reference
//! impossible at the database level, on every engine.
//!
//! * The tenants table is the entity whose table is `tenants`, else the entity named `Tenant`.
//!   It is global (no `tenant_id`), as is every entity declared `tenancy = "global"`.
//! * Every other table gets `tenant_id` (the tenants PK type), NOT NULL, FK to the tenants
//!   table (ON DELETE RESTRICT: removing a tenant is an explicit, batched job). A user field
//!   with the column `tenant_id` is used instead of adding one.
//! * Every unique key and every B-tree index starts with `tenant_id` (the seed's "most common AI
//!   failure": `UNIQUE(email)` instead of `UNIQUE(tenant_id, email)`); GIN/BRIN are left alone.
//! * `UNIQUE (tenant_id, id)` on every tenant-scoped entity table, so every FK between two
//!   tenant-scoped tables is the composite `(tenant_id, x_id) -> (tenant_id, id)`: a child of
//!   tenant A cannot point at a parent of tenant B. A junction table's PK gets `tenant_id` first.
//!   A composite self-reference is `deferred` (added after the table and its unique key).
//!   An engine that distributes the tables by tenant (Citus, which refuses a primary key
//!   without the distribution column) makes that tenant key the primary key
//!   ([`Table::distributed_key`](super::Table::distributed_key)).
//!
//! * Every tenant-scoped table gets the row-level security [`Policy`] `tenant_isolation` on
//!   `tenant_id` and the configured setting (`tenant_setting`); engines with RLS render it.
//!
//! RLS statements and schema/database-per-tenant provisioning are rendered by
//! `crate::tenancy`; this module only shapes the Schema's columns, keys and policies.

use super::columns::added;
use super::indexes::{asc, index};
use super::{Column, ColumnOrigin, ForeignKey, IndexOrigin, Policy, Table, TableKind};
use datamodel::model::{Entity, IndexMethod, Model, RefAction, TenantScope};
use std::collections::BTreeSet;

/// The tenant column every tenant-scoped table has.
pub const TENANT_COLUMN: &str = "tenant_id";

/// Name of the row-level security policy of every tenant-scoped table (policy names are per
/// table in PostgreSQL, so one name serves every table).
pub const TENANT_POLICY: &str = "tenant_isolation";

/// The tenants table as the resolver sees it.
#[derive(Debug, Clone)]
pub(crate) struct TenantRef {
    pub table: String,
    pub pk_column: String,
    /// The tenants PK column (its type is copied into `tenant_id`).
    pub pk: Column,
}

/// The entity tenants live in: table `tenants`, else the struct named `Tenant`.
pub(crate) fn tenant_entity(model: &Model) -> Option<&Entity> {
    let candidates = || model.entities.iter().filter(|e| !e.junction);
    candidates()
        .find(|e| e.table == "tenants")
        .or_else(|| candidates().find(|e| e.rust_name == "Tenant"))
}

/// Is this entity's table tenant-scoped under shared tenancy?
pub(crate) fn entity_is_scoped(e: &Entity, tenant_type_path: &str) -> bool {
    e.type_path != tenant_type_path && e.tenancy != Some(TenantScope::Global)
}

/// Puts `tenant_id` first in `cols` (moving it if it is elsewhere).
fn tenant_first(names: &mut Vec<String>) {
    names.retain(|n| n != TENANT_COLUMN);
    names.insert(0, TENANT_COLUMN.to_string());
}

/// Applies shared tenancy to one tenant-scoped table. `scoped` holds the names of every
/// tenant-scoped table (FKs to those become composite).
pub(crate) fn apply(
    table: &mut Table,
    tenant: &TenantRef,
    scoped: &BTreeSet<String>,
    setting: &str,
) {
    table.tenant_scoped = true;
    table.policies = vec![Policy {
        name: TENANT_POLICY.into(),
        column: TENANT_COLUMN.into(),
        setting: setting.into(),
    }];
    if table.column(TENANT_COLUMN).is_none() {
        let mut c = added(
            TENANT_COLUMN,
            ColumnOrigin::TenantId,
            tenant.pk.ty.clone(),
            false,
        );
        c.max_length = tenant.pk.max_length;
        c.comment = Some(format!(
            "Tenant owning the row (shared tables); references {}.{}.",
            tenant.table, tenant.pk_column
        ));
        let after_pk = table
            .columns
            .iter()
            .rposition(|c| table.primary_key.columns.contains(&c.name))
            .map_or(0, |p| p + 1);
        table.columns.insert(after_pk, c);
    }
    let tenant_col = vec![TENANT_COLUMN.to_string()];
    // Composite FKs to other tenant-scoped tables.
    for fk in &mut table.foreign_keys {
        if fk.columns.len() == 1
            && fk.columns != tenant_col
            && scoped.contains(&fk.ref_table)
            && fk.ref_columns.len() == 1
        {
            let col = fk.columns[0].clone();
            fk.columns = vec![TENANT_COLUMN.into(), col.clone()];
            fk.ref_columns.insert(0, TENANT_COLUMN.into());
            if fk.on_delete == RefAction::SetNull {
                fk.set_null_columns = vec![col];
            }
            // A self-reference targets this table's own `(tenant_id, id)` unique key, which
            // exists only after CREATE TABLE: add the FK afterwards.
            if fk.ref_table == table.name {
                fk.deferred = true;
            }
        }
    }
    if !table.foreign_keys.iter().any(|fk| fk.columns == tenant_col) {
        table.foreign_keys.insert(
            0,
            ForeignKey::new(
                tenant_col.clone(),
                tenant.table.clone(),
                vec![tenant.pk_column.clone()],
                RefAction::Restrict,
            ),
        );
    }
    // Tenant-first unique keys and B-tree indexes. GIN, BRIN and hash indexes keep their
    // columns: GIN has no operator class for `tenant_id` without btree_gin, and a hash index
    // has exactly one column on PostgreSQL ("access method hash does not support
    // multicolumn indexes", found by the property tests).
    for ix in &mut table.indexes {
        if matches!(
            ix.method,
            IndexMethod::Gin | IndexMethod::Brin | IndexMethod::Hash
        ) {
            continue;
        }
        let mut names: Vec<String> = ix.columns.iter().map(|c| c.name.clone()).collect();
        if names.first().map(String::as_str) == Some(TENANT_COLUMN) {
            continue;
        }
        tenant_first(&mut names);
        let mut cols = asc(&names[..1]);
        cols.extend(
            ix.columns
                .iter()
                .filter(|c| c.name != TENANT_COLUMN)
                .cloned(),
        );
        ix.columns = cols;
    }
    if table.kind == TableKind::Junction {
        tenant_first(&mut table.primary_key.columns);
    } else if table.primary_key.columns.len() == 1 {
        let mut cols = tenant_col;
        cols.push(table.primary_key.columns[0].clone());
        let mut ix = index(asc(&cols), true, IndexOrigin::TenantKey);
        ix.rationale =
            "Target of composite tenant FKs: a row can only reference rows of its own tenant"
                .into();
        table.indexes.push(ix);
    }
}
