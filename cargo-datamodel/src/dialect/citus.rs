//! Citus (distributed PostgreSQL, 13.2+ on PostgreSQL 15+): PostgreSQL's SQL, with every
//! shared-tenancy table sharded by `tenant_id` over the worker nodes.
//!
//! Citus *is* PostgreSQL on every node, so this dialect answers every question as
//! [`Postgres`] does (each method below forwards to it; `tests.rs` checks that every method
//! `postgres.rs` overrides is forwarded here) except the ones that say what Citus adds:
//!
//! * [`Dialect::distributes_tables`]: tenant-scoped tables are distributed on `tenant_id` and
//!   co-located, global tables are reference tables. The DDL (`ddl/distributed.rs`) then
//!   creates every table without its foreign keys, distributes it, and adds the foreign keys
//!   once both sides are distributed, because Citus turns a table created with a foreign key
//!   to a reference table into a "local" table that can no longer be distributed (and whose
//!   identity column then blocks it), and distributes tables with triggers only with
//!   `citus.enable_unsafe_triggers` ([`Dialect::script_preamble`], with why).
//! * The primary keys include the distribution column from the start: the tenant key
//!   `(tenant_id, id)` is the primary key (`Table::distributed_key`), since Citus refuses a
//!   primary or unique key without it.
//! * The session a connection needs: the tenant setting reaches the workers only with
//!   `citus.propagate_set_commands = 'local'` and `SET LOCAL` inside a transaction.

use super::migration::{AlterOp, ColumnChange, Online};
use super::recipes::{JobScheduler, OnlineDdl, Ttl};
use super::{
    CommentStyle, Dialect, Engine, Feature, HistoryMechanism, MinVersion, Postgres,
    TenantDatabase, UpdatedAtMechanism, VersionMechanism,
};
use crate::schema::{Column, Table};
use datamodel::model::IndexMethod;

/// Citus.
#[derive(Debug, Clone, Copy, Default)]
pub struct Citus;

/// The PostgreSQL answer to the same question.
const PG: Postgres = Postgres;

impl Dialect for Citus {
    fn engine(&self) -> Engine {
        Engine::Citus
    }

    fn name(&self) -> &'static str {
        "citus"
    }

    fn display_name(&self) -> &'static str {
        "Citus"
    }

    fn aliases(&self) -> &'static [&'static str] {
        &["citusdata"]
    }

    // No driver crate of its own: a PostgreSQL driver talks to Citus, so a crate's
    // dependencies never infer it (it is chosen in `engines`).

    fn init_choice(&self) -> (&'static str, &'static str) {
        (
            "Citus",
            "PostgreSQL sharded by tenant over several nodes (shared tenancy)",
        )
    }

    fn product_names(&self) -> (&'static str, Option<&'static str>) {
        ("Citus", None)
    }

    fn baseline_version(&self) -> MinVersion {
        // Tested on Citus 13.2 (PostgreSQL 15); 13 is the first release on PostgreSQL 15+,
        // which `SET NULL (col)` needs anyway.
        MinVersion {
            version: "13",
            sibling: None,
        }
    }

    fn min_version(&self, _feature: Feature) -> Option<MinVersion> {
        None
    }

    fn distributes_tables(&self) -> bool {
        true
    }

    fn script_preamble(&self) -> &'static str {
        concat!(
            "\n-- Distributing a table copies its triggers to every shard, which Citus allows only\n",
            "-- when told they are shard-local. Ours are: they set columns of NEW (updated_at,\n",
            "-- version, the actor) or write the audit_log shard of the row's own tenant.\n",
            "SET citus.enable_unsafe_triggers TO on;\n",
            "-- One connection per worker for the whole script: reference tables, distributed\n",
            "-- tables and their foreign keys can then be created in one transaction.\n",
            "SET citus.multi_shard_modify_mode TO 'sequential';\n",
        )
    }

    fn served_by_query(&self) -> Option<&'static str> {
        Some("SELECT 1 FROM pg_extension WHERE extname = 'citus'")
    }

    fn dump_markers(&self) -> &'static [&'static str] {
        // Citus's dumps are PostgreSQL dumps: `import` reads them as PostgreSQL.
        &[]
    }

    // Everything below is PostgreSQL's answer.

    fn driver_crates(&self) -> &'static [&'static str] {
        &[]
    }

    fn sql_parser(&self) -> Box<dyn sqlparser::dialect::Dialect> {
        PG.sql_parser()
    }

    fn default_namespace(&self) -> Option<&'static str> {
        PG.default_namespace()
    }

    fn catalog(&self) -> super::Catalog {
        PG.catalog()
    }

    fn folds_unquoted_identifiers(&self) -> bool {
        PG.folds_unquoted_identifiers()
    }

    fn has_binary_json(&self) -> bool {
        PG.has_binary_json()
    }

    fn scales_out_with_citus(&self) -> bool {
        // It is Citus: the document's distribution section comes from this dialect's DDL.
        false
    }

    fn distinguishes_time_zones(&self) -> bool {
        PG.distinguishes_time_zones()
    }

    fn column_type(&self, col: &Column) -> String {
        PG.column_type(col)
    }

    fn now_sql(&self) -> String {
        PG.now_sql()
    }

    fn new_uuid_sql(&self) -> String {
        PG.new_uuid_sql()
    }

    fn supports_partial_index(&self) -> bool {
        PG.supports_partial_index()
    }

    fn supports_include(&self) -> bool {
        PG.supports_include()
    }

    fn supports_index_method(&self, method: IndexMethod) -> bool {
        PG.supports_index_method(method)
    }

    fn supports_set_null_columns(&self) -> bool {
        PG.supports_set_null_columns()
    }

    fn comment_style(&self) -> CommentStyle {
        PG.comment_style()
    }

    fn updated_at_mechanism(&self) -> UpdatedAtMechanism {
        PG.updated_at_mechanism()
    }

    fn version_mechanism(&self) -> VersionMechanism {
        PG.version_mechanism()
    }

    fn history_mechanism(&self) -> HistoryMechanism {
        PG.history_mechanism()
    }

    fn json_object_sql(&self, pairs: &[(String, String)]) -> String {
        PG.json_object_sql(pairs)
    }

    fn row_json_sql(&self, row: &str, columns: &[String]) -> String {
        PG.row_json_sql(row, columns)
    }

    fn fills_actor_from_setting(&self) -> bool {
        PG.fills_actor_from_setting()
    }

    fn drop_trigger(&self, trigger: &str, table: &str) -> String {
        PG.drop_trigger(trigger, table)
    }

    fn supports_row_level_security(&self) -> bool {
        PG.supports_row_level_security()
    }

    fn supports_schemas(&self) -> bool {
        PG.supports_schemas()
    }

    fn tenant_database(&self) -> TenantDatabase {
        PG.tenant_database()
    }

    fn migration_preamble(&self) -> &'static [&'static str] {
        // PostgreSQL's timeouts, and the triggers a migration adds (a new table's, a shadow
        // column's) allowed on distributed tables (see `script_preamble`).
        &[
            "SET lock_timeout = '5s'",
            "SET statement_timeout = '30min'",
            "SET citus.enable_unsafe_triggers TO on",
        ]
    }

    fn online(&self, op: AlterOp) -> Online {
        PG.online(op)
    }

    fn column_change(&self) -> ColumnChange {
        PG.column_change()
    }

    fn online_ddl(&self) -> OnlineDdl {
        OnlineDdl {
            label: "Citus",
            ..PG.online_ddl()
        }
    }

    fn identity_key_note(&self) -> &'static str {
        "`BIGINT GENERATED ALWAYS AS IDENTITY` on Citus (one sequence on the coordinator; the key is `(tenant_id, id)`)"
    }

    fn ago_sql(&self, ttl: Ttl) -> String {
        PG.ago_sql(ttl)
    }

    fn job_scheduler(&self) -> JobScheduler {
        PG.job_scheduler()
    }

    fn live_table_notes(&self, t: &Table, not_null_without_default: &[String]) -> Vec<String> {
        // PostgreSQL's methods hold on every shard (tested by the migration matrix on a
        // cluster); they are Citus's here, with what the cluster adds.
        let mut notes: Vec<String> = PG
            .live_table_notes(t, not_null_without_default)
            .into_iter()
            .map(|n| match n.strip_prefix("PostgreSQL: ") {
                Some(rest) => format!("Citus: {rest}"),
                None => n,
            })
            .collect();
        notes.push(format!(
            "Citus: `{}` is {}; each ALTER, index and validation runs on every shard at once, one connection per shard. `migrate` refuses what needs a maintenance window here: renaming the table's constraints, or moving it between reference and distributed (DM041).",
            t.name,
            if t.tenant_scoped {
                "distributed on `tenant_id`"
            } else {
                "a reference table (a copy on every node)"
            }
        ));
        notes
    }
}
