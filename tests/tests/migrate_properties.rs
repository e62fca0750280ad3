//! The migration property: a random valid model v1 (the property tests' generator), a random
//! valid change to it (`datamodel_testgen::mutate`), v2. The migration from v1 to v2 applies
//! to a v1 database holding rows, every row is still there, and the catalog equals what v2
//! promises (columns compared by name: `ADD COLUMN` appends). SQLite always; PostgreSQL and
//! MariaDB when reachable (fewer cases). `PROPTEST_RNG_SEED` and `DATAMODEL_PROPTEST_CASES`
//! work as in `properties.rs`.

use cargo_datamodel::config::Engine;
use cargo_datamodel::migrate::render::render;
use cargo_datamodel::schema::{resolve, Schema};
use datamodel_testgen::{case_from_bytes, mutate, Case, Mutation};
use datamodel_tests::behaviour::{install, Db};
use datamodel_tests::catalog::{
    assert_catalog, expected, introspect_mysql, introspect_pg, introspect_sqlite, Catalog,
};
use datamodel_tests::engines::{sqlite, My, Pg};
use datamodel_tests::prop;
use datamodel_tests::rows::{counts, fill};
use proptest::collection::vec;
use proptest::prelude::any;
use proptest::test_runner::TestCaseError;

const DEFAULT_SEED: u64 = 0x00da_7a0d_e15e_ed02;

/// A case and its mutation, from two byte strings.
fn check(n: u32, property: impl Fn(&Case, &Mutation) -> Result<(), String>) {
    let mut runner = prop::runner(n, prop::seed(DEFAULT_SEED), 128);
    let input = (vec(any::<u8>(), 0..2048), vec(any::<u8>(), 0..16));
    let result = runner.run(&input, |(model_bytes, change_bytes)| {
        let case = case_from_bytes(&model_bytes);
        let m = mutate(&case.model, &change_bytes);
        property(&case, &m).map_err(|e| {
            TestCaseError::fail(format!(
                "{e}\n--- change: {}\n--- model\n{}",
                m.what,
                serde_json::to_string(&case.model).unwrap_or_default()
            ))
        })
    });
    if let Err(e) = result {
        panic!("property failed (seed {}): {e}", prop::seed(DEFAULT_SEED));
    }
}

fn schemas(case: &Case, m: &Mutation) -> Result<(Schema, Schema), String> {
    // The change may make the model one a distributing engine refuses (a `set_null`
    // reference between tenant-scoped entities): both versions then leave it out.
    let mut config = case.config.clone();
    datamodel_testgen::for_engines_that_accept(&m.model, &mut config);
    let v1 = resolve(&case.model, &config).map_err(|d| format!("v1 must resolve: {d:#?}"))?;
    let v2 = resolve(&m.model, &config).map_err(|d| format!("v2 must resolve: {d:#?}"))?;
    Ok((v1, v2))
}

fn by_name(mut c: Catalog) -> Catalog {
    for t in c.values_mut() {
        t.columns.sort();
    }
    c
}

/// Installs v1, fills it, migrates, and checks rows and catalog.
fn migrates<D: Db>(
    db: &mut D,
    case: &Case,
    m: &Mutation,
    introspect: impl Fn(&mut D) -> Catalog,
) -> Result<(), String> {
    let engine = db.engine();
    let (v1, v2) = schemas(case, m)?;
    let r = render(&v1, &v2, engine, m.destructive).map_err(|e| {
        let cols = |s: &Schema| {
            s.tables
                .iter()
                .map(|t| {
                    let c: Vec<String> = t
                        .columns
                        .iter()
                        .map(|c| format!("{}<-{:?}", c.name, c.renamed_from))
                        .collect();
                    format!("{}: {}", t.name, c.join(", "))
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        format!(
            "refused: {e:?}\n--- v1\n{}\n--- v2\n{}",
            cols(&v1),
            cols(&v2)
        )
    })?;
    install(db, &v1);
    let before = fill(db, &v1);
    for part in r.up.parts() {
        db.exec(&part.sql).map_err(|e| {
            format!(
                "{engine}: {e}\n--- part\n{}\n--- migration\n{}",
                part.sql,
                r.up.script()
            )
        })?;
    }
    let after = counts(db, &v2);
    for (table, n) in &before {
        let kept = after.get(table).copied();
        if v2.table(table).is_some() && kept != Some(*n) {
            return Err(format!(
                "{engine}: {table} had {n} rows, now {kept:?}\n{}",
                r.up.script()
            ));
        }
    }
    let (actual, wanted) = (by_name(introspect(db)), by_name(expected(&v2, engine)));
    std::panic::catch_unwind(|| assert_catalog(&actual, &wanted, engine)).map_err(|e| {
        let why = e
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_else(|| "the catalog differs".into());
        format!("{why}\n--- migration\n{}", r.up.script())
    })?;
    Ok(())
}

#[test]
fn sqlite_migrations_keep_rows_and_reach_v2() {
    check(prop::cases(64), |case, m| {
        let mut conn = sqlite();
        migrates(&mut conn, case, m, |c: &mut rusqlite::Connection| {
            introspect_sqlite(c)
        })
    });
}

#[test]
fn postgres_migrations_keep_rows_and_reach_v2() {
    if Pg::connect().is_none() {
        return;
    }
    check(prop::engine_cases(12), |case, m| {
        let Some(mut pg) = Pg::connect() else {
            return Err("PostgreSQL went away".into());
        };
        let s = pg.schema.clone();
        migrates(&mut pg, case, m, |pg: &mut Pg| {
            introspect_pg(&mut pg.client, &s)
        })
    });
}

/// squawk reports nothing on the PostgreSQL migrations of the generated changes (up and
/// down), as on the matrix's.
#[test]
fn squawk_accepts_generated_postgres_migrations() {
    let judge = std::sync::Mutex::new(datamodel_tests::squawk::Judge::new("properties"));
    check(prop::cases(48), |case, m| {
        let (v1, v2) = schemas(case, m)?;
        let r = render(&v1, &v2, Engine::Postgres, m.destructive)
            .map_err(|e| format!("refused: {e:?}"))?;
        let mut j = judge.lock().unwrap();
        j.add("up", &r.up);
        if let cargo_datamodel::migrate::render::Down::Migration(d) = &r.down {
            j.add("down", d);
        }
        Ok(())
    });
    judge.into_inner().unwrap().assert_clean();
}

#[test]
fn mariadb_migrations_keep_rows_and_reach_v2() {
    if My::connect().is_none() {
        return;
    }
    check(prop::engine_cases(10), |case, m| {
        let Some(mut my) = My::connect() else {
            return Err("MariaDB went away".into());
        };
        let db = my.db.clone();
        migrates(&mut my, case, m, |my: &mut My| {
            introspect_mysql(&mut my.conn, &db)
        })
    });
}

/// The property is not empty: most generated v1 databases hold rows before the migration.
#[test]
fn generated_databases_hold_rows() {
    let mut with_rows = 0;
    for i in 0..20u8 {
        let bytes: Vec<u8> = (0..400u32)
            .map(|j| (j as u8).wrapping_mul(31).wrapping_add(i))
            .collect();
        let case = case_from_bytes(&bytes);
        let Ok(v1) = resolve(&case.model, &case.config) else {
            continue;
        };
        let mut conn = sqlite();
        install(&mut conn, &v1);
        if fill(&mut conn, &v1).values().any(|n| *n > 0) {
            with_rows += 1;
        }
    }
    assert!(with_rows >= 15, "only {with_rows} of 20 databases got rows");
    let _ = Engine::Sqlite;
}
