//! Round trip: random valid models (`datamodel-testgen`) → the DDL of each engine →
//! `cargo datamodel import` → the same Schema parts: tables, columns (in order, the type as the
//! engine spells it, identity, nullability, default as the engine writes it), primary keys, foreign keys with their actions,
//! unique keys and indexes (columns, direction, predicate), checks, and comments where the
//! engine stores them.
//!
//! What legitimately doesn't come back, and is therefore compared the way the engine keeps it
//! (each rule is in [`comparable`], nowhere else):
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
use cargo_datamodel::dialect::dialect_for;
use cargo_datamodel::import::import_sql;
use cargo_datamodel::schema::{resolve, IndexOrigin, Schema, Table};
use datamodel::model::IndexMethod;
use datamodel_testgen::{case_from_bytes, Case};
use proptest::collection::vec;
use proptest::prelude::any;
use proptest::test_runner::{
    Config as RunnerConfig, RngAlgorithm, RngSeed, TestCaseError, TestRunner,
};

const DEFAULT_SEED: u64 = 0x00da_7a0d_e15e_ed01;

fn seed() -> u64 {
    std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(DEFAULT_SEED)
}

fn cases(default: u32) -> u32 {
    std::env::var("DATAMODEL_PROPTEST_CASES")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(default)
}

fn check(n: u32, property: impl Fn(&Case) -> Result<(), String>) {
    let config = RunnerConfig {
        cases: n,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(seed()),
        failure_persistence: None,
        max_shrink_iters: 128,
        ..RunnerConfig::default()
    };
    let mut runner = TestRunner::new(config);
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
        panic!("property failed (seed {}): {e}", seed());
    }
}

/// SQL text compared without quotes, blanks, outer parentheses or case.
fn norm(sql: &str) -> String {
    let mut s: String = sql
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '"' | '`'))
        .collect::<String>()
        .to_ascii_lowercase();
    while s.starts_with('(') && s.ends_with(')') {
        s = s[1..s.len() - 1].to_string();
    }
    s
}

/// One table as the engine keeps it, one line per part (see the module doc for each rule).
fn comparable(t: &Table, engine: Engine) -> Vec<String> {
    let d = dialect_for(engine);
    let mut v = vec![format!("table {}", t.name)];
    for c in &t.columns {
        let comment = match d.comment_style() {
            cargo_datamodel::dialect::CommentStyle::SqlComment => None,
            _ => c.comment.clone(),
        };
        let default = c.default.as_ref().map(|x| norm(&d.default_sql(x)));
        v.push(format!(
            "column {} {} null={} default={default:?} comment={comment:?}",
            c.name,
            d.column_type(c),
            c.nullable
        ));
    }
    v.push(format!(
        "pk {} {:?}",
        t.primary_key.name, t.primary_key.columns
    ));
    let mut keys = Vec::new();
    for f in &t.foreign_keys {
        keys.push(format!(
            "fk {} {:?} -> {} {:?} {:?}/{:?}",
            f.name, f.columns, f.ref_table, f.ref_columns, f.on_delete, f.on_update
        ));
    }
    for i in &t.indexes {
        // Not rendered: GIN where the engine has none, and the active-rows index where it
        // would duplicate the primary key (no partial indexes).
        let gin = i.method == IndexMethod::Gin && !d.supports_index_method(i.method);
        if gin || (i.origin == IndexOrigin::ActiveRows && !d.supports_partial_index()) {
            continue;
        }
        let keeps_predicate = i.unique || d.supports_partial_index();
        let predicate = i.predicate.as_deref().filter(|_| keeps_predicate).map(norm);
        // An engine renders a method it doesn't have as its B-tree.
        let method = if d.supports_index_method(i.method) {
            i.method
        } else {
            IndexMethod::Btree
        };
        let include = if d.supports_include() {
            i.include.clone()
        } else {
            Vec::new()
        };
        keys.push(format!(
            "index {} {:?} unique={} where={predicate:?} method={method:?} include={include:?}",
            i.name, i.columns, i.unique
        ));
    }
    for c in &t.checks {
        keys.push(format!("check {} {}", c.name, norm(&d.check_sql(c))));
    }
    // Keys, indexes and checks are sets: the DDL orders them its own way (deferred FKs last).
    keys.sort();
    v.extend(keys);
    v
}

fn comparable_schema(s: &Schema, engine: Engine) -> Vec<String> {
    let mut tables: Vec<&Table> = s.tables.iter().collect();
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    tables.iter().flat_map(|t| comparable(t, engine)).collect()
}

fn round_trip(case: &Case, engine: Engine) -> Result<(), String> {
    let schema = resolve(&case.model, &case.config).map_err(|d| format!("must resolve: {d:?}"))?;
    let ddl = render_ddl(&schema, engine);
    let imported = import_sql(&ddl, Some(engine)).map_err(|e| e.to_string())?;
    let want = comparable_schema(&schema, engine);
    let got = comparable_schema(&imported.schema, engine);
    if want != got {
        let diff: Vec<String> = want
            .iter()
            .filter(|l| !got.contains(l))
            .map(|l| format!("- {l}"))
            .chain(
                got.iter()
                    .filter(|l| !want.contains(l))
                    .map(|l| format!("+ {l}")),
            )
            .collect();
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
    check(cases(48), |case| round_trip(case, Engine::Postgres));
}

#[test]
fn mysql_ddl_imports_back() {
    check(cases(48), |case| round_trip(case, Engine::Mysql));
}

#[test]
fn sqlite_ddl_imports_back() {
    check(cases(48), |case| round_trip(case, Engine::Sqlite));
}
