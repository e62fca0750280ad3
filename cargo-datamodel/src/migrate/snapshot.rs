//! The migration baseline: the resolved Schema as committed JSON, what the structs looked like
//! when the last migration was written. The differ compares the current Schema with it.
//!
//! The file is the Schema's versioned JSON ([`Schema::from_json`]), pretty-printed with a
//! trailing newline so that reviews show which tables and columns a migration changed, and
//! written atomically. Reading it never guesses: a corrupt file or another format version is an
//! error that says what to do, and nothing is written after it.

use crate::report::Error;
use crate::schema::{Schema, SchemaJsonError};
use std::path::Path;

/// The snapshot at `path`, or `None` when there is none yet.
pub fn read(path: &Path) -> Result<Option<Schema>, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::new(format!(
                "can't read the schema snapshot `{}`: {e}",
                path.display()
            )))
        }
    };
    Schema::from_json(&text).map(Some).map_err(|e| {
        let err = Error::new(format!("the schema snapshot `{}`: {e}", path.display()));
        match e {
            SchemaJsonError::Invalid(_) => err.help(format!(
                "restore it from version control (`git checkout -- {}`); it is the baseline migrations are computed from, so it is never rewritten from a broken copy",
                path.display()
            )),
            SchemaJsonError::Version { .. } => err,
        }
    })
}

/// The snapshot file's text of `schema`: pretty JSON with a trailing newline.
pub fn render(schema: &Schema) -> Result<String, Error> {
    let mut json = serde_json::to_string_pretty(schema)
        .map_err(|e| Error::new(format!("can't serialize the schema snapshot: {e}")))?;
    json.push('\n');
    Ok(json)
}

/// Writes `schema` as the snapshot at `path` (through a temporary file and a rename).
pub fn write(path: &Path, schema: &Schema) -> Result<(), Error> {
    let json = render(schema)?;
    crate::output::write_atomic(path, json.as_bytes()).map_err(|e| {
        Error::new(format!(
            "can't write the schema snapshot `{}`: {e}",
            path.display()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::{read, write};
    use crate::config::{Depth, Migration};
    use crate::testkit::saas;

    fn dir(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("dm-snapshot-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn written_snapshots_read_back_equal_and_are_stable() {
        let d = dir("roundtrip");
        let path = d.join("schema.snapshot.json");
        assert!(read(&path).unwrap().is_none(), "no snapshot yet");
        let f = saas(Depth::Production, Migration::Brownfield);
        write(&path, &f).unwrap();
        let first = std::fs::read(&path).unwrap();
        assert_eq!(read(&path).unwrap().as_ref(), Some(&f.schema));
        write(&path, &f).unwrap();
        assert_eq!(
            std::fs::read(&path).unwrap(),
            first,
            "same Schema, same bytes"
        );
        assert!(first.ends_with(b"}\n"));
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn corrupt_or_newer_snapshots_are_errors_that_say_what_to_do() {
        let d = dir("bad");
        let path = d.join("schema.snapshot.json");
        std::fs::write(&path, "{ not json").unwrap();
        let e = read(&path).unwrap_err().to_string();
        assert!(e.contains("schema.snapshot.json"), "{e}");
        assert!(e.contains("git checkout --"), "{e}");
        std::fs::write(&path, r#"{"format_version": 999, "tables": []}"#).unwrap();
        let e = read(&path).unwrap_err().to_string();
        assert!(e.contains("999") && e.contains("upgrade"), "{e}");
        let _ = std::fs::remove_dir_all(&d);
    }
}
