//! Generated migrations on real engines: for each kind of change, v1 is created from its DDL
//! and filled with thousands of rows (NULLs and edge values included), the migration to v2 is
//! applied part by part (as sqlx, diesel and refinery run files), every row must still be
//! there with its values, and the catalog must equal the one a fresh v2 promises (columns
//! compared by name: `ADD COLUMN` appends, and no engine reorders columns). Where the
//! migration is reversible, the down migration then brings the catalog back to v1's.
//! PostgreSQL 15 and MariaDB 10.11 on 127.0.0.1 (SKIPPED unless `CI=true` when unreachable),
//! SQLite in memory.

use cargo_datamodel::config::{Engine, Tenancy};
use cargo_datamodel::migrate::layout::{Layout, MigrationFile, Naming};
use cargo_datamodel::migrate::render::{
    render, render_with, Backfill, Down, Options, Refusal, Rendered,
};
use datamodel::model::{ColumnType, DeleteStrategy, Field, IndexDef, RefAction};
use datamodel::Model;
use datamodel_tests::behaviour::{apply, install, schema_of, Db};
use datamodel_tests::catalog::{
    expected, introspect_mysql, introspect_pg, introspect_sqlite, Catalog,
};
use datamodel_tests::citus::{message, run_statements, Cluster};
use datamodel_tests::engines::{sqlite, My, Pg};
use datamodel_tests::models::{belongs_to, enumeration, f, model, nullable, string, E};

const USERS: usize = 1000;
const POSTS: usize = 2000;

/// v1: users (a unique email, a name always filled, a nickname NULL on every other row) and
/// their posts (title, an enum status, views, a reviewer id without a foreign key yet).
fn user() -> E {
    E::new("User")
        .field(Field {
            unique: true,
            ..string("email", 100)
        })
        .field(nullable(string("name", 60)))
        .field(nullable(string("nickname", 40)))
}

fn post() -> E {
    E::new("Post")
        .field(belongs_to("user_id", "User", RefAction::Cascade))
        .field(string("title", 100))
        .field(Field {
            default: Some("draft".into()),
            ..enumeration("status", &["draft", "published"])
        })
        .field(f("views", ColumnType::Integer))
        .field(nullable(f("reviewer_id", ColumnType::BigInt)))
        .index(IndexDef {
            fields: vec!["title".into()],
            ..Default::default()
        })
}

fn v1() -> Model {
    model(vec![user(), post()])
}

/// Rows for v1: ids come from the engine in insertion order (1..). Under shared tenancy,
/// two tenants first, the users alternating between them.
fn seed(db: &mut dyn Db, shared: bool, posts_scoped: bool) {
    if shared {
        run(db, "INSERT INTO tenants (name) VALUES ('t1'), ('t2')");
    }
    let users: Vec<String> = (1..=USERS)
        .map(|i| {
            let nick = if i % 2 == 0 {
                "NULL".to_string()
            } else {
                format!("'n''{i}'")
            };
            let tenant = if shared {
                format!(", {}", i % 2 + 1)
            } else {
                String::new()
            };
            format!("('u{i}@example.com', 'Name {i} é', {nick}{tenant})")
        })
        .collect();
    run(
        db,
        &format!(
            "INSERT INTO users (email, name, nickname{}) VALUES {}",
            if shared { ", tenant_id" } else { "" },
            users.join(", ")
        ),
    );
    let posts: Vec<String> = (1..=POSTS)
        .map(|i| {
            let status = if i % 3 == 0 { "published" } else { "draft" };
            let views = match i % 4 {
                0 => 0,
                1 => 2147483647,
                _ => i as i64,
            };
            let user = (i % USERS) + 1;
            // A scoped post belongs to its author's tenant.
            let tenant = if posts_scoped {
                format!(", {}", user % 2 + 1)
            } else {
                String::new()
            };
            format!(
                "({user}, 'title {i}', '{status}', {views}, {}{tenant})",
                if i % 5 == 0 {
                    "NULL".into()
                } else {
                    format!("{}", (i % 7) + 1)
                }
            )
        })
        .collect();
    run(
        db,
        &format!(
            "INSERT INTO posts (user_id, title, status, views, reviewer_id{}) VALUES {}",
            if posts_scoped { ", tenant_id" } else { "" },
            posts.join(", ")
        ),
    );
}

fn run(db: &mut dyn Db, sql: &str) {
    if let Err(e) = db.exec(sql) {
        panic!("{}: {e}\n{}", db.engine(), &sql[..sql.len().min(2000)]);
    }
}

/// What the rows say, by values that survive every change of the matrix (`nickname` only
/// while the column exists).
fn fingerprint(db: &mut dyn Db, nickname: bool, posts: &str) -> Vec<i64> {
    vec![
        db.count("SELECT count(*) FROM users"),
        db.count("SELECT count(*) FROM users WHERE email LIKE 'u%@example.com'"),
        if nickname {
            db.count("SELECT count(*) FROM users WHERE nickname IS NULL")
        } else {
            0
        },
        db.count(&format!("SELECT count(*) FROM {posts}")),
        db.count(&format!(
            "SELECT count(*) FROM {posts} WHERE title LIKE 'title %'"
        )),
        db.count(&format!(
            "SELECT count(*) FROM {posts} WHERE views = 2147483647"
        )),
        db.count(&format!(
            "SELECT count(*) FROM {posts} WHERE status = 'published'"
        )),
        db.count(&format!(
            "SELECT count(*) FROM {posts} WHERE reviewer_id IS NULL"
        )),
        db.count(&format!("SELECT count(DISTINCT user_id) FROM {posts}")),
    ]
}

/// The tenants table of the shared-tenancy rows.
fn tenant() -> E {
    E::new("Tenant")
        .global()
        .delete(DeleteStrategy::Hard)
        .field(string("name", 100))
}

/// One row of the matrix.
#[derive(Clone)]
struct Case {
    name: &'static str,
    /// v1 when it is not [`v1`].
    v1: Option<Model>,
    /// `--backfill`s.
    backfills: Vec<Backfill>,
    v2: Model,
    tenancy: Tenancy,
    allow_destructive: bool,
}

fn case(name: &'static str, v2: Model) -> Case {
    Case {
        name,
        v1: None,
        backfills: Vec::new(),
        v2,
        tenancy: Tenancy::None,
        allow_destructive: false,
    }
}

fn with_post(p: E) -> Model {
    model(vec![user(), p])
}

fn with_user(u: E) -> Model {
    model(vec![u, post()])
}

/// `e` with its field of column `column` replaced by `field`.
fn replace(mut e: E, column: &str, field: Field) -> E {
    let i =
        e.0.fields
            .iter()
            .position(|f| f.column == column)
            .unwrap_or_else(|| panic!("no field {column}"));
    e.0.fields[i] = field;
    e
}

fn post_with(field: Field) -> E {
    let column = field.column.clone();
    replace(post(), &column, field)
}

fn user_with(field: Field) -> E {
    let column = field.column.clone();
    replace(user(), &column, field)
}

// One push per row of the matrix, some rows built in steps.
#[allow(clippy::vec_init_then_push)]
fn cases() -> Vec<Case> {
    let mut v = Vec::new();
    v.push(case(
        "add nullable column",
        with_user(user().field(nullable(string("bio", 200)))),
    ));
    v.push(case(
        "add NOT NULL column with default",
        with_post(post().field(Field {
            default: Some("0".into()),
            ..f("priority", ColumnType::Integer)
        })),
    ));
    v.push(case(
        "make a column NOT NULL",
        with_user(user_with(string("name", 60))),
    ));
    v.push(case(
        "add FK",
        with_post(post_with(Field {
            nullable: true,
            ..belongs_to("reviewer_id", "User", RefAction::SetNull)
        })),
    ));
    v.push(case(
        "add CHECK",
        with_post(post_with(Field {
            min: Some("0".into()),
            ..f("views", ColumnType::Integer)
        })),
    ));
    v.push(case(
        "add unique",
        with_post(post().unique(&["user_id", "title"])),
    ));
    v.push(case(
        "add index",
        with_post(post().index(IndexDef {
            fields: vec!["views".into()],
            ..Default::default()
        })),
    ));
    v.push(case(
        "add composite ESR index from a query pattern",
        with_post(post().query("by_user_status", &["user_id", "status"], &["-views"], &[])),
    ));
    let mut no_index = post();
    no_index.0.indexes.clear();
    v.push(case("drop index", with_post(no_index)));
    v.push(case(
        "rename column via renamed_from",
        with_user(replace(
            user(),
            "name",
            Field {
                renamed_from: Some("name".into()),
                ..nullable(string("full_name", 60))
            },
        )),
    ));
    v.push(case(
        "widen a type",
        with_post(replace(
            post_with(string("title", 200)),
            "views",
            f("views", ColumnType::BigInt),
        )),
    ));
    let mut renamed = post().table("articles");
    renamed.0.renamed_from = Some("posts".into());
    v.push(case("rename table via renamed_from", with_post(renamed)));
    v.push(case(
        "add table",
        model(vec![
            user(),
            post(),
            E::new("Tag").field(string("label", 40)),
        ]),
    ));
    v.push(case(
        "add M:N",
        model(vec![
            user(),
            post().many_to_many("Tag", "post_tags", None),
            E::new("Tag").field(string("label", 40)),
        ]),
    ));
    v.push(case(
        "turn on soft delete",
        model(vec![
            user(),
            post()
                .unique(&["user_id", "title"])
                .delete(DeleteStrategy::Soft),
        ]),
    ));
    v.push(case(
        "turn on optimistic locking (version)",
        with_post(post().version()),
    ));
    v.push(case(
        "turn on audit columns (created_by / updated_by)",
        with_post(post().audit(Some("User"))),
    ));
    v.push(case(
        "add an enum value",
        with_post(post_with(Field {
            default: Some("draft".into()),
            ..enumeration("status", &["draft", "published", "archived"])
        })),
    ));
    let mut drop = case(
        "drop column with --allow-destructive",
        with_user({
            let mut u = user();
            u.0.fields.retain(|f| f.column != "nickname");
            u
        }),
    );
    drop.allow_destructive = true;
    v.push(drop);
    let mut narrow = case(
        "narrow a type with --allow-destructive",
        with_post(post_with(string("title", 20))),
    );
    narrow.allow_destructive = true;
    v.push(narrow);
    let status = |values: &[&str]| Field {
        default: Some("draft".into()),
        ..enumeration("status", values)
    };
    let mut fewer = case(
        "remove an enum value with --allow-destructive",
        with_post(post_with(status(&["draft", "published"]))),
    );
    fewer.v1 = Some(with_post(post_with(status(&[
        "draft",
        "published",
        "archived",
    ]))));
    fewer.allow_destructive = true;
    v.push(fewer);
    let mut country = case(
        "add NOT NULL column with --backfill",
        with_user(user().field(string("country", 2))),
    );
    country.backfills = vec![Backfill::parse("users.country='NL'").unwrap()];
    v.push(country);
    let mut scoped = case(
        "turn a table tenant-scoped under shared tenancy",
        model(vec![tenant(), user(), post()]),
    );
    scoped.v1 = Some(model(vec![tenant(), user(), post().global()]));
    scoped.tenancy = Tenancy::Shared;
    scoped.backfills = vec![Backfill::parse(
        "posts.tenant_id=(SELECT users.tenant_id FROM users WHERE users.id = posts.user_id)",
    )
    .unwrap()];
    v.push(scoped);
    v
}

/// How a migration reaches the database.
#[derive(Clone, Copy, PartialEq)]
enum How {
    /// Part by part, each part one query (the renderer's own cut).
    Parts,
    /// As sqlx runs the files of `--layout sqlx`: in version order, each file one query,
    /// inside a transaction unless the file starts with `-- no-transaction`; down files one
    /// by one in reverse version order.
    SqlxFiles,
}

/// The up (or down) files of `--layout sqlx`, in the order sqlx runs them.
fn sqlx_files(r: &Rendered, up: bool) -> Vec<MigrationFile> {
    let dir = std::env::temp_dir().join(format!("dm-sqlx-layout-{}", std::process::id()));
    let naming = Naming {
        name: "change",
        now: std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_800_000_000),
        engine: "test",
    };
    let suffix = if up { ".up.sql" } else { ".down.sql" };
    let mut files: Vec<MigrationFile> = Layout::Sqlx
        .files(&dir, &naming, r)
        .expect("sqlx layout")
        .into_iter()
        .filter(|f| f.path.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if !up {
        files.reverse();
    }
    files
}

fn run_sqlx_file(db: &mut dyn Db, f: &MigrationFile, what: &str) {
    let result = if f.content.starts_with("-- no-transaction") {
        db.exec(&f.content)
    } else {
        db.exec("BEGIN")
            .and_then(|_| db.exec(&f.content))
            .and_then(|_| db.exec("COMMIT"))
    };
    if let Err(e) = result {
        panic!(
            "{}: {what}: {} failed: {e}\n{}",
            db.engine(),
            f.path.display(),
            f.content
        );
    }
}

fn migrate(db: &mut dyn Db, r: &Rendered, up: bool, how: How, what: &str) {
    match (how, up, &r.down) {
        (How::Parts, true, _) => apply(db, &r.up, what),
        (How::Parts, false, Down::Migration(m)) => apply(db, m, what),
        (How::Parts, false, Down::Irreversible(_)) => {}
        (How::SqlxFiles, _, _) => {
            for f in sqlx_files(r, up) {
                run_sqlx_file(db, &f, what);
            }
        }
    }
}

/// Columns by name: a migration appends what a fresh table would have in the middle.
fn by_name(mut c: Catalog) -> Catalog {
    for t in c.values_mut() {
        t.columns.sort();
    }
    c
}

fn each_case(engine_run: &mut dyn FnMut(&Case)) {
    for c in cases() {
        engine_run(&c);
    }
}

fn on_sqlite(how: How) {
    each_case(&mut |c| {
        let mut conn = sqlite();
        check_with(&mut conn, c, how, |conn: &mut rusqlite::Connection| {
            introspect_sqlite(conn)
        });
    });
}

fn on_postgres(how: How) {
    each_case(&mut |c| {
        let Some(mut pg) = Pg::connect() else { return };
        let schema = pg.schema.clone();
        check_with(&mut pg, c, how, |pg: &mut Pg| {
            introspect_pg(&mut pg.client, &schema)
        });
    });
}

fn on_mariadb(how: How) {
    each_case(&mut |c| {
        let Some(mut my) = My::connect() else { return };
        let db = my.db.clone();
        check_with(&mut my, c, how, |my: &mut My| {
            introspect_mysql(&mut my.conn, &db)
        });
    });
}

/// The matrix on the Citus cluster, each row under shared tenancy (users and posts become
/// distributed tables co-located on `tenant_id`, the tenants a reference table), each in a
/// fresh schema of one cluster database. Turning a reference table into a distributed one
/// is not a migration the tool renders (it needs `create_distributed_table` on live rows):
/// that row is left out.
fn on_citus(how: How) {
    let Some(mut cluster) = Cluster::connect() else {
        return;
    };
    let mut skipped: Vec<(&str, String)> = Vec::new();
    let with_tenants = |m: &Model| {
        let mut m = m.clone();
        m.entities.extend(model(vec![tenant()]).entities);
        m
    };
    each_case(&mut |c| {
        if c.tenancy == Tenancy::Shared {
            return;
        }
        let c = Case {
            v1: Some(with_tenants(c.v1.as_ref().unwrap_or(&v1()))),
            v2: with_tenants(&c.v2),
            tenancy: Tenancy::Shared,
            ..c.clone()
        };
        // A v2 the resolver refuses for Citus (what the cluster can't do: DM033-DM037) has
        // no migration to render.
        let citus = cargo_datamodel::config::Config {
            engines: vec![Engine::Citus],
            tenancy: Tenancy::Shared,
            ..Default::default()
        };
        if let Err(d) = cargo_datamodel::schema::resolve(&c.v2, &citus) {
            let codes: Vec<&str> = d.iter().map(|d| d.code.as_str()).collect();
            skipped.push((c.name, codes.join(", ")));
            return;
        }
        let options = Options {
            allow_destructive: c.allow_destructive,
            backfills: c.backfills.clone(),
            ..Options::default()
        };
        let (v1s, v2s) = (
            schema_of(c.v1.as_ref().unwrap_or(&v1()), c.tenancy),
            schema_of(&c.v2, c.tenancy),
        );
        if let Err(r) = render_with(&v1s, &v2s, Engine::Citus, &options) {
            skipped.push((c.name, format!("{}: {}", r.code, r.message)));
            return;
        }
        let schema = datamodel_tests::engines::unique_name();
        cluster
            .client
            .batch_execute(&format!(
                "CREATE SCHEMA \"{schema}\"; SET search_path TO \"{schema}\";"
            ))
            .expect("create schema");
        let mut db = CitusSchema {
            client: &mut cluster.client,
        };
        check_with(&mut db, &c, how, |db: &mut CitusSchema| {
            introspect_pg(db.client, &schema)
        });
        cluster
            .client
            .batch_execute(&format!("DROP SCHEMA \"{schema}\" CASCADE"))
            .expect("drop schema");
    });
    // Exactly what Citus can't do, refused with its reason (the rest ran above).
    let names: Vec<&str> = skipped.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "add FK",
            "rename table via renamed_from",
            "turn on audit columns (created_by / updated_by)"
        ],
        "{skipped:#?}"
    );
    let reasons: Vec<&str> = skipped.iter().map(|(_, r)| &r[..5]).collect();
    assert_eq!(reasons, ["DM036", "DM041", "DM036"], "{skipped:#?}");
}

/// The cluster's coordinator, in the schema the case runs in.
struct CitusSchema<'a> {
    client: &'a mut postgres::Client,
}

impl Db for CitusSchema<'_> {
    fn engine(&self) -> Engine {
        Engine::Citus
    }
    /// One statement per query: Citus refuses DDL of a distributed table inside a
    /// multi-statement query ("cannot insert multiple commands into a prepared statement").
    /// Several statements run in one transaction, as PostgreSQL runs a multi-statement
    /// query; a part of one statement runs on its own (a `CONCURRENTLY` index, a `DO` block
    /// that commits its batches), as the renderer cut it.
    fn exec(&mut self, sql: &str) -> Result<(), String> {
        use cargo_datamodel::import::split::{split, Piece};
        let several = split(sql, false)
            .iter()
            .filter(|p| matches!(p, Piece::Sql { .. }))
            .count()
            > 1;
        if several {
            let mut tx = self.client.transaction().map_err(|e| message(&e))?;
            run_statements(&mut tx, sql)?;
            tx.commit().map_err(|e| message(&e))
        } else {
            run_statements(self.client, sql)
        }
    }
    fn count(&mut self, sql: &str) -> i64 {
        self.client
            .query_one(sql, &[])
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .get(0)
    }
}

#[test]
fn every_change_keeps_every_row_on_citus() {
    on_citus(How::Parts);
}

#[test]
fn every_change_keeps_every_row_on_sqlite() {
    on_sqlite(How::Parts);
}

#[test]
fn every_change_keeps_every_row_on_postgres() {
    on_postgres(How::Parts);
}

#[test]
fn every_change_keeps_every_row_on_mariadb() {
    on_mariadb(How::Parts);
}

/// The `--layout sqlx` files, run as sqlx runs them (`sqlx migrate run` / `revert`): the
/// README says this test stands in for sqlx's own migrator.
#[test]
fn sqlx_layout_files_apply_in_sqlx_order_on_every_engine() {
    on_sqlite(How::SqlxFiles);
    on_postgres(How::SqlxFiles);
    on_mariadb(How::SqlxFiles);
}

fn check_with<D: Db>(
    db: &mut D,
    c: &Case,
    how: How,
    mut introspect: impl FnMut(&mut D) -> Catalog,
) {
    let engine = db.engine();
    let v1 = schema_of(c.v1.as_ref().unwrap_or(&v1()), c.tenancy);
    let v2 = schema_of(&c.v2, c.tenancy);
    install(db, &v1);
    let posts_scoped = v1.table("posts").is_some_and(|t| t.tenant_scoped);
    seed(db, c.tenancy == Tenancy::Shared, posts_scoped);
    let before = fingerprint(db, true, "posts");
    let options = Options {
        allow_destructive: c.allow_destructive,
        backfills: c.backfills.clone(),
        ..Options::default()
    };
    let r = render_with(&v1, &v2, engine, &options)
        .unwrap_or_else(|e| panic!("{engine}: {}: refused: {e:?}", c.name));
    assert!(!r.up.is_empty(), "{engine}: {}: no step", c.name);
    migrate(db, &r, true, how, &format!("{}: up", c.name));
    let kept = v2
        .table("users")
        .is_some_and(|t| t.column("nickname").is_some());
    let mut want = before.clone();
    if !kept {
        want[2] = 0;
    }
    let posts = if v2.table("posts").is_some() {
        "posts"
    } else {
        "articles"
    };
    assert_eq!(
        fingerprint(db, kept, posts),
        want,
        "{engine}: {}: rows changed",
        c.name
    );
    datamodel_tests::catalog::assert_catalog(
        &by_name(introspect(db)),
        &by_name(expected(&v2, engine)),
        engine,
    );
    for b in &c.backfills {
        let empty = db.count(&format!(
            "SELECT count(*) FROM {} WHERE {} IS NULL",
            b.table, b.column
        ));
        assert_eq!(
            empty, 0,
            "{engine}: {}: rows left without a backfill",
            c.name
        );
    }
    if c.tenancy == Tenancy::Shared {
        // Each post got its author's tenant.
        let wrong = db.count(
            // (A correlated subquery on tenant_id: Citus runs it on each shard.)
            "SELECT count(*) FROM posts WHERE NOT EXISTS (SELECT 1 FROM users WHERE users.tenant_id = posts.tenant_id AND users.id = posts.user_id)",
        );
        assert_eq!(wrong, 0, "{engine}: {}: posts in another tenant", c.name);
    }
    if v2
        .table("users")
        .is_some_and(|t| t.column("full_name").is_some())
    {
        // A rename keeps the values.
        let n = db.count("SELECT count(*) FROM users WHERE full_name LIKE 'Name %'");
        assert_eq!(n, USERS as i64, "{engine}: {}: renamed values", c.name);
    }
    if let Down::Migration(_) = &r.down {
        migrate(db, &r, false, how, &format!("{}: down", c.name));
        datamodel_tests::catalog::assert_catalog(
            &by_name(introspect(db)),
            &by_name(expected(&v1, engine)),
            engine,
        );
        // The way back keeps every row and value too (a rename goes back, not drop + add).
        assert_eq!(
            fingerprint(db, true, "posts"),
            before,
            "{engine}: {}: rows changed by the down migration",
            c.name
        );
        let n = db.count("SELECT count(*) FROM users WHERE name LIKE 'Name %'");
        assert_eq!(n, USERS as i64, "{engine}: {}: names after down", c.name);
    }
}

/// Refusals: what loses data needs the flag; what has no value for existing rows is refused
/// on every engine with its code.
#[test]
fn destructive_and_impossible_changes_are_refused_with_their_codes() {
    let v1s = schema_of(&v1(), Tenancy::None);
    let refused = |v2: Model, allow: bool| -> Refusal {
        let v2 = schema_of(&v2, Tenancy::None);
        match render(&v1s, &v2, Engine::Postgres, allow) {
            Err(r) => r,
            Ok(m) => panic!("not refused:\n{}", m.up.script()),
        }
    };
    let narrow = refused(with_post(post_with(string("title", 50))), false);
    assert_eq!(narrow.code, "DM040");
    assert!(narrow.message.contains("posts.title"), "{narrow:?}");
    let fewer = refused(
        with_post(post_with(Field {
            default: Some("draft".into()),
            ..enumeration("status", &["draft"])
        })),
        false,
    );
    assert_eq!(fewer.code, "DM040");
    let mut no_nick = user();
    no_nick.0.fields.retain(|f| f.column != "nickname");
    assert_eq!(refused(with_user(no_nick), false).code, "DM040");
    let required = refused(with_user(user().field(string("country", 2))), true);
    assert_eq!(required.code, "DM041");
    assert!(required.message.contains("users.country"), "{required:?}");
    for engine in Engine::ALL {
        let v2 = schema_of(
            &with_user(user().field(string("country", 2))),
            Tenancy::None,
        );
        assert!(render(&v1s, &v2, engine, true).is_err(), "{engine}");
    }
}

/// squawk (PyPI `squawk-cli`, installed by `.ci/run`), the PostgreSQL migration linter,
/// reports nothing on any PostgreSQL migration of the matrix, up or down. Rules turned off
/// are in the committed `.squawk.toml`, each with its reason.
#[test]
fn squawk_accepts_every_postgres_migration() {
    let mut judge = datamodel_tests::squawk::Judge::new("matrix");
    for c in cases() {
        let v2 = schema_of(&c.v2, c.tenancy);
        let v1s = schema_of(c.v1.as_ref().unwrap_or(&v1()), c.tenancy);
        let options = Options {
            allow_destructive: c.allow_destructive,
            backfills: c.backfills.clone(),
            ..Options::default()
        };
        let r = render_with(&v1s, &v2, Engine::Postgres, &options).unwrap();
        judge.add("up", &r.up);
        if let Down::Migration(d) = &r.down {
            judge.add("down", d);
        }
    }
    // A rename in two releases: the expand, its way back, the contract.
    let v1s = schema_of(&v1(), Tenancy::None);
    let renamed = replace(
        user(),
        "name",
        Field {
            renamed_from: Some("name".into()),
            ..string("full_name", 60)
        },
    );
    let v2s = schema_of(&with_user(renamed), Tenancy::None);
    let expand = Options {
        expand_contract: true,
        ..Options::default()
    };
    let r = render_with(&v1s, &v2s, Engine::Postgres, &expand).unwrap();
    assert_eq!(r.expanded.len(), 1);
    judge.add("expand", &r.up);
    if let Down::Migration(d) = &r.down {
        judge.add("unexpand", d);
    }
    let contract = Options {
        contract: r.expanded.clone(),
        ..Options::default()
    };
    let c = render_with(&v2s, &v2s, Engine::Postgres, &contract).unwrap();
    judge.add("contract", &c.up);
    judge.assert_clean();
}

/// A type change through a shadow column (PostgreSQL): rows written while the migration runs,
/// between its parts, end up in the new column with their values (the sync trigger), and the
/// column keeps its name and NOT NULL.
#[test]
fn writes_during_a_shadow_column_type_change_are_kept() {
    let Some(mut pg) = Pg::connect() else { return };
    let v1s = schema_of(&v1(), Tenancy::None);
    let v2s = schema_of(
        &with_post(post_with(f("views", ColumnType::BigInt))),
        Tenancy::None,
    );
    install(&mut pg, &v1s);
    seed(&mut pg, false, false);
    let r = render(&v1s, &v2s, Engine::Postgres, false).unwrap();
    let script = r.up.script();
    assert!(script.contains("shadow column"), "{script}");
    let parts = r.up.parts();
    let backfill = parts
        .iter()
        .position(|p| p.sql.contains("DO $dm$"))
        .expect("a batched backfill part");
    for (i, part) in parts.iter().enumerate() {
        if i == backfill {
            // The application keeps writing the column by its name meanwhile.
            run(
                &mut pg,
                "INSERT INTO posts (user_id, title, status, views) VALUES (1, 'during', 'draft', 2147483647)",
            );
            run(
                &mut pg,
                "UPDATE posts SET views = 7 WHERE title = 'title 8'",
            );
        }
        run(&mut pg, &part.sql);
    }
    assert_eq!(
        pg.count("SELECT views FROM posts WHERE title = 'during'"),
        2147483647
    );
    assert_eq!(
        pg.count("SELECT views FROM posts WHERE title = 'title 8'"),
        7
    );
    assert_eq!(pg.count("SELECT count(*) FROM posts"), POSTS as i64 + 1);
    // Now a BIGINT: a value past the old range fits.
    run(
        &mut pg,
        "UPDATE posts SET views = 3000000000 WHERE title = 'during'",
    );
    let schema = pg.schema.clone();
    datamodel_tests::catalog::assert_catalog(
        &by_name(introspect_pg(&mut pg.client, &schema)),
        &by_name(expected(&v2s, Engine::Postgres)),
        Engine::Postgres,
    );
}

/// A rename in two releases (PostgreSQL, `--expand-contract`): after the expand, code that
/// uses the old name and code that uses the new one both work and see each other's writes;
/// the contract (a later migration) drops the old column and the catalog is v2's. The down
/// migration of the expand brings back v1's catalog. Engines without the trigger it needs
/// rename in one step.
#[test]
fn a_rename_in_two_releases_keeps_old_and_new_code_working() {
    let v1s = schema_of(&v1(), Tenancy::None);
    let renamed = replace(
        user(),
        "name",
        Field {
            renamed_from: Some("name".into()),
            ..nullable(string("full_name", 60))
        },
    );
    let v2s = schema_of(&with_user(renamed), Tenancy::None);
    let expand = Options {
        expand_contract: true,
        ..Options::default()
    };
    for engine in [Engine::Mysql, Engine::Sqlite] {
        let r = render_with(&v1s, &v2s, engine, &expand).unwrap();
        assert!(r.expanded.is_empty(), "{engine}");
        assert!(r.up.script().contains("RENAME COLUMN"), "{engine}");
    }
    let Some(mut pg) = Pg::connect() else { return };
    install(&mut pg, &v1s);
    seed(&mut pg, false, false);
    let r = render_with(&v1s, &v2s, Engine::Postgres, &expand).unwrap();
    assert_eq!(r.expanded.len(), 1, "{}", r.up.script());
    apply(&mut pg, &r.up, "expand");
    // Old and new code side by side.
    run(
        &mut pg,
        "INSERT INTO users (email, name) VALUES ('old@example.com', 'Old Code')",
    );
    run(
        &mut pg,
        "INSERT INTO users (email, full_name) VALUES ('new@example.com', 'New Code')",
    );
    run(
        &mut pg,
        "UPDATE users SET name = 'Via Old' WHERE email = 'u1@example.com'",
    );
    run(
        &mut pg,
        "UPDATE users SET full_name = 'Via New' WHERE email = 'u2@example.com'",
    );
    assert_eq!(
        pg.count("SELECT count(*) FROM users WHERE full_name IS DISTINCT FROM name"),
        0
    );
    assert_eq!(
        pg.count("SELECT count(*) FROM users WHERE full_name = 'Old Code'"),
        1
    );
    assert_eq!(
        pg.count("SELECT count(*) FROM users WHERE name = 'New Code'"),
        1
    );
    assert_eq!(
        pg.count("SELECT count(*) FROM users WHERE full_name = 'Via Old'"),
        1
    );
    assert_eq!(
        pg.count("SELECT count(*) FROM users WHERE name = 'Via New'"),
        1
    );
    // The next release: the contract.
    let contract = Options {
        contract: r.expanded.clone(),
        ..Options::default()
    };
    let c = render_with(&v2s, &v2s, Engine::Postgres, &contract).unwrap();
    assert!(!c.up.is_empty());
    apply(&mut pg, &c.up, "contract");
    assert_eq!(
        pg.count("SELECT count(*) FROM users WHERE full_name LIKE 'Name %'"),
        USERS as i64 - 2
    );
    assert_eq!(pg.count("SELECT count(*) FROM users"), USERS as i64 + 2);
    let schema = pg.schema.clone();
    datamodel_tests::catalog::assert_catalog(
        &by_name(introspect_pg(&mut pg.client, &schema)),
        &by_name(expected(&v2s, Engine::Postgres)),
        Engine::Postgres,
    );
    // The way back from the expand alone.
    let Some(mut back) = Pg::connect() else {
        return;
    };
    install(&mut back, &v1s);
    seed(&mut back, false, false);
    apply(&mut back, &r.up, "expand");
    let Down::Migration(down) = &r.down else {
        panic!("an expand has a way back")
    };
    apply(&mut back, down, "undo the expand");
    let schema = back.schema.clone();
    datamodel_tests::catalog::assert_catalog(
        &by_name(introspect_pg(&mut back.client, &schema)),
        &by_name(expected(&v1s, Engine::Postgres)),
        Engine::Postgres,
    );
    assert_eq!(
        back.count("SELECT count(*) FROM users WHERE name LIKE 'Name %'"),
        USERS as i64
    );
}

/// Found by the mutate property (seed 11): MariaDB drops a table's CHECK that names no column
/// when any column is dropped; the migration adds it again, and the catalog keeps it.
#[test]
fn regression_dropping_a_column_keeps_a_column_free_check_on_mariadb() {
    let Some(mut my) = My::connect() else { return };
    let v1m = with_user(user().check("1 <> 2"));
    let mut u = user().check("1 <> 2");
    u.0.fields.retain(|f| f.column != "nickname");
    let v2m = with_user(u);
    let (v1s, v2s) = (
        schema_of(&v1m, Tenancy::None),
        schema_of(&v2m, Tenancy::None),
    );
    install(&mut my, &v1s);
    let r = render(&v1s, &v2s, Engine::Mysql, true).unwrap();
    apply(&mut my, &r.up, "drop nickname");
    let db = my.db.clone();
    datamodel_tests::catalog::assert_catalog(
        &by_name(introspect_mysql(&mut my.conn, &db)),
        &by_name(expected(&v2s, Engine::Mysql)),
        Engine::Mysql,
    );
}
