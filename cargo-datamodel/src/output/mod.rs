//! The output folder: where the document and the DDL files live, how their id is chosen, the
//! README index, the manifest of what we wrote, atomic writes, the lock and the drift check.
//!
//! Layout under the output root (default `docs/data-model/` of the package):
//!
//! ```text
//! README.md                      index: id, linked title, one-line summary
//! .datamodel-manifest.json       every file `cargo datamodel` wrote, per document
//! 01-blog-data-model/
//!     01-blog-data-model.md      the document
//!     schema.postgres.sql        DDL of each configured engine
//!     provision.postgres.sql     schema/database-per-tenant only: provisions one tenant
//!     schema.snapshot.json       the migration baseline (written once, then by `migrate`)
//!     migrations.json            what each migration did (`migrate` appends)
//! ```
//!
//! The last two are the [`baseline`]: committed by the user, not generated, so the manifest
//! doesn't list them and the cleanup never removes them.
//!
//! The output folder is ours, but only the files we wrote: the [`manifest`] lists them per
//! document, so a file the current model no longer produces (an engine removed from `engines`,
//! the folder of an old title, a temporary file a crash left behind) is removed by
//! [`generate`] and reported by [`check`], while a file the user put there is never touched.
//!
//! The id is the next free number (zero-padded) the first time a model is generated and stays
//! the same afterwards, even when the title (and so the folder's name) changes: the manifest
//! remembers which folder belongs to which document. Everything is computed in memory first;
//! [`generate`] holds the root's [`lock`] from id allocation to the index update (two runs into
//! one root never pick the same id or lose an index row), writes only files whose content
//! changed, each through a temporary file in the same folder and a rename ([`atomic`]), so a
//! crash never leaves half a file; [`check`] takes no lock and writes nothing.
//!
//! Nothing here renders: the document comes from [`crate::document`], the DDL from
//! [`crate::ddl`] and [`crate::tenancy`].

mod atomic;
pub mod baseline;
mod index;
pub mod lock;
pub mod manifest;

pub use atomic::{write_atomic, write_atomic_with};

use crate::document::{render_built_view, slug, DocContext, DocError};
use crate::schema::Schema;
use crate::target::Target;
use manifest::{DocumentFiles, Manifest, MANIFEST_FILE};
use std::fs;
use std::io;
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
    /// Files we wrote earlier that the model no longer produces, now removed.
    pub removed: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// `generate` would create it.
    Missing,
    /// Its content differs from what `generate` would write.
    Stale,
    /// We wrote it earlier, the model no longer produces it: `generate` would remove it.
    Leftover,
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
    /// Unified diff (disk -> expected) of every stale, missing or leftover file.
    pub diff: String,
    /// The folder (relative to the root) the migration baseline is read from.
    pub baseline_dir: String,
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
    /// (path relative to the output root, content), in write order (manifest and index last).
    pub files: Vec<(String, String)>,
    /// Files we wrote earlier that this generation no longer produces (relative, `/`).
    pub leftovers: Vec<String>,
    /// Folders of ours that may be empty once the leftovers are gone (an old title's folder).
    pub old_folders: Vec<String>,
    /// The folder (relative) the migration baseline is read from now.
    pub baseline_dir: String,
    /// Moving the baseline along with a renamed folder (the first snapshot is in `files`).
    pub baseline: baseline::BaselinePlan,
}

/// Computes every file `generate` would write under `out_root`, and every file of ours it
/// would remove, reading only what exists.
pub fn plan(
    schema: &Schema,
    target: &Target,
    ctx: &DocContext,
    out_root: &Path,
) -> Result<Plan, DocError> {
    let manifest = Manifest::read(out_root)?;
    let key = document_key(ctx);
    let doc_slug = ctx.slug.clone().unwrap_or_else(|| slug(&ctx.title));
    let (id, folder) = allocate(out_root, &manifest, &key, &doc_slug)?;
    let previous = manifest.documents.get(&key);
    let baseline_dir = baseline::locate(out_root, previous, &folder);
    let mut ctx = ctx.clone();
    ctx.id = Some(id.clone());
    // One view for both the document and the index summary.
    let mut view = crate::document::view::build(schema, target, &ctx);
    view.history =
        crate::document::view::history::build(&baseline::history(out_root, &baseline_dir)?);
    let document = render_built_view(&view, &ctx)?;
    let summary_line = std::mem::take(&mut view.summary_line);
    crate::document::drop_in_background(view);
    let mut files = vec![(format!("{folder}/{folder}.md"), document)];
    for &engine in target.engines() {
        files.push((
            format!("{folder}/schema.{}.sql", engine.name()),
            crate::ddl::render_ddl(schema, engine),
        ));
        // Schema- and database-per-tenant: the script that provisions one more tenant.
        if let Some(sql) = crate::tenancy::render_tenant_provisioning(schema, engine) {
            files.push((format!("{folder}/provision.{}.sql", engine.name()), sql));
        }
    }

    let produced: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
    let baseline = baseline::plan(out_root, &baseline_dir, &folder, || {
        crate::migrate::snapshot::render(schema).map_err(DocError::Baseline)
    })?;
    // The first snapshot is written but not listed: it is the user's from now on.
    files.extend(baseline.first.clone());
    let mut leftovers = manifest::leftovers(out_root, previous, &folder, &produced)?;
    let mut old_folders = Vec::new();
    if let Some(prev) = previous {
        if prev.folder != folder {
            old_folders.push(prev.folder.clone());
        }
    }
    // A temporary file at the root (the index's or the manifest's) is ours too.
    leftovers.extend(manifest::temp_files(out_root, "")?);
    // Even a hand-edited manifest that lists the baseline never gets it removed.
    leftovers.retain(|l| !baseline::is_baseline(l));
    leftovers.sort();
    leftovers.dedup();

    let mut next = manifest.clone();
    next.documents.insert(
        key,
        DocumentFiles {
            folder: folder.clone(),
            files: produced,
        },
    );
    files.push((MANIFEST_FILE.to_string(), next.render()));

    let old_index = read_optional(&out_root.join(INDEX_FILE))?.unwrap_or_default();
    let entry = index::Entry {
        id: id.clone(),
        title: ctx.title.clone(),
        link: format!("{folder}/{folder}.md"),
        summary: summary_line,
    };
    files.push((INDEX_FILE.to_string(), index::update(&old_index, entry)));
    Ok(Plan {
        id,
        folder,
        files,
        leftovers,
        old_folders,
        baseline_dir,
        baseline,
    })
}

/// The key under which the manifest remembers a document: the packages it documents (stable
/// when the title changes), else its slug.
fn document_key(ctx: &DocContext) -> String {
    ctx.key
        .clone()
        .or_else(|| ctx.slug.clone())
        .unwrap_or_else(|| slug(&ctx.title))
}

/// The id and folder name (`NN-<slug>`) of the document `key` (the packages it documents)
/// with this slug under `out_root`: the id the manifest remembers for it, else the existing
/// folder's with this slug, else the next free number. The plan names the folder with it.
pub fn allocate_folder(
    out_root: &Path,
    key: &str,
    doc_slug: &str,
) -> Result<(String, String), DocError> {
    let manifest = Manifest::read(out_root)?;
    allocate(out_root, &manifest, key, doc_slug)
}

/// The directory of the migration baseline (`schema.snapshot.json`, `migrations.json`) of the
/// document `key` under `out_root`: its folder, or its previous folder when the title changed
/// and `generate` has not moved the baseline along yet.
/// The output root's lock, for a command that reads and moves the baseline forward
/// (`migrate`); `None` when the root doesn't exist yet (there is no baseline to move). Drop
/// it before [`generate`], which takes it again.
pub fn lock_root(out_root: &Path) -> Result<Option<lock::RootLock>, DocError> {
    if !out_root.is_dir() {
        return Ok(None);
    }
    lock::RootLock::acquire(out_root).map(Some)
}

pub fn baseline_dir(out_root: &Path, key: &str, doc_slug: &str) -> Result<PathBuf, DocError> {
    let manifest = Manifest::read(out_root)?;
    let (_, folder) = allocate(out_root, &manifest, key, doc_slug)?;
    let from = baseline::locate(out_root, manifest.documents.get(key), &folder);
    Ok(out_root.join(from))
}

/// The id the manifest remembers for `key` (its folder may carry an older slug), else the id
/// of an existing folder with this slug, else the next free number.
fn allocate(
    out_root: &Path,
    manifest: &Manifest,
    key: &str,
    doc_slug: &str,
) -> Result<(String, String), DocError> {
    let remembered = manifest
        .documents
        .get(key)
        .and_then(|d| split_folder(&d.folder))
        .map(|(n, _)| n);
    let existing = existing_folders(out_root)?;
    // Ids the manifest gives to other documents are theirs, even when a folder of an old
    // title with that number (kept alive by a user's file) has this slug.
    let taken: Vec<u32> = manifest
        .documents
        .iter()
        .filter(|(k, _)| k.as_str() != key)
        .filter_map(|(_, d)| split_folder(&d.folder).map(|(n, _)| n))
        .collect();
    let n = match remembered {
        Some(n) => n,
        None => match existing
            .iter()
            .find(|(n, s)| s == doc_slug && !taken.contains(n))
        {
            Some((n, _)) => *n,
            None => {
                let on_disk = existing.iter().map(|(n, _)| *n);
                on_disk.chain(taken.iter().copied()).max().unwrap_or(0) + 1
            }
        },
    };
    let id = format!("{n:02}");
    let folder = format!("{id}-{doc_slug}");
    Ok((id, folder))
}

/// Creates `out_root` if needed, takes its lock, plans and writes the document, the DDL files,
/// the manifest and the index, and removes the files of ours the model no longer produces.
/// When planning fails (a template error), the folders this call created are removed again:
/// the disk is as it was.
pub fn generate(
    schema: &Schema,
    target: &Target,
    ctx: &DocContext,
    out_root: &Path,
) -> Result<GenerateReport, DocError> {
    let created = create_dirs(out_root)?;
    let result = (|| {
        let _lock = lock::RootLock::acquire(out_root)?;
        let plan = plan(schema, target, ctx, out_root)?;
        write_plan(&plan, out_root)
    })();
    if result.is_err() {
        if let Some(top) = created {
            // Only folders that are still empty: nothing of anyone else's is removed.
            remove_empty_dirs(out_root, &top);
        }
    }
    result
}

/// Writes a computed [`Plan`] under `out_root` (each file atomically; unchanged files are left
/// alone), then removes its leftovers and the old folders they leave empty.
fn write_plan(plan: &Plan, out_root: &Path) -> Result<GenerateReport, DocError> {
    let mut report = GenerateReport {
        id: plan.id.clone(),
        folder: plan.folder.clone(),
        written: Vec::new(),
        unchanged: Vec::new(),
        removed: Vec::new(),
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
    baseline::apply_moves(out_root, &plan.baseline)?;
    for rel in &plan.leftovers {
        let path = out_root.join(rel);
        match fs::remove_file(&path) {
            Ok(()) => report.removed.push(rel.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(DocError::Io { path, source }),
        }
    }
    for folder in &plan.old_folders {
        // Left in place when the user keeps files of their own there.
        let _ = fs::remove_dir(out_root.join(folder));
    }
    Ok(report)
}

/// Compares what `generate` would write (and remove) with the disk; writes nothing.
pub fn check(
    schema: &Schema,
    target: &Target,
    ctx: &DocContext,
    out_root: &Path,
) -> Result<CheckReport, DocError> {
    let plan = plan(schema, target, ctx, out_root)?;
    let mut stale = Vec::new();
    let mut diff = String::new();
    let mut add_diff = |old: &str, new: &str, old_name: &str, new_name: &str| {
        diff.push_str(
            &similar::TextDiff::from_lines(old, new)
                .unified_diff()
                .context_radius(3)
                .header(old_name, new_name)
                .to_string(),
        );
    };
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
        add_diff(&old, expected, &old_name, &format!("b/{rel}"));
        stale.push(StaleFile {
            path: rel.clone(),
            status,
        });
    }
    for rel in &plan.leftovers {
        // Binary or unreadable leftovers still count; their diff is a removal of nothing.
        let old = fs::read_to_string(out_root.join(rel)).unwrap_or_default();
        add_diff(&old, "", &format!("a/{rel}"), "/dev/null");
        stale.push(StaleFile {
            path: rel.clone(),
            status: FileStatus::Leftover,
        });
    }
    // The baseline moves with a renamed folder.
    for (from, to) in &plan.baseline.moves {
        diff.push_str(&format!("rename from {from}\nrename to {to}\n"));
        stale.push(StaleFile {
            path: to.clone(),
            status: FileStatus::Missing,
        });
    }
    Ok(CheckReport {
        stale,
        diff,
        baseline_dir: plan.baseline_dir,
    })
}

/// `(number, slug)` of a `NN-slug` folder name.
fn split_folder(name: &str) -> Option<(u32, String)> {
    let (num, rest) = name.split_once('-')?;
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit()) || rest.is_empty() {
        return None;
    }
    Some((num.parse().ok()?, rest.to_string()))
}

/// `(id, slug)` of every `NN-slug` folder under the root (none when the root does not exist).
fn existing_folders(root: &Path) -> Result<Vec<(u32, String)>, DocError> {
    let mut out: Vec<(u32, String)> = list_dir(root)?
        .into_iter()
        .filter(|(_, is_dir)| *is_dir)
        .filter_map(|(name, _)| split_folder(&name))
        .collect();
    out.sort();
    Ok(out)
}

/// `(name, is_dir)` of every entry of `dir`; empty when it does not exist.
pub(crate) fn list_dir(dir: &Path) -> Result<Vec<(String, bool)>, DocError> {
    let io_err = |source| DocError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(io_err(source)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io_err)?;
        let is_dir = entry.path().is_dir();
        out.push((entry.file_name().to_string_lossy().into_owned(), is_dir));
    }
    out.sort();
    Ok(out)
}

pub(crate) fn read_optional(path: &Path) -> Result<Option<String>, DocError> {
    match fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(DocError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Creates `dir` and its missing parents; returns the topmost folder it created (`None` when
/// `dir` already existed).
fn create_dirs(dir: &Path) -> Result<Option<PathBuf>, DocError> {
    let mut top = None;
    let mut cur = Some(dir);
    while let Some(d) = cur {
        if d.as_os_str().is_empty() || d.exists() {
            break;
        }
        top = Some(d.to_path_buf());
        cur = d.parent();
    }
    fs::create_dir_all(dir).map_err(|source| DocError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    Ok(top)
}

/// Removes `dir` and its parents up to and including `top` while they are empty.
fn remove_empty_dirs(dir: &Path, top: &Path) {
    let mut cur = Some(dir);
    while let Some(d) = cur {
        if fs::remove_dir(d).is_err() || d == top {
            break;
        }
        cur = d.parent();
    }
}

#[cfg(test)]
mod tests;
