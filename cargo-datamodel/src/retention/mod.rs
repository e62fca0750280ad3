//! Retention, rendered: the cleanup jobs that enforce `retention(ttl = ...)` on each engine, as
//! structured values ([`EngineRecipe`]: what runs it, and the SQL). The resolver decides what is
//! allowed (`schema::retention_rules`, DM030); the document's Retention & Compliance section
//! reads these recipes and words the rest.

mod job;
pub(crate) mod ttl;

pub use job::cleanup;
pub use ttl::{parse_ttl, ttl_human};

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct EngineRecipe {
    pub engine: String,
    pub how: String,
    /// SQL, for a `sql` code block (may be empty).
    pub sql: String,
}
