//! Property tests: random valid models (`datamodel-testgen`, decoded from proptest's byte
//! vectors) through resolve, the three DDL dialects, the document, the Mermaid diagrams and
//! the lints.
//!
//! Properties:
//! 1. the DDL of every engine runs (SQLite in memory always; PostgreSQL 15 and MariaDB 10.11
//!    with fewer cases) and the catalog read back equals what the Schema says (tables,
//!    columns, nullability, primary keys, FKs, unique and plain indexes, checks);
//! 2. no identifier exceeds the engines' limit and no two collide in one namespace, compared
//!    case-insensitively (MySQL compares column and index names, SQLite every name, that way);
//! 3. the Schema JSON round-trips byte for byte, and rendering is deterministic (DDL x3 and the
//!    document) and never panics;
//! 4. every Mermaid diagram parses with the real mermaid packages (`tests/mermaid/check.mjs`,
//!    one Node process for all diagrams of all cases);
//! 5. the lint pass never panics and every scorecard number is within its range.
//!
//! Case counts keep this suite well under three minutes on two cores. Environment:
//! - `DATAMODEL_PROPTEST_CASES=N`: N cases for the in-process properties (SQLite, names,
//!   determinism, lints, Mermaid), N/8 (at least the defaults) for PostgreSQL and MariaDB;
//! - `PROPTEST_RNG_SEED=S` (a u64): another seed; the default is fixed ([`DEFAULT_SEED`]), so
//!   every run generates the same cases. A failure prints the shrunk input as hex;
//!   `datamodel_testgen::case_from_bytes` rebuilds the case from it.
//!
//! Failures found by these properties are kept as named regression tests at the end of this
//! file.

use cargo_datamodel::config::{Config, Depth, Engine, Migration, Tenancy};
use cargo_datamodel::ddl::render_ddl;
use cargo_datamodel::document::{mermaid, render_document, DocContext, ScorecardView};
use cargo_datamodel::lints::{self, LintConfig};
use cargo_datamodel::schema::{resolve, Schema, MAX_IDENT_LEN};
use cargo_datamodel::target::Target;
use datamodel::model::{ColumnType, IndexDef, IndexMethod, InheritanceStrategy, PkStrategy};
use datamodel::Model;
use datamodel_testgen::{case_from_bytes, Case};
use datamodel_tests::behaviour::install;
use datamodel_tests::catalog::{
    assert_catalog, expected, introspect_mysql, introspect_pg, introspect_sqlite,
};
use datamodel_tests::engines::{sqlite, My, Pg};
use datamodel_tests::models::{model, string, E};
use datamodel_tests::prop;
use proptest::collection::vec;
use proptest::prelude::any;
use proptest::test_runner::TestCaseError;
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;

/// The seed used unless `PROPTEST_RNG_SEED` says otherwise.
const DEFAULT_SEED: u64 = 0x00da_7a0d_e15e_ed01;

/// Largest input of one case, in bytes (enough for 30 entities with every feature).
const MAX_INPUT: usize = 4096;

/// Runs `property` on `n` generated cases; a failure (error or panic) is shrunk and reported
/// with its input.
fn check(n: u32, property: impl Fn(&Case) -> Result<(), String>) {
    let mut runner = prop::runner(n, prop::seed(DEFAULT_SEED), 256);
    let result = runner.run(&vec(any::<u8>(), 0..MAX_INPUT), |bytes| {
        let case = case_from_bytes(&bytes);
        property(&case).map_err(|e| {
            TestCaseError::fail(format!(
                "{e}\n--- model\n{}\n--- input (hex)\n{}",
                serde_json::to_string(&case.model).unwrap_or_default(),
                prop::hex(&bytes)
            ))
        })
    });
    if let Err(e) = result {
        panic!("property failed (seed {}): {e}", prop::seed(DEFAULT_SEED));
    }
}

fn resolved(case: &Case) -> Result<Schema, String> {
    resolve(&case.model, &case.config).map_err(|d| format!("a valid model must resolve: {d:#?}"))
}

// ---------------------------------------------------------------- 1. DDL runs, catalog matches

/// `schema`'s DDL installed on a fresh database of `engine`, whose catalog must match the
/// Schema (`assert_catalog` panics with the difference).
fn installs_and_matches(engine: Engine, schema: &Schema) -> Result<(), String> {
    let got = match engine {
        Engine::Citus => {
            return Err("the Citus property runs on the cluster: citus_cluster.rs".into())
        }
        Engine::Sqlite => {
            let mut conn = sqlite();
            install(&mut conn, schema);
            introspect_sqlite(&conn)
        }
        Engine::Postgres => {
            let mut pg = Pg::connect().ok_or("PostgreSQL went away")?;
            install(&mut pg, schema);
            let s = pg.schema.clone();
            introspect_pg(&mut pg.client, &s)
        }
        Engine::Mysql => {
            let mut my = My::connect().ok_or("MariaDB went away")?;
            install(&mut my, schema);
            let db = my.db.clone();
            introspect_mysql(&mut my.conn, &db)
        }
    };
    assert_catalog(&got, &expected(schema, engine), engine);
    Ok(())
}

#[test]
fn sqlite_ddl_runs_and_catalog_matches_schema() {
    check(prop::cases(96), |case| {
        installs_and_matches(Engine::Sqlite, &resolved(case)?)
    });
}

#[test]
fn postgres_ddl_runs_and_catalog_matches_schema() {
    if Pg::connect().is_none() {
        return;
    }
    check(prop::engine_cases(16), |case| {
        installs_and_matches(Engine::Postgres, &resolved(case)?)
    });
}

#[test]
fn mariadb_ddl_runs_and_catalog_matches_schema() {
    if My::connect().is_none() {
        return;
    }
    check(prop::engine_cases(12), |case| {
        installs_and_matches(Engine::Mysql, &resolved(case)?)
    });
}

/// The case with audit on ([`prop::audited`]), the first entity as the actor, for the
/// engines that accept it.
fn audited(case: &Case) -> Option<Case> {
    let mut case = prop::audited(case, |model| {
        model
            .entities
            .iter()
            .find(|e| !e.junction && e.inheritance.is_none())
            .map(|e| e.type_path.clone())
    })?;
    datamodel_testgen::for_engines_that_accept(&case.model, &mut case.config);
    Some(case)
}

#[test]
fn audited_models_install_everywhere_and_catalogs_match() {
    check(prop::cases(48), |case| {
        let Some(case) = audited(case) else {
            return Ok(());
        };
        let schema = resolved(&case)?;
        installs_and_matches(Engine::Sqlite, &schema)?;
        names_fit_and_are_unique(&schema)
    });
    for (engine, cases) in [(Engine::Postgres, 10), (Engine::Mysql, 8)] {
        if !datamodel_tests::live_db::reachable(engine) {
            continue;
        }
        check(prop::engine_cases(cases), |case| match audited(case) {
            Some(case) => installs_and_matches(engine, &resolved(&case)?),
            None => Ok(()),
        });
    }
}

// ---------------------------------------------------------------- 2. identifiers

/// Every name fits `MAX_IDENT_LEN` and is unique, case-insensitively, in its namespace:
/// relations, constraints, indexes and triggers schema-wide (the strictest engine's rule),
/// columns per table.
fn names_fit_and_are_unique(schema: &Schema) -> Result<(), String> {
    let mut global: HashSet<String> = HashSet::new();
    let mut claim = |n: &str, what: &str| -> Result<(), String> {
        if n.len() > MAX_IDENT_LEN {
            return Err(format!("{what} `{n}` is {} bytes", n.len()));
        }
        if n.is_empty() {
            return Err(format!("{what} has an empty name"));
        }
        if !global.insert(n.to_ascii_lowercase()) {
            return Err(format!("{what} `{n}` collides with another name"));
        }
        Ok(())
    };
    for t in &schema.tables {
        claim(&t.name, "table")?;
        claim(&t.primary_key.name, "primary key")?;
        for fk in &t.foreign_keys {
            claim(&fk.name, "foreign key")?;
        }
        for ix in &t.indexes {
            claim(&ix.name, "index")?;
        }
        for c in &t.checks {
            claim(&c.name, "check")?;
        }
        if let Some(tr) = &t.updated_at_trigger_name {
            claim(tr, "trigger")?;
        }
        let mut cols = HashSet::new();
        let live = t.indexes.iter().filter_map(|ix| ix.live_column.clone());
        for c in t.columns.iter().map(|c| c.name.clone()).chain(live) {
            if c.len() > MAX_IDENT_LEN {
                return Err(format!("column `{c}` of `{}` is {} bytes", t.name, c.len()));
            }
            // A live column is shared by the unique indexes with the same predicate.
            if !cols.insert(c.to_ascii_lowercase()) && !c.starts_with("dm_live") {
                return Err(format!("column `{c}` twice in `{}`", t.name));
            }
        }
    }
    Ok(())
}

#[test]
fn identifiers_fit_and_never_collide() {
    check(prop::cases(200), |case| {
        names_fit_and_are_unique(&resolved(case)?)
    });
}

// ---------------------------------------------------------------- 3. round trip, determinism

fn document(schema: &Schema, target: &Target) -> Result<String, String> {
    let report = lints::run(schema, target, &LintConfig::default());
    let scorecard = lints::scorecard::compute(schema, &report);
    let ctx = DocContext {
        title: "generated data model".into(),
        id: Some("01".into()),
        scorecard: Some(ScorecardView::from(&scorecard)),
        ..DocContext::default()
    };
    render_document(schema, target, &ctx).map_err(|e| format!("document: {e}"))
}

fn renders(schema: &Schema, target: &Target) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Engine::ALL.iter().map(|&e| render_ddl(schema, e)).collect();
    out.push(document(schema, target)?);
    Ok(out)
}

fn round_trips_and_is_deterministic(case: &Case) -> Result<(), String> {
    let schema = resolved(case)?;
    let json = serde_json::to_string_pretty(&schema).map_err(|e| e.to_string())?;
    let back = Schema::from_json(&json).map_err(|e| format!("read back: {e}"))?;
    let again = serde_json::to_string_pretty(&back).map_err(|e| e.to_string())?;
    if json != again {
        return Err("Schema JSON differs after a round trip".into());
    }
    if back != schema {
        return Err("the deserialized Schema differs from the original".into());
    }
    let second = resolved(case)?;
    if second != schema {
        return Err("resolving the same model twice gave different Schemas".into());
    }
    // The Schema is a pure value: other output options resolve to the same Schema.
    let mut other = case.config.clone();
    other.engines.reverse();
    other.depth = Depth::Schema;
    other.migration = Migration::Brownfield;
    other.out_dir = "elsewhere".into();
    if resolve(&case.model, &other).map_err(|d| format!("{d:#?}"))? != schema {
        return Err(
            "other output options (engines, depth, migration, out dir) changed the Schema".into(),
        );
    }
    let target = Target::from_config(&case.config);
    let (a, b) = (renders(&schema, &target)?, renders(&second, &target)?);
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        if x != y {
            return Err(format!(
                "render #{i} (3 DDLs, then the document) is not deterministic"
            ));
        }
    }
    Ok(())
}

#[test]
fn schema_json_round_trips_and_rendering_is_deterministic() {
    check(prop::cases(64), round_trips_and_is_deterministic);
}

// ---------------------------------------------------------------- 5. lints

fn lints_stay_in_range(case: &Case) -> Result<(), String> {
    let schema = resolved(case)?;
    let report = lints::run(
        &schema,
        &Target::from_config(&case.config),
        &LintConfig::default(),
    );
    let card = lints::scorecard::compute(&schema, &report);
    let in10 = |x: f64| (0.0..=10.0).contains(&x);
    for row in &card.rows {
        if !in10(row.score) || row.passed > row.applicable {
            return Err(format!("scorecard row out of range: {row:?}"));
        }
    }
    if !in10(card.overall) || !(0.0..=100.0).contains(&card.percent) {
        return Err(format!(
            "overall {} / percent {} out of range",
            card.overall, card.percent
        ));
    }
    Ok(())
}

#[test]
fn lints_never_panic_and_scores_stay_within_0_to_10() {
    check(prop::cases(200), lints_stay_in_range);
}

// ---------------------------------------------------------------- 4. Mermaid

/// The Mermaid judge's directory, or `None` (SKIPPED, or a failure under `CI=true`).
fn mermaid_judge() -> Option<std::path::PathBuf> {
    let judge = Path::new(env!("CARGO_MANIFEST_DIR")).join("mermaid");
    if judge.join("node_modules/mermaid10").exists() {
        return Some(judge);
    }
    let why = "tests/mermaid/node_modules missing: run tests/mermaid/install.sh";
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{why}");
    }
    println!("SKIPPED: {why}");
    None
}

/// Runs `check.mjs` once over `diagrams`; returns its output on failure.
fn judge_diagrams(judge: &Path, diagrams: &[(String, String)]) -> Result<(), String> {
    let json = serde_json::Value::Array(
        diagrams
            .iter()
            .map(|(n, t)| serde_json::json!({"name": n, "text": t}))
            .collect(),
    );
    let mut child = Command::new("node")
        .arg("check.mjs")
        .current_dir(judge)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("node: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(json.to_string().as_bytes())
            .map_err(|e| e.to_string())?;
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let ok = out.status.success()
        && stdout.contains(&format!("checked {} diagrams", diagrams.len()))
        && stdout.contains(": 0 failures");
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

#[test]
fn real_mermaid_parses_every_generated_diagram() {
    let Some(judge) = mermaid_judge() else { return };
    // Collect every diagram of every case (with the case's input), then judge them in one go.
    let collected: Mutex<Vec<(String, String, String)>> = Mutex::new(Vec::new());
    check(prop::cases(64), |case| {
        let schema = resolved(case)?;
        let engine = Target::from_config(&case.config).primary();
        let model = serde_json::to_string(&case.model).unwrap_or_default();
        let mut all = collected.lock().map_err(|e| e.to_string())?;
        let n = all.len();
        for (i, d) in mermaid::diagrams(&schema, engine).into_iter().enumerate() {
            all.push((format!("case{n}#{i}"), d.text, model.clone()));
        }
        Ok(())
    });
    let collected = collected.into_inner().unwrap_or_default();
    assert!(
        collected.len() >= 40,
        "expected a diagram per case at least"
    );
    let diagrams: Vec<(String, String)> = collected
        .iter()
        .map(|(n, t, _)| (n.clone(), t.clone()))
        .collect();
    if let Err(out) = judge_diagrams(&judge, &diagrams) {
        // Name the models behind the first failing diagram.
        let first = out
            .lines()
            .find_map(|l| l.strip_prefix("FAIL "))
            .and_then(|l| l.split_whitespace().nth(1))
            .map(|n| n.trim_end_matches(':').to_string());
        let detail = first
            .and_then(|n| collected.iter().find(|(name, _, _)| *name == n))
            .map(|(n, t, m)| format!("--- {n}\n{t}\n--- model\n{m}"))
            .unwrap_or_default();
        panic!("mermaid rejected generated diagrams:\n{out}\n{detail}");
    }
}

// ---------------------------------------------------------------- regression tests
//
// Each was a shrunk failure of a property above; the model is rewritten by hand to the few
// entities that matter. Each runs on every reachable engine and checks the catalog.

/// Installs `schema` on SQLite, and on PostgreSQL and MariaDB when reachable, comparing
/// each catalog with the Schema.
fn installs_everywhere(schema: &Schema) {
    let mut conn = sqlite();
    install(&mut conn, schema);
    assert_catalog(
        &introspect_sqlite(&conn),
        &expected(schema, Engine::Sqlite),
        Engine::Sqlite,
    );
    if let Some(mut pg) = Pg::connect() {
        install(&mut pg, schema);
        let s = pg.schema.clone();
        assert_catalog(
            &introspect_pg(&mut pg.client, &s),
            &expected(schema, Engine::Postgres),
            Engine::Postgres,
        );
    }
    if let Some(mut my) = My::connect() {
        install(&mut my, schema);
        let db = my.db.clone();
        assert_catalog(
            &introspect_mysql(&mut my.conn, &db),
            &expected(schema, Engine::Mysql),
            Engine::Mysql,
        );
    }
}

fn all_engines(tenancy: Tenancy) -> Config {
    Config {
        engines: Engine::ALL.to_vec(),
        tenancy,
        ..Config::default()
    }
}

/// Columns `title` and `Title`, tables `users` and `Users`: MySQL and SQLite fold them into
/// one name, so the model is refused with DM028 naming both (it used to rename one `_2`).
#[test]
fn regression_names_differing_only_in_case_are_refused() {
    let cols = model(vec![E::new("Supplier")
        .field(string("title", 20))
        .field(string("Title", 20))]);
    let tables = model(vec![E::new("User"), E::new("Users").table("Users")]);
    for (m, both) in [
        (cols, ["`Title`", "`title`"]),
        (tables, ["`Users`", "`users`"]),
    ] {
        let errors = resolve(&m, &all_engines(Tenancy::None)).expect_err("must be refused");
        assert!(errors.iter().all(|d| d.code == "DM028"), "{errors:#?}");
        for name in both {
            assert!(errors[0].message.contains(name), "{errors:#?}");
        }
    }
}

/// Shared tenancy put `tenant_id` in front of a hash index: PostgreSQL hash indexes have
/// one column.
#[test]
fn regression_hash_index_stays_single_column_under_shared_tenancy() {
    let m = model(vec![
        E::new("Tenant").global().field(string("name", 50)),
        E::new("Device")
            .index(IndexDef {
                fields: vec!["serial".into()],
                method: IndexMethod::Hash,
                ..Default::default()
            })
            .field(string("serial", 40)),
    ]);
    let schema = regression_schema(&m, all_engines(Tenancy::Shared));
    let ix = schema
        .table("devices")
        .unwrap()
        .indexes
        .iter()
        .find(|i| i.method == IndexMethod::Hash)
        .unwrap();
    assert_eq!(ix.columns.len(), 1);
    installs_everywhere(&schema);
}

/// `index(fields(-x), method = "hash")`: only B-tree indexes take ASC/DESC.
#[test]
fn regression_descending_column_of_a_hash_index_is_ascending() {
    let m = model(vec![E::new("Device")
        .index(IndexDef {
            fields: vec!["-serial".into()],
            method: IndexMethod::Hash,
            ..Default::default()
        })
        .field(string("serial", 40))]);
    let schema = regression_schema(&m, all_engines(Tenancy::None));
    installs_everywhere(&schema);
}

/// `index(fields(x), method = "hash", include(y))`: only B-tree indexes cover columns.
#[test]
fn regression_hash_index_has_no_include_columns() {
    let m = model(vec![E::new("Device")
        .index(IndexDef {
            fields: vec!["serial".into()],
            method: IndexMethod::Hash,
            include: vec!["label".into()],
            ..Default::default()
        })
        .field(string("serial", 40))
        .field(string("label", 40))]);
    let schema = regression_schema(&m, all_engines(Tenancy::None));
    installs_everywhere(&schema);
}

/// A M:N to a table-per-type subtype of a uuid-keyed parent: the junction column was bigint.
#[test]
fn regression_junction_to_uuid_subtype_uses_the_parents_key_type() {
    let mut parent = E::new("Account");
    parent.0.pk_strategy = Some(PkStrategy::Uuid);
    parent.0.fields[0].ty = ColumnType::Uuid;
    let m = model(vec![
        parent,
        E::new("Company").extends("Account", InheritanceStrategy::TablePerType),
        E::new("Tag").many_to_many("Company", "links", None),
    ]);
    let schema = regression_schema(&m, all_engines(Tenancy::None));
    let links = schema.table("links").unwrap();
    let company_col = links
        .columns
        .iter()
        .find(|c| c.name == "company_id")
        .unwrap();
    assert_eq!(company_col.ty, ColumnType::Uuid);
    installs_everywhere(&schema);
}

/// Resolves a regression model, panicking with the diagnostics.
fn regression_schema(model: &Model, config: Config) -> Schema {
    resolve(model, &config).unwrap_or_else(|d| panic!("resolve: {d:#?}"))
}
