//! `cargo datamodel new`, end to end: the drafted structs compile with the derive in a fresh
//! crate, pass `cargo datamodel lint` with no deny-level finding, and their DDL runs on
//! PostgreSQL, MariaDB and SQLite.

use datamodel_tests::behaviour::Db;
use datamodel_tests::cli::{cargo_datamodel, repo_root};
use datamodel_tests::engines::{sqlite, My, Pg};
use std::fs;
use std::path::Path;

/// A fresh package (its own workspace) depending on the runtime by path, declaring
/// `pub mod models;`. Returns the manifest path.
fn fresh_crate(dir: &Path) -> String {
    fs::create_dir_all(dir.join("src")).unwrap();
    let runtime = repo_root().join("runtime");
    fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"scaffolded\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n# the runtime, by path\n[dependencies]\ndatamodel = {{ path = {:?} }}\n\n[workspace]\n",
            runtime.to_string_lossy()
        ),
    )
    .unwrap();
    fs::write(dir.join("src/lib.rs"), "pub mod models;\n").unwrap();
    fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    dir.join("Cargo.toml").to_string_lossy().into_owned()
}

/// Runs the DDL `ddl --engine` prints on one engine, then a row through the generated
/// defaults and CHECKs.
/// `cargo datamodel lint` finds no error in the crate of manifest `m`, and the DDL it renders
/// for each engine installs on that engine.
fn lints_clean_and_installs_everywhere(m: &str, who: &str) {
    let run = cargo_datamodel(&["lint", "--manifest-path", m]);
    run.expect_code(0);
    assert!(!run.stderr.contains("error["), "{who}: {}", run.stderr);
    let ddl = |engine: &str| {
        let run = cargo_datamodel(&["ddl", "--engine", engine, "--manifest-path", m]);
        run.expect_code(0);
        run.stdout
    };
    let install = |db: &mut dyn Db, ddl: &str| {
        if let Err(e) = db.exec(ddl) {
            panic!("{who}: {} rejected the DDL: {e}\n{ddl}", db.engine());
        }
    };
    if let Some(mut pg) = Pg::connect() {
        install(&mut pg, &ddl("postgres"));
    }
    if let Some(mut my) = My::connect() {
        install(&mut my, &ddl("mysql"));
    }
    install(&mut sqlite() as &mut dyn Db, &ddl("sqlite"));
}

fn runs_on(db: &mut dyn Db, ddl: &str) {
    if let Err(e) = db.exec(ddl) {
        panic!(
            "{} rejected the DDL of the scaffold: {e}\n{ddl}",
            db.engine()
        );
    }
    db.exec("INSERT INTO users (email, name) VALUES ('a@example.com', 'A')")
        .unwrap_or_else(|e| panic!("{}: {e}", db.engine()));
    db.exec("INSERT INTO posts (title, slug, body, author_id) VALUES ('T', 't', 'B', 1)")
        .unwrap_or_else(|e| panic!("{}: {e}", db.engine()));
    assert_eq!(
        db.count("SELECT COUNT(*) FROM posts WHERE status = 'draft'"),
        1,
        "{}: status defaults to draft",
        db.engine()
    );
    assert!(
        db.exec("INSERT INTO posts (title, slug, body, author_id, status) VALUES ('U', 'u', 'B', 1, 'secret')")
            .is_err(),
        "{}: the status CHECK must reject an unknown value",
        db.engine()
    );
    assert!(
        db.exec("INSERT INTO users (email, name) VALUES ('a@example.com', 'B')")
            .is_err(),
        "{}: email is unique",
        db.engine()
    );
    db.exec("INSERT INTO tags (name, slug) VALUES ('rust', 'rust')")
        .unwrap_or_else(|e| panic!("{}: {e}", db.engine()));
    db.exec("INSERT INTO post_tags (post_id, tag_id) VALUES (1, 1)")
        .unwrap_or_else(|e| panic!("{}: the post_tags junction: {e}", db.engine()));
}

#[test]
fn new_blog_list_compiles_lints_clean_and_runs_on_three_engines() {
    let tmp = tempfile::tempdir().unwrap();
    let m = fresh_crate(tmp.path());
    let run = cargo_datamodel(&["new", "User, Post, Comment, Tag", "--manifest-path", &m]);
    run.expect_code(0);
    for line in [
        "inferred Comment.post_id: belongs_to Post, on_delete = \"cascade\", indexed",
        "inferred Comment.author_id: belongs_to User",
        "inferred Post <-> Tag: many_to_many, junction table `post_tags`",
        "Cargo.toml: enabled datamodel feature chrono",
        "Cargo.toml: added dependency chrono 0.4",
    ] {
        assert!(
            run.stdout.contains(line),
            "missing `{line}` in\n{}",
            run.stdout
        );
    }
    let manifest = fs::read_to_string(&m).unwrap();
    assert!(manifest.contains("# the runtime, by path"), "{manifest}");

    // compiles with the derive (the collector builds the crate) and no deny-level lint
    let run = cargo_datamodel(&["lint", "--manifest-path", &m]);
    run.expect_code(0);
    assert!(!run.stderr.contains("error["), "{}", run.stderr);

    let ddl = |engine: &str| {
        let run = cargo_datamodel(&["ddl", "--engine", engine, "--manifest-path", &m]);
        run.expect_code(0);
        run.stdout
    };
    if let Some(mut pg) = Pg::connect() {
        runs_on(&mut pg, &ddl("postgres"));
    }
    if let Some(mut my) = My::connect() {
        runs_on(&mut my, &ddl("mysql"));
    }
    runs_on(&mut sqlite() as &mut dyn Db, &ddl("sqlite"));
}

#[test]
fn new_never_overwrites_a_file_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let m = fresh_crate(tmp.path());
    let models = tmp.path().join("src/models.rs");
    fs::write(&models, "// mine\n").unwrap();
    let run = cargo_datamodel(&["new", "User", "--manifest-path", &m]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("already exists; `new` never overwrites a file")
            && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_to_string(&models).unwrap(), "// mine\n");
    let run = cargo_datamodel(&["new", "User", "--force", "--manifest-path", &m]);
    run.expect_code(0);
    assert!(fs::read_to_string(&models)
        .unwrap()
        .contains("pub struct User"));
}

#[test]
fn new_refuses_a_bad_list_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let m = fresh_crate(tmp.path());
    let run = cargo_datamodel(&["new", "User, users", "--manifest-path", &m]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("`User` is listed twice"),
        "{}",
        run.stderr
    );
    assert!(!tmp.path().join("src/models.rs").exists());
}

/// Every noun of the table at once: every parent, M:N and CHECK of docs/scaffold.md compiles,
/// lints without a deny-level finding and installs on the three engines.
#[test]
fn new_with_every_known_noun_compiles_lints_clean_and_installs() {
    let tmp = tempfile::tempdir().unwrap();
    let m = fresh_crate(tmp.path());
    let list: Vec<&str> = cargo_datamodel::scaffold::nouns::NOUNS
        .iter()
        .map(|n| n.name)
        .collect();
    let run = cargo_datamodel(&["new", &list.join(", "), "--manifest-path", &m]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("Cargo.toml: added dependency rust_decimal 1"),
        "{}",
        run.stdout
    );
    lints_clean_and_installs_everywhere(&m, "the crate");
}

const PRDS: [&str; 3] = ["school", "shop", "community"];

fn prd_path(name: &str) -> String {
    repo_root()
        .join(format!("tests/prd/{name}.md"))
        .to_string_lossy()
        .into_owned()
}

/// The findings of each committed PRD fixture (confidence, constraint, source sentence) and the
/// sentences no rule used: the expected list, reviewed.
#[test]
fn prd_fixtures_findings() {
    for name in PRDS {
        let text = fs::read_to_string(prd_path(name)).unwrap();
        assert!(
            cargo_datamodel::scaffold::prd::sentences(&text).len() >= 15,
            "{name}: a fixture has 15+ sentences"
        );
        let x = cargo_datamodel::scaffold::prd::extract(&text).unwrap();
        insta::assert_snapshot!(
            format!("prd_{name}"),
            cargo_datamodel::scaffold::prd::report(&x)
        );
        insta::assert_snapshot!(
            format!("prd_{name}_code"),
            cargo_datamodel::scaffold::writer::render(
                &x.draft,
                "cargo datamodel new --from prd.md"
            )
        );
    }
}

/// Together the fixtures exercise every rule of the seed's extraction tables.
#[test]
fn prd_fixtures_cover_every_rule() {
    let all: String = PRDS
        .iter()
        .map(|n| {
            let x =
                cargo_datamodel::scaffold::prd::extract(&fs::read_to_string(prd_path(n)).unwrap())
                    .unwrap();
            cargo_datamodel::scaffold::prd::report(&x)
        })
        .collect();
    for needle in [
        "[Explicit] UNIQUE(",                     // unique / distinct / no two
        "[Implicit] UNIQUE(",                     // each X has a Y
        "[Composite] UNIQUE(",                    // one X per Y
        "No two orders share the same number",    // no two ... share
        "distinct",                               // distinct slug
        "N:1",                                    // belongs to
        "is owned by",                            // owned by
        "1:N",                                    // has many / contains
        "contains many",                          // contains
        "1:1",                                    // has one / has a single
        "can have many",                          // M:N junction
        "plural on both sides",                   // ambiguity default
        "the default in doubt",                   // doubt -> 1:N
        "through junction",                       // enrolled with a grade
        "inheritance",                            // is a
        "IN ('active', 'inactive')",              // must be active or inactive
        "price > 0",                              // comparison
        "BETWEEN 0 AND 150",                      // between
        "nullable <- \"A student can optionally", // optionally
        "if available",                           // if available
        "GDPR",                                   // compliance
        "retention of Cart: ttl 30d",             // deleted after N days
        "unused \"",                              // sentences it could not use
    ] {
        assert!(all.contains(needle), "no finding for `{needle}` in\n{all}");
    }
}

/// Each fixture's drafted crate compiles with the derive, lints without a deny-level finding
/// and installs on the three engines.
#[test]
fn new_from_prd_fixtures_compile_lint_clean_and_install() {
    for name in PRDS {
        let tmp = tempfile::tempdir().unwrap();
        let m = fresh_crate(tmp.path());
        let run = cargo_datamodel(&["new", "--from", &prd_path(name), "--manifest-path", &m]);
        run.expect_code(0);
        assert!(run.stdout.contains("finding [Explicit]"), "{}", run.stdout);
        lints_clean_and_installs_everywhere(&m, name);
    }
}

#[test]
fn new_from_a_missing_file_or_an_empty_text_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let m = fresh_crate(tmp.path());
    let run = cargo_datamodel(&["new", "--from", "no/such.md", "--manifest-path", &m]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("can't read `no/such.md`"),
        "{}",
        run.stderr
    );
    let empty = tmp.path().join("empty.md");
    fs::write(&empty, "# Title only\n").unwrap();
    let run = cargo_datamodel(&[
        "new",
        "--from",
        &empty.to_string_lossy(),
        "--manifest-path",
        &m,
    ]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("the description has no sentences"),
        "{}",
        run.stderr
    );
    assert!(!tmp.path().join("src/models.rs").exists());
}

/// After `init`'s recommended `tenancy = "shared"`, `new` adds the global tenants table and
/// keeps every foreign key valid with tenant_id in it; the result lints clean and installs.
#[test]
fn new_under_shared_tenancy_adds_the_tenant_table_and_installs() {
    let tmp = tempfile::tempdir().unwrap();
    let m = fresh_crate(tmp.path());
    let run = cargo_datamodel(&["init", "--yes", "--manifest-path", &m]);
    run.expect_code(0);
    assert!(run.stdout.contains("Tenancy: shared"), "{}", run.stdout);
    let run = cargo_datamodel(&[
        "new",
        "User, Customer, Order, Task, Project",
        "--manifest-path",
        &m,
    ]);
    run.expect_code(0);
    // `set_null` stays: under shared tenancy the composite FK nulls only `user_id` (DM129
    // knows, and the DDL below installs on every engine).
    assert!(
        !run.stdout.contains("instead of \"set_null\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("inferred Tenant: added, tenancy = \"global\""),
        "{}",
        run.stdout
    );
    lints_clean_and_installs_everywhere(&m, "the crate");
}

/// `init --engine citus` implies shared tenancy; `new` then drafts no `set_null` between
/// tenant-scoped entities (Citus refuses it, DM036), and the Citus DDL of the draft applies
/// on the real cluster. Another tenancy with Citus is refused before anything is written.
#[test]
fn new_for_citus_drafts_what_the_cluster_takes() {
    let tmp = tempfile::tempdir().unwrap();
    let m = fresh_crate(tmp.path());
    let before = fs::read_to_string(tmp.path().join("Cargo.toml")).unwrap();
    let run = cargo_datamodel(&[
        "init",
        "--yes",
        "--engine",
        "citus",
        "--tenancy",
        "none",
        "--manifest-path",
        &m,
    ]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("needs tenancy `shared`") && run.stderr.contains("nothing was written"),
        "{}",
        run.stderr
    );
    assert_eq!(
        fs::read_to_string(tmp.path().join("Cargo.toml")).unwrap(),
        before
    );
    let run = cargo_datamodel(&["init", "--yes", "--engine", "citus", "--manifest-path", &m]);
    run.expect_code(0);
    assert!(run.stdout.contains("Tenancy: shared"), "{}", run.stdout);
    let run = cargo_datamodel(&[
        "new",
        "User, Customer, Order, Task, Project",
        "--manifest-path",
        &m,
    ]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("instead of \"set_null\""),
        "{}",
        run.stdout
    );
    let run = cargo_datamodel(&["ddl", "--engine", "citus", "--manifest-path", &m]);
    run.expect_code(0);
    assert!(!run.stderr.contains("error["), "{}", run.stderr);
    if let Some(mut cluster) = datamodel_tests::citus::Cluster::connect() {
        cluster
            .apply(&run.stdout)
            .unwrap_or_else(|e| panic!("the cluster refused the draft's DDL: {e}\n{}", run.stdout));
    }
}
