//! The lints on schemas produced by the real resolver: a model written the way the derive
//! would write it must come out clean (the resolver and the lints agree on what "right" is),
//! and a model with a known mistake must fire exactly the expected rule.

use super::{run, scorecard, LintConfig, Rule};
use crate::config::{Config, Tenancy};
use crate::schema::resolve::resolve;
use datamodel::model::{
    ColumnType, DeleteStrategy, Entity, Field, ForeignKeyDef, ManyToMany, Model, QueryPattern,
    RefAction, Retention, SourceLocation, TenantScope, UniqueKey,
};

fn field(name: &str, ty: ColumnType, line: u32) -> Field {
    Field {
        rust_name: name.into(),
        column: name.into(),
        rust_type: "T".into(),
        max_length: (ty == ColumnType::String).then_some(200),
        ty,
        comment: Some(format!("The {name}.")),
        line,
        ..Default::default()
    }
}

fn entity(name: &str, table: &str, line: u32, fields: Vec<Field>) -> Entity {
    let mut id = field("id", ColumnType::BigInt, line + 1);
    id.primary_key = true;
    let mut all = vec![id];
    all.extend(fields);
    Entity {
        type_path: format!("app::model::{name}"),
        rust_name: name.into(),
        module_path: "app::model".into(),
        crate_name: "app".into(),
        source: SourceLocation {
            file: "src/model.rs".into(),
            line,
        },
        table: table.into(),
        comment: Some(format!("{name} rows.")),
        fields: all,
        ..Default::default()
    }
}

fn belongs_to(name: &str, target: &str, line: u32) -> Field {
    Field {
        belongs_to: Some(ForeignKeyDef {
            target: format!("app::model::{target}"),
            on_delete: Some(RefAction::Cascade),
            ..Default::default()
        }),
        ..field(name, ColumnType::BigInt, line)
    }
}

/// Users (soft delete, unique email, PII with retention), posts (FK, enum status with a
/// query pattern), tags (M:N with posts) and a tenants table for the shared-tenancy variant.
fn model() -> Model {
    let mut email = field("email", ColumnType::String, 12);
    email.unique = true;
    email.pii = true;
    let mut active = field("active", ColumnType::Boolean, 13);
    active.default = Some("true".into());
    let mut users = entity("User", "users", 10, vec![email, active]);
    users.delete = Some(DeleteStrategy::Soft);
    users.retention = Some(Retention {
        after_delete: true,
        ttl: Some("2y".into()),
        legal_hold: false,
    });

    let status = field(
        "status",
        ColumnType::Enum {
            name: "PostStatus".into(),
            values: vec!["draft".into(), "published".into()],
        },
        33,
    );
    let mut posts = entity(
        "Post",
        "posts",
        30,
        vec![
            belongs_to("user_id", "User", 32),
            status,
            field("title", ColumnType::String, 34),
        ],
    );
    posts.query_patterns.push(QueryPattern {
        name: "user_posts_by_status".into(),
        equality: vec!["user_id".into(), "status".into()],
        sort: vec!["-title".into()],
        range: Vec::new(),
    });
    posts.many_to_many.push(ManyToMany {
        target: "app::model::Tag".into(),
        junction_table: "post_tags".into(),
        through: None,
    });
    let mut name = field("name", ColumnType::String, 51);
    name.unique = true;
    let mut tags = entity("Tag", "tags", 50, vec![name]);
    tags.uniques.push(UniqueKey {
        name: None,
        fields: vec!["name".into()],
    });
    tags.uniques.clear();

    let mut tenants = entity(
        "Tenant",
        "tenants",
        70,
        vec![field("name", ColumnType::String, 71)],
    );
    tenants.tenancy = Some(TenantScope::Global);
    Model {
        format_version: 1,
        entities: vec![posts, tags, tenants, users],
    }
}

fn config(tenancy: Tenancy) -> Config {
    Config {
        tenancy,
        engines: vec![crate::config::Engine::Postgres],
        ..Config::default()
    }
}

fn fired(model: &Model, tenancy: Tenancy) -> Vec<String> {
    let schema = match resolve(model, &config(tenancy)) {
        Ok(s) => s,
        Err(e) => panic!("resolve failed: {e:#?}"),
    };
    let report = run(
        &schema,
        &crate::target::Target::default(),
        &LintConfig::default(),
    );
    report
        .violations
        .iter()
        .map(|v| format!("{} {}: {}", v.rule.code(), v.table, v.message))
        .collect()
}

#[test]
fn resolved_model_is_clean_without_tenancy() {
    let mut m = model();
    // Without shared tenancy `tenants` is an ordinary standalone table.
    m.entities.retain(|e| e.rust_name != "Tenant");
    assert_eq!(fired(&m, Tenancy::None), Vec::<String>::new());
}

#[test]
fn resolved_model_is_clean_with_shared_tenancy() {
    assert_eq!(fired(&model(), Tenancy::Shared), Vec::<String>::new());
    // ... and the rules that matter here really had subjects to check.
    let schema = resolve(&model(), &config(Tenancy::Shared)).unwrap();
    let report = run(
        &schema,
        &crate::target::Target::default(),
        &LintConfig::default(),
    );
    for rule in [
        Rule::TenantUniqueWithoutTenantId,
        Rule::TenantIndexNotLeadingTenantId,
        Rule::FkWithoutIndex,
        Rule::IndexNotEsrOrder,
        Rule::QueryPatternNotIndexed,
        Rule::SoftDeleteWithoutActiveIndex,
        Rule::SoftDeleteUniqueNotPartial,
        Rule::RedundantIndex,
        Rule::EnumWithoutCheck,
        Rule::PiiWithoutRetention,
    ] {
        let n = report.checks.iter().filter(|c| c.rule == rule).count();
        assert!(n > 0, "{rule} checked nothing on the resolved schema");
    }
    assert!(
        schema.table("post_tags").is_some(),
        "the junction table is part of the test"
    );
}

#[test]
fn resolved_model_scores_ten() {
    let mut m = model();
    m.entities.retain(|e| e.rust_name != "Tenant");
    let schema = resolve(&m, &config(Tenancy::None)).unwrap();
    let card = scorecard::compute(
        &schema,
        &run(
            &schema,
            &crate::target::Target::default(),
            &LintConfig::default(),
        ),
    );
    assert!(
        card.rows.iter().all(|r| r.score == 10.0),
        "{}",
        card.render_text()
    );
}

#[test]
fn resolved_mistake_fires_exactly_its_rule() {
    let mut m = model();
    m.entities.retain(|e| e.rust_name != "Tenant");
    let users = m
        .entities
        .iter_mut()
        .find(|e| e.rust_name == "User")
        .unwrap();
    users.retention = None;
    let out = fired(&m, Tenancy::None);
    assert_eq!(out.len(), 1, "{out:#?}");
    assert!(
        out[0].starts_with(Rule::PiiWithoutRetention.code()),
        "{out:#?}"
    );
}

/// A 70-byte table name and a 70-byte column are shortened with a hash to fit 63 bytes: the
/// lints judge the names the user chose (no DM103 about the hash), and DM121 says what
/// happened, naming the Rust item, the chosen name and the emitted one.
#[test]
fn names_shortened_with_a_hash_are_reported_and_not_misjudged() {
    let long_table = format!(
        "{}_records",
        "very_long_subscription_billing_history".repeat(2)
    );
    let long_column = "customer_subscription_billing_history_reference_identifier_value_x";
    assert!(long_table.len() > 63 && long_column.len() > 63);
    let mut m = model();
    m.entities.retain(|e| e.rust_name != "Tenant");
    m.entities.push(entity(
        "LongRecord",
        &long_table,
        90,
        vec![field(long_column, ColumnType::Integer, 92)],
    ));
    let out = fired(&m, Tenancy::None);
    assert!(!out.iter().any(|l| l.starts_with("DM103")), "{out:#?}");
    let about_table = out
        .iter()
        .find(|l| l.starts_with("DM121") && l.contains("table (of `LongRecord`)"))
        .unwrap_or_else(|| panic!("{out:#?}"));
    assert!(about_table.contains(&long_table), "{about_table}");
    assert!(about_table.contains("it is emitted as"), "{about_table}");
    assert!(
        out.iter().any(|l| l.starts_with("DM121")
            && l.contains("field `LongRecord.")
            && l.contains(long_column)),
        "{out:#?}"
    );
}

/// With a distributing engine among the targets, the one query pattern that doesn't say
/// `eq(tenant_id)` fans out (DM135, and nothing else fires: the resolver's keys are what
/// Citus needs); the help applied (`eq(tenant_id, ..)`) is clean and plans the same index.
#[test]
fn a_query_pattern_without_tenant_id_fans_out_on_a_distributing_target() {
    let engines: Vec<crate::config::Engine> = crate::config::Engine::ALL
        .iter()
        .copied()
        .filter(|e| {
            *e == crate::config::Engine::DEFAULT
                || crate::dialect::dialect_for(*e).distributes_tables()
        })
        .collect();
    assert_eq!(engines.len(), 2, "{engines:?}");
    let cfg = Config {
        engines,
        ..config(Tenancy::Shared)
    };
    let target = crate::target::Target::from_config(&cfg);
    let lint = |m: &Model| {
        let schema = resolve(m, &cfg).unwrap_or_else(|e| panic!("resolve failed: {e:#?}"));
        let report = run(&schema, &target, &LintConfig::default());
        let fired: Vec<String> = report
            .violations
            .iter()
            .map(|v| format!("{} {}: {}", v.rule.code(), v.table, v.message))
            .collect();
        let planned: Vec<Vec<String>> = schema
            .table("posts")
            .unwrap()
            .indexes
            .iter()
            .map(|i| i.columns.iter().map(|c| c.name.clone()).collect())
            .collect();
        (fired, planned)
    };
    let (fired, planned) = lint(&model());
    assert_eq!(fired.len(), 1, "{fired:#?}");
    assert!(
        fired[0].starts_with("DM135 posts: query pattern `user_posts_by_status`"),
        "{fired:#?}"
    );
    let mut m = model();
    let posts = m
        .entities
        .iter_mut()
        .find(|e| e.rust_name == "Post")
        .unwrap();
    posts.query_patterns[0]
        .equality
        .insert(0, "tenant_id".into());
    let (fired, applied) = lint(&m);
    assert_eq!(fired, Vec::<String>::new());
    assert_eq!(applied, planned);
}
