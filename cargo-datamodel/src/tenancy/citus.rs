//! The document's text about distributing the model on Citus, read off the same functions
//! that write the Citus DDL (`ddl::distributed`): where each table goes, the calls that put
//! it there, and the session a connection needs. No statement here is written anywhere else:
//! the SQL shown is `ddl::distributed::distribute_sql`, the script the tests run on a real
//! cluster (`tests/tests/citus_cluster.rs`) is `schema.citus.sql`.

use crate::ddl::distributed::{distribute_sql, placement, Placement};
use crate::dialect::Dialect;
use crate::prose::code_list;
use crate::schema::{Schema, Table, TENANT_COLUMN};
use std::fmt::Write as _;

/// "#### Distributed on Citus": for a target with a distributing engine `d`.
pub(super) fn distributed_section(
    schema: &Schema,
    d: &dyn Dialect,
    setting: &str,
    out: &mut String,
) {
    let name = d.display_name();
    let e = d.name();
    let distributed: Vec<&Table> = schema.tables.iter().filter(|t| t.tenant_scoped).collect();
    let reference: Vec<&Table> = schema.tables.iter().filter(|t| !t.tenant_scoped).collect();
    let _ = writeln!(out, "#### Distributed on {name}\n");
    let anchor = distributed.first().map(|t| t.name.as_str());
    if let Some(anchor) = anchor {
        let _ = writeln!(
            out,
            "`schema.{e}.sql` shards every tenant-scoped table on the distribution column `{TENANT_COLUMN}`, all in one colocation group (the group of {}): a tenant's rows of every table live on the same node, so a join or a foreign key on `{TENANT_COLUMN}` never leaves it. Every primary key and unique key includes `{TENANT_COLUMN}` from the start, as {name} requires: the tenant key `UNIQUE ({TENANT_COLUMN}, id)` of the other engines is the primary key `({TENANT_COLUMN}, id)` on {name}, so the composite foreign keys reference it there.\n",
            code_list([anchor])
        );
    }
    let _ = writeln!(out, "| Table | Placement | Call |\n|---|---|---|");
    for t in &schema.tables {
        let placed = match placement(schema, t) {
            Placement::Reference => "reference table (a copy on every node)".to_string(),
            Placement::Distributed {
                colocate_with: None,
            } => {
                format!("distributed on `{TENANT_COLUMN}`, starts the colocation group")
            }
            Placement::Distributed {
                colocate_with: Some(a),
            } => format!("distributed on `{TENANT_COLUMN}`, co-located with `{a}`"),
        };
        let _ = writeln!(
            out,
            "| `{}` | {placed} | `{}` |",
            crate::document::markdown::cell(t.name.clone()),
            crate::document::markdown::cell(distribute_sql(d, schema, t))
        );
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "The script's order is the one {name} needs (tested on a coordinator with two workers): each table{} is created without its foreign keys and distributed at once, then the foreign keys are added once both sides are distributed, then row-level security, which {name} copies to every shard. It starts with `SET citus.enable_unsafe_triggers TO on` (the `updated_at` triggers are copied to every shard; they only set columns of the row itself) and `SET citus.multi_shard_modify_mode TO 'sequential'` (so the whole script can run in one transaction). Run it with `psql -1 -f schema.{e}.sql`, which sends one statement at a time: {name} refuses DDL of a distributed table inside a multi-statement query (\"cannot insert multiple commands into a prepared statement\"), which is how a driver's `batch_execute` or a migration tool sends a whole file; `migrate` writes {name} migrations in the plain layout for the same reason.\n",
        if reference.is_empty() {
            String::new()
        } else {
            format!(
                " (the reference tables {} included)",
                code_list(reference.iter().map(|t| t.name.as_str()))
            )
        }
    );
    let _ = writeln!(
        out,
        "**Connecting.** A plain `SET {setting} = ...` on the coordinator is not seen by the workers: every query then returns no rows. Each session runs `SET citus.propagate_set_commands = 'local'` once (or `ALTER ROLE <app role> SET citus.propagate_set_commands = 'local'`), and each transaction `BEGIN; SET LOCAL {setting} = '<tenant id>'; ...; COMMIT;`, so the setting travels with the transaction to the shards. `SELECT set_config('{setting}', $1, true)` is a function call, not a `SET`, and is not propagated: the workers see no tenant. `SET LOCAL` takes no bind parameter, so the application writes the tenant id as a literal after checking it is one (a UUID or an integer from the authenticated session, never request text). Connect as an ordinary role (not the owner, not a superuser) that can log in on every worker: `CREATE ROLE` on the coordinator is propagated, but the workers' `pg_hba.conf` must let it in.\n"
    );
    let mut routed = Vec::new();
    let mut fan_out = Vec::new();
    for t in &distributed {
        // Citus routes a pattern with `eq(tenant_id)` to one shard, any other to every shard.
        for p in &t.query_patterns {
            let named = format!("`{}.{}`", t.name, p.name);
            if p.filters_tenant() {
                routed.push(named);
            } else {
                fan_out.push(named);
            }
        }
    }
    if !routed.is_empty() || !fan_out.is_empty() {
        out.push_str("**Declared queries.** ");
        if !routed.is_empty() {
            let _ = write!(
                out,
                "Single-shard (they filter on `{TENANT_COLUMN}` with equality): {}. ",
                routed.join(", ")
            );
        }
        if !fan_out.is_empty() {
            let _ = write!(
                out,
                "Sent to every shard unless the query itself also says `{TENANT_COLUMN} = $1` (row-level security filters the rows but does not pick the shard): {}.",
                fan_out.join(", ")
            );
        }
        out.push_str("\n\n");
    }
}

/// For a PostgreSQL-only target: where the distributed variant comes from (no script: the
/// only Citus SQL the document shows is the tested one).
pub(super) fn pointer(out: &mut String) {
    out.push_str("#### Scaling out with Citus\n\n");
    out.push_str("This shared-tenancy model can be sharded by `tenant_id` on Citus: add `\"citus\"` to `engines` and `schema.citus.sql` creates every tenant-scoped table as a distributed table co-located on `tenant_id` and every global table as a reference table, in the order Citus needs, tested on a coordinator with two workers. There each tenant-scoped table's primary key is its tenant key `(tenant_id, id)`, as Citus requires, and this section shows the placement of each table and how to connect.\n\n");
}
