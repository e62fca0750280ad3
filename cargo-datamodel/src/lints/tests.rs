//! Catalog-wide tests: codes and names, docs, levels, allows, and the rendered report.

use super::testing::*;
use super::*;
use datamodel::model::{ColumnType, RefAction};

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let mut codes = std::collections::BTreeSet::new();
    let mut names = std::collections::BTreeSet::new();
    for r in Rule::ALL {
        assert!(codes.insert(r.code()), "duplicate code {}", r.code());
        assert!(names.insert(r.name()), "duplicate name {}", r.name());
        let digits = r
            .code()
            .strip_prefix("DM1")
            .unwrap_or_else(|| panic!("{} is not DM1xx", r.code()));
        assert!(
            digits.len() == 2 && digits.chars().all(|c| c.is_ascii_digit()),
            "{}",
            r.code()
        );
        assert!(
            r.name()
                .split('-')
                .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase())),
            "{} is not kebab-case",
            r.name()
        );
        assert_eq!(Rule::parse(r.code()), Some(*r));
        assert_eq!(Rule::parse(r.name()), Some(*r));
    }
    assert!(
        Rule::ALL.len() >= 25,
        "the issue asks for at least 25 rules"
    );
}

#[test]
fn each_rule_lives_in_its_own_file_named_after_it() {
    for r in Rule::ALL {
        let file = format!(
            "{}/src/lints/rules/{}_{}.rs",
            env!("CARGO_MANIFEST_DIR"),
            r.code().to_ascii_lowercase(),
            r.name().replace('-', "_")
        );
        assert!(std::path::Path::new(&file).is_file(), "missing {file}");
    }
}

#[test]
fn every_doc_has_the_four_headings_in_order() {
    let headings = [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
    ];
    for r in Rule::ALL {
        let doc = r.doc();
        let mut at = 0;
        for h in headings {
            let found = doc[at..]
                .find(&format!("{h}\n"))
                .unwrap_or_else(|| panic!("{r}: no `{h}` after byte {at}"));
            at += found + h.len();
            let body = doc[at..].trim_start().split("\n## ").next().unwrap_or("");
            assert!(!body.trim().is_empty(), "{r}: `{h}` is empty");
        }
    }
}

fn all_at(level: Level) -> LintConfig {
    let mut c = LintConfig::default();
    for r in Rule::ALL {
        c.set(*r, level);
    }
    c
}

#[test]
fn clean_schema_passes_every_rule() {
    let report = run(
        &clean(),
        &crate::target::Target::default(),
        &all_at(Level::Warn),
    );
    assert!(report.violations.is_empty(), "{}", report.render_human());
    assert!(report.waived.is_empty());
    assert!(report.checks.len() > 50, "{}", report.checks.len());
    assert!(report.checks.iter().all(|c| c.state == CheckState::Passed));
}

/// The small model of the snapshots: several mistakes, one of them deny-level, one table
/// imported from SQL (no source location).
fn flawed() -> Fixture {
    let mut s = clean();
    let users = tbl(&mut s, "users");
    users.indexes[0].predicate = None; // DM115
    users.columns.retain(|c| c.name != "updated_at"); // DM102
    col(&mut s, "users", "active").default = None; // DM108
    let posts = tbl(&mut s, "posts");
    posts.indexes.clear(); // DM111 + DM113
    posts.foreign_keys[0].on_delete = RefAction::SetNull; // DM129 (deny)
    posts.columns.push(column("price", ColumnType::Double)); // DM123 (no source line: struct's)
    let mut legacy = table("LegacyAudit", "LegacyAudit", 0);
    legacy.source = None;
    legacy.foreign_keys.push(fk("LegacyAudit", "id", "users"));
    legacy.foreign_keys[0].name = "fk_legacy_audit_id_users".into();
    s.tables.push(legacy); // DM103
    s
}

#[test]
fn human_output_snapshot() {
    let report = run(
        &flawed(),
        &crate::target::Target::default(),
        &LintConfig::default(),
    );
    insta::assert_snapshot!(report.render_human());
}

#[test]
fn deny_level_rule_makes_has_deny_true() {
    let report = run(
        &flawed(),
        &crate::target::Target::default(),
        &LintConfig::default(),
    );
    assert!(report.has_deny());
    assert_eq!(report.count(Level::Deny), 1);
    assert_eq!(
        report
            .violations
            .iter()
            .find(|v| v.level == Level::Deny)
            .map(|v| v.rule),
        Some(Rule::SetNullOnNotNullFk)
    );

    // A warn rule raised to deny in config.
    let mut s = clean();
    col(&mut s, "users", "active").default = None;
    assert!(!run(
        &s,
        &crate::target::Target::default(),
        &LintConfig::default()
    )
    .has_deny());
    let mut levels = BTreeMap::new();
    levels.insert("boolean-without-default".to_string(), LintLevel::Deny);
    assert!(run(
        &s,
        &crate::target::Target::default(),
        &LintConfig::from_levels(&levels).unwrap()
    )
    .has_deny());
}

fn fired(report: &LintReport) -> Vec<&'static str> {
    let mut v: Vec<&str> = report.violations.iter().map(|v| v.rule.code()).collect();
    v.dedup();
    v
}

#[test]
fn config_allow_silences_exactly_that_rule() {
    let before = run(
        &flawed(),
        &crate::target::Target::default(),
        &LintConfig::default(),
    );
    for key in ["set-null-on-not-null-fk", "DM129"] {
        let mut levels = BTreeMap::new();
        levels.insert(key.to_string(), LintLevel::Allow);
        let after = run(
            &flawed(),
            &crate::target::Target::default(),
            &LintConfig::from_levels(&levels).unwrap(),
        );
        let mut expected = fired(&before);
        expected.retain(|c| *c != "DM129");
        assert_eq!(fired(&after), expected, "allowing {key}");
        assert!(!after.has_deny());
        assert_eq!(after.waived.len(), 1);
        assert_eq!(after.waived[0].waived_by, Some(WaivedBy::Config));
        let waived_check = after
            .checks
            .iter()
            .find(|c| c.rule == Rule::SetNullOnNotNullFk)
            .unwrap();
        assert_eq!(waived_check.state, CheckState::Waived);
    }
}

#[test]
fn table_allow_silences_that_rule_on_that_table_only() {
    let mut s = flawed();
    // DM111 fires on posts; allow DM108 on users (by name) and DM111 on posts (by code).
    tbl(&mut s, "posts").allow.push("DM111".into());
    let report = run(
        &s,
        &crate::target::Target::default(),
        &LintConfig::default(),
    );
    assert!(!fired(&report).contains(&"DM111"));
    assert!(
        fired(&report).contains(&"DM113"),
        "other rules on the same table still fire"
    );
    assert_eq!(
        report
            .waived
            .iter()
            .map(|v| (v.rule, v.waived_by))
            .collect::<Vec<_>>(),
        vec![(Rule::FkWithoutIndex, Some(WaivedBy::Table))]
    );
}

#[test]
fn column_allow_silences_that_rule_on_that_column_only() {
    let mut s = flawed();
    tbl(&mut s, "posts").columns.push({
        let mut c = column("total", ColumnType::Real);
        c.allow.push("float-for-money".into());
        c
    });
    let report = run(
        &s,
        &crate::target::Target::default(),
        &LintConfig::default(),
    );
    let money: Vec<&str> = report
        .violations
        .iter()
        .filter(|v| v.rule == Rule::FloatForMoney)
        .filter_map(|v| v.column.as_deref())
        .collect();
    assert_eq!(
        money,
        vec!["price"],
        "`total` is allowed, `price` still fires"
    );
    assert_eq!(report.waived.len(), 1);
    assert_eq!(report.waived[0].waived_by, Some(WaivedBy::Column));
    assert_eq!(report.waived[0].column.as_deref(), Some("total"));
    assert!(
        report.summary().contains("; 1 finding silenced by allow ("),
        "{}",
        report.summary()
    );
}

#[test]
fn allow_polymorphic_waives_the_polymorphic_rule() {
    let mut s = clean();
    let posts = tbl(&mut s, "posts");
    posts.columns.push(column("owner_type", ColumnType::String));
    posts.columns.push(column("owner_id", ColumnType::BigInt));
    assert_eq!(
        fired(&run(
            &s,
            &crate::target::Target::default(),
            &LintConfig::default()
        )),
        vec!["DM118"]
    );
    tbl(&mut s, "posts").allow_polymorphic = true;
    let report = run(
        &s,
        &crate::target::Target::default(),
        &LintConfig::default(),
    );
    assert!(report.violations.is_empty());
    assert_eq!(report.waived[0].waived_by, Some(WaivedBy::Table));
}

#[test]
fn allow_by_default_rules_are_waived_and_can_be_turned_on() {
    let mut s = clean();
    tbl(&mut s, "posts").comment = None;
    let report = run(
        &s,
        &crate::target::Target::default(),
        &LintConfig::default(),
    );
    assert!(report.violations.is_empty());
    assert_eq!(report.waived[0].waived_by, Some(WaivedBy::Default));
    // Nobody allowed anything: an allow-by-default rule is not a user's allow.
    assert!(
        report
            .summary()
            .contains("no violations; 0 findings silenced by allow"),
        "{}",
        report.summary()
    );
    let mut levels = BTreeMap::new();
    levels.insert("missing-table-comment".to_string(), LintLevel::Warn);
    let report = run(
        &s,
        &crate::target::Target::default(),
        &LintConfig::from_levels(&levels).unwrap(),
    );
    assert_eq!(fired(&report), vec!["DM127"]);
}

#[test]
fn unknown_rule_in_config_names_the_closest_rule() {
    let mut levels = BTreeMap::new();
    levels.insert("fk-without-indexes".to_string(), LintLevel::Deny);
    let err = LintConfig::from_levels(&levels).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown lint rule `fk-without-indexes`; did you mean `fk-without-index`?"
    );
    levels.clear();
    levels.insert("zzz".to_string(), LintLevel::Deny);
    assert_eq!(
        LintConfig::from_levels(&levels).unwrap_err().suggestion,
        None
    );
}

#[test]
fn output_is_in_schema_order() {
    let report = run(
        &flawed(),
        &crate::target::Target::default(),
        &LintConfig::default(),
    );
    let tables: Vec<&str> = report.violations.iter().map(|v| v.table.as_str()).collect();
    let mut sorted = tables.clone();
    let order = |t: &str| flawed().tables.iter().position(|x| x.name == t);
    sorted.sort_by_key(|t| order(t));
    assert_eq!(tables, sorted);
}

#[test]
fn unknown_allow_values_are_reported_with_a_suggestion() {
    let mut s = clean();
    assert!(super::unknown_allows(&s).is_empty());
    tbl(&mut s, "users").allow = vec!["fk-without-indx".into(), "DM111".into()];
    col(&mut s, "users", "email").allow = vec!["no-such-rule".into()];
    let found = super::unknown_allows(&s);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, "users");
    assert_eq!(found[0].1.suggestion, Some("fk-without-index"));
    assert_eq!(found[1].0, "users.email");
    assert_eq!(found[1].1.suggestion, None);
}
