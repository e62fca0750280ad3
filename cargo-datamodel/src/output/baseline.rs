//! The migration baseline in the output folder: `schema.snapshot.json` (the Schema the last
//! migration moved the database to) and `migrations.json` (what each migration did), in the
//! document's folder beside the document.
//!
//! Why the document's folder and not the root: one output root can hold several documents (the
//! manifest is keyed per document), each with its own Schema and so its own baseline.
//!
//! Who writes what: `generate` writes the snapshot only when there is none (the first run
//! records what is deployed) and never overwrites it; only `migrate` moves it forward and
//! appends to the history. So neither file is a generated file: the manifest doesn't list them
//! and the cleanup of files we no longer produce never removes them ([`is_baseline`]). When
//! the document's folder is renamed (a new title), they move with it.

use super::manifest::DocumentFiles;
use super::read_optional;
use crate::document::DocError;
use std::path::Path;

/// The snapshot's file name, in the document folder.
pub const SNAPSHOT_FILE: &str = "schema.snapshot.json";
/// The change history's file name, in the document folder.
pub const HISTORY_FILE: &str = "migrations.json";
/// Both, in the order they move.
pub const FILES: [&str; 2] = [SNAPSHOT_FILE, HISTORY_FILE];

/// `rel` (`01-blog/schema.snapshot.json`) is a baseline file: never a leftover.
pub fn is_baseline(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    FILES.contains(&name)
}

/// The folder (relative to the root) whose baseline this document uses: `folder` when it has a
/// snapshot, else the document's previous folder (a title changed since) when that has one,
/// else `folder` (no baseline yet).
pub fn locate(root: &Path, previous: Option<&DocumentFiles>, folder: &str) -> String {
    let has = |f: &str| root.join(f).join(SNAPSHOT_FILE).is_file();
    match previous {
        Some(p) if p.folder != folder && !has(folder) && has(&p.folder) => p.folder.clone(),
        _ => folder.to_string(),
    }
}

/// What a generation does with the baseline of a document that lives in `folder`, found in
/// `from` ([`locate`]): move it along when the folder was renamed, else write the first
/// snapshot when there is none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BaselinePlan {
    /// `(from, to)` relative to the root.
    pub moves: Vec<(String, String)>,
    /// `(path, content)` of the first snapshot.
    pub first: Option<(String, String)>,
}

/// The [`BaselinePlan`] of a generation; `snapshot` renders the first snapshot when needed.
pub fn plan(
    root: &Path,
    from: &str,
    folder: &str,
    snapshot: impl FnOnce() -> Result<String, DocError>,
) -> Result<BaselinePlan, DocError> {
    let mut p = BaselinePlan::default();
    if from != folder {
        for f in FILES {
            if root.join(from).join(f).is_file() {
                p.moves
                    .push((format!("{from}/{f}"), format!("{folder}/{f}")));
            }
        }
    } else if read_optional(&root.join(folder).join(SNAPSHOT_FILE))?.is_none() {
        p.first = Some((format!("{folder}/{SNAPSHOT_FILE}"), snapshot()?));
    }
    Ok(p)
}

/// Performs the moves of a plan (before the old folder is cleaned up).
pub fn apply_moves(root: &Path, p: &BaselinePlan) -> Result<(), DocError> {
    for (from, to) in &p.moves {
        let (from, to) = (root.join(from), root.join(to));
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(|source| DocError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        std::fs::rename(&from, &to).map_err(|source| DocError::Io { path: to, source })?;
    }
    Ok(())
}

/// The change history of the baseline in `from`, for the document.
pub fn history(root: &Path, from: &str) -> Result<crate::migrate::history::History, DocError> {
    crate::migrate::history::History::read(&root.join(from).join(HISTORY_FILE))
        .map_err(DocError::Baseline)
}
