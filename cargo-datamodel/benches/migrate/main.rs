//! BENCHMARKS.md, "Migrations": the differ and the per-engine migration renderer on a
//! generated schema of N tables (the scale bench's model) with C changes spread over it.
//!
//!     cargo bench -p cargo-datamodel --bench migrate -- [TABLES [CHANGED_TABLES [RUNS]]]
//!
//! Each changed table gets one of: a nullable column, an index, a widened string (about a
//! third each), so the changes touch the column, index and type renderers. Prints one JSON
//! object: the median milliseconds of `diff` and of `render` (diff + up + down) per engine over
//! RUNS runs, the number of changes and statements, and the peak resident memory (VmHWM). No
//! timing is asserted anywhere.

#[path = "../scale/measure.rs"]
mod measure;
#[path = "../scale/model.rs"]
mod model;

use cargo_datamodel::config::{Config, Engine, Tenancy};
use cargo_datamodel::migrate::{diff, render::render};
use cargo_datamodel::schema::{Column, ColumnOrigin, Index, IndexColumn, IndexOrigin, Schema};
use datamodel::model::ColumnType;
use measure::{median, memory_mib};
use std::time::Instant;

/// `v1` with `changed` tables changed, spread evenly.
fn changed(v1: &Schema, changed: usize) -> Schema {
    let mut v2 = v1.clone();
    let n = v2.tables.len();
    let step = (n / changed.max(1)).max(1);
    for (k, i) in (0..n).step_by(step).take(changed).enumerate() {
        let t = &mut v2.tables[i];
        match k % 3 {
            0 => {
                let mut c = Column::new("bench_added", ColumnOrigin::Field, ColumnType::String);
                c.max_length = Some(40);
                c.nullable = true;
                t.columns.push(c);
            }
            1 => {
                let first = t
                    .columns
                    .iter()
                    .find(|c| !c.identity)
                    .map(|c| c.name.clone());
                if let Some(col) = first {
                    let mut ix =
                        Index::new(vec![IndexColumn::asc(&col)], false, IndexOrigin::Declared);
                    ix.name = format!("idx_bench_{i}");
                    t.indexes.push(ix);
                }
            }
            _ => {
                if let Some(c) = t
                    .columns
                    .iter_mut()
                    .find(|c| c.ty == ColumnType::String && c.max_length.is_some())
                {
                    c.max_length = c.max_length.map(|n| n + 50);
                }
            }
        }
    }
    v2
}

fn main() {
    let nums: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let tables = nums.first().copied().unwrap_or(2000);
    let changed_tables = nums.get(1).copied().unwrap_or(200);
    let runs = nums.get(2).copied().unwrap_or(5).max(1);
    let config = Config {
        engines: Engine::ALL.to_vec(),
        engines_inferred: false,
        tenancy: Tenancy::Shared,
        ..Config::default()
    };
    let v1 = cargo_datamodel::schema::resolve::resolve(&model::model(tables), &config)
        .expect("the bench model resolves");
    let v2 = changed(&v1, changed_tables);
    let before = memory_mib("VmHWM:");
    let mut diff_ms = Vec::new();
    let mut render_ms: Vec<(Engine, Vec<f64>)> =
        Engine::ALL.iter().map(|e| (*e, Vec::new())).collect();
    let (mut changes, mut statements) = (0, 0);
    for _ in 0..runs {
        let t = Instant::now();
        changes = diff(&v1, &v2).len();
        diff_ms.push(t.elapsed().as_secs_f64() * 1e3);
        statements = 0;
        for (engine, times) in &mut render_ms {
            let t = Instant::now();
            let r = render(&v1, &v2, *engine, false).expect("the bench changes render");
            times.push(t.elapsed().as_secs_f64() * 1e3);
            statements += r.up.steps.iter().map(|s| s.statements.len()).sum::<usize>();
        }
    }
    let per_engine: Vec<String> = render_ms
        .into_iter()
        .map(|(e, xs)| format!("\"render_{}_ms\": {:.2}", e.name(), median(xs)))
        .collect();
    println!(
        "{{\"tables\": {tables}, \"changed_tables\": {changed_tables}, \"changes\": {changes}, \"statements_all_engines\": {statements}, \"runs\": {runs}, \"diff_ms\": {:.2}, {}, \"peak_mib_before\": {before:.1}, \"peak_mib\": {:.1}}}",
        median(diff_ms),
        per_engine.join(", "),
        memory_mib("VmHWM:")
    );
}
