//! Customers and the people who log in for them.

use chrono::{DateTime, Utc};
use datamodel::{DataModel, DataModelEnum};

/// The commercial plan of a tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, DataModelEnum)]
#[datamodel(rename_all = "snake_case")]
pub enum TenantPlan {
    Free,
    Team,
    Enterprise,
}

/// A customer organization. Global: the tenants table is what tenant-scoped rows point at.
#[derive(Debug, Clone, DataModel)]
#[datamodel(
    tenancy = "global",
    pk = "uuid",
    delete = "archival",
    retention(legal_hold)
)]
pub struct Tenant {
    pub id: uuid::Uuid,
    /// Name shown in the UI and on invoices.
    #[datamodel(max_length = 200)]
    pub name: String,
    /// Subdomain, e.g. `acme` for acme.example.com.
    #[datamodel(max_length = 63, unique)]
    pub subdomain: String,
    /// Commercial plan.
    #[datamodel(default = "'free'")]
    pub plan: TenantPlan,
    /// Feature flags and limits, free-form.
    pub settings: serde_json::Value,
}

/// What an account may do inside its tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, DataModelEnum)]
#[datamodel(rename_all = "snake_case")]
pub enum AccountRole {
    Owner,
    Admin,
    Member,
    Billing,
}

/// A person who logs in to one tenant. Holds personal data: erased on request (GDPR), so it
/// is soft-deleted first and anonymized by the retention job 30 days later.
#[derive(Debug, Clone, DataModel)]
#[datamodel(
    delete = "soft",
    public_uuid,
    retention(ttl = "30d", after_delete),
    unique(email),
    query(name = "login", eq(email)),
    query(name = "members_by_role", eq(role), sort(full_name))
)]
pub struct Account {
    pub id: i64,
    /// Login e-mail, lower-cased; unique within the tenant.
    #[datamodel(max_length = 255, pii)]
    pub email: String,
    /// Full name as entered by the person.
    #[datamodel(max_length = 200, pii)]
    pub full_name: String,
    /// Role within the tenant.
    #[datamodel(default = "'member'")]
    pub role: AccountRole,
    /// Last successful login.
    pub last_login_at: Option<DateTime<Utc>>,
}
