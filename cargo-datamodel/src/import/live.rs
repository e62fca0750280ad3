//! `import --database-url`: a live database's schema, read from its catalog as the DDL the
//! importer already understands.
//!
//! Why DDL and not a second builder: every engine can tell its schema as SQL (SQLite keeps the
//! `CREATE` statements in `sqlite_master`, MySQL/MariaDB answer `SHOW CREATE TABLE`, and
//! PostgreSQL's `format_type`, `pg_get_expr`, `pg_get_constraintdef` and `pg_get_indexdef`
//! print each part as its own DDL would), so one parser serves files and databases and they
//! can't drift apart. The dialect says which way its engine answers ([`Catalog`]); nothing here
//! names an engine. Read-only: SQLite is opened read-only, the servers are only queried.

use super::Source;
use crate::config::Engine;
use crate::dialect::{dialect_for, Catalog, Dialect};

/// What was read: the engine, its DDL (one source per object) and its views.
pub struct LiveSchema {
    pub engine: Engine,
    pub sources: Vec<Source>,
    pub views: Vec<String>,
}

/// Why a database could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveError(pub String);

impl std::fmt::Display for LiveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn err(e: impl std::fmt::Display) -> LiveError {
    LiveError(e.to_string())
}

/// Reads the schema of the database at `url` (`postgres://...`, `mysql://...`,
/// `mariadb://...`, `sqlite://path`); PostgreSQL takes `?schema=name` (default: the
/// connection's current schema).
pub fn read(url: &str) -> Result<LiveSchema, LiveError> {
    let (scheme, _) = url
        .split_once(':')
        .ok_or_else(|| LiveError(format!("`{url}` is not a database URL")))?;
    let engine = Engine::parse(scheme).ok_or_else(|| {
        LiveError(format!(
            "unknown database URL scheme `{scheme}` (known: {})",
            Engine::names()
        ))
    })?;
    let d = dialect_for(engine);
    let mut engine = engine;
    let (sources, views) = match d.catalog() {
        Catalog::SqliteMaster => sqlite(url)?,
        Catalog::ShowCreate => show_create(url, d)?,
        Catalog::PgCatalog => {
            let (read, served_by) = pg_catalog(url, d)?;
            engine = served_by.unwrap_or(engine);
            read
        }
    };
    Ok(LiveSchema {
        engine,
        sources,
        views,
    })
}

fn source(name: String, text: String) -> Source {
    Source { name, text }
}

type Read = (Vec<Source>, Vec<String>);

/// `sqlite://path` / `sqlite:path`: the `CREATE` statements of `sqlite_master`, in creation
/// order. The file must exist (opening never creates one).
fn sqlite(url: &str) -> Result<Read, LiveError> {
    let rest = url.split_once(':').map_or("", |(_, r)| r);
    let path = rest.strip_prefix("//").unwrap_or(rest);
    let path = path.split('?').next().unwrap_or(path);
    if !std::path::Path::new(path).is_file() {
        return Err(LiveError(format!("no SQLite database file at `{path}`")));
    }
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    let conn = rusqlite::Connection::open_with_flags(path, flags).map_err(err)?;
    let mut stmt = conn
        .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
        .map_err(err)?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .map_err(err)?;
    let mut sources = Vec::new();
    let mut views = Vec::new();
    for row in rows {
        let (kind, name, sql) = row.map_err(err)?;
        match kind.as_str() {
            "view" => views.push(name),
            // Triggers carry no table structure: left out rather than warned about.
            "trigger" => {}
            _ => sources.push(source(format!("sqlite_master:{name}"), format!("{sql};"))),
        }
    }
    Ok((sources, views))
}

/// MySQL/MariaDB: `SHOW CREATE TABLE` of every base table of the URL's database.
fn show_create(url: &str, d: &dyn Dialect) -> Result<Read, LiveError> {
    use mysql::prelude::Queryable;
    let url = match url.split_once("://") {
        Some((_, rest)) => format!("mysql://{rest}"),
        None => url.to_string(),
    };
    let opts = mysql::Opts::from_url(&url).map_err(err)?;
    if opts.get_db_name().is_none() {
        return Err(LiveError(
            "the URL names no database (`mysql://user@host/DATABASE`)".into(),
        ));
    }
    let mut conn = mysql::Conn::new(opts).map_err(err)?;
    // Comments and defaults in full Unicode (the driver's default charset has no emoji).
    conn.query_drop("SET NAMES utf8mb4").map_err(err)?;
    let objects: Vec<(String, String)> = conn
        .query("SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME")
        .map_err(err)?;
    let mut sources = Vec::new();
    let mut views = Vec::new();
    for (name, kind) in objects {
        if kind != "BASE TABLE" {
            views.push(name);
            continue;
        }
        let sql = format!("SHOW CREATE TABLE {}", d.quote_ident(&name));
        let row: Option<(String, String)> = conn.query_first(sql).map_err(err)?;
        if let Some((_, ddl)) = row {
            sources.push(source(
                format!("SHOW CREATE TABLE {name}"),
                format!("{ddl};"),
            ));
        }
    }
    Ok((sources, views))
}

/// PostgreSQL: each table of the schema rebuilt as DDL by the server's own printers.
/// `?schema=a,b` reads several schemas: the first one's tables are bare (`orders`), the
/// others' qualified (`b.orders`), as import keeps a namespace other than the default.
///
/// Also says which engine serves the database when it is another one reading the same
/// catalog ([`Dialect::served_by_query`]: a Citus coordinator behind `postgres://`); a URL
/// naming that engine (`citus://`) connects as the catalog's own scheme.
fn pg_catalog(url: &str, d: &dyn Dialect) -> Result<(Read, Option<Engine>), LiveError> {
    let (conn_url, schema) = match url.split_once("?schema=") {
        Some((u, s)) => (u.to_string(), Some(s.to_string())),
        None => (url.to_string(), None),
    };
    let conn_url = match conn_url.split_once("://") {
        Some((_, rest)) => format!("postgres://{rest}"),
        None => conn_url,
    };
    let mut client = postgres::Client::connect(&conn_url, postgres::NoTls).map_err(err)?;
    let mut served_by = None;
    for other in crate::dialect::dialects().filter(|o| o.catalog() == d.catalog()) {
        if let Some(q) = other.served_by_query() {
            if !client.query(q, &[]).map_err(err)?.is_empty() {
                served_by = Some(other.engine());
            }
        }
    }
    let schemas: Vec<String> = match schema {
        Some(s) => s
            .split(',')
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect(),
        None => vec![client
            .query_one("SELECT current_schema()", &[])
            .map_err(err)?
            .get(0)],
    };
    let Some(home) = schemas.first().cloned() else {
        return Err(LiveError("`?schema=` names no schema".into()));
    };
    // The server's printers qualify what is not on the search path: the first schema read
    // is, so its names come back bare and references into other schemas keep theirs;
    // `public` stays on it, where extensions put their types (`citext`, not `public.citext`).
    client
        .batch_execute(&format!(
            "SET search_path TO {}, public",
            d.quote_ident(&home)
        ))
        .map_err(err)?;
    let mut sources = Vec::new();
    let mut views = Vec::new();
    for schema in &schemas {
        sources.push(source(
            format!("pg_enum:{schema}"),
            pg_enums(&mut client, schema, d)?,
        ));
        let tables = client
            .query(
                "SELECT c.oid, c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                 WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname",
                &[schema],
            )
            .map_err(err)?;
        for t in &tables {
            let (oid, name, comment): (u32, String, Option<String>) =
                (t.get(0), t.get(1), t.get(2));
            let (shown, qualified) = if *schema == home {
                (name.clone(), d.quote_ident(&name))
            } else {
                (
                    format!("{schema}.{name}"),
                    format!("{}.{}", d.quote_ident(schema), d.quote_ident(&name)),
                )
            };
            let ddl = pg_table(&mut client, oid, &qualified, &home, comment, d)?;
            sources.push(source(format!("pg_catalog:{shown}"), ddl));
        }
        let names: Vec<String> = client
            .query(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('v', 'm') ORDER BY c.relname",
                &[schema],
            )
            .map_err(err)?
            .iter()
            .map(|r| r.get(0))
            .collect();
        views.extend(names.into_iter().map(|v| {
            if *schema == home {
                v
            } else {
                format!("{schema}.{v}")
            }
        }));
    }
    Ok(((sources, views), served_by))
}

fn pg_enums(
    client: &mut postgres::Client,
    schema: &str,
    d: &dyn Dialect,
) -> Result<String, LiveError> {
    let rows = client
        .query(
            "SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid \
             JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 GROUP BY t.typname ORDER BY t.typname",
            &[&schema],
        )
        .map_err(err)?;
    Ok(rows
        .iter()
        .map(|r| {
            let labels: Vec<String> = r.get(1);
            let labels: Vec<String> = labels.iter().map(|l| d.string_literal(l)).collect();
            format!(
                "CREATE TYPE {} AS ENUM ({});\n",
                d.quote_ident(&r.get::<_, String>(0)),
                labels.join(", ")
            )
        })
        .collect())
}

/// One table (`table`: its name as the DDL writes it, quoted and maybe qualified): `CREATE
/// TABLE` with its columns, then its constraints, indexes and comments. `schema` is the
/// schema whose qualifier `pg_get_indexdef` prints and the import must not see.
fn pg_table(
    client: &mut postgres::Client,
    oid: u32,
    table: &str,
    schema: &str,
    comment: Option<String>,
    d: &dyn Dialect,
) -> Result<String, LiveError> {
    let q = |s: &str| d.quote_ident(s);
    let cols = client
        .query(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid), \
             a.attidentity::text, a.attgenerated::text, col_description(a.attrelid, a.attnum) FROM pg_attribute a \
             LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum \
             WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
            &[&oid],
        )
        .map_err(err)?;
    let mut defs = Vec::new();
    let mut comments = Vec::new();
    for c in &cols {
        let (col, ty, not_null): (String, String, bool) = (c.get(0), c.get(1), c.get(2));
        let (default, identity, generated): (Option<String>, String, String) =
            (c.get(3), c.get(4), c.get(5));
        let mut def = format!("{} {ty}", q(&col));
        match (identity.as_str(), generated.as_str(), &default) {
            ("a", _, _) => def.push_str(" GENERATED ALWAYS AS IDENTITY"),
            ("d", _, _) => def.push_str(" GENERATED BY DEFAULT AS IDENTITY"),
            (_, "s", Some(e)) => def.push_str(&format!(" GENERATED ALWAYS AS ({e}) STORED")),
            (_, _, Some(e)) => def.push_str(&format!(" DEFAULT {e}")),
            _ => {}
        }
        if not_null {
            def.push_str(" NOT NULL");
        }
        defs.push(def);
        if let Some(text) = c.get::<_, Option<String>>(6) {
            comments.push(format!(
                "COMMENT ON COLUMN {}.{} IS {};",
                table,
                q(&col),
                d.string_literal(&text)
            ));
        }
    }
    let mut out = format!(
        "CREATE TABLE {} (\n    {}\n);\n",
        table,
        defs.join(",\n    ")
    );
    let constraints = client
        .query(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = $1 AND contype IN ('p', 'u', 'f', 'c') \
             ORDER BY contype = 'f', conname",
            &[&oid],
        )
        .map_err(err)?;
    for c in &constraints {
        let (con, def): (String, String) = (c.get(0), c.get(1));
        out.push_str(&format!(
            "ALTER TABLE {} ADD CONSTRAINT {} {def};\n",
            table,
            q(&con)
        ));
    }
    let indexes = client
        .query(
            "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = $1 AND NOT EXISTS \
             (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x')) ORDER BY i.indexrelid",
            &[&oid],
        )
        .map_err(err)?;
    for i in &indexes {
        // `pg_get_indexdef` qualifies the table even on the search path: the schema read is
        // the namespace names are bare in (tables of other schemas keep theirs).
        let def: String = i.get(0);
        let def = [format!(" ON {schema}."), format!(" ON {}.", q(schema))]
            .iter()
            .find_map(|own| {
                def.split_once(own.as_str())
                    .map(|(a, b)| format!("{a} ON {b}"))
            })
            .unwrap_or(def);
        out.push_str(&format!("{def};\n"));
    }
    if let Some(text) = comment {
        out.push_str(&format!(
            "COMMENT ON TABLE {} IS {};\n",
            table,
            d.string_literal(&text)
        ));
    }
    for c in comments {
        out.push_str(&c);
        out.push('\n');
    }
    Ok(out)
}
