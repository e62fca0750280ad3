//! The Schema as a versioned JSON document (`schema --resolved`, migration snapshots):
//! reading checks the format version first, so another version is a clear error.

use super::{Schema, SCHEMA_FORMAT_VERSION};

/// Why a Schema JSON (a `schema --resolved` output, a migration snapshot) could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaJsonError {
    /// Not JSON, or not a Schema of this format.
    Invalid(String),
    /// A Schema of another format version.
    Version { found: u64 },
}

impl std::fmt::Display for SchemaJsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SchemaJsonError::Invalid(why) => write!(
                f,
                "not a datamodel Schema JSON ({why}); regenerate it with this version of cargo-datamodel"
            ),
            SchemaJsonError::Version { found } if *found > u64::from(SCHEMA_FORMAT_VERSION) => write!(
                f,
                "the Schema JSON is format version {found}, newer than this cargo-datamodel reads (version {SCHEMA_FORMAT_VERSION}); upgrade cargo-datamodel (`cargo install cargo-datamodel`)"
            ),
            SchemaJsonError::Version { found } => write!(
                f,
                "the Schema JSON is format version {found}, older than this cargo-datamodel reads (version {SCHEMA_FORMAT_VERSION}); regenerate it with this version, or read it with the cargo-datamodel that wrote it"
            ),
        }
    }
}

impl std::error::Error for SchemaJsonError {}

impl Schema {
    /// Reads a Schema JSON, checking its format version before anything else so that a
    /// snapshot of another version gives a clear error instead of a missing-field one.
    pub fn from_json(text: &str) -> Result<Schema, SchemaJsonError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| SchemaJsonError::Invalid(e.to_string()))?;
        let found = value
            .get("format_version")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| SchemaJsonError::Invalid("no `format_version` number".into()))?;
        if found != u64::from(SCHEMA_FORMAT_VERSION) {
            return Err(SchemaJsonError::Version { found });
        }
        serde_json::from_value(value).map_err(|e| SchemaJsonError::Invalid(e.to_string()))
    }
}
