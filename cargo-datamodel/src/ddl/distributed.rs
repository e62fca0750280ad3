//! The DDL of an engine that distributes tables over nodes ([`Dialect::distributes_tables`]:
//! Citus), in the order it needs, found on a real Citus 13.2 cluster:
//!
//! 1. every table is created *without* its foreign keys (with its indexes, comments and
//!    triggers), then distributed at once: a global table with `create_reference_table` (a
//!    copy on every node), a tenant-scoped one with `create_distributed_table(.., 'tenant_id',
//!    colocate_with => ..)`, every one co-located with the first so that a join or a foreign
//!    key on `tenant_id` stays on one node. A table created with a foreign key to a reference
//!    table becomes a Citus "local" table instead, which can't be distributed any more (and
//!    whose identity column then blocks even that);
//! 2. the foreign keys, once both sides are distributed (distributed -> reference, and
//!    distributed -> distributed on `(tenant_id, ..)`);
//! 3. row-level security, which Citus copies to every shard.
//!
//! The primary keys include `tenant_id` from the start: a tenant-scoped table's tenant key
//! `(tenant_id, id)`, the target of the composite foreign keys on every engine, is its
//! primary key here ([`Table::distributed_key`]), so nothing is widened afterwards.

use super::{foreign_key_constraints, render_table, row_level_security, table_ref};
use crate::dialect::Dialect;
use crate::schema::{Schema, Table, TENANT_COLUMN};
use std::fmt::Write as _;

/// How one table is placed on the nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement<'s> {
    /// A copy on every node (a global table).
    Reference,
    /// Sharded on `tenant_id`; `colocate_with` is the table whose shards it follows, `None`
    /// for the first distributed table (it starts the colocation group).
    Distributed { colocate_with: Option<&'s str> },
}

/// The table that starts the colocation group of `schema`: its first tenant-scoped table.
pub fn anchor(schema: &Schema) -> Option<&Table> {
    schema.tables.iter().find(|s| s.tenant_scoped)
}

/// The placement of `t` in `schema`.
pub fn placement<'s>(schema: &'s Schema, t: &Table) -> Placement<'s> {
    placement_with(anchor(schema), t)
}

/// The placement of `t` in the colocation group `anchor` started.
fn placement_with<'s>(anchor: Option<&'s Table>, t: &Table) -> Placement<'s> {
    if !t.tenant_scoped {
        return Placement::Reference;
    }
    Placement::Distributed {
        colocate_with: anchor.map(|a| a.name.as_str()).filter(|a| *a != t.name),
    }
}

/// A table as `regclass` text in a string literal: the bare name when it is a plain
/// lower-case identifier (`'accounts'`), else the quoted reference (`'"Order"'`).
fn regclass(d: &dyn Dialect, t: &Table) -> String {
    let plain = t.namespace.is_none()
        && t.name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && t.name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        d.string_literal(&t.name)
    } else {
        d.string_literal(&table_ref(d, t))
    }
}

/// `SELECT create_reference_table(..);` or `SELECT create_distributed_table(..);` for `t`.
pub fn distribute_sql(d: &dyn Dialect, schema: &Schema, t: &Table) -> String {
    distribute_sql_with(d, anchor(schema), t)
}

/// [`distribute_sql`] in the colocation group `anchor` started.
fn distribute_sql_with(d: &dyn Dialect, anchor: Option<&Table>, t: &Table) -> String {
    match placement_with(anchor, t) {
        Placement::Reference => format!("SELECT create_reference_table({});", regclass(d, t)),
        Placement::Distributed { colocate_with } => {
            let with = match colocate_with.and(anchor) {
                Some(anchor) => regclass(d, anchor),
                None => d.string_literal("none"),
            };
            format!(
                "SELECT create_distributed_table({}, {}, colocate_with => {with});",
                regclass(d, t),
                d.string_literal(TENANT_COLUMN)
            )
        }
    }
}

/// `ALTER TABLE .. ADD CONSTRAINT .. FOREIGN KEY ..;` lines of `t`'s foreign keys.
fn foreign_keys(d: &dyn Dialect, t: &Table, out: &mut String) {
    for fk in &t.foreign_keys {
        for c in foreign_key_constraints(d, t.namespace.as_deref(), fk) {
            let _ = writeln!(out, "ALTER TABLE {} ADD {c};", table_ref(d, t));
        }
    }
}

/// The tables of the script: each created and distributed, then the foreign keys, then
/// row-level security.
pub(super) fn render_tables(schema: &Schema, d: &dyn Dialect, out: &mut String) {
    // The colocation group's first table, found once for the whole script.
    let anchor = anchor(schema);
    for t in &schema.tables {
        out.push('\n');
        render_table(d, t, out);
        out.push_str(&distribute_sql_with(d, anchor, t));
        out.push('\n');
    }
    if schema.tables.iter().any(|t| !t.foreign_keys.is_empty()) {
        out.push_str("\n-- Foreign keys, added once both sides are distributed.\n");
        for t in &schema.tables {
            foreign_keys(d, t, out);
        }
    }
    if schema.tables.iter().any(|t| !t.policies.is_empty()) && d.supports_row_level_security() {
        out.push_str("\n-- Row-level security, copied to every shard.\n");
        for t in &schema.tables {
            out.push_str(&row_level_security(d, t));
        }
    }
}

/// Everything that makes the new table `t` on a live cluster whose tables are `old`'s (a
/// migration adding it): create, distribute (co-located with `old`'s group, or starting
/// `new`'s when `old` has no distributed table), foreign keys, row-level security.
pub(crate) fn table_statements(d: &dyn Dialect, old: &Schema, new: &Schema, t: &Table) -> String {
    let mut out = String::new();
    render_table(d, t, &mut out);
    out.push_str(&distribute_sql_with(d, anchor(old).or(anchor(new)), t));
    out.push('\n');
    foreign_keys(d, t, &mut out);
    out.push_str(&row_level_security(d, t));
    out
}
