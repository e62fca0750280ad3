//! What an audited table carries (issue 22): who wrote a row (`created_by` / `updated_by`),
//! the triggers writing its changes to the shared log, and that log's append-only guard.

use serde::{Deserialize, Serialize};

/// How an audited table's `created_by` / `updated_by` are filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableAudit {
    /// The actor table the columns reference (ON DELETE SET NULL), when an actor is named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_table: Option<String>,
    /// The custom setting holding the current actor, e.g. `app.current_actor_id` (read by the
    /// trigger on engines that fill the columns themselves).
    pub setting: String,
    /// The trigger refuses a write when the setting is unset or empty (else the columns are
    /// NULL).
    #[serde(default)]
    pub refuse_without_actor: bool,
    /// Name of the trigger filling the columns (`trg_{table}_actor`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger_name: Option<String>,
    /// `audit(history)`: every INSERT, UPDATE and DELETE is written to the shared log table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<History>,
}

/// The triggers writing an audited table's changes to the shared log (`audit(history)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// The log table (`audit_log`).
    pub log_table: String,
    /// The trigger function (`dm_audit_{table}`; engines with trigger functions).
    pub function: String,
    /// `trg_{table}_audit_insert`, `_update`, `_delete`.
    pub insert_trigger: String,
    pub update_trigger: String,
    pub delete_trigger: String,
    /// The log is tenant-scoped (shared tenancy): each entry takes the row's `tenant_id`.
    #[serde(default)]
    pub tenant: bool,
}

/// The log table's append-only guard: its rows can't be changed, nor deleted before their TTL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppendOnlyGuard {
    /// The guard's trigger function (engines with trigger functions).
    pub function: String,
    pub update_trigger: String,
    pub delete_trigger: String,
}
