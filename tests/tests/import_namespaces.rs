//! A dump with two PostgreSQL schemas (`public.orders` and `sales.orders`, a foreign key from
//! one into the other, an index in each with the same name) imported, its DDL rendered and run
//! on the real engines, and the catalogs read:
//!
//! - PostgreSQL 15: the script creates the schema; each table is in its schema, the foreign
//!   key crosses them, the indexes live beside their tables; read back live
//!   (`?schema=public,sales`) it is the same three tables.
//! - MariaDB and SQLite have no schemas inside a database: the namespace is folded into the
//!   names (`sales_orders`, `sales_ix_placed`), and the script says so.
//!
//! And a migration between two such dumps (a column, an index and a table added to `sales`, an
//! index and a CHECK dropped there while the index's namesake in `public` stays, a table in a new
//! schema `audit`) runs on each engine.
//!
//! Servers unreachable: SKIPPED, or a failure under `CI=true` (`tests/support/engines.rs`).

use cargo_datamodel::config::Engine;
use cargo_datamodel::ddl::render_ddl;
use cargo_datamodel::import::{import, import_sql, live, Imported};
use cargo_datamodel::migrate::render::{render, Migration};
use datamodel_tests::behaviour::{apply, Db};
use datamodel_tests::engines::{sqlite, unique_name, My, Pg};

const DUMP: &str = "CREATE SCHEMA sales;
CREATE TABLE public.orders (id int NOT NULL, placed date, CONSTRAINT orders_pkey PRIMARY KEY (id));
CREATE TABLE sales.orders (
    id int NOT NULL,
    placed date,
    origin int REFERENCES public.orders (id),
    CONSTRAINT ck_id CHECK (id > 0),
    CONSTRAINT orders_pkey PRIMARY KEY (id)
);
CREATE TABLE sales.lines (id int PRIMARY KEY, order_id int NOT NULL REFERENCES sales.orders (id));
CREATE INDEX ix_placed ON public.orders (placed);
CREATE INDEX ix_placed ON sales.orders (placed);
COMMENT ON TABLE sales.orders IS 'Orders of the sales team.';";

/// [`DUMP`] a release later.
fn dump_v2() -> String {
    DUMP.replace(
        "origin int REFERENCES",
        "origin int, note text, FOREIGN KEY (origin) REFERENCES",
    )
    .replace("CONSTRAINT ck_id CHECK (id > 0),", "")
    .replace(
        "CREATE INDEX ix_placed ON sales.orders (placed);",
        "CREATE INDEX ix_origin ON sales.orders (origin);
CREATE TABLE sales.returns (id int PRIMARY KEY, order_id int NOT NULL REFERENCES sales.orders (id));
CREATE SCHEMA audit;
CREATE TABLE audit.entries (id int PRIMARY KEY, order_id int REFERENCES sales.orders (id));",
    )
}

fn imported() -> Imported {
    imported_from(DUMP)
}

fn imported_from(dump: &str) -> Imported {
    let i = import_sql(dump, Some(Engine::Postgres)).unwrap();
    // `CREATE SCHEMA` itself is skipped; the namespace comes with each table.
    assert!(
        i.warnings
            .iter()
            .all(|w| w.reason.contains("CREATE SCHEMA")),
        "{:?}",
        i.warnings
    );
    i
}

#[test]
fn postgres_creates_each_table_in_its_schema() {
    let Some(mut pg) = Pg::connect() else { return };
    let ddl = render_ddl(&imported().schema, Engine::Postgres);
    let db = unique_name();
    pg.client
        .batch_execute(&format!("CREATE DATABASE \"{db}\""))
        .unwrap();
    let result = std::panic::catch_unwind(|| check_pg(&db, &ddl));
    let _ = pg
        .client
        .batch_execute(&format!("DROP DATABASE \"{db}\" WITH (FORCE)"));
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

fn check_pg(db: &str, ddl: &str) {
    let url = format!("host=127.0.0.1 port=5432 user=postgres dbname={db}");
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    c.batch_execute(ddl)
        .unwrap_or_else(|e| panic!("{e:?}\n--- DDL\n{ddl}"));
    let rows = |c: &mut postgres::Client, sql: &str| -> Vec<String> {
        c.query(sql, &[])
            .unwrap()
            .iter()
            .map(|r| r.get::<_, String>(0))
            .collect()
    };
    assert_eq!(
        rows(
            &mut c,
            "SELECT table_schema || '.' || table_name FROM information_schema.tables
             WHERE table_schema IN ('public', 'sales') ORDER BY 1"
        ),
        ["public.orders", "sales.lines", "sales.orders"]
    );
    assert_eq!(
        rows(
            &mut c,
            "SELECT sn.nspname || '.' || s.relname || ' -> ' || tn.nspname || '.' || t.relname
             FROM pg_constraint k
             JOIN pg_class s ON s.oid = k.conrelid JOIN pg_namespace sn ON sn.oid = s.relnamespace
             JOIN pg_class t ON t.oid = k.confrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
             WHERE k.contype = 'f' ORDER BY 1"
        ),
        [
            "sales.lines -> sales.orders",
            "sales.orders -> public.orders"
        ]
    );
    assert_eq!(
        rows(
            &mut c,
            "SELECT schemaname || '.' || tablename || ': ' || indexname FROM pg_indexes
             WHERE schemaname IN ('public', 'sales') ORDER BY 1"
        ),
        [
            "public.orders: ix_placed",
            "public.orders: orders_pkey",
            "sales.lines: pk_lines",
            "sales.orders: ix_placed",
            "sales.orders: orders_pkey"
        ]
    );
    assert_eq!(
        rows(
            &mut c,
            "SELECT obj_description('sales.orders'::regclass, 'pg_class')"
        ),
        ["Orders of the sales team."]
    );
    // The foreign key checks rows of the other schema's table.
    c.batch_execute(
        "INSERT INTO public.orders (id) VALUES (1);
         INSERT INTO sales.orders (id, origin) VALUES (7, 1);
         INSERT INTO sales.lines (id, order_id) VALUES (1, 7);",
    )
    .unwrap();
    assert!(c
        .batch_execute("INSERT INTO sales.orders (id, origin) VALUES (8, 2)")
        .is_err());
    drop(c);
    // Read back live: the same tables in the same namespaces.
    let read = live::read(&format!(
        "postgres://postgres@127.0.0.1:5432/{db}?schema=public,sales"
    ))
    .unwrap();
    let back = import(&read.sources, Some(read.engine)).unwrap();
    let mut tables: Vec<(String, Option<String>)> = back
        .schema
        .tables
        .iter()
        .map(|t| (t.name.clone(), t.namespace.clone()))
        .collect();
    tables.sort();
    let sales = Some("sales".to_string());
    assert_eq!(
        tables,
        [
            ("orders".to_string(), None),
            ("sales.lines".to_string(), sales.clone()),
            ("sales.orders".to_string(), sales.clone()),
        ]
    );
    let fk = &back.schema.table("sales.orders").unwrap().foreign_keys[0];
    assert_eq!(
        (fk.ref_table.as_str(), fk.ref_namespace.as_deref()),
        ("orders", None)
    );
}

#[test]
fn mariadb_folds_the_namespace_into_the_names() {
    let Some(mut my) = My::connect() else { return };
    let ddl = render_ddl(&imported().schema, Engine::Mysql);
    assert!(ddl.contains("-- Namespace sales:"), "{ddl}");
    my.exec(&ddl)
        .unwrap_or_else(|e| panic!("{e}\n--- DDL\n{ddl}"));
    let db = my.db.clone();
    use mysql::prelude::Queryable;
    let tables: Vec<String> = my
        .conn
        .query(format!(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{db}' ORDER BY 1"
        ))
        .unwrap();
    assert_eq!(tables, ["orders", "sales_lines", "sales_orders"]);
    let fks: Vec<String> = my
        .conn
        .query(format!(
            "SELECT CONCAT(TABLE_NAME, ' -> ', REFERENCED_TABLE_NAME) FROM information_schema.KEY_COLUMN_USAGE
             WHERE TABLE_SCHEMA = '{db}' AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY 1"
        ))
        .unwrap();
    assert_eq!(
        fks,
        ["sales_lines -> sales_orders", "sales_orders -> orders"]
    );
    my.exec(
        "INSERT INTO orders (id) VALUES (1); INSERT INTO sales_orders (id, origin) VALUES (7, 1)",
    )
    .unwrap();
    assert!(my
        .exec("INSERT INTO sales_orders (id, origin) VALUES (8, 2)")
        .is_err());
}

#[test]
fn sqlite_folds_the_namespace_into_the_names() {
    let ddl = render_ddl(&imported().schema, Engine::Sqlite);
    assert!(ddl.contains("-- Namespace sales:"), "{ddl}");
    let mut conn = sqlite();
    conn.exec(&ddl)
        .unwrap_or_else(|e| panic!("{e}\n--- DDL\n{ddl}"));
    let names = |conn: &rusqlite::Connection, sql: &str| -> Vec<String> {
        let mut st = conn.prepare(sql).unwrap();
        st.query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(
        names(
            &conn,
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1"
        ),
        ["orders", "sales_lines", "sales_orders"]
    );
    assert_eq!(
        names(
            &conn,
            "SELECT tbl_name || ': ' || name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1"
        ),
        ["orders: ix_placed", "sales_orders: sales_ix_placed"]
    );
    assert_eq!(
        names(
            &conn,
            "SELECT \"table\" FROM pragma_foreign_key_list('sales_orders')"
        ),
        ["orders"]
    );
    conn.exec("PRAGMA foreign_keys = ON; INSERT INTO orders (id) VALUES (1); INSERT INTO sales_orders (id, origin) VALUES (7, 1)")
        .unwrap();
    assert!(conn
        .exec("INSERT INTO sales_orders (id, origin) VALUES (8, 2)")
        .is_err());
}

/// The migration from [`DUMP`] to [`dump_v2`] on `engine`.
fn migration(engine: Engine) -> Migration {
    let (old, new) = (imported().schema, imported_from(&dump_v2()).schema);
    let m = render(&old, &new, engine, false).unwrap().up;
    assert!(!m.is_empty());
    m
}

#[test]
fn postgres_migrates_tables_in_their_schema() {
    let Some(mut pg) = Pg::connect() else { return };
    let m = migration(Engine::Postgres);
    let script = m.script();
    assert!(
        script.contains("ALTER TABLE \"sales\".\"orders\" ADD COLUMN \"note\""),
        "{script}"
    );
    assert!(
        script.contains("DROP INDEX CONCURRENTLY IF EXISTS \"sales\".\"ix_placed\""),
        "{script}"
    );
    assert_eq!(
        script.matches("CREATE SCHEMA IF NOT EXISTS").count(),
        1,
        "{script}"
    );
    assert!(
        script.contains("CREATE SCHEMA IF NOT EXISTS \"audit\""),
        "{script}"
    );
    assert!(
        script.contains("ALTER TABLE \"sales\".\"orders\" DROP CONSTRAINT \"ck_id\""),
        "{script}"
    );
    let ddl = render_ddl(&imported().schema, Engine::Postgres);
    let db = unique_name();
    pg.client
        .batch_execute(&format!("CREATE DATABASE \"{db}\""))
        .unwrap();
    let result = std::panic::catch_unwind(|| {
        let url = format!("host=127.0.0.1 port=5432 user=postgres dbname={db}");
        let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        c.batch_execute(&ddl).unwrap();
        for part in m.parts() {
            c.batch_execute(&part.sql).unwrap_or_else(|e| {
                panic!("{e:?}\n--- part\n{}\n--- migration\n{script}", part.sql)
            });
        }
        let rows = |c: &mut postgres::Client, sql: &str| -> Vec<String> {
            c.query(sql, &[])
                .unwrap()
                .iter()
                .map(|r| r.get::<_, String>(0))
                .collect()
        };
        assert_eq!(
            rows(
                &mut c,
                "SELECT schemaname || '.' || tablename || ': ' || indexname FROM pg_indexes
                 WHERE indexname LIKE 'ix_%' ORDER BY 1"
            ),
            ["public.orders: ix_placed", "sales.orders: ix_origin"]
        );
        assert_eq!(
            rows(
                &mut c,
                "SELECT table_schema || '.' || table_name || '.' || column_name
                 FROM information_schema.columns WHERE column_name = 'note'"
            ),
            ["sales.orders.note"]
        );
        assert_eq!(
            rows(
                &mut c,
                "SELECT confrelid::regclass::text FROM pg_constraint
                 WHERE contype = 'f' AND conrelid = 'sales.returns'::regclass"
            ),
            ["sales.orders"]
        );
        assert_eq!(
            rows(
                &mut c,
                "SELECT confrelid::regclass::text FROM pg_constraint
                 WHERE contype = 'f' AND conrelid = 'audit.entries'::regclass"
            ),
            ["sales.orders"]
        );
    });
    let _ = pg
        .client
        .batch_execute(&format!("DROP DATABASE \"{db}\" WITH (FORCE)"));
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

#[test]
fn mariadb_and_sqlite_migrate_the_folded_names() {
    let mut lite = sqlite();
    lite.exec(&render_ddl(&imported().schema, Engine::Sqlite))
        .unwrap();
    apply(&mut lite, &migration(Engine::Sqlite), "the migration");
    let indexes: Vec<String> = {
        let mut st = lite
            .prepare("SELECT tbl_name || ': ' || name FROM sqlite_master WHERE type = 'index' AND name LIKE '%ix_%' ORDER BY 1")
            .unwrap();
        let rows = st
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows
    };
    assert_eq!(
        indexes,
        ["orders: ix_placed", "sales_orders: sales_ix_origin"]
    );
    assert_eq!(
        lite.count("SELECT count(*) FROM pragma_table_info('sales_orders') WHERE name = 'note'"),
        1
    );
    assert_eq!(
        lite.count("SELECT count(*) FROM pragma_foreign_key_list('sales_returns') WHERE \"table\" = 'sales_orders'"),
        1
    );
    assert_eq!(
        lite.count("SELECT count(*) FROM pragma_foreign_key_list('audit_entries') WHERE \"table\" = 'sales_orders'"),
        1
    );
    let Some(mut my) = My::connect() else { return };
    my.exec(&render_ddl(&imported().schema, Engine::Mysql))
        .unwrap();
    apply(&mut my, &migration(Engine::Mysql), "the migration");
    let db = my.db.clone();
    assert_eq!(
        my.count(&format!(
            "SELECT count(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '{db}'
             AND ((TABLE_NAME = 'sales_orders' AND INDEX_NAME = 'sales_ix_origin')
               OR (TABLE_NAME = 'orders' AND INDEX_NAME = 'ix_placed'))"
        )),
        2
    );
    assert_eq!(
        my.count(&format!(
            "SELECT count(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '{db}'
             AND INDEX_NAME = 'sales_ix_placed'"
        )),
        0
    );
    assert_eq!(
        my.count(&format!(
            "SELECT count(*) FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = '{db}'
             AND TABLE_NAME = 'sales_returns' AND REFERENCED_TABLE_NAME = 'sales_orders'"
        )),
        1
    );
}
