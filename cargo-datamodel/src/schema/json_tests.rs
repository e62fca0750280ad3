use super::*;

fn json_of(s: &Schema) -> serde_json::Value {
    serde_json::to_value(s).unwrap()
}

fn empty() -> Schema {
    Schema {
        format_version: SCHEMA_FORMAT_VERSION,
        tenancy: Tenancy::None,
        tables: Vec::new(),
        relationships: Vec::new(),
        tenant_table: None,
    }
}

#[test]
fn reads_back_what_it_writes() {
    let s = empty();
    let text = serde_json::to_string(&s).unwrap();
    assert_eq!(Schema::from_json(&text).unwrap(), s);
    assert!(
        json_of(&s).get("config").is_none(),
        "output options stay out"
    );
}

#[test]
fn other_versions_and_garbage_give_clear_errors() {
    let mut v = json_of(&empty());
    v["format_version"] = serde_json::json!(SCHEMA_FORMAT_VERSION + 1);
    let newer = Schema::from_json(&v.to_string()).unwrap_err();
    assert!(newer.to_string().contains("newer"), "{newer}");
    assert!(
        newer.to_string().contains("upgrade cargo-datamodel"),
        "{newer}"
    );
    v["format_version"] = serde_json::json!(1);
    let older = Schema::from_json(&v.to_string()).unwrap_err();
    assert_eq!(older, SchemaJsonError::Version { found: 1 });
    assert!(older.to_string().contains("older"), "{older}");
    let bad = Schema::from_json("{\"tables\": []}").unwrap_err();
    assert!(bad.to_string().contains("format_version"), "{bad}");
    assert!(matches!(
        Schema::from_json("not json"),
        Err(SchemaJsonError::Invalid(_))
    ));
}

/// A table's namespace (import only) is written when set and left out otherwise, so a
/// Schema without namespaces keeps the bytes it had before the field existed (format 2).
#[test]
fn a_namespace_is_written_only_when_set() {
    let mut s = empty();
    let mut t = Table::new("sales.orders", TableKind::Entity, "SalesOrder");
    t.foreign_keys.push(ForeignKey::new(
        vec!["origin".into()],
        "orders",
        vec!["id".into()],
        RefAction::NoAction,
    ));
    s.tables.push(t.clone());
    let plain = json_of(&s);
    assert!(plain["tables"][0].get("namespace").is_none(), "{plain}");
    assert!(plain["tables"][0]["foreign_keys"][0]
        .get("ref_namespace")
        .is_none());
    t.namespace = Some("sales".into());
    t.foreign_keys[0].ref_namespace = Some("public".into());
    s.tables[0] = t;
    let text = serde_json::to_string(&s).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["tables"][0]["namespace"], "sales");
    assert_eq!(v["tables"][0]["foreign_keys"][0]["ref_namespace"], "public");
    assert_eq!(Schema::from_json(&text).unwrap(), s);
}
