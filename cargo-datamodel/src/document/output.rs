//! The output folder: where the document and the DDL files live, how their id is chosen, the
//! README index, atomic writes and the drift check.
//!
//! Layout under the output root (default `docs/data-model/` of the package):
//!
//! ```text
//! README.md                      index: id, linked title, one-line summary
//! 01-blog-data-model/
//!     01-blog-data-model.md      the document
//!     schema.postgres.sql        DDL of each configured engine
//!     provision.postgres.sql     schema/database-per-tenant only: provisions one tenant
//! ```
//!
//! The id is the next free number (zero-padded) the first time a model is generated and stays
//! the same afterwards: the existing folder is found by its slug. Everything is computed in
//! memory first ([`plan`]); [`generate`] writes only files whose content changed, each through
//! a temporary file in the same folder and a rename, so a crash never leaves half a file;
//! [`check`] writes nothing and returns a unified diff of what `generate` would change.

use super::{render_built_view, slug, DocContext, DocError};
use crate::schema::Schema;
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The index file at the output root.
pub const INDEX_FILE: &str = "README.md";

/// What [`generate`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateReport {
    /// The document id (`01`).
    pub id: String,
    /// The document folder, relative to the output root (`01-blog-data-model`).
    pub folder: String,
    /// Files written (created or changed), relative to the output root.
    pub written: Vec<String>,
    /// Files already up to date, left untouched.
    pub unchanged: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    Missing,
    Stale,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleFile {
    /// Relative to the output root, `/`-separated.
    pub path: String,
    pub status: FileStatus,
}

/// What [`check`] found: empty `stale` means everything on disk is current.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    pub stale: Vec<StaleFile>,
    /// Unified diff (disk -> expected) of every stale or missing file.
    pub diff: String,
}

impl CheckReport {
    pub fn is_fresh(&self) -> bool {
        self.stale.is_empty()
    }
}

/// The files of one generation, computed in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub id: String,
    pub folder: String,
    /// (path relative to the output root, content), in write order (index last).
    pub files: Vec<(String, String)>,
}

/// Computes every file `generate` would write under `out_root`, reading only what exists.
pub fn plan(schema: &Schema, ctx: &DocContext, out_root: &Path) -> Result<Plan, DocError> {
    let doc_slug = ctx.slug.clone().unwrap_or_else(|| slug(&ctx.title));
    let (id, folder) = allocate_folder(out_root, &doc_slug)?;
    let mut ctx = ctx.clone();
    ctx.id = Some(id.clone());
    // One view for both the document and the index summary.
    let view = super::context::build(schema, &ctx);
    let document = render_built_view(&view, &ctx)?;
    let mut files = vec![(format!("{folder}/{folder}.md"), document)];
    let engines = if schema.config.engines.is_empty() {
        vec![schema.config.primary_engine()]
    } else {
        schema.config.engines.clone()
    };
    for engine in engines {
        files.push((
            format!("{folder}/schema.{}.sql", engine.name()),
            crate::ddl::render_ddl(schema, engine),
        ));
        // Schema- and database-per-tenant: the script that provisions one more tenant.
        if let Some(sql) = crate::tenancy::render_tenant_provisioning(schema, engine) {
            files.push((format!("{folder}/provision.{}.sql", engine.name()), sql));
        }
    }
    let old_index = read_optional(&out_root.join(INDEX_FILE))?.unwrap_or_default();
    let entry = IndexEntry {
        id: id.clone(),
        title: ctx.title.clone(),
        link: format!("{folder}/{folder}.md"),
        summary: view.summary_line,
    };
    files.push((INDEX_FILE.to_string(), update_index(&old_index, entry)));
    Ok(Plan { id, folder, files })
}

/// The id and folder name (`NN-<slug>`) of the document with this slug under `out_root`: the
/// existing folder's id when there is one, else the next free number.
pub fn allocate_folder(out_root: &Path, doc_slug: &str) -> Result<(String, String), DocError> {
    let existing = existing_folders(out_root)?;
    let id = match existing.iter().find(|(_, s)| s == doc_slug) {
        Some((n, _)) => format_id(*n),
        None => format_id(existing.iter().map(|(n, _)| *n).max().unwrap_or(0) + 1),
    };
    let folder = format!("{id}-{doc_slug}");
    Ok((id, folder))
}

/// Writes the document, the DDL files and the index under `out_root`.
pub fn generate(
    schema: &Schema,
    ctx: &DocContext,
    out_root: &Path,
) -> Result<GenerateReport, DocError> {
    let plan = plan(schema, ctx, out_root)?;
    write_plan(&plan, out_root)
}

/// Writes a computed [`Plan`] under `out_root` (each file atomically; unchanged files are left
/// alone). Callers that must not touch the disk before everything rendered (a template error
/// leaves no folder behind) plan first, create `out_root`, then write.
pub fn write_plan(plan: &Plan, out_root: &Path) -> Result<GenerateReport, DocError> {
    let mut report = GenerateReport {
        id: plan.id.clone(),
        folder: plan.folder.clone(),
        written: Vec::new(),
        unchanged: Vec::new(),
    };
    for (rel, content) in &plan.files {
        let path = out_root.join(rel);
        if read_optional(&path)?.as_deref() == Some(content.as_str()) {
            report.unchanged.push(rel.clone());
            continue;
        }
        write_atomic(&path, content.as_bytes())?;
        report.written.push(rel.clone());
    }
    Ok(report)
}

/// Compares what `generate` would write with the disk; writes nothing.
pub fn check(schema: &Schema, ctx: &DocContext, out_root: &Path) -> Result<CheckReport, DocError> {
    let plan = plan(schema, ctx, out_root)?;
    let mut stale = Vec::new();
    let mut diff = String::new();
    for (rel, expected) in &plan.files {
        let on_disk = read_optional(&out_root.join(rel))?;
        let status = match &on_disk {
            None => FileStatus::Missing,
            Some(d) if d == expected => continue,
            Some(_) => FileStatus::Stale,
        };
        let old = on_disk.unwrap_or_default();
        let old_name = if status == FileStatus::Missing {
            "/dev/null".to_string()
        } else {
            format!("a/{rel}")
        };
        diff.push_str(
            &similar::TextDiff::from_lines(&old, expected)
                .unified_diff()
                .context_radius(3)
                .header(&old_name, &format!("b/{rel}"))
                .to_string(),
        );
        stale.push(StaleFile {
            path: rel.clone(),
            status,
        });
    }
    Ok(CheckReport { stale, diff })
}

fn format_id(n: u32) -> String {
    format!("{n:02}")
}

/// `(id, slug)` of every `NN-slug` folder under the root (none when the root does not exist).
fn existing_folders(root: &Path) -> Result<Vec<(u32, String)>, DocError> {
    let entries = match fs::read_dir(root) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(DocError::Io {
                path: root.to_path_buf(),
                source,
            })
        }
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| DocError::Io {
            path: root.to_path_buf(),
            source,
        })?;
        if !entry.path().is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_string();
        if let Some((num, rest)) = name.split_once('-') {
            if !num.is_empty() && num.chars().all(|c| c.is_ascii_digit()) && !rest.is_empty() {
                if let Ok(n) = num.parse::<u32>() {
                    out.push((n, rest.to_string()));
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

fn read_optional(path: &Path) -> Result<Option<String>, DocError> {
    match fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(DocError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), DocError> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Like [`write_atomic`], with the content produced by `fill`: if `fill` fails, the target is
/// untouched and the temporary file is removed.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), DocError> {
    let io_err = |source| DocError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    fs::create_dir_all(&dir).map_err(io_err)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".datamodel-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(io_err)?;
    fill(tmp.as_file_mut()).map_err(io_err)?;
    tmp.as_file_mut().sync_all().map_err(io_err)?;
    tmp.persist(path).map_err(|e| io_err(e.error))?;
    Ok(())
}

/// One row of the README index.
#[derive(Debug, Clone, PartialEq, Eq)]
struct IndexEntry {
    id: String,
    title: String,
    link: String,
    summary: String,
}

const INDEX_HEADER: &str = "# Data models\n\nGenerated by `cargo datamodel`: one row per data-model document. Regenerate, do not edit.\n\n| ID | Title | Summary |\n|----|-------|---------|\n";

fn escape_cell(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// The index with `entry` added or replaced (by id); other documents' rows are kept, sorted.
fn update_index(old: &str, entry: IndexEntry) -> String {
    let mut rows: BTreeMap<String, String> = BTreeMap::new();
    for line in old.lines() {
        let Some(rest) = line.strip_prefix("| ") else {
            continue;
        };
        let Some((id, _)) = rest.split_once(" |") else {
            continue;
        };
        if !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()) {
            rows.insert(id.to_string(), line.to_string());
        }
    }
    let title = escape_cell(&entry.title)
        .replace('[', "\\[")
        .replace(']', "\\]");
    rows.insert(
        entry.id.clone(),
        format!(
            "| {} | [{}]({}) | {} |",
            entry.id,
            title,
            entry.link,
            escape_cell(&entry.summary)
        ),
    );
    let mut out = INDEX_HEADER.to_string();
    for row in rows.values() {
        out.push_str(row);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_rows_are_replaced_not_duplicated() {
        let e = |id: &str, t: &str| IndexEntry {
            id: id.into(),
            title: t.into(),
            link: format!("{id}-x/{id}-x.md"),
            summary: "s | t".into(),
        };
        let one = update_index("", e("02", "B"));
        let two = update_index(&one, e("01", "A"));
        let three = update_index(&two, e("02", "B2"));
        assert_eq!(three.matches("| 02 |").count(), 1, "{three}");
        assert!(
            three.contains("| 01 | [A](01-x/01-x.md) | s \\| t |"),
            "{three}"
        );
        assert!(three.contains("[B2]"), "{three}");
        assert!(three.find("| 01 |") < three.find("| 02 |"));
    }

    #[test]
    fn failing_writer_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.md");
        fs::write(&path, "old content\n").unwrap();
        let err = write_atomic_with(&path, |w| {
            w.write_all(b"new content, first half")?;
            Err(io::Error::other("disk full halfway"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk full halfway"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old content\n");
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(names, vec!["doc.md".to_string()], "temp file left behind");

        let fresh = dir.path().join("new.md");
        let _ = write_atomic_with(&fresh, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("boom"))
        });
        assert!(
            !fresh.exists(),
            "a failed first write must not create the file"
        );
    }
}
