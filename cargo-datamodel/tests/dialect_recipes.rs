//! The dialects' document recipes (`dialect::recipes` and the `Dialect` methods beside them)
//! give exactly what the document shows today, the `document/view/` sections ask them
//! per engine: each value is looked for in the built document view. When the document asks
//! the dialects itself, these checks keep holding and can stay as they are.

use cargo_datamodel::config::{Depth, Migration};
use cargo_datamodel::dialect::recipes::{
    legal_hold_filter, online_methods, retention_job, JobAction, RetentionJob,
};
use cargo_datamodel::dialect::{dialect_for, Dialect};
use cargo_datamodel::document::DocContext;
use cargo_datamodel::migrate::not_null_without_default;
use cargo_datamodel::retention::parse_ttl;
use cargo_datamodel::schema::ColumnOrigin;
use cargo_datamodel::testkit::{self, Fixture};
use serde_json::Value;

/// Every string of the document view of `f`.
fn view_strings(f: &Fixture) -> Vec<String> {
    let view = cargo_datamodel::document::view::build(f, &f.target, &DocContext::default());
    let mut out = Vec::new();
    collect(&serde_json::to_value(&view).unwrap(), &mut out);
    out
}

fn collect(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|v| collect(v, out)),
        Value::Object(o) => o.values().for_each(|v| collect(v, out)),
        _ => {}
    }
}

/// The `{engine, how, sql}` recipes of the view.
fn view_recipes(f: &Fixture) -> Vec<(String, String, String)> {
    fn walk(v: &Value, out: &mut Vec<(String, String, String)>) {
        match v {
            Value::Object(o) => {
                if let (Some(Value::String(e)), Some(Value::String(h)), Some(Value::String(s))) =
                    (o.get("engine"), o.get("how"), o.get("sql"))
                {
                    out.push((e.clone(), h.clone(), s.clone()));
                }
                o.values().for_each(|v| walk(v, out));
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let view = cargo_datamodel::document::view::build(f, &f.target, &DocContext::default());
    let mut out = Vec::new();
    walk(&serde_json::to_value(&view).unwrap(), &mut out);
    out
}

fn contains(strings: &[String], needle: &str) -> bool {
    strings.iter().any(|s| s.contains(needle))
}

fn assert_shown(strings: &[String], needle: &str) {
    assert!(
        contains(strings, needle),
        "not in the document view: {needle:?}"
    );
}

fn fixtures() -> Vec<Fixture> {
    vec![
        testkit::blog(Depth::Production),
        testkit::saas(Depth::Production, Migration::Brownfield),
        testkit::saas(Depth::Production, Migration::Greenfield),
        testkit::awkward(),
        testkit::with_subtype(),
    ]
}

#[test]
fn online_ddl_methods_are_the_playbooks() {
    let f = testkit::saas(Depth::Production, Migration::Brownfield);
    let strings = view_strings(&f);
    let engines = f.target.engines();
    assert_shown(&strings, &online_methods(engines, |o| o.add_column));
    assert_shown(&strings, &online_methods(engines, |o| o.create_index));
    assert_shown(&strings, &online_methods(engines, |o| o.add_constraint));
}

#[test]
fn live_table_notes_are_the_brownfield_notes() {
    let f = testkit::saas(Depth::Production, Migration::Brownfield);
    let strings = view_strings(&f);
    let mut checked = 0;
    for t in &f.tables {
        for e in f.target.engines() {
            for note in dialect_for(*e).live_table_notes(t, &not_null_without_default(t)) {
                assert!(strings.contains(&note), "{e} {}: {note:?}", t.name);
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn prose_notes_are_the_documents() {
    let mut seen = [0usize; 4];
    for f in fixtures() {
        let strings = view_strings(&f);
        for e in f.target.engines() {
            let d = dialect_for(*e);
            let updated_at = d.updated_at_mechanism_note();
            if contains(&strings, "kept current by") {
                assert_shown(&strings, &updated_at);
                seen[0] += 1;
            }
            if contains(&strings, "Bigint identity on") {
                assert_shown(&strings, d.identity_key_note());
                seen[1] += 1;
            }
            if let Some(caveat) = d.floor_caveat() {
                assert!(
                    strings.iter().any(|s| s.ends_with(&format!(", {caveat}."))),
                    "{e}: {caveat}"
                );
                seen[2] += 1;
            }
            if let Some(note) = d.partial_index_note() {
                if contains(&strings, "have no partial indexes") {
                    assert_shown(&strings, note.no_partial_indexes);
                    if contains(&strings, "gets a generated column") {
                        assert_shown(&strings, note.live_columns);
                    }
                    seen[3] += 1;
                }
            }
        }
    }
    assert!(seen.iter().all(|n| *n > 0), "{seen:?}");
}

#[test]
fn retention_jobs_are_the_documents() {
    let mut checked = 0;
    for f in fixtures() {
        let recipes = view_recipes(&f);
        let hold_table = f
            .tables
            .iter()
            .find(|t| t.name == "legal_holds")
            .map(|t| t.name.clone());
        for t in &f.tables {
            let Some(r) = &t.retention else { continue };
            let Some(ttl_text) = &r.ttl else { continue };
            // Purges on the creation time: the jobs that need no PII or archive columns.
            if r.after_delete
                || t.columns
                    .iter()
                    .any(|c| c.origin == ColumnOrigin::ArchivedAt)
            {
                continue;
            }
            let Some(created) = t
                .columns
                .iter()
                .find(|c| c.origin == ColumnOrigin::CreatedAt)
            else {
                continue;
            };
            let key = match t.primary_key.columns.as_slice() {
                [one] => Some(one.as_str()),
                _ => None,
            };
            for e in f.target.engines() {
                let d: &dyn Dialect = dialect_for(*e);
                let hold = match (&hold_table, r.legal_hold, key) {
                    (Some(h), true, Some(k)) => legal_hold_filter(d, h, &t.name, None, k),
                    _ => String::new(),
                };
                let job = RetentionJob {
                    table: &t.name,
                    namespace: None,
                    key,
                    column: &created.name,
                    ttl: parse_ttl(ttl_text).unwrap(),
                    action: &JobAction::Purge,
                    hold: &hold,
                    append_only: t.append_only,
                    row_level_security: !t.policies.is_empty(),
                };
                let mine = retention_job(d, &job);
                let shown = (mine.engine.to_string(), mine.how.clone(), mine.sql.clone());
                assert!(
                    recipes.contains(&shown),
                    "{e} {}: {mine:#?}\nnot among\n{recipes:#?}",
                    t.name
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 4, "{checked}");
}

#[test]
fn anonymizing_jobs_compare_null_safely() {
    // Erase the personal data of soft-deleted users 30 days after the delete: an anonymizing
    // job, whose "not yet erased" test is NULL-safe.
    let mut f = testkit::saas(Depth::Production, Migration::Greenfield);
    let users = f.tables.iter_mut().find(|t| t.name == "users").unwrap();
    assert!(users.soft_delete && users.columns.iter().any(|c| c.pii));
    users.retention = Some(datamodel::model::Retention {
        ttl: Some("30d".into()),
        legal_hold: false,
        after_delete: true,
    });
    let users = f.tables.iter().find(|t| t.name == "users").unwrap().clone();
    let recipes = view_recipes(&f);
    let mut checked = 0;
    for (engine, d) in f.target.engines().iter().map(|e| (*e, dialect_for(*e))) {
        for c in users.columns.iter().filter(|c| c.pii) {
            let erased = if c.nullable { "NULL" } else { "'erased'" };
            let needle = d.is_distinct_from(&d.quote_ident(&c.name), erased);
            assert!(
                recipes
                    .iter()
                    .any(|(name, _, sql)| name == engine.display_name()
                        && sql.contains("UPDATE")
                        && sql.contains(&needle)),
                "{engine}: {needle} in\n{recipes:#?}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 3, "{checked}");
}
