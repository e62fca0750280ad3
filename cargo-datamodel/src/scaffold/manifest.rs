//! Edits of the user's Cargo.toml with `toml_edit`, keeping its formatting and comments: the
//! `datamodel` dependency with the runtime features the generated types need, the crates those
//! types come from, and the `[package.metadata.datamodel]` keys `init` writes.

use crate::report::Error;
use std::path::Path;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, Value};

/// The version of `datamodel` a new dependency asks for: the one this tool ships with.
pub const DATAMODEL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A parsed manifest and where it lives.
pub struct Manifest {
    pub path: std::path::PathBuf,
    pub doc: DocumentMut,
}

impl Manifest {
    pub fn read(path: &Path) -> Result<Manifest, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::new(format!("can't read `{}`: {e}", path.display()))
                .help("run the command inside a package (`cargo new` makes one) or pass `--manifest-path`")
        })?;
        let doc = text.parse::<DocumentMut>().map_err(|e| {
            Error::new(format!("`{}` is not valid TOML: {e}", path.display()))
                .help("fix the file (cargo reports the same error) and run again")
        })?;
        Ok(Manifest {
            path: path.to_path_buf(),
            doc,
        })
    }

    /// Writes the manifest back through a temporary file and a rename: an interrupted run
    /// never leaves the user's `Cargo.toml` half written.
    pub fn write(&self) -> Result<(), Error> {
        // Through a symlinked manifest to the file it points at (the rename must not replace
        // the link with a copy).
        let path = std::fs::canonicalize(&self.path).unwrap_or_else(|_| self.path.clone());
        crate::output::write_atomic(&path, self.doc.to_string().as_bytes())
            .map_err(|e| Error::new(format!("can't write `{}`: {e}", self.path.display())))
    }

    fn dependencies(&mut self) -> Result<&mut Table, Error> {
        let deps = self
            .doc
            .entry("dependencies")
            .or_insert(Item::Table(Table::new()));
        deps.as_table_mut().ok_or_else(|| {
            Error::new("`[dependencies]` of the manifest is not a table")
                .help("write it as a `[dependencies]` section")
        })
    }

    /// Adds `name = spec` to `[dependencies]` unless a dependency of that name exists. Returns
    /// whether it was added.
    pub fn ensure_dependency(&mut self, name: &str, spec: InlineTable) -> Result<bool, Error> {
        let deps = self.dependencies()?;
        if deps.contains_key(name) {
            return Ok(false);
        }
        deps.insert(name, Item::Value(Value::InlineTable(spec)));
        Ok(true)
    }

    /// Makes sure `datamodel` is a dependency with every feature in `features`. Returns the
    /// changes made, one line each.
    pub fn ensure_datamodel(&mut self, features: &[&str]) -> Result<Vec<String>, Error> {
        let mut changes = Vec::new();
        let deps = self.dependencies()?;
        if !deps.contains_key("datamodel") {
            let mut t = InlineTable::new();
            t.insert("version", DATAMODEL_VERSION.into());
            if !features.is_empty() {
                t.insert("features", Value::Array(features.iter().copied().collect()));
            }
            deps.insert("datamodel", Item::Value(Value::InlineTable(t)));
            changes.push(format!(
                "added dependency datamodel {DATAMODEL_VERSION}{}",
                feature_note(features)
            ));
            return Ok(changes);
        }
        let item = &mut deps["datamodel"];
        // `datamodel = "0.1"` becomes `datamodel = { version = "0.1", features = [..] }`.
        if let Some(v) = item.as_str().map(str::to_string) {
            if features.is_empty() {
                return Ok(changes);
            }
            let mut t = InlineTable::new();
            t.insert("version", v.into());
            *item = Item::Value(Value::InlineTable(t));
        }
        let table = item.as_table_like_mut().ok_or_else(|| {
            Error::new("the `datamodel` dependency is neither a version string nor a table")
                .help("write it as `datamodel = { version = \"...\" }`")
        })?;
        let mut missing = Vec::new();
        match table.get_mut("features") {
            Some(f) => {
                let arr = f.as_array_mut().ok_or_else(|| {
                    Error::new("`features` of the `datamodel` dependency is not an array")
                        .help("write it as `features = [\"chrono\"]`")
                })?;
                for feat in features {
                    if !arr.iter().any(|v| v.as_str() == Some(feat)) {
                        arr.push(*feat);
                        missing.push(*feat);
                    }
                }
            }
            None if !features.is_empty() => {
                table.insert(
                    "features",
                    Item::Value(Value::Array(features.iter().copied().collect::<Array>())),
                );
                missing.extend(features);
            }
            None => {}
        }
        if !missing.is_empty() {
            // `{ path = ".." , features = [..] }`: re-space an inline table we appended to.
            if let Some(t) = deps["datamodel"].as_inline_table_mut() {
                t.fmt();
            }
            changes.push(format!(
                "enabled datamodel feature{} {}",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            ));
        }
        Ok(changes)
    }

    /// The `[package.metadata.datamodel]` table, created when missing.
    pub fn metadata(&mut self) -> Result<&mut Table, Error> {
        let package = self.doc.get_mut("package").and_then(Item::as_table_mut).ok_or_else(|| {
            Error::new(format!("`{}` has no `[package]` section", self.path.display()))
                .help("run `init` on a package's Cargo.toml, not on a virtual workspace manifest (use `--manifest-path member/Cargo.toml`)")
        })?;
        let metadata = package.entry("metadata").or_insert_with(|| {
            let mut t = Table::new();
            t.set_implicit(true);
            Item::Table(t)
        });
        let metadata = metadata
            .as_table_mut()
            .ok_or_else(|| Error::new("`package.metadata` is not a table"))?;
        let dm = metadata
            .entry("datamodel")
            .or_insert(Item::Table(Table::new()));
        dm.as_table_mut().ok_or_else(|| {
            Error::new("`package.metadata.datamodel` is not a table")
                .help("write it as a `[package.metadata.datamodel]` section")
        })
    }
}

fn feature_note(features: &[&str]) -> String {
    if features.is_empty() {
        String::new()
    } else {
        format!(" with features {}", features.join(", "))
    }
}

/// `{ version = "..", default-features = false }`.
pub fn crate_spec(version: &str) -> InlineTable {
    let mut t = InlineTable::new();
    t.insert("version", version.into());
    t.insert("default-features", false.into());
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(text: &str) -> Manifest {
        Manifest {
            path: "Cargo.toml".into(),
            doc: text.parse().unwrap(),
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_manifest_is_written_through_the_link() {
        let dir = std::env::temp_dir().join(format!("dm-manifest-link-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let real = dir.join("real.toml");
        std::fs::write(&real, "[package]\nname = \"x\"\n").unwrap();
        let link = dir.join("Cargo.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let mut m = Manifest::read(&link).unwrap();
        m.ensure_dependency("chrono", crate_spec("0.4")).unwrap();
        m.write().unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(std::fs::read_to_string(&real).unwrap().contains("chrono"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn features_are_added_keeping_comments_and_layout() {
        let mut m = manifest(
            "[package]\nname = \"x\" # the name\n\n# our deps\n[dependencies]\ndatamodel = { path = \"../runtime\", features = [\"uuid\"] } # pinned\n",
        );
        let changes = m.ensure_datamodel(&["chrono", "uuid"]).unwrap();
        assert_eq!(
            changes,
            vec!["enabled datamodel feature chrono".to_string()]
        );
        assert!(m.ensure_dependency("chrono", crate_spec("0.4")).unwrap());
        assert!(!m.ensure_dependency("chrono", crate_spec("0.4")).unwrap());
        insta::assert_snapshot!(m.doc.to_string());
    }

    #[test]
    fn a_version_string_dependency_becomes_a_table() {
        let mut m = manifest("[package]\nname = \"x\"\n[dependencies]\ndatamodel = \"0.1\"\n");
        m.ensure_datamodel(&["rust_decimal"]).unwrap();
        assert_eq!(
            m.doc["dependencies"]["datamodel"].to_string().trim(),
            "{ version = \"0.1\", features = [\"rust_decimal\"] }"
        );
    }

    #[test]
    fn a_missing_dependency_is_added() {
        let mut m = manifest("[package]\nname = \"x\"\n");
        let c = m.ensure_datamodel(&[]).unwrap();
        assert_eq!(
            c,
            vec![format!("added dependency datamodel {DATAMODEL_VERSION}")]
        );
        assert!(m
            .doc
            .to_string()
            .contains("[dependencies]\ndatamodel = { version = "));
    }
}
