//! What tenants pay: invoices.

use crate::tenants::Account;
use chrono::NaiveDate;
use datamodel::{DataModel, DataModelEnum};
use rust_decimal::Decimal;

/// Payment state of an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, DataModelEnum)]
#[datamodel(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Draft,
    Open,
    Paid,
    Void,
    Uncollectible,
}

/// A bill sent to a tenant. Bookkeeping law keeps invoices ten years, and a dispute can put
/// one under legal hold; they are archived, never deleted.
#[derive(Debug, Clone, DataModel)]
#[datamodel(
    delete = "archival",
    group = "billing",
    unique(number),
    retention(ttl = "10y", legal_hold),
    query(name = "open_invoices", eq(status), range(due_on)),
    check = "due_on >= issued_on"
)]
pub struct Invoice {
    pub id: i64,
    /// Human-facing invoice number, e.g. `2024-000123`.
    #[datamodel(max_length = 32)]
    pub number: String,
    /// Who receives it; accounts with invoices can't be removed.
    #[datamodel(belongs_to = Account, on_delete = "restrict")]
    pub billing_account_id: i64,
    /// Billing e-mail at the time of issue (copied: the account may change).
    #[datamodel(max_length = 255, pii)]
    pub billing_email: String,
    /// Total including tax, in `currency`.
    #[datamodel(precision = 12, scale = 2, min = 0)]
    pub amount: Decimal,
    /// Tax part of `amount`.
    #[datamodel(precision = 12, scale = 2, min = 0)]
    pub tax_amount: Decimal,
    /// ISO 4217 code.
    #[datamodel(max_length = 3, default = "'EUR'")]
    pub currency: String,
    /// Payment state.
    #[datamodel(default = "'draft'")]
    pub status: InvoiceStatus,
    /// Date of issue.
    pub issued_on: NaiveDate,
    /// Payment due date.
    pub due_on: NaiveDate,
    /// When payment arrived.
    pub paid_on: Option<NaiveDate>,
}
