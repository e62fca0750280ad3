//! Legal holds: rows that a dispute or an investigation freezes. Every retention job the
//! document prints skips a row with an unreleased hold here, and erasure requests must too.

use chrono::{DateTime, Utc};
use datamodel::DataModel;

/// A legal hold on one row of a table that declares `retention(legal_hold)`. Released, never
/// deleted, so the history of holds stays.
#[derive(Debug, Clone, DataModel)]
#[datamodel(
    tenancy = "global",
    delete = "hard",
    // Holds point at rows of any table by name and key, not through a foreign key.
    allow = "orphan-table",
    query(name = "holds_on_row", eq(table_name, row_id))
)]
pub struct LegalHold {
    pub id: i64,
    /// The held row's table.
    #[datamodel(max_length = 63)]
    pub table_name: String,
    /// The held row's primary key, as text (any key type fits).
    #[datamodel(max_length = 64)]
    pub row_id: String,
    /// Why the row is held (case number, request).
    #[datamodel(text)]
    pub reason: String,
    /// Who placed the hold.
    #[datamodel(max_length = 200)]
    pub placed_by: String,
    /// When the hold was lifted; NULL while it holds.
    pub released_at: Option<DateTime<Utc>>,
}
