//! The unit tests of `--emit rust`: the every-feature fixture as an insta snapshot (the same
//! fixture is compiled by `tests/tests/import_roundtrip.rs`), and one test per rule.

use super::idents::{field_ident, type_ident};
use super::{emit_rust, GENERATED_MARKER};

const FEATURES: &str = include_str!("../../../../tests/fixtures/import/emit_features.sql");

/// Every feature and the hostile names and comments, as one stream (the same fixture is
/// compiled with the derive by `tests/tests/import_roundtrip.rs`).
#[test]
fn every_feature_snapshot() {
    let imported = crate::import::import_sql(FEATURES, None).unwrap();
    let rust = emit_rust(&imported, "emit_features.sql");
    insta::assert_snapshot!(rust.single_stream());
    let warnings: Vec<String> = rust.warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("every_feature_warnings", warnings.join("\n"));
    // A folder: the root lists the module; every file starts with the marker.
    let files = rust.files();
    assert_eq!(files[0].0, "mod.rs");
    assert!(files[0].1.contains("\npub mod models;\n"));
    assert!(files
        .iter()
        .all(|(_, src)| src.starts_with(GENERATED_MARKER)));
}

/// Names that differ only in case are reported (DM028 would refuse them).
#[test]
fn case_clashes_are_reported() {
    let imported = crate::import::import_sql(
        r#"CREATE TABLE t (id INT PRIMARY KEY, "Name" TEXT, name TEXT);"#,
        Some(crate::config::Engine::Postgres),
    )
    .unwrap();
    let rust = emit_rust(&imported, "x.sql");
    assert!(
        rust.warnings.iter().any(|w| w
            .reason
            .starts_with("columns `t.Name` and `t.name` differ only in letter case")),
        "{:?}",
        rust.warnings
    );
}

/// Column order: the derive puts the key first, and says so.
#[test]
fn a_key_not_first_is_reported() {
    let imported = crate::import::import_sql(
        "CREATE TABLE t (note TEXT, id INT PRIMARY KEY);",
        Some(crate::config::Engine::Postgres),
    )
    .unwrap();
    let rust = emit_rust(&imported, "x.sql");
    let w: Vec<String> = rust.warnings.iter().map(ToString::to_string).collect();
    assert!(
        w.iter().any(|w| {
            w.ends_with(
            "table `t`: the derive puts the primary key column first; the original has `note` first"
        )
        }),
        "{w:#?}"
    );
    assert!(rust.modules[0]
        .1
        .contains("// WARNING: table `t`: the derive puts"));
}

/// A table of another PostgreSQL schema: the derive has no namespaces, so the struct gets
/// the folded name (`sales_orders`), never `sales.orders` as one identifier, and says so.
#[test]
fn a_namespaced_table_gets_the_folded_name() {
    let imported = crate::import::import_sql(
        "CREATE TABLE public.orders (id INT PRIMARY KEY); CREATE TABLE sales.orders (id INT PRIMARY KEY);",
        Some(crate::config::Engine::Postgres),
    )
    .unwrap();
    let rust = emit_rust(&imported, "x.sql");
    let all: String = rust.modules.iter().map(|(_, m)| m.as_str()).collect();
    // `SalesOrder` is `sales_orders` by the derive's own naming: no `table = ".."` needed.
    assert!(all.contains("pub struct SalesOrder {"), "{all}");
    assert!(!all.contains("table = \"sales.orders\""), "{all}");
    assert!(
        rust.warnings.iter().any(|w| w
            .reason
            .contains("is in the PostgreSQL schema `sales`, which the derive can't say")),
        "{:?}",
        rust.warnings
    );
}

/// Groups become modules that see each other's types.
#[test]
fn one_module_per_group() {
    let mut imported = crate::import::import_sql(
        "CREATE TABLE a (id INT PRIMARY KEY); CREATE TABLE b (id INT PRIMARY KEY, a_id INT REFERENCES a (id) ON DELETE CASCADE);",
        Some(crate::config::Engine::Postgres),
    )
    .unwrap();
    imported.schema.tables[0].group = "Billing Stuff".into();
    let rust = emit_rust(&imported, "x.sql");
    let names: Vec<&str> = rust.modules.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(names, ["billing_stuff", "models"]);
    assert!(rust
        .root
        .contains("pub mod billing_stuff;\npub mod models;\n"));
    assert!(rust.modules[1].1.contains("use super::billing_stuff::*;"));
    assert!(rust.modules[1]
        .1
        .contains("belongs_to = A, on_delete = \"cascade\""));
}

#[test]
fn names() {
    assert_eq!(field_ident("FirstName"), "first_name");
    assert_eq!(field_ident("type"), "type_");
    assert_eq!(field_ident("1st col"), "c_1st_col");
    assert_eq!(field_ident("a\"b*/c"), "a_b_c");
    assert_eq!(field_ident("é"), "column");
    assert_eq!(type_ident("invoice_line", true), "InvoiceLine");
    assert_eq!(type_ident("categories", true), "Category");
    assert_eq!(type_ident("people", true), "People");
    assert_eq!(type_ident("PlaylistTrack", true), "PlaylistTrack");
    assert_eq!(type_ident("self", true), "SelfRow");
    assert_eq!(type_ident("options", true), "OptionRow");
    assert_eq!(type_ident("boxes", true), "BoxRow");
}
