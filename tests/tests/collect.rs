//! `cargo datamodel` end to end: collection of real crates (the examples and the fixtures under
//! `tests/fixtures/`), the `schema` and `plan` outputs, and every way collection can fail.

use datamodel_tests::cli::{cargo_datamodel, manifest, Run};
use serde_json::Value;

fn schema(manifest_rel: &str, extra: &[&str]) -> Run {
    let m = manifest(manifest_rel);
    let mut args = vec!["schema", "--format", "json", "--manifest-path", m.as_str()];
    args.extend_from_slice(extra);
    cargo_datamodel(&args)
}

fn tables(v: &Value) -> Vec<String> {
    v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["table"].as_str().unwrap().to_string())
        .collect()
}

fn entity<'a>(v: &'a Value, rust_name: &str) -> &'a Value {
    v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["rust_name"] == rust_name)
        .unwrap_or_else(|| panic!("no entity {rust_name}"))
}

fn field<'a>(e: &'a Value, name: &str) -> &'a Value {
    e["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rust_name"] == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

#[test]
fn blog_schema_lists_every_entity_with_columns_types_fks_and_indexes() {
    let run = schema("examples/blog/Cargo.toml", &[]);
    run.expect_code(0);
    let v = run.json();
    assert_eq!(v["format_version"], 1);
    let mut t = tables(&v);
    t.sort();
    assert_eq!(
        t,
        [
            "comments",
            "login_attempts",
            "post_tags",
            "posts",
            "tags",
            "user_profiles",
            "users"
        ]
    );
    // The entity of the private `audit` module is collected.
    let login = entity(&v, "LoginAttempt");
    assert_eq!(login["type_path"], "blog::audit::LoginAttempt");
    assert_eq!(login["source"]["file"], "src/audit.rs");
    // Types, nullability, FKs, indexes.
    let post = entity(&v, "Post");
    assert_eq!(field(post, "title")["max_length"], 200);
    assert_eq!(field(post, "published_at")["nullable"], true);
    assert_eq!(field(post, "title")["nullable"], false);
    assert_eq!(
        field(post, "author_id")["belongs_to"]["target"],
        "blog::accounts::User"
    );
    assert_eq!(
        field(post, "author_id")["belongs_to"]["on_delete"],
        "restrict"
    );
    assert_eq!(field(post, "status")["ty"]["kind"], "enum");
    assert_eq!(post["many_to_many"][0]["junction_table"], "post_tags");
    let comment = entity(&v, "Comment");
    assert_eq!(field(comment, "parent_id")["index"], true);
    let profile = entity(&v, "UserProfile");
    assert_eq!(field(profile, "user_id")["belongs_to"]["one_to_one"], true);
    assert!(
        run.stderr_without_status().is_empty(),
        "only status lines: {}",
        run.stderr
    );
    assert!(run.stderr.contains("  Collecting blog"), "{}", run.stderr);
    insta::assert_snapshot!("blog_schema", run.stdout);
}

#[test]
fn saas_schema_has_money_json_pii_and_retention() {
    let run = schema("examples/saas/Cargo.toml", &[]);
    run.expect_code(0);
    let v = run.json();
    let mut t = tables(&v);
    t.sort();
    assert_eq!(
        t,
        ["accounts", "invoices", "legal_holds", "projects", "tenants"]
    );
    let invoice = entity(&v, "Invoice");
    assert_eq!(field(invoice, "amount")["ty"]["kind"], "decimal");
    assert_eq!(field(invoice, "amount")["precision"], 12);
    assert_eq!(field(invoice, "amount")["scale"], 2);
    assert_eq!(invoice["retention"]["ttl"], "10y");
    assert_eq!(invoice["retention"]["legal_hold"], true);
    assert_eq!(
        field(entity(&v, "Project"), "settings")["ty"]["kind"],
        "json"
    );
    assert_eq!(field(entity(&v, "Account"), "email")["pii"], true);
    assert_eq!(entity(&v, "Tenant")["tenancy"], "global");
    insta::assert_snapshot!("saas_schema", run.stdout);
}

#[test]
fn plan_of_the_examples() {
    for (name, path) in [
        ("blog", "examples/blog/Cargo.toml"),
        ("saas", "examples/saas/Cargo.toml"),
    ] {
        let m = manifest(path);
        let run = cargo_datamodel(&["plan", "--manifest-path", &m]);
        run.expect_code(0);
        assert!(
            run.stdout.starts_with("DATA MODEL PLAN\n"),
            "{}",
            run.stdout
        );
        insta::assert_snapshot!(format!("{name}_plan"), run.stdout);
    }
}

/// `cargo datamodel plan` and the document count the same tables the same way (junctions,
/// subtypes and support tables such as `legal_holds` included): the plan's `TABLES (n: ...)`
/// heading, its rows, the document's summary and its table sections all agree.
#[test]
fn plan_and_document_count_the_same_tables() {
    for (path, doc) in [
        (
            "examples/blog/Cargo.toml",
            "examples/blog/docs/data-model/01-blog/01-blog.md",
        ),
        (
            "examples/saas/Cargo.toml",
            "examples/saas/docs/data-model/01-saas-platform/01-saas-platform.md",
        ),
    ] {
        let run = cargo_datamodel(&["plan", "--manifest-path", &manifest(path)]);
        run.expect_code(0);
        let mut lines = run
            .stdout
            .lines()
            .skip_while(|l| !l.starts_with("TABLES ("));
        let heading = lines.next().unwrap_or_else(|| panic!("{}", run.stdout));
        let (n, kinds) = heading
            .strip_prefix("TABLES (")
            .and_then(|h| h.strip_suffix(')'))
            .and_then(|h| h.split_once(": "))
            .unwrap_or_else(|| panic!("{heading}"));
        let n: usize = n.parse().unwrap();
        // Rule, header row, separator, then one row per table up to the blank line.
        let rows = lines.skip(3).take_while(|l| l.starts_with('|')).count();
        assert_eq!(rows, n, "{}", run.stdout);
        let document = std::fs::read_to_string(manifest(doc)).unwrap();
        assert!(
            document.contains(&format!("{n} tables ({kinds}) for ")),
            "{path}: the document's summary does not say {n} tables ({kinds})"
        );
        let sections = document
            .lines()
            .filter(|l| l.starts_with("### ") && l.ends_with("`)"))
            .count();
        assert_eq!(sections, n, "{doc}");
    }
}

#[test]
fn empty_model_is_an_error_that_says_how_to_fix_it() {
    let run = schema("tests/fixtures/empty/Cargo.toml", &[]);
    run.expect_code(1);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr
            .contains("error[DM005]: the model has no entities"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("add `#[derive(DataModel)]`"),
        "{}",
        run.stderr
    );
}

#[test]
fn duplicate_table_names_both_structs() {
    let run = schema("tests/fixtures/duplicate/Cargo.toml", &[]);
    run.expect_code(1);
    insta::assert_snapshot!("duplicate_table", run.stderr_without_status());
    assert!(run.stderr.contains("duplicate::billing::Item"));
    assert!(run.stderr.contains("duplicate::catalog::Product"));
}

#[test]
fn workspace_collects_both_model_crates_and_p_one() {
    let all = schema("tests/fixtures/multi/Cargo.toml", &["--workspace"]);
    all.expect_code(0);
    assert_eq!(tables(&all.json()), ["products", "sales"]);

    // A virtual manifest without -p: the default members that use datamodel.
    let default = schema("tests/fixtures/multi/Cargo.toml", &[]);
    default.expect_code(0);
    assert_eq!(tables(&default.json()), ["products", "sales"]);

    let one = schema("tests/fixtures/multi/Cargo.toml", &["-p", "multi-catalog"]);
    one.expect_code(0);
    assert_eq!(tables(&one.json()), ["products"]);

    // The manifest of a member selects that member, like cargo.
    let member = schema("tests/fixtures/multi/catalog/Cargo.toml", &[]);
    member.expect_code(0);
    assert_eq!(tables(&member.json()), ["products"]);
}

#[test]
fn entities_of_dependencies_are_collected_with_the_crate() {
    // `multi-shop` references `multi-catalog`'s entity: the referenced table is part of its
    // model, or its foreign key would point nowhere.
    let run = schema("tests/fixtures/multi/Cargo.toml", &["-p", "multi-shop"]);
    run.expect_code(0);
    let v = run.json();
    assert_eq!(tables(&v), ["products", "sales"]);
    assert_eq!(v["entities"][0]["crate_name"], "multi_catalog");
    assert_eq!(v["entities"][0]["source"]["file"], "src/lib.rs");
}

#[test]
fn feature_gated_entity_appears_only_with_its_feature() {
    let without = schema("tests/fixtures/gated/Cargo.toml", &[]);
    without.expect_code(0);
    assert_eq!(tables(&without.json()), ["customers"]);

    let with = schema(
        "tests/fixtures/gated/Cargo.toml",
        &["--features", "billing"],
    );
    with.expect_code(0);
    assert_eq!(tables(&with.json()), ["customers", "invoices"]);

    let all = schema("tests/fixtures/gated/Cargo.toml", &["--all-features"]);
    all.expect_code(0);
    assert_eq!(tables(&all.json()), ["customers", "invoices"]);

    let unknown = schema("tests/fixtures/gated/Cargo.toml", &["--features", "nope"]);
    unknown.expect_code(2);
    assert!(
        unknown
            .stderr
            .contains("package `gated` does not have the feature `nope`"),
        "{}",
        unknown.stderr
    );
    assert!(unknown.stderr.contains("available features: billing"));
}

#[test]
fn user_stdout_does_not_corrupt_the_dump() {
    let run = schema("tests/fixtures/noisy/Cargo.toml", &[]);
    run.expect_code(0);
    let v = run.json();
    assert_eq!(v["format_version"], 1);
    assert_eq!(tables(&v), ["orders"]);
    assert!(!run.stdout.contains("noise"), "{}", run.stdout);
}

#[test]
fn compile_errors_of_the_user_crate_are_shown() {
    let run = schema("tests/fixtures/broken/Cargo.toml", &[]);
    run.expect_code(2);
    assert!(run.stdout.is_empty());
    // rustc's own diagnostic, as cargo prints it.
    assert!(
        run.stderr.contains("error[E0308]: mismatched types"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("src/lib.rs"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: could not compile `broken` for collection"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_manifest_path() {
    let run = cargo_datamodel(&["plan", "--manifest-path", "/nonexistent/dir/Cargo.toml"]);
    run.expect_code(2);
    assert_eq!(
        run.stderr,
        "error: manifest path `/nonexistent/dir/Cargo.toml` does not exist\n  = help: pass the path of a package's or workspace's `Cargo.toml` with `--manifest-path`\n"
    );
}

#[test]
fn unknown_package_lists_the_available_ones() {
    let run = schema("tests/fixtures/multi/Cargo.toml", &["-p", "nope"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("error: package `nope` is not a member of the workspace"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "= help: available packages: multi-catalog, multi-cli, multi-shop, multi-tool"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn bin_only_crate_is_told_to_use_a_lib_target() {
    let run = schema("tests/fixtures/multi/Cargo.toml", &["-p", "multi-cli"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("error: package `multi-cli` has no library target"),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("move the `#[derive(DataModel)]` structs into `src/lib.rs`"));
}

#[test]
fn package_without_datamodel_dependency() {
    let run = schema("tests/fixtures/multi/Cargo.toml", &["-p", "multi-tool"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("error: package `multi-tool` does not depend on `datamodel`"),
        "{}",
        run.stderr
    );
}

#[test]
fn invalid_config_value_names_key_value_and_allowed_values() {
    let run = schema("tests/fixtures/badconfig/Cargo.toml", &[]);
    run.expect_code(2);
    assert_eq!(
        run.stderr.lines().next().unwrap_or_default(),
        "error: invalid `[package.metadata.datamodel]` key `tenancy` in `Cargo.toml`: invalid value `pooled`; allowed values: none, shared, schema, database"
    );
}

#[test]
fn explicit_collection_uses_the_entities_macro() {
    let run = schema("tests/fixtures/explicit/Cargo.toml", &[]);
    run.expect_code(0);
    assert_eq!(tables(&run.json()), ["authors", "books"]);
}

#[test]
fn json_message_format_puts_diagnostics_on_stdout() {
    let m = manifest("tests/fixtures/duplicate/Cargo.toml");
    let run = cargo_datamodel(&["plan", "--manifest-path", &m, "--message-format", "json"]);
    run.expect_code(1);
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let first = &lines[0];
    assert_eq!(first["reason"], "compiler-message", "{first}");
    assert_eq!(first["message"]["code"]["code"], "DM001");
    assert_eq!(first["message"]["level"], "error");
    assert_eq!(first["message"]["spans"][0]["file_name"], "src/lib.rs");
    assert_eq!(first["target"]["name"], "duplicate");
    let last = lines.last().unwrap();
    assert_eq!(last["reason"], "build-finished");
    assert_eq!(last["success"], false);
    assert_eq!(last["errors"], lines.len() - 1);
}

#[test]
fn collector_is_built_with_the_users_cargo_config() {
    let run = schema("tests/fixtures/configured/Cargo.toml", &[]);
    run.expect_code(0);
    let v = run.json();
    assert_eq!(
        field(entity(&v, "Setting"), "enabled")["ty"]["kind"],
        "boolean",
        "the [env] of tests/fixtures/configured/.cargo/config.toml did not reach the crate"
    );
}

#[test]
fn plan_output_paths_follow_the_title_and_the_selection() {
    let gated = manifest("tests/fixtures/gated/Cargo.toml");
    let run = cargo_datamodel(&["plan", "--manifest-path", &gated]);
    run.expect_code(0);
    assert!(
        run.stdout
            .ends_with("Folder: docs/data-model/01-gated/\nFile:   01-gated.md\n"),
        "{}",
        run.stdout
    );
    // Several packages: one document at the workspace root, titled after the workspace.
    let multi = manifest("tests/fixtures/multi/Cargo.toml");
    let run = cargo_datamodel(&["plan", "--workspace", "--manifest-path", &multi]);
    run.expect_code(0);
    // `[workspace.metadata.datamodel]` applies to members without their own table.
    assert!(
        run.stdout.contains("Engine:        SQLite\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Deletes:       Hard\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Folder: docs/data-model/01-multi/\n"),
        "{}",
        run.stdout
    );
    // One member of it: the document lives in that package.
    let run = cargo_datamodel(&["plan", "-p", "multi-catalog", "--manifest-path", &multi]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("Folder: catalog/docs/data-model/01-multi-catalog/\n"),
        "{}",
        run.stdout
    );
}
