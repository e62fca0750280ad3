//! The command line's files and directories as an ordered list of [`Source`]s.
//!
//! A directory is a migrations directory, applied in version order as its tool runs it:
//! sqlx (`<version>_<name>.up.sql`, or `<version>_<name>.sql` for simple migrations),
//! diesel (`<version>_<name>/up.sql`), refinery (`V<n>__<name>.sql`), plain
//! `NNNN_<name>.up.sql`. Down migrations (`.down.sql`, `down.sql`, refinery's `U<n>__`) are
//! left out: they undo, they don't describe. Versions compare as numbers (`V10` after `V9`).

use super::Source;
use std::path::{Path, PathBuf};

/// A file that could not be read.
#[derive(Debug)]
pub struct InputError {
    pub path: PathBuf,
    pub error: std::io::Error,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "can't read {}: {}", self.path.display(), self.error)
    }
}

/// Reads `paths` in the order given; each directory expands to its migrations in order.
pub fn read_inputs(paths: &[PathBuf]) -> Result<Vec<Source>, InputError> {
    let mut out = Vec::new();
    for p in paths {
        let err = |error| InputError {
            path: p.clone(),
            error,
        };
        let meta = std::fs::metadata(p).map_err(err)?;
        let files = if meta.is_dir() {
            migration_files(p).map_err(err)?
        } else {
            vec![p.clone()]
        };
        for f in files {
            let bytes = std::fs::read(&f).map_err(|error| InputError {
                path: f.clone(),
                error,
            })?;
            out.push(Source {
                name: f.display().to_string(),
                text: String::from_utf8_lossy(&bytes).into_owned(),
            });
        }
    }
    Ok(out)
}

/// The up migrations under `dir`, in the order the tools apply them.
pub fn migration_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found: Vec<(u128, String, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            // diesel: <version>_<name>/up.sql
            let up = path.join("up.sql");
            if up.is_file() {
                found.push((version(&name), name, up));
            }
        } else if let Some(key) = up_migration(&name) {
            found.push((key, name, path));
        }
    }
    found.sort();
    Ok(found.into_iter().map(|(_, _, p)| p).collect())
}

/// The version of an up-migration file name; `None` for downs and non-SQL files.
fn up_migration(name: &str) -> Option<u128> {
    let lower = name.to_ascii_lowercase();
    if !lower.ends_with(".sql") || lower.ends_with(".down.sql") || lower == "down.sql" {
        return None;
    }
    if lower.starts_with('u') && lower[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(version(name))
}

/// The leading number of a migration name (`V12__x` → 12, `20240101_x` → 20240101); names
/// without one sort last.
fn version(name: &str) -> u128 {
    // The part before the first `_`; diesel writes it `2021-10-19-170453`.
    let head = name.split('_').next().unwrap_or("");
    let head = head.strip_prefix(['V', 'v']).unwrap_or(head);
    if head.is_empty() || !head.chars().all(|c| c.is_ascii_digit() || c == '-') {
        return u128::MAX;
    }
    let digits: String = head.chars().filter(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(u128::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_sort_by_version() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in [
            "V10__later.sql",
            "V9__earlier.sql",
            "U9__undo.sql",
            "2_b.up.sql",
            "2_b.down.sql",
            "notes.txt",
        ] {
            std::fs::write(d.join(f), "").unwrap();
        }
        std::fs::create_dir(d.join("00001_init")).unwrap();
        std::fs::write(d.join("00001_init/up.sql"), "").unwrap();
        std::fs::write(d.join("00001_init/down.sql"), "").unwrap();
        std::fs::create_dir(d.join("2021-10-19-170453_diesel")).unwrap();
        std::fs::write(d.join("2021-10-19-170453_diesel/up.sql"), "").unwrap();
        let names: Vec<String> = migration_files(d)
            .unwrap()
            .iter()
            .map(|p| p.strip_prefix(d).unwrap().display().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "00001_init/up.sql",
                "2_b.up.sql",
                "V9__earlier.sql",
                "V10__later.sql",
                "2021-10-19-170453_diesel/up.sql"
            ]
        );
    }

    #[test]
    fn missing_file_names_the_path() {
        let e = read_inputs(&[PathBuf::from("/no/such/file.sql")]).unwrap_err();
        assert!(e.to_string().contains("/no/such/file.sql"), "{e}");
    }
}
