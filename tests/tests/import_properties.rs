//! Round trip: random valid models (`datamodel-testgen`) → the DDL of each engine →
//! `cargo datamodel import` → the same Schema parts: tables, columns (in order, the type as the
//! engine spells it, identity, nullability, default as the engine writes it), primary keys, foreign keys with their actions,
//! unique keys and indexes (columns, direction, predicate), checks, and comments where the
//! engine stores them.
//!
//! What legitimately doesn't come back, and is therefore compared the way the engine keeps it
//! (each rule is in `tests/support/import_compare.rs`, nowhere else):
//! - the model type behind a spelling: MySQL spells both timestamps `DATETIME(6)`, SQLite
//!   spells most types `TEXT`/`INTEGER`; types are compared as the engine spells them;
//! - predicates of non-unique partial indexes on engines without partial indexes (MySQL drops
//!   them; its partial *unique* keys come back through their live column);
//! - index methods an engine doesn't render (GIN/BRIN on MySQL and SQLite) and `INCLUDE`
//!   columns outside PostgreSQL;
//! - comments on SQLite (written as `--` lines, which are not part of the schema);
//! - what the Schema derives rather than declares (origins, rationale, Rust names, retention,
//!   query patterns, relationship labels): not in any DDL.
//!
//! Environment: `DATAMODEL_PROPTEST_CASES=N` and `PROPTEST_RNG_SEED=S` as in `properties.rs`.

use cargo_datamodel::config::Engine;
use cargo_datamodel::ddl::render_ddl;
use cargo_datamodel::import::import_sql;
use cargo_datamodel::schema::resolve;
use datamodel_testgen::{case_from_bytes, Case};
use datamodel_tests::import_compare::{comparable_schema, line_diff, Via};
use datamodel_tests::prop;
use proptest::collection::vec;
use proptest::prelude::any;
use proptest::test_runner::TestCaseError;

const DEFAULT_SEED: u64 = 0x00da_7a0d_e15e_ed01;

fn check(n: u32, property: impl Fn(&Case) -> Result<(), String>) {
    let mut runner = prop::runner(n, prop::seed(DEFAULT_SEED), 128);
    let result = runner.run(&vec(any::<u8>(), 0..4096), |bytes| {
        let case = case_from_bytes(&bytes);
        property(&case).map_err(|e| {
            TestCaseError::fail(format!(
                "{e}\n--- model\n{}",
                serde_json::to_string(&case.model).unwrap_or_default()
            ))
        })
    });
    if let Err(e) = result {
        panic!("property failed (seed {}): {e}", prop::seed(DEFAULT_SEED));
    }
}

fn round_trip(case: &Case, engine: Engine) -> Result<(), String> {
    let schema = resolve(&case.model, &case.config).map_err(|d| format!("must resolve: {d:?}"))?;
    let ddl = render_ddl(&schema, engine);
    let imported = import_sql(&ddl, Some(engine)).map_err(|e| e.to_string())?;
    let want = comparable_schema(&schema, engine, Via::Ddl);
    let got = comparable_schema(&imported.schema, engine, Via::Ddl);
    if want != got {
        let diff = line_diff(&want, &got);
        let warnings: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
        return Err(format!(
            "{} round trip differs:\n{}\n--- skipped\n{}\n--- ddl\n{ddl}",
            engine.name(),
            diff.join("\n"),
            warnings.join("\n")
        ));
    }
    let parse_errors: Vec<String> = imported
        .warnings
        .iter()
        .filter(|w| w.reason.contains("could not be parsed"))
        .map(ToString::to_string)
        .collect();
    if !parse_errors.is_empty() {
        return Err(format!("our own DDL must parse: {parse_errors:#?}"));
    }
    Ok(())
}

#[test]
fn postgres_ddl_imports_back() {
    check(prop::cases(48), |case| round_trip(case, Engine::Postgres));
}

#[test]
fn mysql_ddl_imports_back() {
    check(prop::cases(48), |case| round_trip(case, Engine::Mysql));
}

#[test]
fn sqlite_ddl_imports_back() {
    check(prop::cases(48), |case| round_trip(case, Engine::Sqlite));
}
