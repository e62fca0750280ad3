//! The generated DDL on real engines: it runs, the catalogs say exactly what the Schema says,
//! and it behaves as declared. PostgreSQL 15 and MariaDB 10.11 on 127.0.0.1 (SKIPPED unless
//! `CI=true` when unreachable), SQLite in memory.

use cargo_datamodel::config::{Engine, Tenancy};
use cargo_datamodel::schema::{Schema, MAX_IDENT_LEN};
use datamodel_tests::behaviour::{install, schema_of, shop_behaviour, tenancy_behaviour, Db};
use datamodel_tests::catalog::{
    assert_catalog, expected, introspect_mysql, introspect_pg, introspect_sqlite,
};
use datamodel_tests::engines::{sqlite, My, Pg};
use datamodel_tests::models;
use std::collections::HashSet;

fn check_pg(schema: &Schema, run: impl FnOnce(&mut dyn Db)) {
    let Some(mut pg) = Pg::connect() else { return };
    install(&mut pg, schema);
    let s = pg.schema.clone();
    assert_catalog(
        &introspect_pg(&mut pg.client, &s),
        &expected(schema, Engine::Postgres),
        Engine::Postgres,
    );
    run(&mut pg);
}

fn check_mysql(schema: &Schema, run: impl FnOnce(&mut dyn Db)) {
    let Some(mut my) = My::connect() else { return };
    install(&mut my, schema);
    let db = my.db.clone();
    assert_catalog(
        &introspect_mysql(&mut my.conn, &db),
        &expected(schema, Engine::Mysql),
        Engine::Mysql,
    );
    run(&mut my);
}

fn check_sqlite(schema: &Schema, run: impl FnOnce(&mut dyn Db)) {
    let mut conn = sqlite();
    install(&mut conn, schema);
    assert_catalog(
        &introspect_sqlite(&conn),
        &expected(schema, Engine::Sqlite),
        Engine::Sqlite,
    );
    run(&mut conn);
}

#[test]
fn shop_postgres() {
    check_pg(&schema_of(&models::shop(), Tenancy::None), shop_behaviour);
}

#[test]
fn shop_mariadb() {
    check_mysql(&schema_of(&models::shop(), Tenancy::None), shop_behaviour);
}

#[test]
fn shop_sqlite() {
    check_sqlite(&schema_of(&models::shop(), Tenancy::None), shop_behaviour);
}

#[test]
fn tenancy_postgres() {
    check_pg(
        &schema_of(&models::tenancy(), Tenancy::Shared),
        tenancy_behaviour,
    );
}

#[test]
fn tenancy_mariadb() {
    check_mysql(
        &schema_of(&models::tenancy(), Tenancy::Shared),
        tenancy_behaviour,
    );
}

#[test]
fn tenancy_sqlite() {
    check_sqlite(
        &schema_of(&models::tenancy(), Tenancy::Shared),
        tenancy_behaviour,
    );
}

/// Every name the Schema hands out: within the limit, and unique where engines need it
/// (tables, constraints, indexes, triggers schema-wide; columns per table).
fn assert_names_fit_and_unique(schema: &Schema) {
    let mut global = HashSet::new();
    let mut check = |n: &str, what: &str| {
        assert!(
            n.len() <= MAX_IDENT_LEN,
            "{what} `{n}` is {} bytes",
            n.len()
        );
        assert!(global.insert(n.to_string()), "{what} `{n}` is not unique");
    };
    for t in &schema.tables {
        check(&t.name, "table");
        check(&t.primary_key.name, "primary key");
        for fk in &t.foreign_keys {
            check(&fk.name, "foreign key");
        }
        for ix in &t.indexes {
            check(&ix.name, "index");
        }
        for c in &t.checks {
            check(&c.name, "check");
        }
        if let Some(tr) = &t.updated_at_trigger_name {
            check(tr, "trigger");
        }
        let mut cols = HashSet::new();
        for c in &t.columns {
            assert!(c.name.len() <= MAX_IDENT_LEN, "column `{}`", c.name);
            assert!(
                cols.insert(c.name.clone()),
                "column `{}` twice in {}",
                c.name,
                t.name
            );
        }
    }
}

#[test]
fn long_and_reserved_names_schema() {
    let schema = schema_of(&models::names(), Tenancy::None);
    assert_names_fit_and_unique(&schema);
    let tables: Vec<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    for reserved in ["user", "order", "group", "select"] {
        assert!(tables.contains(&reserved), "{tables:?}");
    }
    // The 80-character struct became a shortened, hashed table name.
    let long = schema
        .tables
        .iter()
        .find(|t| t.rust_name.starts_with("VeryLong"))
        .unwrap();
    assert_eq!(long.name.len(), MAX_IDENT_LEN);
    // Two 79-byte columns that share their first 73 bytes stay distinct.
    let shortened: Vec<&str> = long
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .filter(|n| n.starts_with("ccc"))
        .collect();
    assert_eq!(shortened.len(), 2);
    assert_ne!(shortened[0], shortened[1]);
}

fn names_behaviour(db: &mut dyn Db) {
    let d = cargo_datamodel::dialect::dialect_for(db.engine());
    let q = |s: &str| d.quote_ident(s);
    let (user, order, group, select) = (q("user"), q("order"), q("group"), q("select"));
    let sql = format!("INSERT INTO {user} ({select}) VALUES ('a')");
    db.exec(&sql).unwrap();
    assert!(
        db.exec(&sql).is_err(),
        "unique on `select` (reserved word) must hold"
    );
    db.exec(&format!(
        "INSERT INTO {order} ({user}, {group}, {f}) VALUES ((SELECT id FROM {user}), 'g', 1)",
        f = q("from")
    ))
    .unwrap();
    db.exec(&format!(
        "INSERT INTO {group} ({order}, {w}) VALUES ((SELECT id FROM {order}), 'in')",
        w = q("where")
    ))
    .unwrap();
    db.exec(&format!(
        "INSERT INTO {select} (group_id, user_id) VALUES ((SELECT id FROM {group}), (SELECT id FROM {user}))"
    ))
    .unwrap();
    assert!(db
        .exec(&format!(
            "INSERT INTO {group} ({order}, {w}) VALUES (NULL, 'sideways')",
            w = q("where")
        ))
        .is_err());
    // SET NULL through a reserved-word FK column; CASCADE from `user`.
    db.exec(&format!("DELETE FROM {order}")).unwrap();
    assert_eq!(
        db.count(&format!(
            "SELECT COUNT(*) FROM {group} WHERE {order} IS NULL"
        )),
        1
    );
    db.exec(&format!("DELETE FROM {user}")).unwrap();
    assert_eq!(db.count(&format!("SELECT COUNT(*) FROM {select}")), 0);
}

#[test]
fn names_postgres() {
    check_pg(&schema_of(&models::names(), Tenancy::None), names_behaviour);
}

#[test]
fn names_mariadb() {
    check_mysql(&schema_of(&models::names(), Tenancy::None), names_behaviour);
}

#[test]
fn names_sqlite() {
    check_sqlite(&schema_of(&models::names(), Tenancy::None), names_behaviour);
}

/// Single-table inheritance with `abstract_parent`: the discriminator CHECK allows only the
/// subtypes' values, so a row of the parent type itself is refused on every engine; without
/// it, the parent's own value is allowed.
fn abstract_parent_behaviour(db: &mut dyn Db) {
    let e = db.engine();
    let q = |s: &str| cargo_datamodel::dialect::dialect_for(e).quote_ident(s);
    let insert = |db: &mut dyn Db, kind: &str| {
        db.exec(&format!(
            "INSERT INTO {} ({}, {}) VALUES ('{kind}', 'x')",
            q("vehicles"),
            q("kind"),
            q("name")
        ))
    };
    assert!(insert(db, "Car").is_ok(), "{e}: a subtype row");
    assert!(insert(db, "Boat").is_ok(), "{e}: a subtype row");
    let parent = insert(db, "Vehicle");
    assert!(
        parent.is_err(),
        "{e}: a row of the abstract parent itself was stored"
    );
}

fn vehicles(abstract_parent: bool) -> Schema {
    use datamodel::model::InheritanceStrategy::SingleTable;
    use models::{model, string, E};
    let mut parent = E::new("Vehicle")
        .discriminator("kind")
        .field(string("name", 50));
    parent.0.abstract_parent = abstract_parent;
    let m = model(vec![
        parent,
        E::new("Car").extends("Vehicle", SingleTable),
        E::new("Boat").extends("Vehicle", SingleTable),
    ]);
    schema_of(&m, Tenancy::None)
}

#[test]
fn abstract_parent_refuses_its_own_rows_on_every_engine() {
    let schema = vehicles(true);
    let check = &schema.table("vehicles").unwrap().checks;
    assert!(
        check.iter().any(|c| matches!(&c.rule,
            cargo_datamodel::schema::CheckRule::In { values, .. } if values == &["Boat", "Car"])),
        "{check:?}"
    );
    check_sqlite(&schema, abstract_parent_behaviour);
    check_pg(&schema, abstract_parent_behaviour);
    check_mysql(&schema, abstract_parent_behaviour);
    // Not abstract: the parent's own value is one of the allowed ones.
    let concrete = vehicles(false);
    let check = &concrete.table("vehicles").unwrap().checks;
    assert!(
        check.iter().any(|c| matches!(&c.rule,
            cargo_datamodel::schema::CheckRule::In { values, .. } if values.contains(&"Vehicle".to_string()))),
        "{check:?}"
    );
}
