//! Tests of the import pipeline, one per construct.

use super::*;
use crate::schema::{CheckRule, DefaultValue, ImportedType, Table};
use datamodel::model::{ColumnType, RefAction};

fn pg(sql: &str) -> Imported {
    import_sql(sql, Some(Engine::Postgres)).unwrap()
}

fn my(sql: &str) -> Imported {
    import_sql(sql, Some(Engine::Mysql)).unwrap()
}

fn lite(sql: &str) -> Imported {
    import_sql(sql, Some(Engine::Sqlite)).unwrap()
}

fn table<'a>(i: &'a Imported, name: &str) -> &'a Table {
    i.schema
        .table(name)
        .unwrap_or_else(|| panic!("no table {name}: {:#?}", i.schema.tables))
}

#[test]
fn create_table_columns_keys_defaults() {
    let i = pg("CREATE TABLE Album (
        AlbumId serial PRIMARY KEY,
        \"Title\" varchar(160) NOT NULL DEFAULT 'untitled'::character varying,
        created timestamptz NOT NULL DEFAULT now(),
        uid uuid DEFAULT gen_random_uuid(),
        price numeric(10,2) CHECK (price >= 0),
        note text
    );");
    let t = table(&i, "album");
    assert_eq!(t.primary_key.columns, ["albumid"]);
    let id = t.column("albumid").unwrap();
    assert!(id.identity && !id.nullable);
    let title = t.column("Title").unwrap();
    assert_eq!((title.max_length, title.nullable), (Some(160), false));
    assert_eq!(title.default, Some(DefaultValue::Expr("'untitled'".into())));
    assert_eq!(
        t.column("created").unwrap().default,
        Some(DefaultValue::Now)
    );
    assert_eq!(
        t.column("uid").unwrap().default,
        Some(DefaultValue::NewUuid)
    );
    assert!(t.column("note").unwrap().nullable);
    assert_eq!(t.checks.len(), 1);
    assert_eq!(t.checks[0].expr, "price >= 0");
    assert_eq!(t.checks[0].column.as_deref(), Some("price"));
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
}

#[test]
fn foreign_keys_inline_table_and_altered_with_actions() {
    let i = pg("CREATE TABLE a (id bigint PRIMARY KEY);
        CREATE TABLE b (id int, a_id bigint REFERENCES a(id) ON DELETE CASCADE,
            a2 bigint, a3 bigint,
            CONSTRAINT fk_two FOREIGN KEY (a2) REFERENCES a (id) ON DELETE SET NULL ON UPDATE RESTRICT);
        ALTER TABLE ONLY public.b ADD CONSTRAINT b_pkey PRIMARY KEY (id);
        ALTER TABLE ONLY public.b ADD CONSTRAINT b_a3_fkey FOREIGN KEY (a3) REFERENCES public.a(id);");
    let b = table(&i, "b");
    assert_eq!(b.primary_key.name, "b_pkey");
    assert_eq!(b.primary_key.columns, ["id"]);
    let fks: Vec<_> = b
        .foreign_keys
        .iter()
        .map(|f| {
            (
                f.name.as_str(),
                f.columns[0].as_str(),
                f.on_delete,
                f.on_update,
            )
        })
        .collect();
    assert_eq!(
        fks,
        [
            (
                "fk_b_a_id_a",
                "a_id",
                RefAction::Cascade,
                RefAction::NoAction
            ),
            ("fk_two", "a2", RefAction::SetNull, RefAction::Restrict),
            ("b_a3_fkey", "a3", RefAction::NoAction, RefAction::NoAction),
        ]
    );
    assert_eq!(i.schema.relationships.len(), 3);
    assert_eq!(i.schema.tables[0].name, "a", "dependency order");
}

#[test]
fn unique_and_indexes_fold_in() {
    let i = pg(
        "CREATE TABLE u (id int PRIMARY KEY, email text UNIQUE, a int, b int, UNIQUE (a, b));
        CREATE UNIQUE INDEX u_lower ON u (a) WHERE b IS NULL;
        CREATE INDEX ix_u_b ON public.u USING btree (b DESC);",
    );
    let t = table(&i, "u");
    let ix: Vec<_> = t
        .indexes
        .iter()
        .map(|x| (x.name.as_str(), x.unique, x.predicate.as_deref()))
        .collect();
    assert_eq!(
        ix,
        [
            ("uq_u_on_email", true, None),
            ("uq_u_on_a_and_b", true, None),
            ("u_lower", true, Some("b IS NULL")),
            ("ix_u_b", false, None),
        ]
    );
    assert!(t.indexes[3].columns[0].descending);
}

#[test]
fn enum_types_and_domains_become_checks() {
    let i = pg("CREATE TYPE mpaa_rating AS ENUM ('G', 'PG-13');
        CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);
        CREATE TABLE film (id int, rating mpaa_rating DEFAULT 'G'::mpaa_rating, release_year year);");
    let t = table(&i, "film");
    let r = t.column("rating").unwrap();
    assert!(matches!(&r.ty, ColumnType::Enum { values, .. } if values == &["G", "PG-13"]));
    assert_eq!(r.imported_type, Some(ImportedType::NativeEnum));
    assert_eq!(r.max_length, Some(5));
    assert!(t
        .checks
        .iter()
        .any(|c| matches!(&c.rule, CheckRule::In { column, .. } if column == "rating")));
    let y = t.column("release_year").unwrap();
    assert_eq!(y.ty, ColumnType::Integer);
    let ck = t
        .checks
        .iter()
        .find(|c| c.column.as_deref() == Some("release_year"))
        .unwrap();
    assert_eq!(ck.expr, "release_year >= 1901 AND release_year <= 2155");
}

#[test]
fn unknown_types_stay_opaque() {
    let i = pg("CREATE TABLE g (id int, shape geometry(Point,4326), doc tsvector, tags text[]);");
    let t = table(&i, "g");
    assert_eq!(
        t.column("shape").unwrap().opaque_type(),
        Some("geometry(Point, 4326)")
    );
    assert_eq!(t.column("doc").unwrap().opaque_type(), Some("TSVECTOR"));
    assert_eq!(t.column("tags").unwrap().opaque_type(), Some("TEXT[]"));
    let ddl = crate::ddl::render_ddl(&i.schema, Engine::Postgres);
    assert!(ddl.contains("geometry(Point, 4326)"), "{ddl}");
}

#[test]
fn views_listed_partitions_folded_and_noise_skipped() {
    let i = pg("SET statement_timeout = 0;
        CREATE TABLE p (id int, at date) PARTITION BY RANGE (at);
        CREATE TABLE p_2020 PARTITION OF p FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
        CREATE VIEW v AS SELECT id FROM p;
        ALTER TABLE p OWNER TO postgres;
        GRANT SELECT ON p TO app;
        CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
        this is not sql;");
    assert_eq!(i.schema.tables.len(), 1);
    assert_eq!(i.views, ["v"]);
    let reasons: Vec<String> = i.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(reasons.len(), 6, "{reasons:#?}");
    assert!(reasons[0].starts_with("<sql>:1: `SET"), "{reasons:#?}");
    assert!(
        reasons[1].contains("folded into its parent"),
        "{reasons:#?}"
    );
    assert!(reasons[5].contains("could not be parsed"), "{reasons:#?}");
    assert!(reasons[5].starts_with("<sql>:8:"), "{reasons:#?}");
}

#[test]
fn mysql_dump_with_backticks_inline_keys_and_live_columns() {
    let i = my("/*!40101 SET NAMES utf8mb4 */;
        CREATE TABLE `users` (
          `id` bigint unsigned NOT NULL AUTO_INCREMENT,
          `email` varchar(255) NOT NULL COMMENT 'login',
          `status` enum('active','closed') NOT NULL DEFAULT 'active',
          `deleted_at` datetime(6) DEFAULT NULL,
          `dm_live` tinyint AS (IF(`deleted_at` IS NULL, 1, NULL)) STORED,
          `flag` tinyint(1) NOT NULL DEFAULT '0',
          PRIMARY KEY (`id`),
          UNIQUE KEY `uq_users_on_email` (`email`, `dm_live`),
          KEY `idx_status` (`status`)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='people';");
    let t = table(&i, "users");
    assert!(t.column("id").unwrap().identity);
    assert_eq!(t.column("email").unwrap().comment.as_deref(), Some("login"));
    assert_eq!(t.column("flag").unwrap().ty, ColumnType::Boolean);
    assert_eq!(t.comment.as_deref(), Some("people"));
    assert!(t.column("dm_live").is_none());
    let uq = &t.indexes[0];
    assert_eq!(
        (uq.columns.len(), uq.predicate.as_deref()),
        (1, Some("deleted_at IS NULL"))
    );
    assert_eq!(uq.live_column.as_deref(), Some("dm_live"));
    assert_eq!(t.indexes[1].name, "idx_status");
}

#[test]
fn sqlite_rowid_and_type_checks() {
    let i = lite("PRAGMA foreign_keys = ON;
        CREATE TABLE \"tags\" (
            \"id\" INTEGER,
            \"label\" TEXT NOT NULL CHECK (length(\"label\") <= 50),
            \"meta\" TEXT CHECK (json_valid(\"meta\")),
            CONSTRAINT \"pk_tags\" PRIMARY KEY (\"id\")
        ) STRICT;
        CREATE TABLE t2 (id INTEGER PRIMARY KEY AUTOINCREMENT, tag INTEGER REFERENCES tags(id) ON DELETE CASCADE);");
    let t = table(&i, "tags");
    assert!(t.column("id").unwrap().identity);
    assert_eq!(t.column("label").unwrap().max_length, Some(50));
    assert_eq!(t.column("meta").unwrap().ty, ColumnType::Json);
    assert!(t.checks.is_empty(), "{:?}", t.checks);
    assert!(table(&i, "t2").column("id").unwrap().identity);
    assert_eq!(i.warnings.len(), 1, "the PRAGMA: {:?}", i.warnings);
}

#[test]
fn migrations_alter_in_order() {
    let i = pg("CREATE TABLE a (id int PRIMARY KEY, old text, gone text);
        CREATE TABLE b (id int, a_id int REFERENCES a(id));
        CREATE INDEX ix_gone ON a (gone);
        ALTER TABLE a ADD COLUMN added int NOT NULL DEFAULT 0;
        ALTER TABLE a DROP COLUMN gone;
        ALTER TABLE a RENAME COLUMN old TO new;
        ALTER TABLE a RENAME TO a2;
        ALTER TABLE a2 ALTER COLUMN new SET NOT NULL;
        CREATE TABLE c (id int); DROP TABLE c;
        CREATE INDEX ix_b ON b (a_id); DROP INDEX ix_b;");
    let a = table(&i, "a2");
    let cols: Vec<_> = a.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(cols, ["id", "new", "added"]);
    assert!(!a.column("new").unwrap().nullable);
    assert!(a.indexes.is_empty());
    assert_eq!(table(&i, "b").foreign_keys[0].ref_table, "a2");
    assert!(i.schema.table("c").is_none());
    assert!(table(&i, "b").indexes.is_empty());
}

#[test]
fn dialect_inference_and_its_error() {
    let i = import_sql(
        "CREATE TABLE `a` (id int AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;",
        None,
    )
    .unwrap();
    assert_eq!(i.engine.name(), "mysql");
    let e = import_sql("CREATE TABLE a (id int);", None).unwrap_err();
    assert!(e.to_string().contains("can't tell which engine"), "{e}");
}

#[test]
fn garbage_never_panics() {
    for sql in [
        "",
        ";;;",
        "CREATE",
        "CREATE TABLE (",
        "ALTER TABLE x ADD y int",
        "\u{feff}",
        "DROP TABLE nothing",
        "CREATE INDEX i ON nothing (x)",
    ] {
        for e in Engine::ALL {
            let _ = import_sql(sql, Some(e)).unwrap();
        }
    }
}

#[test]
fn set_null_column_lists_of_postgres_15() {
    let i = pg("CREATE TABLE t (id int PRIMARY KEY, tenant_id int);
        CREATE TABLE c (tenant_id int NOT NULL, t_id int,
            CONSTRAINT f FOREIGN KEY (tenant_id, t_id) REFERENCES t (tenant_id, id) ON DELETE SET NULL (\"t_id\") ON UPDATE NO ACTION);");
    let f = &table(&i, "c").foreign_keys[0];
    assert_eq!(f.on_delete, RefAction::SetNull);
    assert_eq!(f.set_null_columns, ["t_id"]);
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
}

/// pg_dump adds keys at the end, after tables were dropped and renamed: each list goes to
/// the FK its statement added, found by the table's position (not a scan of every table).
#[test]
fn set_null_column_lists_reach_their_fks_after_drops_and_renames() {
    let i = pg("CREATE TABLE t (id int PRIMARY KEY, tenant_id int);
        CREATE TABLE gone (id int);
        CREATE TABLE a (tenant_id int NOT NULL, t_id int, u_id int);
        CREATE TABLE b (tenant_id int NOT NULL, t_id int);
        DROP TABLE gone;
        ALTER TABLE a RENAME TO a2;
        ALTER TABLE ONLY b ADD CONSTRAINT fb FOREIGN KEY (tenant_id, t_id) REFERENCES t (tenant_id, id) ON DELETE SET NULL (t_id);
        ALTER TABLE ONLY a2 ADD CONSTRAINT fa FOREIGN KEY (tenant_id, u_id) REFERENCES t (tenant_id, id) ON DELETE CASCADE,
            ADD CONSTRAINT fa2 FOREIGN KEY (tenant_id, t_id) REFERENCES t (tenant_id, id) ON DELETE SET NULL (t_id);");
    let b = &table(&i, "b").foreign_keys;
    assert_eq!(
        (b.len(), b[0].set_null_columns.as_slice()),
        (1, &["t_id".to_string()][..])
    );
    let a = &table(&i, "a2").foreign_keys;
    assert_eq!(a.len(), 2);
    assert!(a[0].set_null_columns.is_empty());
    assert_eq!(a[1].set_null_columns, ["t_id"]);
    assert!(i.warnings.is_empty(), "{:?}", i.warnings);
}

#[test]
fn mysql_tenant_guard_pairs_become_one_composite_fk() {
    let i = my("CREATE TABLE d (tenant_id int, id int, PRIMARY KEY (id));
        CREATE TABLE s (tenant_id int NOT NULL, d_id int,
          CONSTRAINT f FOREIGN KEY (d_id) REFERENCES d (id) ON DELETE SET NULL,
          CONSTRAINT g FOREIGN KEY (tenant_id, d_id) REFERENCES d (tenant_id, id) ON DELETE NO ACTION);");
    let fks = &table(&i, "s").foreign_keys;
    assert_eq!(fks.len(), 1);
    assert_eq!(fks[0].columns, ["tenant_id", "d_id"]);
    assert_eq!(fks[0].set_null_columns, ["d_id"]);
    assert_eq!(fks[0].tenant_guard_name.as_deref(), Some("g"));
}

#[test]
fn postgres_catalog_spellings_of_checks() {
    let i = pg("CREATE TABLE t (s varchar(10), n int,
        CONSTRAINT c1 CHECK (((s)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))),
        CONSTRAINT c2 CHECK ((n >= '-5'::integer)),
        CONSTRAINT c3 CHECK ((n > (0)::numeric)));");
    let t = table(&i, "t");
    assert!(
        matches!(&t.checks[0].rule, CheckRule::In { column, values } if column == "s" && values == &["a", "b"])
    );
    assert_eq!(t.checks[1].expr, "n >= -5");
    assert_eq!(t.checks[2].expr, "n > 0");
}

/// Imported fragments pass the derive path's guard for every engine (DM054): a MySQL backslash
/// string (`'x\\'` is `x\` there, and its printing `'x\'` would end the literal early on MySQL
/// and mean something else elsewhere) is dropped with a warning at its file and line; the
/// rest of the table stays.
#[test]
fn hostile_fragments_are_dropped_with_a_located_warning() {
    let i = my("CREATE TABLE t (
        id INT PRIMARY KEY,
        name VARCHAR(10) DEFAULT 'a\\\\b',
        note VARCHAR(10) DEFAULT 'fine',
        CONSTRAINT c_note CHECK (note <> 'x\\\\'),
        CONSTRAINT c_ok CHECK (note <> 'y')
    );
    CREATE INDEX ix_note ON t (note);");
    let t = table(&i, "t");
    assert_eq!(t.column("name").unwrap().default, None);
    assert_eq!(
        t.column("note").unwrap().default,
        Some(DefaultValue::Expr("'fine'".into()))
    );
    let checks: Vec<&str> = t.checks.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(checks, ["c_ok"]);
    let warnings: Vec<String> = i.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings[0].starts_with(
            "<sql>:1: table `t`: the DEFAULT of `name` dropped: `'a\\b'` contains a backslash"
        ),
        "{warnings:#?}"
    );
    assert!(
        i.warnings.iter().all(|w| w.code == "DM054"),
        "{warnings:#?}"
    );
    assert!(
        warnings[1].starts_with(
            "<sql>:1: table `t`: CHECK `c_note` dropped: `note <> 'x\\'` contains a backslash"
        ),
        "{warnings:#?}"
    );
}

/// A predicate that acts on the server is refused; a unique index without its predicate would
/// refuse rows the database accepts, so it goes, a plain one stays as a full index. A column
/// named like a function (`user`) is a column: the DDL quotes it, and so does the guard.
#[test]
fn refused_predicates_drop_a_unique_index_and_keep_a_plain_one() {
    let i = pg(
        "CREATE TABLE t (id int PRIMARY KEY, \"user\" int, n int, CHECK (\"user\" >= -38));
    CREATE UNIQUE INDEX uq_n ON t (n) WHERE pg_sleep(1) IS NOT NULL;
    CREATE INDEX ix_n ON t (n) WHERE pg_sleep(2) IS NOT NULL;",
    );
    let t = table(&i, "t");
    let ix: Vec<(&str, bool)> = t
        .indexes
        .iter()
        .map(|x| (x.name.as_str(), x.predicate.is_some()))
        .collect();
    assert_eq!(ix, [("ix_n", false)]);
    assert_eq!(t.checks.len(), 1, "{:?}", t.checks);
    let warnings: Vec<String> = i.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("<sql>:2: table `t`: the WHERE of index `uq_n` dropped, and the unique index with it: `pg_sleep(1) IS NOT NULL` calls `pg_sleep`"),
        "{warnings:#?}"
    );
    assert!(
        warnings[1].starts_with(
            "<sql>:3: table `t`: the WHERE of index `ix_n` dropped (a full index now)"
        ),
        "{warnings:#?}"
    );
}

/// PostgreSQL schemas: a table of another schema than `public` keeps its namespace in its
/// name (`sales.orders`, group `sales`), so `sales.orders` and `public.orders` stay two tables;
/// references, indexes, ALTERs, renames and comments find the right one.
#[test]
fn tables_of_two_postgres_schemas_stay_apart() {
    let i = pg("CREATE SCHEMA sales;
    CREATE TABLE public.orders (id int PRIMARY KEY, placed date);
    CREATE TABLE sales.orders (id int PRIMARY KEY, total int);
    CREATE TABLE Sales.Items (id int PRIMARY KEY, order_id int REFERENCES sales.orders (id));
    CREATE INDEX ix_total ON sales.orders (total);
    ALTER TABLE sales.orders ADD COLUMN note text;
    ALTER TABLE sales.items RENAME TO lines;
    COMMENT ON TABLE sales.orders IS 'Orders of the sales team.';
    COMMENT ON COLUMN sales.orders.total IS 'In cents.';");
    let names: Vec<&str> = i.schema.tables.iter().map(|t| t.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        ["orders", "sales.lines", "sales.orders"],
        "{names:?}"
    );
    let public = table(&i, "orders");
    let cols: Vec<&str> = public.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(cols, ["id", "placed"]);
    assert_eq!(public.group, "");
    let sales = table(&i, "sales.orders");
    let cols: Vec<&str> = sales.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(cols, ["id", "total", "note"]);
    assert_eq!(sales.group, "sales");
    assert_eq!(sales.comment.as_deref(), Some("Orders of the sales team."));
    assert_eq!(
        sales.column("total").unwrap().comment.as_deref(),
        Some("In cents.")
    );
    assert!(sales.indexes.iter().any(|x| x.name == "ix_total"));
    assert_eq!(public.namespace, None);
    assert_eq!(sales.namespace.as_deref(), Some("sales"));
    assert_eq!(sales.local_name(), "orders");
    let lines = table(&i, "sales.lines");
    assert_eq!(lines.namespace.as_deref(), Some("sales"));
    assert_eq!(lines.foreign_keys[0].ref_table, "sales.orders");
    assert_eq!(
        lines.foreign_keys[0].ref_namespace.as_deref(),
        Some("sales")
    );
    assert!(
        i.warnings.iter().all(|w| !w.reason.contains("twice")),
        "{:?}",
        i.warnings
    );
}

/// The namespace reaches the DDL as data: PostgreSQL creates the schema and qualifies every
/// reference to a table in it (`"sales"."orders"`, the index in its table's schema); engines
/// without schemas fold it into the names (`sales_orders`, `sales_ix_total`) and say so. The
/// engine runs of this script are in `tests/tests/import_namespaces.rs`.
#[test]
fn namespaced_tables_render_qualified_for_postgres_and_prefixed_elsewhere() {
    let i = pg("CREATE SCHEMA sales;
    CREATE TABLE public.orders (id int PRIMARY KEY);
    CREATE TABLE sales.orders (id int PRIMARY KEY, origin int REFERENCES public.orders (id));
    CREATE TABLE sales.lines (id int PRIMARY KEY, order_id int REFERENCES sales.orders (id));
    CREATE INDEX ix_origin ON sales.orders (origin);
    COMMENT ON TABLE sales.orders IS 'Orders of the sales team.';");
    let pg = crate::ddl::render_ddl(&i.schema, Engine::Postgres);
    for want in [
        "CREATE SCHEMA IF NOT EXISTS \"sales\";",
        "CREATE TABLE \"orders\" (",
        "CREATE TABLE \"sales\".\"orders\" (",
        "REFERENCES \"orders\" (\"id\")",
        "REFERENCES \"sales\".\"orders\" (\"id\")",
        "CREATE INDEX \"ix_origin\" ON \"sales\".\"orders\" (\"origin\");",
        "COMMENT ON TABLE \"sales\".\"orders\" IS",
    ] {
        assert!(pg.contains(want), "{want} not in\n{pg}");
    }
    assert!(!pg.contains("\"sales.orders\""), "{pg}");
    assert!(
        pg.find("CREATE SCHEMA").unwrap() < pg.find("CREATE TABLE").unwrap(),
        "{pg}"
    );
    let lite = crate::ddl::render_ddl(&i.schema, Engine::Sqlite);
    for want in [
        "-- Namespace sales: SQLite has no schemas",
        "CREATE TABLE \"sales_orders\" (",
        "REFERENCES \"sales_orders\" (\"id\")",
        "CREATE INDEX \"sales_ix_origin\" ON \"sales_orders\"",
    ] {
        assert!(lite.contains(want), "{want} not in\n{lite}");
    }
    assert!(!lite.contains("sales.orders\""), "{lite}");
    let my = crate::ddl::render_ddl(&i.schema, Engine::Mysql);
    assert!(my.contains("CREATE TABLE `sales_orders` ("), "{my}");
    assert!(!my.contains("CREATE SCHEMA"), "{my}");
}

/// `sales.orders` folds to `sales_orders` on engines without schemas: a table already called
/// that is said at the line of the second one.
#[test]
fn a_folded_name_clash_is_reported() {
    let i = pg("CREATE TABLE sales_orders (id int PRIMARY KEY);
    CREATE TABLE sales.orders (id int PRIMARY KEY);");
    assert!(
        i.warnings.iter().any(|w| w.line == 2
            && w.reason.starts_with(
                "tables `sales_orders` and `sales.orders` are both `sales_orders` on engines without schemas"
            )),
        "{:?}",
        i.warnings
    );
    assert!(pg(
        "CREATE TABLE orders (id int PRIMARY KEY); CREATE TABLE sales.orders (id int PRIMARY KEY);"
    )
    .warnings
    .is_empty());
}
