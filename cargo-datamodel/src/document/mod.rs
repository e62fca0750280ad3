//! The data-model document: the resolved Schema rendered as Markdown through a minijinja
//! template (built in, or the user's `template = "path.md.j2"`).
//!
//! Everything the document says is computed in [`context`] from the Schema and the
//! [`DocContext`] the caller fills (package, stack, scorecard); the template only lays it out.
//! Nothing here invents a table, column, index or constraint name: they all come from the
//! Schema. [`crate::output`] places the document and the DDL files on disk and checks them for
//! drift.

mod engine_text;
pub(crate) mod markdown;
pub mod mermaid;
pub mod view;

pub use crate::output::{check, generate, CheckReport, FileStatus, GenerateReport, StaleFile};
pub use view::DocumentView;

use crate::schema::Schema;
use crate::target::Target;
use minijinja::syntax::SyntaxConfig;
use minijinja::value::ValueKind;
use minijinja::{Environment, ErrorKind, UndefinedBehavior};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

/// Name under which the built-in template is registered (and reported in errors).
pub const BUILTIN_TEMPLATE: &str = "document.md.j2";
const BUILTIN_SOURCE: &str = include_str!("templates/document.md.j2");

/// What the document needs besides the Schema. The CLI fills it from Cargo metadata.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocContext {
    /// Document title, e.g. "blog data model".
    pub title: String,
    /// Slug of the output folder (`NN-<slug>`); `None`: derived from the title.
    #[serde(default)]
    pub slug: Option<String>,
    /// What the output folder's manifest remembers the document by, so its id and folder
    /// survive a title change: the collected packages. `None`: the slug.
    #[serde(default)]
    pub key: Option<String>,
    /// The document id (`01`); `None` until [`crate::output`] allocates it.
    pub id: Option<String>,
    pub package: PackageInfo,
    pub tech: TechContext,
    /// The quality scorecard from `cargo datamodel lint`; `None`: the section lists the checks.
    pub scorecard: Option<ScorecardView>,
    /// A user template replacing the built-in one (already resolved against the package root).
    pub template: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PackageInfo {
    pub name: String,
    pub version: String,
}

pub use crate::collect::tech::{StackCrate, TechContext};

/// The quality scorecard as the lint pass computes it (seed step 5.8); built from
/// [`crate::lints::Scorecard`] with `ScorecardView::from(&scorecard)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScorecardView {
    /// One row per dimension, in the seed's order.
    pub rows: Vec<ScoreRow>,
    /// Weighted overall score, 0.0-10.0.
    pub overall: f64,
    /// The same as a percentage, 0.0-100.0.
    pub percent: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScoreRow {
    pub dimension: String,
    /// Weight in percent (25, 25, 20, 15, 15).
    pub weight: u32,
    /// Score 0.0-10.0.
    pub score: f64,
    pub notes: String,
}

impl From<&crate::lints::Scorecard> for ScorecardView {
    fn from(s: &crate::lints::Scorecard) -> Self {
        ScorecardView {
            rows: s
                .rows
                .iter()
                .map(|r| ScoreRow {
                    dimension: r.dimension.clone(),
                    weight: r.weight,
                    score: r.score,
                    notes: r.notes.clone(),
                })
                .collect(),
            overall: s.overall,
            percent: s.percent,
        }
    }
}

/// Why the document could not be rendered or written.
#[derive(Debug)]
pub enum DocError {
    /// The template failed to compile or render.
    Template {
        /// Template file (the user's path, or `document.md.j2` for the built-in one).
        file: String,
        line: Option<usize>,
        /// The undefined variable or attribute, when that was the cause.
        undefined: Option<String>,
        message: String,
    },
    /// The user template could not be read.
    TemplateRead {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The output folder's manifest is unreadable, of another format, or lists a path
    /// outside the folder.
    Manifest { path: PathBuf, message: String },
    /// A file or folder of the output could not be read or written.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The migration baseline (snapshot or history) can't be read; the error says what to do.
    Baseline(crate::report::Error),
}

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocError::Template {
                file,
                line,
                undefined,
                message,
            } => {
                write!(f, "template error in {file}")?;
                if let Some(l) = line {
                    write!(f, ":{l}")?;
                }
                match undefined {
                    Some(name) => write!(
                        f,
                        ": `{name}` is undefined; the variables a template gets are listed in docs/template-context.md"
                    ),
                    None => write!(f, ": {message}"),
                }
            }
            DocError::TemplateRead { path, source } => write!(
                f,
                "cannot read the document template {}: {source}; fix the `template` key of [package.metadata.datamodel] or remove it to use the built-in template",
                path.display()
            ),
            DocError::Io { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
            DocError::Manifest { path, message } => write!(f, "{}: {message}", path.display()),
            DocError::Baseline(e) => f.write_str(&e.message),
        }
    }
}

impl std::error::Error for DocError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DocError::TemplateRead { source, .. } | DocError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Renders the document of `schema` as Markdown.
pub fn render_document(
    schema: &Schema,
    target: &Target,
    ctx: &DocContext,
) -> Result<String, DocError> {
    let view = view::build(schema, target, ctx);
    let document = render_built_view(&view, ctx);
    drop_in_background(view);
    document
}

/// Frees a large value on another thread, so the caller goes on while its many small
/// allocations (a 2,000-table view holds about a million) are freed: dropping the view was
/// 6% of the document stage. Small values, or no thread to be had, are dropped here.
pub(crate) fn drop_in_background(view: DocumentView) {
    if view.tables.len() < 200 {
        return;
    }
    // When no thread can be started, `spawn` drops the closure, and the view with it, here.
    let _ = std::thread::Builder::new().spawn(move || drop(view));
}

/// Renders an already built view with the context's template (the built-in one by default).
pub(crate) fn render_built_view(view: &DocumentView, ctx: &DocContext) -> Result<String, DocError> {
    if ctx.template.is_none() && view.tables.len() >= view::PARALLEL_FROM_TABLES {
        return render_builtin_split(view, true);
    }
    let (name, source) = match &ctx.template {
        Some(path) => {
            let src = std::fs::read_to_string(path).map_err(|source| DocError::TemplateRead {
                path: path.clone(),
                source,
            })?;
            (path.display().to_string(), src)
        }
        None => (BUILTIN_TEMPLATE.to_string(), BUILTIN_SOURCE.to_string()),
    };
    render_view(&name, &source, view)
}

/// Renders a view with a template source; `name` is what errors report as the file.
pub fn render_view(name: &str, source: &str, view: &DocumentView) -> Result<String, DocError> {
    let mut env = environment(name)?;
    env.add_template_owned(name.to_string(), source.to_string())
        .map_err(|e| template_error(name, &e))?;
    let tmpl = env
        .get_template(name)
        .map_err(|e| template_error(name, &e))?;
    tmpl.render(minijinja::value::Serde(view))
        .map_err(|e| template_error(name, &e))
}

/// The template environment: the syntax, the value formatter and the filters every
/// document template gets; debug info for user templates (`name` not the built-in one).
fn environment(name: &str) -> Result<Environment<'static>, DocError> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Debug info (the template source in errors, for the offending range) is for user
    // templates; the built-in one renders about 5% faster without it.
    env.set_debug(name != BUILTIN_TEMPLATE);
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(|e| template_error(name, &e))?;
    env.set_syntax(syntax);
    env.set_formatter(write_value);
    env.add_filter("cell", markdown::cell_filter);
    env.add_filter("text", markdown::text);
    Ok(env)
}

/// The built-in template around its per-table loop: the part before it, the loop, and the
/// part after it (`None` if the template no longer has the loop as written here).
fn builtin_parts() -> Option<[&'static str; 3]> {
    const LOOP_START: &str = "{% for t in tables %}\n";
    const LOOP_END: &str = "{% endfor %}\n{% if show.cross_cutting %}";
    let start = BUILTIN_SOURCE.find(LOOP_START)?;
    let end = start + BUILTIN_SOURCE[start..].find(LOOP_END)? + "{% endfor %}\n".len();
    let (head, rest) = BUILTIN_SOURCE.split_at(start);
    let (tables, tail) = rest.split_at(end - start);
    Some([head, tables, tail])
}

/// The built-in template rendered as three parts: what comes before the per-table sections
/// with the first half of them on this thread, the second half with what follows on another
/// (`parallel`), concatenated. The per-table loop reads only its table and `show`, so each
/// half is the loop over its half of the tables; the document is the one [`render_view`]
/// writes (a test compares them). Half the template's work at 2,000 tables is these sections.
fn render_builtin_split(view: &DocumentView, parallel: bool) -> Result<String, DocError> {
    let Some(parts) = builtin_parts() else {
        return render_view(BUILTIN_TEMPLATE, BUILTIN_SOURCE, view);
    };
    let mut env = environment(BUILTIN_TEMPLATE)?;
    for (name, source) in ["head", "tables", "tail"].into_iter().zip(parts) {
        env.add_template(name, source)
            .map_err(|e| template_error(BUILTIN_TEMPLATE, &e))?;
    }
    let render = |name: &str, ctx: &minijinja::Value| {
        (env.get_template(name).and_then(|t| t.render(ctx.clone())))
            .map_err(|e| template_error(BUILTIN_TEMPLATE, &e))
    };
    let whole: minijinja::Value = minijinja::value::Serde(view).into();
    let half = |range: std::ops::Range<usize>| {
        minijinja::context! {
            tables => view::objects::tables_value(view.tables.clone(), range),
            show => minijinja::value::Serde(&view.show),
        }
    };
    let (n, mid) = (view.tables.len(), view.tables.len() / 2);
    let (first, second) = view::both(
        parallel,
        || Ok::<_, DocError>(render("head", &whole)? + &render("tables", &half(0..mid))?),
        || Ok::<_, DocError>(render("tables", &half(mid..n))? + &render("tail", &whole)?),
    );
    Ok(first? + &second?)
}

/// Writes one `{{ value }}`: a string without auto-escaping is written as it is; anything
/// else as minijinja's default formatter writes it. The same bytes as the default, which
/// formats strings through `Display` twice over (about 250 instructions per value, and a
/// document at 2,000 tables emits about 340,000 values).
fn write_value(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    match (state.auto_escape(), value.as_str()) {
        (minijinja::AutoEscape::None, Some(s)) if value.kind() == ValueKind::String => {
            Ok(out.write_str(s)?)
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

fn template_error(file: &str, e: &minijinja::Error) -> DocError {
    let undefined = if e.kind() == ErrorKind::UndefinedError {
        match (e.template_source(), e.range()) {
            (Some(src), Some(r)) => src.get(r).map(|s| s.trim().to_string()),
            _ => None,
        }
    } else {
        None
    };
    DocError::Template {
        file: e.name().map_or_else(|| file.to_string(), str::to_string),
        line: e.line(),
        undefined,
        message: match e.detail() {
            Some(d) => format!("{}: {d}", e.kind()),
            None => e.kind().to_string(),
        },
    }
}

pub use crate::paths::slug;

#[cfg(test)]
mod tests {
    use super::markdown::{cell, single_spaced, SPACED_BYTES};
    use super::mermaid;

    fn is_single_spaced(s: &str) -> bool {
        single_spaced(s, &SPACED_BYTES)
    }

    /// The shortcut for already clean values gives what the full normalization gives.
    #[test]
    fn cell_and_text_shortcuts_match_the_full_normalization() {
        let inputs = [
            "",
            " ",
            "a",
            "a b",
            "a  b",
            " a",
            "a ",
            "a\nb",
            "a\tb",
            "a|b",
            "a | b",
            "\"a\"",
            "a \" b",
            "—",
            "x\u{a0}y",
            "VARCHAR(255)",
        ];
        for s in inputs {
            let words = s.split_whitespace().collect::<Vec<_>>().join(" ");
            let expected_cell = if words.is_empty() {
                "—".to_string()
            } else {
                words.replace('|', "\\|")
            };
            assert_eq!(cell(s.to_string()), expected_cell, "cell({s:?})");
            let expected_text = s
                .replace('"', "")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(mermaid::text(s), expected_text, "text({s:?})");
        }
        assert!(is_single_spaced("a b"));
        assert!(!is_single_spaced(""));
        assert!(!is_single_spaced("a  b"));
        assert!(!is_single_spaced("a\u{a0}b"));
    }
}
