//! Figure 3 of BENCHMARKS.md: the in-process pipeline (validate, resolve, lint, DDL for the
//! three dialects, the document) on a generated model of N tables.
//!
//!     cargo bench -p cargo-datamodel --bench scale -- [TABLES [RUNS]]
//!
//! Prints one JSON object: the median milliseconds of each stage and of the whole pipeline over
//! RUNS runs, and the process's peak resident memory (VmHWM). `bench/run.sh` runs one process
//! per size so each peak belongs to one size. No timing is asserted anywhere.

mod measure;
mod model;

use cargo_datamodel::config::{Config, Engine, Tenancy};
use measure::{median, memory_mib};
use std::collections::BTreeMap;
use std::time::Instant;

/// What one pass of the pipeline measured.
#[derive(Default)]
struct Pass {
    /// (stage, milliseconds) in pipeline order.
    times: Vec<(&'static str, f64)>,
    /// (stage, peak resident MiB so far, right after it), to attribute the peak.
    peak_after: Vec<(&'static str, f64)>,
    /// Bytes of DDL, lint text and document produced (kept so the work cannot be optimized
    /// away, and printed as a sanity check).
    bytes: usize,
    /// Lint checks run and violations reported (sanity check of the model's realism).
    checks: usize,
    violations: usize,
}

/// One pass of the pipeline.
fn pipeline(m: &datamodel::Model, config: &Config) -> Result<Pass, String> {
    let mut pass = Pass::default();
    let mut bytes = 0;
    let mut stage = |name: &'static str, t: Instant| {
        pass.times.push((name, t.elapsed().as_secs_f64() * 1e3));
        pass.peak_after.push((name, memory_mib("VmHWM:")));
    };

    let t = Instant::now();
    let diags = datamodel::validate::validate(m);
    stage("validate", t);
    if let Some(d) = diags.first() {
        return Err(format!("the generated model does not validate: {d:?}"));
    }

    let t = Instant::now();
    let schema = cargo_datamodel::schema::resolve::resolve(m, config)
        .map_err(|d| format!("the generated model does not resolve: {:?}", d.first()))?;
    stage("resolve", t);

    let t = Instant::now();
    let target = cargo_datamodel::target::Target::from_config(config);
    let report = cargo_datamodel::lints::run(
        &schema,
        &target,
        &cargo_datamodel::lints::LintConfig::default(),
    );
    let card = cargo_datamodel::lints::scorecard::compute(&schema, &report);
    bytes += report.render_human().len() + card.render_text().len();
    let (checks, violations) = (report.checks.len(), report.violations.len());
    stage("lint", t);

    for (name, engine) in [
        ("ddl_postgres", Engine::Postgres),
        ("ddl_mysql", Engine::Mysql),
        ("ddl_sqlite", Engine::Sqlite),
    ] {
        let t = Instant::now();
        bytes += cargo_datamodel::ddl::render_ddl(&schema, engine).len();
        stage(name, t);
    }

    // What `generate` renders besides the DDL: the document, with the lint scorecard in it.
    let t = Instant::now();
    let ctx = cargo_datamodel::document::DocContext {
        title: "bench data model".into(),
        id: Some("01".into()),
        scorecard: Some(cargo_datamodel::document::ScorecardView::from(&card)),
        ..Default::default()
    };
    let doc = cargo_datamodel::document::render_document(&schema, &target, &ctx)
        .map_err(|e| format!("the document did not render: {e}"))?;
    bytes += doc.len();
    stage("document", t);

    pass.bytes = bytes;
    pass.checks = checks;
    pass.violations = violations;
    Ok(pass)
}

fn main() {
    // `cargo bench` passes `--bench`; take the first two numeric arguments.
    let nums: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let tables = nums.first().copied().unwrap_or(2000);
    let runs = nums.get(1).copied().unwrap_or(5).max(1);

    let m = model::model(tables);
    let model_rss = memory_mib("VmRSS:");
    let config = Config {
        engines: Engine::ALL.to_vec(),
        engines_inferred: false,
        tenancy: Tenancy::Shared,
        ..Config::default()
    };
    let mut per_stage: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    let mut totals = Vec::new();
    let mut order = Vec::new();
    let mut first: Option<Pass> = None;
    for _ in 0..runs {
        let pass = match pipeline(&m, &config) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("scale bench: {e}");
                std::process::exit(1);
            }
        };
        let times = pass.times.clone();
        // Validate runs again inside resolve: the total counts it once.
        totals.push(
            times
                .iter()
                .filter(|(n, _)| *n != "validate")
                .map(|(_, t)| t)
                .sum(),
        );
        order = times.iter().map(|(n, _)| *n).collect();
        for (name, t) in times {
            per_stage.entry(name).or_default().push(t);
        }
        first.get_or_insert(pass);
    }
    let first = first.unwrap_or_default();
    let mut medians = serde_json::Map::new();
    for name in &order {
        medians.insert(
            (*name).into(),
            median(per_stage.remove(*name).unwrap_or_default()).into(),
        );
    }
    medians.insert("total".into(), median(totals).into());
    let out = serde_json::json!({
        "tables": tables,
        "runs": runs,
        "stages": order,
        "median_ms": medians,
        "peak_rss_mib": memory_mib("VmHWM:"),
        "rss_after_model_mib": model_rss,
        "peak_rss_after_stage_mib": first.peak_after.iter().map(|(n, m)| (n.to_string(), serde_json::Value::from(*m))).collect::<serde_json::Map<_, _>>(),
        "output_bytes": first.bytes,
        "lint_checks": first.checks,
        "lint_violations": first.violations,
    });
    println!("{out}");
}
