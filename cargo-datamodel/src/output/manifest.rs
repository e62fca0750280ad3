//! The manifest: which files under the output root `cargo datamodel` wrote, per document.
//!
//! It is what lets `generate` remove a file the model no longer produces (and `check` report
//! it) without ever touching a file of the user's: only paths listed here, or temporary files
//! with our own prefix, are candidates. It is committed with the outputs, so it is plain,
//! sorted JSON that changes only when the set of files does.
//!
//! A manifest is input we did not just write: every path in it is checked to be a plain
//! relative path below the root before anything acts on it.

use crate::config::Engine;
use crate::document::DocError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Component, Path};

/// File name of the manifest, at the output root.
pub const MANIFEST_FILE: &str = ".datamodel-manifest.json";

/// The format this version reads and writes.
pub const FORMAT: u32 = 1;

/// Prefix and suffix of our temporary files (see [`super::atomic`]).
pub const TEMP_PREFIX: &str = ".datamodel-";
pub const TEMP_SUFFIX: &str = ".tmp";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    /// Document key (the package it documents) -> its files.
    pub documents: BTreeMap<String, DocumentFiles>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentFiles {
    /// The document's folder (`01-blog`).
    pub folder: String,
    /// Every file written for it, relative to the root, `/`-separated (the index, shared by
    /// all documents, and the manifest itself are not listed).
    pub files: Vec<String>,
}

impl Manifest {
    /// The manifest under `root`; an empty one when there is none yet (first run, or outputs
    /// of a version before manifests).
    pub fn read(root: &Path) -> Result<Manifest, DocError> {
        let path = root.join(MANIFEST_FILE);
        let Some(text) = super::read_optional(&path)? else {
            return Ok(Manifest {
                format: FORMAT,
                documents: BTreeMap::new(),
            });
        };
        Self::parse(&text).map_err(|message| DocError::Manifest { path, message })
    }

    /// Parses and validates a manifest's text; the error says what is wrong and what to do.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        const FIX: &str = "it lists the files cargo datamodel wrote here; restore it from version control, or delete it and run `cargo datamodel` again (files of older runs are then not cleaned up)";
        #[derive(Deserialize)]
        struct Version {
            format: u32,
        }
        let version: Version = serde_json::from_str(text)
            .map_err(|e| format!("not a datamodel manifest ({e}): {FIX}"))?;
        if version.format != FORMAT {
            return Err(format!(
                "manifest format {} is not the one this cargo-datamodel reads ({FORMAT}): {}",
                version.format,
                if version.format > FORMAT {
                    "it was written by a newer cargo-datamodel; upgrade this one"
                } else {
                    FIX
                }
            ));
        }
        let m: Manifest = serde_json::from_str(text)
            .map_err(|e| format!("not a datamodel manifest ({e}): {FIX}"))?;
        for doc in m.documents.values() {
            for p in std::iter::once(&doc.folder).chain(&doc.files) {
                if !is_plain_relative(p) {
                    return Err(format!(
                        "the manifest lists `{p}`, which is not a path below the output folder: {FIX}"
                    ));
                }
            }
        }
        Ok(m)
    }

    /// The manifest as committed: pretty JSON, keys and files sorted, one trailing newline.
    pub fn render(&self) -> String {
        let mut m = self.clone();
        for d in m.documents.values_mut() {
            d.files.sort();
        }
        let mut s = serde_json::to_string_pretty(&m).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// `a/b.sql`: no root, no `..`, no `.`, not empty.
fn is_plain_relative(p: &str) -> bool {
    !p.is_empty()
        && !p.contains('\\')
        && Path::new(p)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Files of ours that the current generation (writing `produced` into `folder`) no longer
/// produces: those the manifest lists for this document that still exist, and our temporary
/// files in the old and the new folder. Without a manifest entry (first run over outputs of a
/// version before manifests), only names we would write ourselves in `folder` count:
/// `schema.<engine>.sql` and `provision.<engine>.sql` of an engine no longer configured.
pub fn leftovers(
    root: &Path,
    previous: Option<&DocumentFiles>,
    folder: &str,
    produced: &[String],
) -> Result<Vec<String>, DocError> {
    let mut out = Vec::new();
    match previous {
        Some(prev) => {
            for f in &prev.files {
                if !produced.contains(f) && root.join(f).is_file() {
                    out.push(f.clone());
                }
            }
            if prev.folder != folder {
                out.extend(temp_files(root, &prev.folder)?);
            }
        }
        None => {
            for (name, is_dir) in super::list_dir(&root.join(folder))? {
                let rel = format!("{folder}/{name}");
                if !is_dir && is_generated_name(&name) && !produced.contains(&rel) {
                    out.push(rel);
                }
            }
        }
    }
    out.extend(temp_files(root, folder)?);
    Ok(out)
}

/// `schema.<engine>.sql` / `provision.<engine>.sql` for an engine we render.
fn is_generated_name(name: &str) -> bool {
    Engine::ALL.iter().any(|e| {
        name == format!("schema.{}.sql", e.name()) || name == format!("provision.{}.sql", e.name())
    })
}

/// Our temporary files (`.datamodel-*.tmp`) directly in `rel_dir` under `root`.
pub fn temp_files(root: &Path, rel_dir: &str) -> Result<Vec<String>, DocError> {
    let dir = if rel_dir.is_empty() {
        root.to_path_buf()
    } else {
        root.join(rel_dir)
    };
    Ok(super::list_dir(&dir)?
        .into_iter()
        .filter(|(name, is_dir)| {
            !is_dir && name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
        })
        .map(|(name, _)| {
            if rel_dir.is_empty() {
                name
            } else {
                format!("{rel_dir}/{name}")
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_root_are_refused() {
        for bad in [
            "../etc/passwd",
            "/etc/passwd",
            "a/../../b",
            "",
            "./a",
            "a\\..\\b",
        ] {
            let text = format!(
                r#"{{"format":1,"documents":{{"x":{{"folder":"01-x","files":["{}"]}}}}}}"#,
                bad.replace('\\', "\\\\")
            );
            let err = Manifest::parse(&text).unwrap_err();
            assert!(
                err.contains("not a path below the output folder"),
                "{bad}: {err}"
            );
        }
        let ok = r#"{"format":1,"documents":{"x":{"folder":"01-x","files":["01-x/a.sql"]}}}"#;
        assert!(Manifest::parse(ok).is_ok());
    }

    #[test]
    fn other_formats_and_garbage_say_what_to_do() {
        let newer = Manifest::parse(r#"{"format":2,"documents":{}}"#).unwrap_err();
        assert!(newer.contains("newer cargo-datamodel; upgrade"), "{newer}");
        let garbage = Manifest::parse("{not json").unwrap_err();
        assert!(garbage.contains("not a datamodel manifest"), "{garbage}");
        assert!(
            garbage.contains("delete it and run `cargo datamodel`"),
            "{garbage}"
        );
    }

    #[test]
    fn render_is_sorted_and_round_trips() {
        let mut m = Manifest {
            format: FORMAT,
            documents: BTreeMap::new(),
        };
        m.documents.insert(
            "b".into(),
            DocumentFiles {
                folder: "02-b".into(),
                files: vec!["02-b/z.sql".into(), "02-b/a.md".into()],
            },
        );
        let text = m.render();
        assert!(text.find("02-b/a.md") < text.find("02-b/z.sql"), "{text}");
        assert!(text.ends_with("}\n"));
        let back = Manifest::parse(&text).unwrap();
        assert_eq!(back.render(), text);
    }
}
