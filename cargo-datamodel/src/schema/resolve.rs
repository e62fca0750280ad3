//! Model + Config -> Schema. (Being implemented: see issue 3.)

use super::Schema;
use crate::config::Config;
use datamodel::validate::Diagnostic;
use datamodel::Model;

/// Resolves the collected model into the Schema, or returns every error found.
pub fn resolve(model: &Model, config: &Config) -> Result<Schema, Vec<Diagnostic>> {
    let _ = (model, config);
    Err(Vec::new())
}
