//! Arbitrary bytes -> a valid model (the property tests' generator) -> resolve -> every
//! renderer: the three DDL dialects, the Mermaid diagrams, the document, the lints and the
//! scorecard. Nothing may panic, and a valid model must resolve.
#![no_main]

use cargo_datamodel::config::Engine;
use cargo_datamodel::document::{mermaid, render_document, DocContext, ScorecardView};
use cargo_datamodel::lints::{self, LintConfig};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let case = datamodel_testgen::case_from_bytes(data);
    let schema = match cargo_datamodel::schema::resolve(&case.model, &case.config) {
        Ok(s) => s,
        Err(d) => panic!("a valid model was rejected: {d:#?}"),
    };
    for engine in Engine::ALL {
        let _ = cargo_datamodel::ddl::render_ddl(&schema, engine);
        let _ = mermaid::diagrams(&schema, engine);
    }
    let report = lints::run(&schema, &LintConfig::default());
    let card = lints::scorecard::compute(&schema, &report);
    assert!(
        (0.0..=10.0).contains(&card.overall),
        "overall {}",
        card.overall
    );
    let ctx = DocContext {
        scorecard: Some(ScorecardView::from(&card)),
        ..DocContext::default()
    };
    if let Err(e) = render_document(&schema, &ctx) {
        panic!("the built-in template failed: {e}");
    }
});
