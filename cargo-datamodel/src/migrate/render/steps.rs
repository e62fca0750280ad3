//! The steps of one engine's migration, in the differ's order.

use super::{Migration, Refusal};
use crate::config::Engine;
use crate::migrate::diff::Change;
use crate::schema::Schema;

/// Renders `changes` (from `old` to `new`) for `engine`.
pub(super) fn migration(
    _old: &Schema,
    _new: &Schema,
    changes: &[Change],
    engine: Engine,
) -> Result<Migration, Refusal> {
    if let Some(c) = changes.first() {
        return Err(Refusal {
            code: crate::diagnostics::migrate_codes::codes::UNSUPPORTED,
            message: format!("not rendered yet: {}", c.describe()),
            help: String::new(),
        });
    }
    Ok(Migration {
        engine,
        preamble: Vec::new(),
        steps: Vec::new(),
    })
}
