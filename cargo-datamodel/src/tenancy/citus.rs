//! Citus (distributed PostgreSQL) for shared tenancy: the calls that distribute the model by
//! `tenant_id`. Text for the document; no Citus server is involved.
//!
//! Citus requires every primary key and unique constraint of a distributed table to include
//! the distribution column, and FKs between distributed tables to include it too. The
//! resolver's tenant-first unique keys, `UNIQUE (tenant_id, id)` and composite FKs already
//! do; the primary key `id` alone does not, so the script first widens it to
//! `(tenant_id, id)` (same constraint name) on the tables that need it.

use crate::dialect::{dialects, Dialect};
use crate::schema::{Schema, Table, TENANT_COLUMN};
use std::fmt::Write as _;

/// A table name as `regclass` text: bare when it is a plain lower-case identifier, else quoted.
fn regclass(d: &dyn Dialect, name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        d.string_literal(name)
    } else {
        d.string_literal(&d.quote_ident(name))
    }
}

/// Tenant-scoped tables whose primary key lacks `tenant_id`.
pub(crate) fn pk_without_tenant(schema: &Schema) -> Vec<&Table> {
    schema
        .tables
        .iter()
        .filter(|t| t.tenant_scoped && !t.primary_key.columns.iter().any(|c| c == TENANT_COLUMN))
        .collect()
}

/// The SQL distributing a shared-tenancy schema on Citus: reference tables for the global
/// tables, then the primary keys widened to include `tenant_id`, then one
/// `create_distributed_table(.., 'tenant_id')` per tenant-scoped table (dependency order;
/// tables distributed on the same column type are co-located by default). Empty when the
/// schema has no tenant-scoped table.
pub fn citus_statements(schema: &Schema) -> String {
    // Citus runs on the engine that scales out with it (the caller asked the same question).
    let Some(d) = dialects().find(|d| d.scales_out_with_citus()) else {
        return String::new();
    };
    let scoped: Vec<&Table> = schema.tables.iter().filter(|t| t.tenant_scoped).collect();
    if scoped.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let global: Vec<&Table> = schema.tables.iter().filter(|t| !t.tenant_scoped).collect();
    if !global.is_empty() {
        out.push_str("-- Global tables: one copy on every node.\n");
        for t in global {
            let _ = writeln!(
                out,
                "SELECT create_reference_table({});",
                regclass(d, &t.name)
            );
        }
    }
    let widen = pk_without_tenant(schema);
    if !widen.is_empty() {
        out.push_str("-- Primary keys must include the distribution column.\n");
        for t in widen {
            let mut cols = vec![d.quote_ident(TENANT_COLUMN)];
            cols.extend(t.primary_key.columns.iter().map(|c| d.quote_ident(c)));
            let _ = writeln!(
                out,
                "ALTER TABLE {t} DROP CONSTRAINT {pk}, ADD CONSTRAINT {pk} PRIMARY KEY ({});",
                cols.join(", "),
                t = crate::ddl::table_ref(d, t),
                pk = d.quote_ident(&t.primary_key.name),
            );
        }
    }
    out.push_str("-- Tenant-scoped tables, sharded and co-located by tenant.\n");
    for t in scoped {
        let _ = writeln!(
            out,
            "SELECT create_distributed_table({}, {});",
            regclass(d, &t.name),
            d.string_literal(TENANT_COLUMN)
        );
    }
    out
}
