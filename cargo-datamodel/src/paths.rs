//! Where outputs go, for the plan: `<out_dir>/{id}-{slug}/{id}-{slug}.md`, as the seed lays
//! them out. The id and folder come from [`crate::output::allocate_folder`], the
//! same function `generate` uses, so the plan names exactly the folder that will be written.

use std::path::Path;

/// A slug for folder and file names: lowercase ASCII words joined by `-`, at most 50 chars.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for ch in title.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.len() > 50 {
        out.truncate(50);
        out = out.trim_end_matches('-').to_string();
    }
    if out.is_empty() {
        "data-model".into()
    } else {
        out
    }
}

/// The data-model document's folder and file, relative to the workspace root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLocation {
    /// E.g. `examples/blog/docs/data-model/01-blog/`.
    pub folder: String,
    /// E.g. `01-blog.md`.
    pub file: String,
}

/// The output root of package directory `package_dir` (relative to the workspace root).
pub fn out_root_rel(package_dir: &str, out_dir: &str) -> String {
    if package_dir.is_empty() {
        out_dir.trim_end_matches('/').to_string()
    } else {
        format!("{package_dir}/{}", out_dir.trim_end_matches('/'))
    }
}

/// Locates the document of package directory `package_dir` (relative to `workspace_root`).
pub fn doc_location(
    workspace_root: &Path,
    package_dir: &str,
    out_dir: &str,
    key: &str,
    slug: &str,
) -> DocLocation {
    let out_rel = out_root_rel(package_dir, out_dir);
    let name = crate::output::allocate_folder(&workspace_root.join(&out_rel), key, slug)
        .map(|(_, folder)| folder)
        .unwrap_or_else(|_| format!("01-{slug}"));
    DocLocation {
        folder: format!("{out_rel}/{name}/"),
        file: format!("{name}.md"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_document_is_01() {
        let d = tempfile::tempdir().unwrap();
        let loc = doc_location(d.path(), "app", "docs/data-model", "app", "app");
        assert_eq!(loc.folder, "app/docs/data-model/01-app/");
        assert_eq!(loc.file, "01-app.md");
    }

    #[test]
    fn existing_id_is_reused_and_new_one_follows() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("docs/data-model/03-app")).unwrap();
        std::fs::create_dir_all(d.path().join("docs/data-model/07-other")).unwrap();
        assert_eq!(
            doc_location(d.path(), "", "docs/data-model", "app", "app").file,
            "03-app.md"
        );
        assert_eq!(
            doc_location(d.path(), "", "docs/data-model", "new", "new").file,
            "08-new.md"
        );
    }
}
