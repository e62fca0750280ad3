//! Where outputs go: `<out_dir>/{id}-{slug}/{id}-{slug}.md`, as the seed lays them out.
//!
//! The id is stable: if a folder `NN-<slug>` already exists under the output directory its id
//! is reused (regenerating updates the same document); otherwise the next free number is
//! taken. The slug comes from the configured title, else the package name.

use std::path::Path;

/// The data-model document's folder and file, relative to the workspace root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLocation {
    /// E.g. `examples/blog/docs/data-model/01-blog/`.
    pub folder: String,
    /// E.g. `01-blog.md`.
    pub file: String,
}

/// `lowercase-hyphenated`, at most 50 characters.
pub fn slug(text: &str) -> String {
    let mut s = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    let mut s: String = s.trim_end_matches('-').chars().take(50).collect();
    while s.ends_with('-') {
        s.pop();
    }
    if s.is_empty() {
        "data-model".into()
    } else {
        s
    }
}

/// Locates the document of package directory `package_dir` (relative to `workspace_root`).
pub fn doc_location(
    workspace_root: &Path,
    package_dir: &str,
    out_dir: &str,
    slug: &str,
) -> DocLocation {
    let out_rel = if package_dir.is_empty() {
        out_dir.trim_end_matches('/').to_string()
    } else {
        format!("{package_dir}/{}", out_dir.trim_end_matches('/'))
    };
    let id = existing_or_next_id(&workspace_root.join(&out_rel), slug);
    let name = format!("{id:02}-{slug}");
    DocLocation {
        folder: format!("{out_rel}/{name}/"),
        file: format!("{name}.md"),
    }
}

fn existing_or_next_id(out: &Path, slug: &str) -> u32 {
    let mut max = 0;
    let entries = std::fs::read_dir(out).into_iter().flatten().flatten();
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((num, rest)) = name.split_once('-') else {
            continue;
        };
        let Ok(n) = num.parse::<u32>() else {
            continue;
        };
        if rest == slug {
            return n;
        }
        max = max.max(n);
    }
    max + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("blog"), "blog");
        assert_eq!(
            slug("My SaaS: Billing & Tenants"),
            "my-saas-billing-tenants"
        );
        assert_eq!(slug("--"), "data-model");
        assert_eq!(slug(&"x".repeat(80)).len(), 50);
    }

    #[test]
    fn first_document_is_01() {
        let d = tempfile::tempdir().unwrap();
        let loc = doc_location(d.path(), "app", "docs/data-model", "app");
        assert_eq!(loc.folder, "app/docs/data-model/01-app/");
        assert_eq!(loc.file, "01-app.md");
    }

    #[test]
    fn existing_id_is_reused_and_new_one_follows() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join("docs/data-model/03-app")).unwrap();
        std::fs::create_dir_all(d.path().join("docs/data-model/07-other")).unwrap();
        assert_eq!(
            doc_location(d.path(), "", "docs/data-model", "app").file,
            "03-app.md"
        );
        assert_eq!(
            doc_location(d.path(), "", "docs/data-model", "new").file,
            "08-new.md"
        );
    }
}
