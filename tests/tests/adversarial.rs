//! User text as an attacker would write it, through every SQL artefact, on the real engines.
//!
//! Doc comments with `*/`, `'`, `\`, `--`, newlines, `$$`, backticks, `"`, NUL and CR; enum
//! values and an enum default with quotes, backslashes and `);DROP`; table and column names
//! with quotes. Each engine's DDL runs in a fresh schema/database that already holds a
//! sentinel table with one row: afterwards the sentinel and its row are still there, the
//! tables are exactly the Schema's (nothing else ran), and the table and column comments read
//! back from the catalog byte-identical to what the user wrote, after the documented
//! normalisation (CR LF / CR -> LF, other control characters but TAB dropped). MariaDB runs
//! the DDL twice, with and without `NO_BACKSLASH_ESCAPES` in the session.
//!
//! Fragments that must be refused (CHECK, DEFAULT, index WHERE) are refused by resolve with
//! DM020, so no DDL exists for them. SQLite `STRICT` tables reject what the other engines
//! reject (`'abc'` for a decimal, invalid JSON, a decimal with too many places).

use cargo_datamodel::config::{Config, Engine, Tenancy};
use cargo_datamodel::ddl::render_ddl;
use cargo_datamodel::schema::{resolve, Schema};
use datamodel::model::{ColumnType, DeleteStrategy, Field, IndexDef};
use datamodel_tests::behaviour::{schema_of, Db};
use datamodel_tests::engines::{sqlite, My, Pg};
use datamodel_tests::models::{enumeration, f, model, nullable, string, text, E};
use std::collections::{BTreeMap, BTreeSet};

const SENTINEL: &str = "dm_sentinel";

/// `(what the user wrote, what the catalog must hold)`.
const HOSTILE_COMMENTS: &[(&str, &str)] = &[
    (
        "ends */ a block comment /* and opens one",
        "ends */ a block comment /* and opens one",
    ),
    ("it's a 'quoted' text ''", "it's a 'quoted' text ''"),
    (
        r"back\slash \' \\ and a trailing \",
        r"back\slash \' \\ and a trailing \",
    ),
    (
        "-- DROP TABLE dm_sentinel; --",
        "-- DROP TABLE dm_sentinel; --",
    ),
    (
        "line one\nDROP TABLE dm_sentinel;\n-- three",
        "line one\nDROP TABLE dm_sentinel;\n-- three",
    ),
    (
        "windows\r\nDROP TABLE dm_sentinel;\rmac",
        "windows\nDROP TABLE dm_sentinel;\nmac",
    ),
    (
        "$$ DROP TABLE dm_sentinel; $$ $dm$ $dm_template$",
        "$$ DROP TABLE dm_sentinel; $$ $dm$ $dm_template$",
    ),
    (
        "`backtick`; DROP TABLE dm_sentinel; `",
        "`backtick`; DROP TABLE dm_sentinel; `",
    ),
    (
        "\"double\"; DROP TABLE dm_sentinel; \"",
        "\"double\"; DROP TABLE dm_sentinel; \"",
    ),
    (
        "/*! DROP TABLE dm_sentinel */",
        "/*! DROP TABLE dm_sentinel */",
    ),
    (
        "nul\0byte, bell\x07, esc\x1b, tab\tkept",
        "nulbyte, bell, esc, tab\tkept",
    ),
    (
        "unicode ✓ é 日本 \u{2028}sep",
        "unicode ✓ é 日本 \u{2028}sep",
    ),
];

/// Enum values that must survive every engine's CHECK as data.
const HOSTILE_VALUES: &[&str] = &[
    "a'b",
    r"c\d",
    r"e\'",
    "f\"g",
    "h`i",
    "x -- y",
    "p');DROP TABLE dm_sentinel;--",
    "$$",
];

/// The hostile model: one table per comment pair (its table comment and a column comment),
/// plus a table with quotes in its names and a hostile enum with a hostile default.
fn hostile_schema() -> Schema {
    let mut entities = Vec::new();
    for (i, (comment, _)) in HOSTILE_COMMENTS.iter().enumerate() {
        let mut col = string("note", 50);
        col.comment = Some((*comment).to_string());
        entities.push(
            E::new(&format!("Note{i}"))
                .delete(DeleteStrategy::Hard)
                .comment(comment)
                .field(col),
        );
    }
    let mut status = enumeration("status", HOSTILE_VALUES);
    status.default = Some("a'b".into());
    status.comment = Some("status 'of' the \\ row */ --\nDROP TABLE dm_sentinel;".into());
    let mut quoted = text("bo\"d`y'");
    quoted.column = "bo\"d`y'".into();
    quoted.comment = Some("in a column named with quotes".into());
    entities.push(
        E::new("Odd")
            .table("od\"d`ta'ble")
            .delete(DeleteStrategy::Hard)
            .comment("a table named with quotes")
            .field(status)
            .field(quoted),
    );
    schema_of(&model(entities), Tenancy::None)
}

/// Every `(table, column or "", comment)` the Schema says the catalog must hold, with the
/// expected text taken from [`HOSTILE_COMMENTS`] where the user's text came from there.
fn expected_comments(schema: &Schema) -> BTreeSet<(String, String, String)> {
    let mut out = BTreeSet::new();
    for t in &schema.tables {
        if let Some(c) = &t.comment {
            out.insert((t.name.clone(), String::new(), c.clone()));
        }
        for col in &t.columns {
            if let Some(c) = &col.comment {
                out.insert((t.name.clone(), col.name.clone(), c.clone()));
            }
        }
    }
    // The Schema holds exactly the normalised text the table above promises.
    for (i, (_, want)) in HOSTILE_COMMENTS.iter().enumerate() {
        let table = format!("note{i}s");
        assert!(
            out.contains(&(table.clone(), String::new(), (*want).to_string())),
            "{table}: {:?}",
            out.iter().filter(|c| c.0 == table).collect::<Vec<_>>()
        );
        assert!(out.contains(&(table, "note".into(), (*want).to_string())));
    }
    out
}

fn table_names(schema: &Schema) -> BTreeSet<String> {
    let mut t: BTreeSet<String> = schema.tables.iter().map(|t| t.name.clone()).collect();
    t.insert(SENTINEL.into());
    t
}

fn odd_table(schema: &Schema) -> &cargo_datamodel::schema::Table {
    schema
        .tables
        .iter()
        .find(|t| t.name == "od\"d`ta'ble")
        .expect("the table named with quotes")
}

// ------------------------------------------------------------------------- PostgreSQL

#[test]
fn hostile_text_postgres() {
    let schema = hostile_schema();
    let Some(mut pg) = Pg::connect() else { return };
    pg.exec(&format!(
        "CREATE TABLE {SENTINEL} (id INT); INSERT INTO {SENTINEL} VALUES (1);"
    ))
    .unwrap();
    let ddl = render_ddl(&schema, Engine::Postgres);
    pg.exec(&ddl)
        .unwrap_or_else(|e| panic!("PostgreSQL rejected the DDL: {e}\n{ddl}"));
    assert_eq!(pg.count(&format!("SELECT count(*) FROM {SENTINEL}")), 1);
    let s = pg.schema.clone();
    pg_tables_and_comments(&mut pg.client, &s, &schema);
    hostile_enum_values(&mut pg, &schema);
}

/// The tables of namespace `ns` are exactly the Schema's (and the sentinel), and every
/// comment reads back as the Schema holds it (PostgreSQL's catalog; Citus's coordinator too).
fn pg_tables_and_comments(client: &mut postgres::Client, ns: &str, schema: &Schema) {
    let tables: BTreeSet<String> = client
        .query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1",
            &[&ns],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(tables, table_names(schema), "exactly the Schema's tables");
    let mut comments = BTreeSet::new();
    for t in &schema.tables {
        let rows = client
            .query(
                "SELECT coalesce(a.attname::text, ''), d.description
                 FROM pg_description d
                 LEFT JOIN pg_attribute a ON a.attrelid = d.objoid AND a.attnum = d.objsubid
                 WHERE d.objoid = format('%I.%I', $1::text, $2::text)::regclass
                   AND d.classoid = 'pg_class'::regclass",
                &[&ns, &t.name],
            )
            .unwrap();
        for r in rows {
            comments.insert((t.name.clone(), r.get::<_, String>(0), r.get::<_, String>(1)));
        }
    }
    assert_eq!(comments, expected_comments(schema));
}

/// The same hostile model on the Citus cluster: its script applies statement by statement in
/// one transaction, the sentinel survives, every table (the one named with quotes included,
/// whose name reaches `create_reference_table` as a quoted `regclass` literal) is placed,
/// and the comments and enum values read back as on PostgreSQL.
#[test]
fn hostile_text_citus() {
    let schema = hostile_schema();
    let Some(mut cluster) = datamodel_tests::citus::Cluster::connect() else {
        return;
    };
    // A schema of its own: Citus keeps views of its own (`citus_tables`) in `public`.
    cluster
        .client
        .batch_execute("CREATE SCHEMA hostile; SET search_path TO hostile")
        .unwrap();
    cluster
        .apply(&format!(
            "CREATE TABLE {SENTINEL} (id INT); INSERT INTO {SENTINEL} VALUES (1);"
        ))
        .unwrap();
    let ddl = render_ddl(&schema, Engine::Citus);
    cluster
        .apply(&ddl)
        .unwrap_or_else(|e| panic!("Citus rejected the DDL: {e}\n{ddl}"));
    let placed: BTreeSet<String> = cluster
        .client
        .query("SELECT table_name::text FROM public.citus_tables", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let quoted = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
    let want: BTreeSet<String> = schema
        .tables
        .iter()
        .map(|t| {
            if t.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                t.name.clone()
            } else {
                quoted(&t.name)
            }
        })
        .collect();
    assert_eq!(placed, want, "every table placed on the cluster");
    let mut db = CitusDb(&mut cluster.client);
    assert_eq!(db.count(&format!("SELECT count(*) FROM {SENTINEL}")), 1);
    pg_tables_and_comments(db.0, "hostile", &schema);
    hostile_enum_values(&mut db, &schema);
}

/// The coordinator as a [`Db`] for [`hostile_enum_values`].
struct CitusDb<'a>(&'a mut postgres::Client);

impl Db for CitusDb<'_> {
    fn engine(&self) -> Engine {
        Engine::Citus
    }
    fn exec(&mut self, sql: &str) -> Result<(), String> {
        datamodel_tests::citus::run_statements(self.0, sql)
    }
    fn count(&mut self, sql: &str) -> i64 {
        self.0.query_one(sql, &[]).unwrap().get(0)
    }
}

/// Every hostile enum value is stored and read back as data; a value outside the enum is
/// refused by the CHECK; the hostile default lands as written.
fn hostile_enum_values(db: &mut dyn Db, schema: &Schema) {
    let t = odd_table(schema);
    let d = cargo_datamodel::dialect::dialect_for(db.engine());
    let table = d.quote_ident(&t.name);
    let body = d.quote_ident("bo\"d`y'");
    let status = d.quote_ident("status");
    for v in HOSTILE_VALUES {
        db.exec(&format!(
            "INSERT INTO {table} ({status}, {body}) VALUES ({}, 'x')",
            d.string_literal(v)
        ))
        .unwrap_or_else(|e| panic!("{}: {v:?} refused: {e}", db.engine()));
        assert_eq!(
            db.count(&format!(
                "SELECT count(*) FROM {table} WHERE {status} = {}",
                d.string_literal(v)
            )),
            1,
            "{}: {v:?}",
            db.engine()
        );
    }
    assert!(
        db.exec(&format!(
            "INSERT INTO {table} ({status}, {body}) VALUES ('zzz', 'x')"
        ))
        .is_err(),
        "{}: a value outside the enum was accepted",
        db.engine()
    );
    db.exec(&format!(
        "INSERT INTO {table} ({body}) VALUES ('defaulted')"
    ))
    .unwrap();
    assert_eq!(
        db.count(&format!(
            "SELECT count(*) FROM {table} WHERE {body} = 'defaulted' AND {status} = 'a''b'"
        )),
        1,
        "{}: the enum default",
        db.engine()
    );
    assert_eq!(db.count(&format!("SELECT count(*) FROM {SENTINEL}")), 1);
}

// ---------------------------------------------------------------------- MySQL/MariaDB

fn hostile_text_mariadb(session_sql_mode: &str) {
    use mysql::prelude::Queryable;
    let schema = hostile_schema();
    let Some(mut my) = My::connect() else { return };
    my.exec(&format!(
        "CREATE TABLE {SENTINEL} (id INT); INSERT INTO {SENTINEL} VALUES (1); {session_sql_mode}"
    ))
    .unwrap();
    let ddl = render_ddl(&schema, Engine::Mysql);
    my.exec(&ddl)
        .unwrap_or_else(|e| panic!("MariaDB rejected the DDL: {e}\n{ddl}"));
    assert_eq!(my.count(&format!("SELECT count(*) FROM {SENTINEL}")), 1);
    let db = my.db.clone();
    let tables: BTreeSet<String> = my
        .conn
        .exec(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?",
            (&db,),
        )
        .unwrap()
        .into_iter()
        .collect();
    assert_eq!(tables, table_names(&schema), "exactly the Schema's tables");
    let mut comments = BTreeSet::new();
    let rows: Vec<(String, String)> = my
        .conn
        .exec(
            "SELECT TABLE_NAME, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_COMMENT <> ''",
            (&db,),
        )
        .unwrap();
    for (t, c) in rows {
        comments.insert((t, String::new(), c));
    }
    let rows: Vec<(String, String, String)> = my
        .conn
        .exec(
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND COLUMN_COMMENT <> ''",
            (&db,),
        )
        .unwrap();
    for row in rows {
        comments.insert(row);
    }
    assert_eq!(comments, expected_comments(&schema));
    hostile_enum_values(&mut my, &schema);
}

#[test]
fn hostile_text_mariadb_default_sql_mode() {
    hostile_text_mariadb("");
}

#[test]
fn hostile_text_mariadb_no_backslash_escapes() {
    hostile_text_mariadb(
        "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES');",
    );
}

// ----------------------------------------------------------------------------- SQLite

#[test]
fn hostile_text_sqlite() {
    let schema = hostile_schema();
    let mut conn = sqlite();
    conn.exec(&format!(
        "CREATE TABLE {SENTINEL} (id INT); INSERT INTO {SENTINEL} VALUES (1);"
    ))
    .unwrap();
    let ddl = render_ddl(&schema, Engine::Sqlite);
    conn.exec(&ddl)
        .unwrap_or_else(|e| panic!("SQLite rejected the DDL: {e}\n{ddl}"));
    assert_eq!(conn.count(&format!("SELECT count(*) FROM {SENTINEL}")), 1);
    let tables: BTreeSet<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(tables, table_names(&schema), "exactly the Schema's tables");
    // SQLite keeps no comments: the DDL carries them as `--` lines, every one of which must
    // stay a comment (a line that is not would have run, or failed to parse, above).
    // (The enum CHECK holds the hostile value as a string literal.)
    for line in ddl.lines() {
        if line.contains("DROP TABLE dm_sentinel") && !line.contains("_status_enum\" CHECK") {
            assert!(
                line.starts_with("--"),
                "user text outside a comment: {line}"
            );
        }
    }
    hostile_enum_values(&mut conn, &schema);
}

// ------------------------------------------------------------- refused before any DDL

/// Fragments no engine may get: each is refused by resolve with DM020, naming the entity and
/// field, whatever engines are configured.
#[test]
fn hostile_fragments_are_refused_for_every_configuration() {
    let cases: Vec<(&str, Field, Option<IndexDef>)> = vec![
        (
            "check",
            Field {
                check: Some("n > 0); DROP TABLE dm_sentinel; --".into()),
                ..f("n", ColumnType::Integer)
            },
            None,
        ),
        (
            "check",
            Field {
                check: Some("n > 0 # MySQL comment".into()),
                ..f("n", ColumnType::Integer)
            },
            None,
        ),
        (
            "check",
            Field {
                check: Some(r"s <> 'C:\' OR 1 = 1".into()),
                ..string("s", 20)
            },
            None,
        ),
        (
            "check",
            Field {
                check: Some("n > (SELECT count(*) FROM dm_sentinel)".into()),
                ..f("n", ColumnType::Integer)
            },
            None,
        ),
        (
            "check",
            Field {
                check: Some("pg_sleep(5) IS NOT NULL".into()),
                ..f("n", ColumnType::Integer)
            },
            None,
        ),
        (
            "check",
            Field {
                check: Some("n < random()".into()),
                ..f("n", ColumnType::Integer)
            },
            None,
        ),
        (
            "check",
            Field {
                check: Some("at < now()".into()),
                ..f(
                    "at",
                    ColumnType::Timestamp {
                        with_time_zone: true,
                    },
                )
            },
            None,
        ),
        (
            "default",
            Field {
                default: Some("0); DROP TABLE dm_sentinel; --".into()),
                ..f("n", ColumnType::Integer)
            },
            None,
        ),
        (
            "default",
            Field {
                default: Some("/*! 1; DROP TABLE dm_sentinel */ 0".into()),
                ..f("n", ColumnType::Integer)
            },
            None,
        ),
        (
            "default",
            Field {
                default: Some("pg_sleep(10)".into()),
                ..nullable(f("n", ColumnType::Integer))
            },
            None,
        ),
        (
            "default",
            Field {
                default: Some("\"draft\"".into()),
                ..string("s", 20)
            },
            None,
        ),
        (
            "index `where`",
            f("n", ColumnType::Integer),
            Some(IndexDef {
                fields: vec!["n".into()],
                where_clause: Some("n > 0 /* */".into()),
                ..Default::default()
            }),
        ),
        (
            "index `where`",
            f("n", ColumnType::Integer),
            Some(IndexDef {
                fields: vec!["n".into()],
                where_clause: Some("n > nextval('s')".into()),
                ..Default::default()
            }),
        ),
    ];
    for (what, field, index) in cases {
        let fragment = field
            .check
            .clone()
            .or(field.default.clone())
            .or(index.as_ref().and_then(|i| i.where_clause.clone()))
            .unwrap();
        let mut e = E::new("Victim").delete(DeleteStrategy::Hard).field(field);
        if let Some(ix) = index {
            e = e.index(ix);
        }
        let m = model(vec![e]);
        for engines in [
            vec![Engine::Postgres],
            vec![Engine::Mysql],
            vec![Engine::Sqlite],
            Engine::ALL.to_vec(),
        ] {
            let config = Config {
                engines: engines.clone(),
                ..Config::default()
            };
            let diags = resolve(&m, &config).expect_err(&fragment);
            let d = diags
                .iter()
                .find(|d| d.code == "DM020")
                .unwrap_or_else(|| panic!("{fragment}: no DM020 in {diags:#?}"));
            assert!(
                d.message.contains(&format!("the {what} of `Victim"))
                    && d.message.contains(&format!("`{fragment}`"))
                    && d.message.contains("(parsed as "),
                "{engines:?} {fragment}: {}",
                d.message
            );
        }
    }
}

// ------------------------------------------------------------------- SQLite STRICT

/// What PostgreSQL and MariaDB refuse for a decimal or a JSON column, SQLite refuses too.
#[test]
fn sqlite_rejects_wrong_types_like_the_other_engines() {
    let mut price = f("price", ColumnType::Decimal);
    price.precision = Some(10);
    price.scale = Some(2);
    let schema = schema_of(
        &model(vec![E::new("Item")
            .delete(DeleteStrategy::Hard)
            .field(price)
            .field(nullable(f("meta", ColumnType::Json)))
            .field(nullable(f("qty", ColumnType::Integer)))]),
        Tenancy::None,
    );
    let mut conn = sqlite();
    conn.exec(&render_ddl(&schema, Engine::Sqlite)).unwrap();
    let mut outcomes: BTreeMap<&str, bool> = BTreeMap::new();
    for (sql, ok) in [
        ("INSERT INTO items (price) VALUES (12.5)", true),
        ("INSERT INTO items (price) VALUES ('12.25')", true),
        ("INSERT INTO items (price) VALUES (3)", true),
        (
            "INSERT INTO items (price, meta) VALUES (1, '{\"a\": [1, 2]}')",
            true,
        ),
        ("INSERT INTO items (price) VALUES ('abc')", false),
        ("INSERT INTO items (price) VALUES (1.234)", false),
        (
            "INSERT INTO items (price, meta) VALUES (1, '{not json')",
            false,
        ),
        ("INSERT INTO items (price, qty) VALUES (1, 'many')", false),
        ("INSERT INTO items (price, qty) VALUES (1, 2.5)", false),
    ] {
        let got = conn.exec(sql).is_ok();
        outcomes.insert(sql, got);
        assert_eq!(got, ok, "SQLite: {sql}");
    }
    // The same inserts on PostgreSQL and MariaDB agree where the engines agree on rounding:
    // `'abc'` and invalid JSON are refused everywhere.
    if let Some(mut pg) = Pg::connect() {
        pg.exec(&render_ddl(&schema, Engine::Postgres)).unwrap();
        for sql in [
            "INSERT INTO items (price) VALUES ('abc')",
            "INSERT INTO items (price, meta) VALUES (1, '{not json')",
            "INSERT INTO items (price, qty) VALUES (1, 'many')",
        ] {
            assert!(pg.exec(sql).is_err(), "PostgreSQL accepted {sql}");
            assert!(!outcomes[sql], "SQLite accepted {sql}");
        }
    }
    if let Some(mut my) = My::connect() {
        my.exec(&render_ddl(&schema, Engine::Mysql)).unwrap();
        for sql in [
            "INSERT INTO items (price) VALUES ('abc')",
            "INSERT INTO items (price, meta) VALUES (1, '{not json')",
            "INSERT INTO items (price, qty) VALUES (1, 'many')",
        ] {
            assert!(my.exec(sql).is_err(), "MariaDB accepted {sql}");
        }
    }
}
