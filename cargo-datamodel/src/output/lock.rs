//! The output root's lock: held by `generate` from id allocation to the index update, so two
//! `cargo datamodel` runs writing into one root (the same crate twice, or two crates sharing a
//! docs folder) never pick the same id or lose each other's index row or manifest entry.
//!
//! An advisory lock (`flock`) on the root folder itself on Unix, so no lock file is left in
//! the user's output; elsewhere on a `.datamodel.lock` file in the root. The OS releases it
//! when the process dies, so a crashed run never blocks the next one. `check` takes no lock:
//! it only reads.

use crate::document::DocError;
use std::fs::File;
use std::path::Path;

/// Held while alive; released on drop.
pub struct RootLock {
    file: File,
}

impl RootLock {
    /// Blocks until the lock on `root` (which must exist) is ours.
    pub fn acquire(root: &Path) -> Result<RootLock, DocError> {
        let io_err = |source| DocError::Io {
            path: root.to_path_buf(),
            source,
        };
        let file = open(root).map_err(io_err)?;
        file.lock().map_err(io_err)?;
        Ok(RootLock { file })
    }
}

impl Drop for RootLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

#[cfg(unix)]
fn open(root: &Path) -> std::io::Result<File> {
    File::open(root)
}

#[cfg(not(unix))]
fn open(root: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(root.join(".datamodel.lock"))
}
