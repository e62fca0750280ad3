//! Atomic writes: a temporary file in the target's folder, filled, synced, renamed over the
//! target; a crash or an error never leaves half a file, and the temporary file is removed.
//!
//! The file gets the permissions a plain write would give it: an existing file keeps its
//! mode; a new one gets `0666` less the process umask (not the `0600` of a bare temporary
//! file), so generated files are readable like any other file in the checkout.

use super::manifest::{TEMP_PREFIX, TEMP_SUFFIX};
use crate::document::DocError;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

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
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    let permissions = new_file_permissions(path);
    if let Some(p) = &permissions {
        builder.permissions(p.clone());
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(io_err)?;
    fill(tmp.as_file_mut()).map_err(io_err)?;
    tmp.as_file_mut().sync_all().map_err(io_err)?;
    tmp.persist(path).map_err(|e| io_err(e.error))?;
    Ok(())
}

/// The mode the temporary file is created with: the existing file's, else `0666` (the
/// kernel applies the umask on creation, as for any new file).
#[cfg(unix)]
fn new_file_permissions(path: &Path) -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(match fs::metadata(path) {
        Ok(m) => m.permissions(),
        Err(_) => fs::Permissions::from_mode(0o666),
    })
}

#[cfg(not(unix))]
fn new_file_permissions(_path: &Path) -> Option<fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// New files get 0666 less the umask (here: whatever the test process has), like
    /// `fs::write`; a rewritten file keeps its mode.
    #[cfg(unix)]
    #[test]
    fn permissions_are_those_of_a_plain_write() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.txt");
        fs::write(&plain, "x").unwrap();
        let want = fs::metadata(&plain).unwrap().permissions().mode() & 0o777;

        let ours = dir.path().join("ours.sql");
        write_atomic(&ours, b"x").unwrap();
        assert_eq!(
            fs::metadata(&ours).unwrap().permissions().mode() & 0o777,
            want
        );
        assert_ne!(
            want, 0o600,
            "the test needs a umask that differs from 0600's"
        );

        fs::set_permissions(&ours, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&ours, b"y").unwrap();
        assert_eq!(
            fs::metadata(&ours).unwrap().permissions().mode() & 0o777,
            0o640,
            "a rewrite keeps the file's mode"
        );
    }
}
