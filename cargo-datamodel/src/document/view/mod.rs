//! The view model handed to the template: every sentence, row and diagram of the document,
//! computed from the Schema and the [`Target`] (and the [`DocContext`]) so that templates only
//! lay it out.
//!
//! One file per document section, each building its part of [`DocumentView`] and testing it on
//! its own: [`summary`], [`tables`] (with the per-table [`migration_notes`]), the relationships
//! ([`crate::document::mermaid`]), [`cross_cutting`], [`index_strategy`], [`playbook`] (the steps
//! come from [`crate::migrate`]), [`retention`] (the jobs come from [`crate::retention`]),
//! [`scorecard`], [`tech`] and [`metadata`].
//!
//! Names (tables, columns, constraints, indexes) are read from the Schema, never rebuilt; SQL
//! spellings (types, defaults, quoting) come from the dialects through `engine_text`. Prose is
//! written once here so the built-in template and user templates say the same thing. The field
//! list is documented for template authors in `docs/template-context.md`: keep them in sync.

pub mod cross_cutting;
pub mod history;
pub mod index_strategy;
pub mod metadata;
pub mod migration_notes;
pub(super) mod objects;
pub mod playbook;
mod prose;
pub mod retention;
pub mod scorecard;
pub mod summary;
pub mod tables;
pub mod tech;

pub use crate::retention::EngineRecipe;
pub use cross_cutting::CrossCutting;
pub use index_strategy::{CompositeRow, IndexStrategyView};
pub use metadata::MetaRow;
pub use playbook::PlaybookRow;
pub use retention::{PiiRow, RetentionView, TtlView};
pub use scorecard::DimensionChecks;
pub use tables::{CheckRow, ColumnRow, FkRow, IndexRow, TableView};
pub use tech::TechView;

use super::mermaid::{self, Diagram};
use super::{slug, DocContext, PackageInfo, ScorecardView};
use crate::config::Depth;
use crate::schema::Schema;
use crate::target::Target;
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub title: String,
    /// Document id (`01`), empty before the output folder is allocated.
    pub id: String,
    /// `{id}-{slug}` (or the slug alone before allocation): the folder and file stem.
    pub stem: String,
    pub package: PackageInfo,
    /// `production`, `mvp` or `schema`.
    pub depth: String,
    /// `greenfield`, `brownfield` or `mixed`.
    pub migration: String,
    /// Which sections the depth includes.
    pub show: Show,
    /// 1-2 sentences: entity count, engines, tenancy, deletes, migration approach.
    pub summary: String,
    /// The first sentence of the summary (the README index line).
    pub summary_line: String,
    /// Display names, primary first.
    pub engines: Vec<String>,
    pub primary_engine: String,
    pub diagrams: Vec<Diagram>,
    /// Shared with the template without a copy (see `objects`); serialized as a list of rows.
    #[serde(serialize_with = "objects::serialize_tables")]
    pub tables: Arc<[TableView]>,
    pub cross_cutting: CrossCutting,
    pub index_strategy: IndexStrategyView,
    /// Shared with the template like the tables; serialized as a list of rows.
    #[serde(serialize_with = "objects::serialize_rows")]
    pub playbook: Arc<[PlaybookRow]>,
    /// What each migration `cargo datamodel migrate` wrote did, newest first; empty without
    /// one (filled by [`crate::output`], which reads the history file).
    pub history: Vec<history::HistoryEntry>,
    pub retention: RetentionView,
    /// The lint scorecard, when `cargo datamodel lint` provided one.
    pub scorecard: Option<ScorecardView>,
    /// What each scorecard dimension checks (seed step 5.8).
    pub scorecard_checks: Vec<DimensionChecks>,
    pub tech: TechView,
    pub metadata: Vec<MetaRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Show {
    pub indexes: bool,
    pub checks: bool,
    pub migration_notes: bool,
    pub cross_cutting: bool,
    pub index_strategy: bool,
    pub playbook: bool,
    pub retention: bool,
    pub scorecard: bool,
    pub tech: bool,
}

/// Computes the view of `schema`.
/// From this many tables on, [`build`] uses a second thread (below, starting it costs more
/// than it saves).
pub(super) const PARALLEL_FROM_TABLES: usize = 200;

/// Runs `a` and `b`, on two threads when `parallel` (a panic in either is passed on).
pub(super) fn both<A: Send, B: Send>(
    parallel: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if !parallel {
        return (a(), b());
    }
    // `b` waits in a slot, so that it still runs (here) when no thread can be started.
    let slot = std::sync::Mutex::new(Some(b));
    let take = || slot.lock().ok().and_then(|mut b| b.take());
    std::thread::scope(|s| {
        let second = std::thread::Builder::new().spawn_scoped(s, || take().map(|b| b()));
        let first = a();
        let second = match second.map(|h| h.join()) {
            Ok(Ok(Some(second))) => second,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Ok(Ok(None)) | Err(_) => take().map(|b| b()).expect("the second half runs once"),
        };
        (first, second)
    })
}

pub fn build(schema: &Schema, target: &Target, ctx: &DocContext) -> DocumentView {
    build_with(
        schema,
        target,
        ctx,
        schema.tables.len() >= PARALLEL_FROM_TABLES,
    )
}

/// [`build`], on one thread or on two.
fn build_with(schema: &Schema, target: &Target, ctx: &DocContext, parallel: bool) -> DocumentView {
    let cfg = target;
    let primary = target.primary();
    let engines = target.engines();
    let depth = cfg.depth;
    let show = Show {
        indexes: depth != Depth::Schema,
        checks: depth != Depth::Schema,
        migration_notes: depth != Depth::Schema,
        cross_cutting: depth != Depth::Schema,
        index_strategy: depth == Depth::Production,
        playbook: depth == Depth::Production,
        retention: depth == Depth::Production,
        scorecard: depth == Depth::Production,
        tech: depth != Depth::Schema,
    };
    let id = ctx.id.clone().unwrap_or_default();
    let doc_slug = slug(&ctx.title);
    let stem = if id.is_empty() {
        doc_slug
    } else {
        format!("{id}-{doc_slug}")
    };
    let summary = summary::build(schema, target);
    let summary_line = summary
        .split_inclusive(". ")
        .next()
        .unwrap_or(&summary)
        .trim()
        .to_string();
    // The table rows are half of the view and independent of the diagrams and the
    // cross-cutting sections: above a few hundred tables the two halves are built on two
    // threads (scoped: they borrow the Schema). The view, and so the document, is the same.
    let (tables, (diagrams, cross_cutting, index_strategy)) = both(
        parallel,
        || {
            let shared = migration_notes::Shared::new(engines);
            (schema.tables.iter())
                .map(|t| tables::table_view_with(target, t, &shared))
                .collect()
        },
        || {
            (
                mermaid::diagrams(schema, primary),
                cross_cutting::build(schema, target),
                index_strategy::build(schema, target),
            )
        },
    );
    DocumentView {
        title: ctx.title.clone(),
        id,
        stem: stem.clone(),
        package: ctx.package.clone(),
        depth: depth.as_str().into(),
        migration: cfg.migration.as_str().into(),
        summary,
        summary_line,
        engines: engines
            .iter()
            .map(|e| e.display_name().to_string())
            .collect(),
        primary_engine: primary.display_name().into(),
        diagrams,
        tables,
        cross_cutting,
        index_strategy,
        playbook: playbook::build(schema, target).into(),
        history: Vec::new(),
        retention: retention::build(schema, target),
        scorecard: ctx.scorecard.clone(),
        scorecard_checks: scorecard::checks(),
        tech: tech::build(ctx, schema, engines),
        metadata: metadata::build(ctx, &stem, target),
        show,
    }
}

#[cfg(test)]
mod parallel_tests {
    use super::*;
    use crate::config::Depth;
    use crate::testkit as models;

    /// The view built on two threads is the one built on one: same JSON, same document.
    #[test]
    fn two_threads_build_the_same_view_as_one() {
        for f in [
            models::large(PARALLEL_FROM_TABLES + 10),
            models::saas(Depth::Production, crate::config::Migration::Brownfield),
        ] {
            let ctx = DocContext::default();
            let one = build_with(&f, &f.target, &ctx, false);
            let two = build_with(&f, &f.target, &ctx, true);
            assert_eq!(
                serde_json::to_string(&one).unwrap(),
                serde_json::to_string(&two).unwrap()
            );
            assert_eq!(
                super::super::render_built_view(&one, &ctx).unwrap(),
                super::super::render_built_view(&two, &ctx).unwrap()
            );
        }
        assert_eq!(
            models::large(PARALLEL_FROM_TABLES).tables.len(),
            PARALLEL_FROM_TABLES
        );
    }

    /// The built-in template rendered in parts (on one thread or two) writes the document the
    /// whole template writes, for tables counts that are even, odd, one and none.
    #[test]
    fn the_built_in_template_in_parts_writes_the_same_document() {
        use super::super::{render_builtin_split, render_view, BUILTIN_SOURCE, BUILTIN_TEMPLATE};
        assert!(
            super::super::builtin_parts().is_some(),
            "the per-table loop is found"
        );
        let fixtures = [
            models::large(7),
            models::large(1),
            models::large(0),
            models::saas(Depth::Production, crate::config::Migration::Brownfield),
            models::blog(Depth::Production),
            models::awkward(),
        ];
        for f in fixtures {
            let view = build(&f, &f.target, &DocContext::default());
            let whole = render_view(BUILTIN_TEMPLATE, BUILTIN_SOURCE, &view).unwrap();
            for parallel in [false, true] {
                assert_eq!(render_builtin_split(&view, parallel).unwrap(), whole);
            }
        }
    }

    #[test]
    fn both_runs_both_halves_and_passes_a_panic_on() {
        assert_eq!(both(true, || 1, || "b"), (1, "b"));
        assert_eq!(both(false, || 1, || "b"), (1, "b"));
        let panicked =
            std::panic::catch_unwind(|| both(true, || 1, || -> u8 { panic!("second half") }));
        assert!(panicked.is_err());
    }
}
