//! One shape for everything `cargo datamodel` reports: model errors (the runtime's `validate`
//! pass), resolve errors, lint findings and plain failures all become a [`Message`], which
//! [`super::human`], [`super::json`] and [`super::sarif`] render. So a diagnostic looks the
//! same in every command and every format.
//!
//! A message about a struct or field points at its line in the user's source; the span
//! underlines the field's (or struct's) name on that line, read from the file when the
//! message is built ([`SourceSpan::locate`]). Nothing here decides *what* is wrong.

use crate::lints::{self, Violation};
use crate::report::{Error, Located};
use datamodel::model::Model;
use datamodel::validate::Severity;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How serious a message is (cargo's levels; `Info` shows as `info`, in JSON as `note`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MessageLevel {
    Error,
    Warning,
    Info,
}

impl MessageLevel {
    /// cargo's JSON level: `error`, `warning`, `note`.
    pub fn cargo_name(self) -> &'static str {
        match self {
            MessageLevel::Error => "error",
            MessageLevel::Warning => "warning",
            MessageLevel::Info => "note",
        }
    }
}

/// A located line of the user's source with the part the message is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSpan {
    /// As shown: relative to the workspace root (absolute outside it).
    pub file: String,
    /// 1-based.
    pub line: u32,
    /// The whole source line, without its line break.
    pub text: String,
    /// Byte range of the underlined part within `text`.
    pub start: usize,
    pub end: usize,
    /// Byte offset of the line's start within the file.
    pub line_offset: usize,
}

impl SourceSpan {
    /// Reads line `line` of `root/file` and underlines `needle` (a whole word) on it, else
    /// the line without its indentation. `None` when the file or the line can't be read.
    pub fn locate(root: &Path, file: &str, line: u32, needle: Option<&str>) -> Option<Self> {
        let path = if Path::new(file).is_absolute() {
            PathBuf::from(file)
        } else {
            root.join(file)
        };
        let source = std::fs::read_to_string(path).ok()?;
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let mut offset = 0;
        for (i, raw) in source.split_inclusive('\n').enumerate() {
            if i == index {
                let text = raw.trim_end_matches(['\n', '\r']).to_string();
                let (start, end) = needle
                    .and_then(|n| find_word(&text, n))
                    .unwrap_or_else(|| trimmed(&text));
                return Some(SourceSpan {
                    file: file.to_string(),
                    line,
                    text,
                    start,
                    end,
                    line_offset: offset,
                });
            }
            offset += raw.len();
        }
        None
    }

    /// 1-based character columns of the underlined part (`column_end` exclusive, as cargo).
    pub fn columns(&self) -> (usize, usize) {
        let col = |byte: usize| self.text[..byte].chars().count() + 1;
        (col(self.start), col(self.end))
    }
}

/// The first occurrence of `word` in `text` not inside a longer identifier.
fn find_word(text: &str, word: &str) -> Option<(usize, usize)> {
    if word.is_empty() {
        return None;
    }
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(pos) = text[from..].find(word) {
        let start = from + pos;
        let end = start + word.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if !before.is_some_and(ident) && !after.is_some_and(ident) {
            return Some((start, end));
        }
        from = end;
    }
    None
}

/// The line without leading and trailing whitespace (the whole line when blank).
fn trimmed(text: &str) -> (usize, usize) {
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len().max(start);
    (start, end)
}

/// Something to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub level: MessageLevel,
    /// `DM001`, `DM111`; `None` for plain failures (usage, I/O, configuration).
    pub code: Option<String>,
    pub message: String,
    pub span: Option<SourceSpan>,
    /// Where, when there is no source line to show: `src/lib.rs:3`, `Post.author_id`,
    /// `` table `posts` ``.
    pub place: Option<String>,
    pub notes: Vec<String>,
    pub helps: Vec<String>,
    /// The crate (library name) the message is about, for cargo's `package_id` / `target`.
    pub crate_name: Option<String>,
}

impl Message {
    /// A plain failure: `error: <what>` and its helps (`error[DM040]: ...` when it is a
    /// refusal with a code).
    pub fn from_error(e: &Error) -> Self {
        Message {
            level: MessageLevel::Error,
            code: e.code.map(str::to_string),
            message: e.message.clone(),
            span: None,
            place: None,
            notes: Vec::new(),
            helps: e.help.clone(),
            crate_name: None,
        }
    }

    /// A model or resolve diagnostic (`location` is `file:line` relative to the workspace root).
    pub fn from_located(l: &Located, sources: Option<&Sources>) -> Self {
        let d = &l.diagnostic;
        let level = match d.severity {
            Severity::Error => MessageLevel::Error,
            Severity::Warning => MessageLevel::Warning,
            Severity::Info => MessageLevel::Info,
        };
        let entity = d.entity.as_deref();
        let rust_name = entity.map(|tp| tp.rsplit("::").next().unwrap_or(tp));
        let needle = d.field.as_deref().or(rust_name);
        let span = match (&l.location, sources) {
            (Some(loc), Some(s)) => loc.rsplit_once(':').and_then(|(file, line)| {
                SourceSpan::locate(&s.workspace_root, file, line.parse().ok()?, needle)
            }),
            _ => None,
        };
        let place = l.location.clone().or_else(|| {
            entity.map(|e| match &d.field {
                Some(f) => format!("{e}.{f}"),
                None => e.to_string(),
            })
        });
        Message {
            level,
            code: Some(d.code.clone()),
            message: d.message.clone(),
            span,
            place,
            notes: Vec::new(),
            helps: d.help.iter().cloned().collect(),
            crate_name: entity
                .and_then(|tp| tp.split("::").next())
                .map(str::to_string),
        }
    }

    /// A lint finding (its source file is relative to its package).
    pub fn from_violation(v: &Violation, sources: Option<&Sources>) -> Self {
        let level = match v.level {
            lints::Level::Deny => MessageLevel::Error,
            lints::Level::Warn => MessageLevel::Warning,
            lints::Level::Info | lints::Level::Allow => MessageLevel::Info,
        };
        let owner = v
            .source
            .as_ref()
            .and_then(|s| sources.and_then(|src| src.owner(&v.entity, &s.file)));
        let file = v.source.as_ref().map(|s| match owner {
            Some((_, dir)) if !dir.is_empty() => format!("{dir}/{}", s.file),
            _ => s.file.clone(),
        });
        let needle = v.field.as_deref().unwrap_or(&v.entity);
        let span = match (&file, &v.source, sources) {
            (Some(f), Some(s), Some(src)) => {
                SourceSpan::locate(&src.workspace_root, f, s.line, Some(needle))
            }
            _ => None,
        };
        let place = match (&file, &v.source) {
            (Some(f), Some(s)) => format!("{f}:{}", s.line),
            // Imported schemas have no Rust source: point at the table or column.
            _ => match &v.column {
                Some(c) => format!("column `{}.{c}`", v.table),
                None => format!("table `{}`", v.table),
            },
        };
        Message {
            level,
            code: Some(v.rule.code().to_string()),
            message: v.message.clone(),
            span,
            place: Some(place),
            notes: vec![format!("{}, rule `{}`", subject(v), v.rule.name())],
            helps: vec![v.help.clone()],
            crate_name: owner.map(|(c, _)| c.to_string()),
        }
    }
}

/// Where the violation is, in words: `` `Post::user_id` (column `posts.user_id`) ``.
fn subject(v: &Violation) -> String {
    match (&v.column, &v.field) {
        (Some(c), Some(f)) => format!("`{}::{f}` (column `{}.{c}`)", v.entity, v.table),
        (Some(c), None) => format!("column `{}.{c}` of `{}`", v.table, v.entity),
        _ => format!("`{}` (table `{}`)", v.entity, v.table),
    }
}

/// A crate messages may be about, as cargo names it in its JSON messages.
#[derive(Debug, Clone)]
pub struct PackageRef {
    pub id: cargo_metadata::PackageId,
    pub manifest_path: String,
    pub target: cargo_metadata::Target,
    /// Directory relative to the workspace root (`""` for the root package).
    pub dir: String,
}

/// What the renderers need to know about the collected workspace: where files are, which
/// package each crate is, which crate each entity comes from.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub workspace_root: PathBuf,
    /// By library crate name (`blog`, `multi_shop`).
    pub packages: BTreeMap<String, PackageRef>,
    /// The crate the run is about (the first selected package).
    pub primary: Option<String>,
    /// (rust name, source file relative to its package, crate name) of every entity.
    pub entities: Vec<(String, String, String)>,
}

impl Sources {
    /// From cargo's metadata and the collected model.
    pub fn new(meta: &cargo_metadata::Metadata, model: &Model, primary: Option<&str>) -> Self {
        let root = meta.workspace_root.as_std_path();
        let mut packages = BTreeMap::new();
        for p in &meta.packages {
            let Some(lib) = p.targets.iter().find(|t| t.is_lib() || t.is_rlib()) else {
                continue;
            };
            let dir = p
                .manifest_path
                .parent()
                .map(|d| {
                    d.as_std_path()
                        .strip_prefix(root)
                        .map(|r| r.to_string_lossy().into_owned())
                        .unwrap_or_else(|_| d.to_string())
                })
                .unwrap_or_default();
            packages.insert(
                lib.name.replace('-', "_"),
                PackageRef {
                    id: p.id.clone(),
                    manifest_path: p.manifest_path.to_string(),
                    target: lib.clone(),
                    dir,
                },
            );
        }
        Sources {
            workspace_root: root.to_path_buf(),
            packages,
            primary: primary.map(|p| p.replace('-', "_")),
            entities: model
                .entities
                .iter()
                .map(|e| {
                    (
                        e.rust_name.clone(),
                        e.source.file.clone(),
                        e.crate_name.clone(),
                    )
                })
                .collect(),
        }
    }

    /// The crate and package directory of the entity `rust_name` defined in `file`.
    fn owner(&self, rust_name: &str, file: &str) -> Option<(&str, &str)> {
        let (_, _, krate) = self
            .entities
            .iter()
            .find(|(n, f, _)| n == rust_name && f == file)?;
        let dir = self.packages.get(krate).map_or("", |p| p.dir.as_str());
        Some((krate.as_str(), dir))
    }

    /// The package of a message: its crate's, else the primary one.
    pub fn package_of(&self, m: &Message) -> Option<&PackageRef> {
        m.crate_name
            .as_deref()
            .and_then(|c| self.packages.get(c))
            .or_else(|| self.primary.as_deref().and_then(|p| self.packages.get(p)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_found_whole() {
        assert_eq!(find_word("    pub user_id: i64, id", "id"), Some((22, 24)));
        assert_eq!(find_word("pub struct Post {", "Post"), Some((11, 15)));
        assert_eq!(find_word("pub struct Posts {", "Post"), None);
    }

    #[test]
    fn a_span_underlines_the_name_on_its_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("lib.rs"),
            "/// A post.\npub struct Post {\n    pub author_id: i64,\n}\n",
        )
        .unwrap();
        let s = SourceSpan::locate(dir.path(), "lib.rs", 3, Some("author_id")).unwrap();
        assert_eq!(s.text, "    pub author_id: i64,");
        assert_eq!(&s.text[s.start..s.end], "author_id");
        assert_eq!(s.columns(), (9, 18));
        assert_eq!(s.line_offset, "/// A post.\npub struct Post {\n".len());
        let whole = SourceSpan::locate(dir.path(), "lib.rs", 3, Some("nowhere")).unwrap();
        assert_eq!(&whole.text[whole.start..whole.end], "pub author_id: i64,");
        assert!(SourceSpan::locate(dir.path(), "lib.rs", 9, None).is_none());
        assert!(SourceSpan::locate(dir.path(), "missing.rs", 1, None).is_none());
    }
}
