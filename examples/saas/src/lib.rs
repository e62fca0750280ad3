//! The data model of a multi-tenant project-management SaaS.
//!
//! Every customer is a [`Tenant`]; everything else belongs to exactly one tenant. With
//! `tenancy = "shared"` (see `Cargo.toml`), `cargo datamodel` adds the `tenant_id` column, its
//! foreign key and the tenant-leading indexes to every tenant-scoped table: the structs below
//! don't declare it. Tables shared by all tenants say `tenancy = "global"`.

pub mod billing;
pub mod compliance;
pub mod tenants;
pub mod work;

pub use billing::{Invoice, InvoiceStatus};
pub use compliance::LegalHold;
pub use tenants::{Account, AccountRole, Tenant, TenantPlan};
pub use work::Project;
