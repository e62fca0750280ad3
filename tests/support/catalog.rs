//! What a database's catalogs say about a schema, normalized so it can be compared with what
//! the resolved Schema says (`expected`). Introspection per engine: pg_catalog,
//! information_schema (MariaDB), sqlite_master + pragmas.

use cargo_datamodel::config::Engine;
use cargo_datamodel::dialect::dialect_for;
use cargo_datamodel::schema::{IndexOrigin, Schema};
use datamodel::model::{IndexMethod, RefAction};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Col {
    pub name: String,
    pub ty: String,
    pub not_null: bool,
    pub has_default: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fk {
    /// `None` on SQLite (its pragmas do not expose FK names).
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    pub on_delete: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ix {
    pub name: String,
    pub unique: bool,
    pub columns: Vec<String>,
    pub partial: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableInfo {
    pub columns: Vec<Col>,
    pub pk: Vec<String>,
    pub fks: BTreeSet<Fk>,
    pub indexes: BTreeSet<Ix>,
    pub checks: BTreeSet<String>,
}

pub type Catalog = BTreeMap<String, TableInfo>;

fn action(a: RefAction) -> String {
    a.sql().to_string()
}

/// The catalog the Schema promises for `engine`.
pub fn expected(schema: &Schema, engine: Engine) -> Catalog {
    let d = dialect_for(engine);
    let mut out = Catalog::new();
    for t in &schema.tables {
        // A distributing engine's primary key is the tenant key (`Table::distributed_key`),
        // and that unique index is not created beside it.
        let distributes = d.distributes_tables();
        let pk = if distributes {
            t.distributed_key()
        } else {
            t.primary_key.columns.clone()
        };
        let mut info = TableInfo {
            pk: pk.clone(),
            ..Default::default()
        };
        for c in &t.columns {
            let mut ty = d.column_type(c);
            let rowid = engine == Engine::Sqlite && c.identity;
            ty = normalize_expected(engine, &ty);
            info.columns.push(Col {
                name: c.name.clone(),
                ty,
                not_null: !c.nullable && !rowid,
                has_default: c.default.is_some(),
            });
        }
        let mut lives = Vec::new();
        for ix in &t.indexes {
            if distributes && t.is_distributed_key(ix) {
                continue;
            }
            if engine == Engine::Mysql && ix.method == IndexMethod::Gin {
                continue;
            }
            if !pg_like(engine) && ix.method == IndexMethod::Gin {
                continue;
            }
            if engine == Engine::Mysql && ix.origin == IndexOrigin::ActiveRows {
                continue;
            }
            let mut columns: Vec<String> = ix.columns.iter().map(|c| c.name.clone()).collect();
            let mut partial = ix.predicate.is_some();
            if engine == Engine::Mysql {
                partial = false;
                if ix.unique {
                    if let Some(l) = &ix.live_column {
                        columns.push(l.clone());
                        if !lives.contains(l) {
                            lives.push(l.clone());
                        }
                    }
                }
            }
            info.indexes.insert(Ix {
                name: ix.name.clone(),
                unique: ix.unique,
                columns,
                partial,
            });
        }
        for l in lives {
            info.columns.push(Col {
                name: l,
                ty: "tinyint".into(),
                not_null: false,
                has_default: false,
            });
        }
        // The primary key's own index.
        match engine {
            Engine::Postgres | Engine::Citus => {
                info.indexes.insert(Ix {
                    name: t.primary_key.name.clone(),
                    unique: true,
                    columns: pk.clone(),
                    partial: false,
                });
            }
            Engine::Mysql => {
                info.indexes.insert(Ix {
                    name: "PRIMARY".into(),
                    unique: true,
                    columns: t.primary_key.columns.clone(),
                    partial: false,
                });
            }
            Engine::Sqlite => {}
        }
        for fk in &t.foreign_keys {
            let (columns, ref_columns) = if !fk.set_null_columns.is_empty() && !pg_like(engine) {
                (
                    fk.set_null_columns.clone(),
                    vec![fk.ref_columns[fk.ref_columns.len() - 1].clone()],
                )
            } else {
                (fk.columns.clone(), fk.ref_columns.clone())
            };
            // MySQL creates an index named after an FK no index starts with (only the
            // single-column SET NULL fallback of a composite tenant FK).
            if engine == Engine::Mysql
                && !info
                    .indexes
                    .iter()
                    .any(|ix| ix.columns.starts_with(&columns))
                && !t.primary_key.columns.starts_with(&columns)
            {
                info.indexes.insert(Ix {
                    name: fk.name.clone(),
                    unique: false,
                    columns: columns.clone(),
                    partial: false,
                });
            }
            info.fks.insert(Fk {
                name: (engine != Engine::Sqlite).then(|| fk.name.clone()),
                columns,
                ref_table: fk.ref_table.clone(),
                ref_columns,
                on_delete: action(fk.on_delete),
            });
            // ... plus its composite tenant guard (NO ACTION).
            if let (Some(guard), false) = (&fk.tenant_guard_name, pg_like(engine)) {
                info.fks.insert(Fk {
                    name: (engine != Engine::Sqlite).then(|| guard.clone()),
                    columns: fk.columns.clone(),
                    ref_table: fk.ref_table.clone(),
                    ref_columns: fk.ref_columns.clone(),
                    on_delete: action(RefAction::NoAction),
                });
            }
        }
        for c in &t.checks {
            info.checks.insert(c.name.clone());
        }
        out.insert(t.name.clone(), info);
    }
    out
}

/// PostgreSQL, or Citus (PostgreSQL on every node): the same catalog.
pub fn pg_like(engine: Engine) -> bool {
    matches!(engine, Engine::Postgres | Engine::Citus)
}

fn normalize_expected(engine: Engine, ty: &str) -> String {
    match engine {
        Engine::Postgres | Engine::Citus => {
            let t = ty
                .trim_end_matches(" GENERATED ALWAYS AS IDENTITY")
                .to_ascii_lowercase();
            if let Some(rest) = t.strip_prefix("varchar") {
                return format!("character varying{rest}");
            }
            match t.as_str() {
                "timestamptz" => "timestamp with time zone".into(),
                "timestamp" => "timestamp without time zone".into(),
                "time" => "time without time zone".into(),
                _ => t,
            }
        }
        Engine::Mysql => {
            let t = ty.trim_end_matches(" AUTO_INCREMENT").to_ascii_lowercase();
            match t.as_str() {
                "json" => "longtext".into(),
                _ => t,
            }
        }
        Engine::Sqlite => ty.to_string(),
    }
}

/// MariaDB shows display widths (`bigint(20)`); drop them except `tinyint(1)` (booleans).
pub fn normalize_mysql_type(ty: &str) -> String {
    let t = ty.to_ascii_lowercase();
    if t == "tinyint(1)" {
        return t;
    }
    for int in ["bigint", "int", "smallint", "tinyint", "mediumint"] {
        if t.starts_with(&format!("{int}(")) {
            return int.to_string();
        }
    }
    if t == "json" {
        return "longtext".into();
    }
    t
}

/// Compares table by table, so a failure shows the one table that differs.
pub fn assert_catalog(actual: &Catalog, expected: &Catalog, engine: Engine) {
    let a: Vec<&String> = actual.keys().collect();
    let e: Vec<&String> = expected.keys().collect();
    assert_eq!(a, e, "{engine}: table names");
    for (name, exp) in expected {
        let act = &actual[name];
        assert_eq!(act.columns, exp.columns, "{engine}: columns of {name}");
        assert_eq!(act.pk, exp.pk, "{engine}: primary key of {name}");
        assert_eq!(act.fks, exp.fks, "{engine}: foreign keys of {name}");
        assert_eq!(act.indexes, exp.indexes, "{engine}: indexes of {name}");
        assert_eq!(act.checks, exp.checks, "{engine}: checks of {name}");
    }
}

// ---------------------------------------------------------------- PostgreSQL

pub fn introspect_pg(client: &mut postgres::Client, schema: &str) -> Catalog {
    let mut out = Catalog::new();
    for row in client
        .query(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY 1",
            &[&schema],
        )
        .unwrap()
    {
        out.insert(row.get::<_, String>(0), TableInfo::default());
    }
    for row in client
        .query(
            "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef \
             FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum",
            &[&schema],
        )
        .unwrap()
    {
        let t: String = row.get(0);
        out.get_mut(&t).unwrap().columns.push(Col {
            name: row.get(1),
            ty: row.get(2),
            not_null: row.get(3),
            has_default: row.get(4),
        });
    }
    let cols_of = "(SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest({arr}) WITH ORDINALITY k(n, ord) \
                   JOIN pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.n)";
    let sql = format!(
        "SELECT cl.relname, c.conname, c.contype::text, {}, rf.relname, {}, c.confdeltype::text \
         FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace \
         LEFT JOIN pg_class rf ON rf.oid = c.confrelid WHERE n.nspname = $1",
        cols_of.replace("{arr}", "c.conkey").replace("{rel}", "c.conrelid"),
        cols_of.replace("{arr}", "c.confkey").replace("{rel}", "c.confrelid"),
    );
    for row in client.query(&sql, &[&schema]).unwrap() {
        let t: String = row.get(0);
        let info = out.get_mut(&t).unwrap();
        let name: String = row.get(1);
        match row.get::<_, String>(2).as_str() {
            "p" => info.pk = row.get::<_, Vec<String>>(3),
            "c" => {
                info.checks.insert(name);
            }
            "f" => {
                let del = match row.get::<_, String>(6).as_str() {
                    "a" => "NO ACTION",
                    "r" => "RESTRICT",
                    "c" => "CASCADE",
                    "n" => "SET NULL",
                    _ => "SET DEFAULT",
                };
                info.fks.insert(Fk {
                    name: Some(name),
                    columns: row.get(3),
                    ref_table: row.get(4),
                    ref_columns: row.get(5),
                    on_delete: del.into(),
                });
            }
            _ => {}
        }
    }
    for row in client
        .query(
            "SELECT t.relname, i.relname, x.indisunique, x.indpred IS NOT NULL, \
             (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(n, ord) \
              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n WHERE k.ord <= x.indnkeyatts) \
             FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
             JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1",
            &[&schema],
        )
        .unwrap()
    {
        let t: String = row.get(0);
        out.get_mut(&t).unwrap().indexes.insert(Ix {
            name: row.get(1),
            unique: row.get(2),
            partial: row.get(3),
            columns: row.get(4),
        });
    }
    out
}

// ---------------------------------------------------------------- MariaDB / MySQL

pub fn introspect_mysql(conn: &mut mysql::Conn, db: &str) -> Catalog {
    use mysql::prelude::Queryable;
    let mut out = Catalog::new();
    let tables: Vec<String> = conn
        .exec(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1",
            (db,),
        )
        .unwrap();
    for t in tables {
        out.insert(t, TableInfo::default());
    }
    let cols: Vec<(String, String, String, String, Option<String>)> = conn
        .exec(
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION",
            (db,),
        )
        .unwrap();
    for (t, name, ty, nullable, default) in cols {
        out.get_mut(&t).unwrap().columns.push(Col {
            name,
            ty: normalize_mysql_type(&ty),
            not_null: nullable == "NO",
            // MariaDB reports a nullable column without default as the string `NULL`.
            has_default: default.is_some_and(|d| d != "NULL"),
        });
    }
    let stats: Vec<(String, String, i64, String)> = conn
        .exec(
            "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS \
             WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
            (db,),
        )
        .unwrap();
    let mut ixs: BTreeMap<(String, String), (bool, Vec<String>)> = BTreeMap::new();
    for (t, ix, non_unique, col) in stats {
        let e = ixs.entry((t, ix)).or_insert((non_unique == 0, Vec::new()));
        e.1.push(col);
    }
    for ((t, name), (unique, columns)) in ixs {
        let info = out.get_mut(&t).unwrap();
        if name == "PRIMARY" {
            info.pk = columns.clone();
        }
        info.indexes.insert(Ix {
            name,
            unique,
            columns,
            partial: false,
        });
    }
    let fks: Vec<(String, String, String, String)> = conn
        .exec(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, REFERENCED_TABLE_NAME, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS \
             WHERE CONSTRAINT_SCHEMA = ?",
            (db,),
        )
        .unwrap();
    for (t, name, ref_table, rule) in fks {
        let kcu: Vec<(String, String)> = conn
            .exec(
                "SELECT COLUMN_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE \
                 WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = ? ORDER BY ORDINAL_POSITION",
                (db, &t, &name),
            )
            .unwrap();
        out.get_mut(&t).unwrap().fks.insert(Fk {
            name: Some(name),
            columns: kcu.iter().map(|k| k.0.clone()).collect(),
            ref_table,
            ref_columns: kcu.iter().map(|k| k.1.clone()).collect(),
            on_delete: rule,
        });
    }
    // MariaDB adds a `json_valid(col)` CHECK to each JSON column; those are the engine's.
    let checks: Vec<(String, String, String)> = conn
        .exec(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?",
            (db,),
        )
        .unwrap();
    for (t, name, clause) in checks {
        if clause.starts_with("json_valid(") {
            continue;
        }
        out.get_mut(&t).unwrap().checks.insert(name);
    }
    out
}

// ---------------------------------------------------------------- SQLite

pub fn introspect_sqlite(conn: &rusqlite::Connection) -> Catalog {
    let mut out = Catalog::new();
    let tables: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (t, sql) in tables {
        let mut info = TableInfo::default();
        let mut pk: Vec<(i64, String)> = Vec::new();
        let mut stmt = conn
            .prepare("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1)")
            .unwrap();
        let rows = stmt
            .query_map([&t], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })
            .unwrap();
        for row in rows {
            let (name, ty, notnull, dflt, pkpos) = row.unwrap();
            if pkpos > 0 {
                pk.push((pkpos, name.clone()));
            }
            info.columns.push(Col {
                name,
                ty,
                not_null: notnull == 1,
                has_default: dflt.is_some(),
            });
        }
        pk.sort();
        info.pk = pk.into_iter().map(|p| p.1).collect();
        let mut stmt = conn
            .prepare("SELECT id, seq, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(?1) ORDER BY id, seq")
            .unwrap();
        let mut fks: BTreeMap<i64, Fk> = BTreeMap::new();
        for row in stmt
            .query_map([&t], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })
            .unwrap()
        {
            let (id, ref_table, from, to, del) = row.unwrap();
            let fk = fks.entry(id).or_insert(Fk {
                name: None,
                columns: Vec::new(),
                ref_table,
                ref_columns: Vec::new(),
                on_delete: del,
            });
            fk.columns.push(from);
            fk.ref_columns.push(to);
        }
        info.fks = fks.into_values().collect();
        let mut stmt = conn
            .prepare("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1)")
            .unwrap();
        let ixs: Vec<(String, i64, String, i64)> = stmt
            .query_map([&t], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (name, unique, origin, partial) in ixs {
            if origin == "pk" {
                continue;
            }
            let columns: Vec<String> = conn
                .prepare("SELECT name FROM pragma_index_xinfo(?1) WHERE key = 1 ORDER BY seqno")
                .unwrap()
                .query_map([&name], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            info.indexes.insert(Ix {
                name,
                unique: unique == 1,
                columns,
                partial: partial == 1,
            });
        }
        // CHECK names as written in the CREATE TABLE text.
        let mut rest = sql.as_str();
        while let Some(pos) = rest.find("CONSTRAINT \"") {
            let after = &rest[pos + "CONSTRAINT \"".len()..];
            let end = after.find("\" ").unwrap_or(after.len());
            let name = after[..end].to_string();
            let tail = &after[end..];
            if tail.starts_with("\" CHECK") {
                info.checks.insert(name);
            }
            rest = tail;
        }
        out.insert(t, info);
    }
    out
}
