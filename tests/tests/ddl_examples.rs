//! The examples' DDL: runs on PostgreSQL 15, MariaDB 10.11 and SQLite, the catalogs equal the
//! Schema, and the DDL text is snapshotted per engine.

use cargo_datamodel::config::Engine;
use cargo_datamodel::ddl::render_ddl;
use cargo_datamodel::schema::{resolve, Schema};
use datamodel_tests::behaviour::{install, Db};
use datamodel_tests::catalog::{
    assert_catalog, expected, introspect_mysql, introspect_pg, introspect_sqlite,
};
use datamodel_tests::engines::{sqlite, My, Pg};
use datamodel_tests::examples::example;

fn schema(name: &str) -> Schema {
    let (model, config) = example(name);
    resolve(&model, &config).unwrap_or_else(|d| panic!("{name} does not resolve: {d:#?}"))
}

fn on_engine(name: &str, engine: Engine) {
    let schema = schema(name);
    match engine {
        Engine::Postgres => {
            let Some(mut pg) = Pg::connect() else { return };
            install(&mut pg, &schema);
            let s = pg.schema.clone();
            assert_catalog(
                &introspect_pg(&mut pg.client, &s),
                &expected(&schema, engine),
                engine,
            );
        }
        Engine::Mysql => {
            let Some(mut my) = My::connect() else { return };
            install(&mut my, &schema);
            let db = my.db.clone();
            assert_catalog(
                &introspect_mysql(&mut my.conn, &db),
                &expected(&schema, engine),
                engine,
            );
        }
        Engine::Sqlite => {
            let mut conn = sqlite();
            install(&mut conn as &mut dyn Db, &schema);
            assert_catalog(
                &introspect_sqlite(&conn),
                &expected(&schema, engine),
                engine,
            );
        }
        // A cluster, not a server: tests/tests/citus_cluster.rs runs the examples on it.
        Engine::Citus => panic!("run Citus examples with tests/tests/citus_cluster.rs"),
    }
}

#[test]
fn blog_postgres() {
    on_engine("blog", Engine::Postgres);
}

#[test]
fn blog_mariadb() {
    on_engine("blog", Engine::Mysql);
}

#[test]
fn blog_sqlite() {
    on_engine("blog", Engine::Sqlite);
}

#[test]
fn saas_postgres() {
    on_engine("saas", Engine::Postgres);
}

#[test]
fn saas_mariadb() {
    on_engine("saas", Engine::Mysql);
}

#[test]
fn saas_sqlite() {
    on_engine("saas", Engine::Sqlite);
}

#[test]
fn snapshots() {
    for name in ["blog", "saas"] {
        let schema = schema(name);
        for engine in Engine::ALL {
            let ddl = render_ddl(&schema, engine);
            assert_eq!(ddl, render_ddl(&schema, engine), "deterministic");
            insta::assert_snapshot!(format!("{name}_{engine}"), ddl);
        }
    }
}
