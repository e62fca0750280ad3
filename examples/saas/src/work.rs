//! What tenants organize: projects.

use crate::tenants::Account;
use datamodel::DataModel;

/// A project of a tenant, owned by one of its accounts.
#[derive(Debug, Clone, DataModel)]
#[datamodel(
    delete = "soft",
    unique(key),
    query(name = "active_projects", eq(archived), sort(name))
)]
pub struct Project {
    pub id: i64,
    /// Short uppercase key used in issue numbers, e.g. `WEB`.
    #[datamodel(max_length = 10, check = "key = upper(key)")]
    pub key: String,
    /// Display name.
    #[datamodel(max_length = 200)]
    pub name: String,
    /// The account responsible; an owner who leaves must hand the project over first.
    #[datamodel(belongs_to = Account, on_delete = "restrict")]
    pub owner_id: i64,
    /// Board columns, notification rules and other per-project settings.
    pub settings: serde_json::Value,
    /// Archived projects are read-only and hidden from lists.
    #[datamodel(default = false)]
    pub archived: bool,
}
