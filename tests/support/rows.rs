//! Best-effort rows for any Schema: one row per table, in dependency order, with a plain value
//! for every NOT NULL column the engine doesn't fill and the first row of the referenced table
//! for foreign keys. A row a CHECK or a key refuses is left out (the caller counts what went
//! in); what matters is that rows exist before a migration, so it has data to keep.

use crate::behaviour::Db;
use cargo_datamodel::config::Engine;
use cargo_datamodel::dialect::dialect_for;
use cargo_datamodel::schema::{Column, Schema, Table};
use datamodel::model::ColumnType;
use std::collections::BTreeMap;

/// Inserts one row per table where the engine accepts it; returns the row count per table.
pub fn fill(db: &mut dyn Db, schema: &Schema) -> BTreeMap<String, i64> {
    let engine = db.engine();
    for t in &schema.tables {
        if let Some(sql) = insert(schema, t, engine) {
            let _ = db.exec(&sql);
        }
    }
    counts(db, schema)
}

/// The row count of every table of `schema`.
pub fn counts(db: &mut dyn Db, schema: &Schema) -> BTreeMap<String, i64> {
    let d = dialect_for(db.engine());
    schema
        .tables
        .iter()
        .map(|t| {
            let n = db.count(&format!("SELECT count(*) FROM {}", d.quote_ident(&t.name)));
            (t.name.clone(), n)
        })
        .collect()
}

fn insert(schema: &Schema, t: &Table, engine: Engine) -> Option<String> {
    let d = dialect_for(engine);
    let mut cols = Vec::new();
    let mut values = Vec::new();
    for c in &t.columns {
        if c.nullable || c.default.is_some() || c.identity {
            continue;
        }
        let fk = t.foreign_keys.iter().find(|f| f.columns.contains(&c.name));
        let value = match fk {
            Some(fk) => {
                let i = fk.columns.iter().position(|x| x == &c.name)?;
                let target = schema.table(&fk.ref_table)?;
                format!(
                    "(SELECT {} FROM {} LIMIT 1)",
                    d.quote_ident(&fk.ref_columns[i]),
                    d.quote_ident(&target.name)
                )
            }
            None => literal(c, engine)?,
        };
        cols.push(d.quote_ident(&c.name));
        values.push(value);
    }
    let table = d.quote_ident(&t.name);
    Some(if cols.is_empty() {
        match engine {
            Engine::Mysql => format!("INSERT INTO {table} () VALUES ()"),
            _ => format!("INSERT INTO {table} DEFAULT VALUES"),
        }
    } else {
        format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            cols.join(", "),
            values.join(", ")
        )
    })
}

fn literal(c: &Column, engine: Engine) -> Option<String> {
    Some(match &c.ty {
        ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt => "1".into(),
        ColumnType::Real | ColumnType::Double | ColumnType::Decimal => "1".into(),
        ColumnType::Boolean => "TRUE".into(),
        ColumnType::String => "'a'".into(),
        ColumnType::Enum { values, .. } => format!("'{}'", values.first()?.replace('\'', "''")),
        ColumnType::Uuid => match engine {
            Engine::Sqlite => "X'00000000000000000000000000000001'".into(),
            _ => "'00000000-0000-0000-0000-000000000001'".into(),
        },
        ColumnType::Json => "'{}'".into(),
        ColumnType::Bytes => match engine {
            Engine::Postgres => "decode('01', 'hex')".into(),
            _ => "X'01'".into(),
        },
        ColumnType::Timestamp { .. } => match engine {
            Engine::Sqlite => "'2024-01-01T00:00:00.000Z'".into(),
            _ => "'2024-01-01 00:00:00'".into(),
        },
        ColumnType::Date => "'2024-01-01'".into(),
        ColumnType::Time => "'12:00:00'".into(),
    })
}
