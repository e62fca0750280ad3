//! Security bookkeeping written by the login handler; not part of the crate's public API.
//!
//! The module is private, yet `cargo datamodel` collects `LoginAttempt`: entities register
//! themselves when the derive expands, wherever the struct lives.

use crate::accounts::User;
use chrono::{DateTime, Utc};
use datamodel::DataModel;

/// One login attempt, successful or not, kept 90 days for abuse investigations.
#[allow(dead_code)] // rows are written with SQL by the auth service; the struct declares the table
#[derive(Debug, Clone, DataModel)]
#[datamodel(
    append_only,
    delete = "hard",
    retention(ttl = "90d"),
    query(name = "recent_failures", eq(email, succeeded), range(attempted_at))
)]
pub(crate) struct LoginAttempt {
    pub id: i64,
    /// The account, when the e-mail matched one.
    #[datamodel(belongs_to = User, on_delete = "set_null")]
    pub user_id: Option<i64>,
    /// E-mail as typed.
    #[datamodel(max_length = 255, pii)]
    pub email: String,
    /// Client address (IPv4 or IPv6 text form).
    #[datamodel(max_length = 45, pii)]
    pub ip_address: String,
    /// Whether the password matched.
    #[datamodel(default = false)]
    pub succeeded: bool,
    /// When the attempt happened.
    #[datamodel(default = "now()")]
    pub attempted_at: DateTime<Utc>,
}
