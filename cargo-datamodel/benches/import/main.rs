//! BENCHMARKS.md, "Import": `cargo datamodel import`'s work (split, parse, build the Schema)
//! on the DDL the tool renders for a generated model of N tables (the scale bench's model),
//! for each engine.
//!
//!     cargo bench -p cargo-datamodel --bench import -- [TABLES [RUNS]]
//!
//! Prints one JSON object: the size of each engine's DDL, the median milliseconds of the
//! import over RUNS runs, the tables recovered, and the peak resident memory. With
//! `DM_BENCH_DDL_DIR=dir` it also writes each engine's DDL there (`postgres.sql`, ...) for
//! timing another tool on the same file. No timing is asserted anywhere.

#[path = "../scale/measure.rs"]
mod measure;
#[path = "../scale/model.rs"]
mod model;

use cargo_datamodel::config::{Config, Engine, Tenancy};
use measure::{median, memory_mib};
use std::time::Instant;

fn main() {
    let nums: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let tables = nums.first().copied().unwrap_or(2000);
    let runs = nums.get(1).copied().unwrap_or(5).max(1);
    let config = Config {
        engines: Engine::ALL.to_vec(),
        engines_inferred: false,
        tenancy: Tenancy::Shared,
        ..Config::default()
    };
    let schema = cargo_datamodel::schema::resolve::resolve(&model::model(tables), &config)
        .expect("the bench model resolves");
    let mut parts = Vec::new();
    for engine in Engine::ALL {
        let ddl = cargo_datamodel::ddl::render_ddl(&schema, engine);
        // For timing another tool on the same file (BENCHMARKS.md runs squawk on it).
        if let Ok(dir) = std::env::var("DM_BENCH_DDL_DIR") {
            let path = std::path::Path::new(&dir).join(format!("{}.sql", engine.name()));
            std::fs::write(&path, &ddl).expect("write the DDL");
        }
        let mut times = Vec::new();
        let mut recovered = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let imported = cargo_datamodel::import::import_sql(&ddl, Some(engine))
                .expect("the rendered DDL imports");
            times.push(t.elapsed().as_secs_f64() * 1e3);
            recovered = imported.schema.tables.len();
        }
        parts.push(format!(
            "\"{}\": {{\"ddl_bytes\": {}, \"import_ms\": {:.1}, \"tables\": {recovered}}}",
            engine.name(),
            ddl.len(),
            median(times)
        ));
    }
    println!(
        "{{\"tables\": {tables}, \"runs\": {runs}, {}, \"peak_mib\": {:.1}}}",
        parts.join(", "),
        memory_mib("VmHWM:")
    );
}
