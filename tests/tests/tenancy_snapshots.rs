//! Snapshots of what multi-tenancy renders, per mode and engine, from the `saas` example:
//! the provisioning scripts of schema- and database-per-tenant (the shared-table DDL, with its
//! row-level security, is `ddl_examples__saas_<engine>`; the SET NULL guard FKs are in
//! `ddl_snapshots__tenancy_<engine>`) and the document's Multi-Tenancy section for every mode.

use cargo_datamodel::config::{Engine, Tenancy};
use cargo_datamodel::dialect::dialect_for;
use cargo_datamodel::schema::{resolve, Schema};
use cargo_datamodel::target::Target;
use cargo_datamodel::tenancy::{render_tenant_provisioning, tenancy_section};
use datamodel_tests::behaviour::schema_of;
use datamodel_tests::examples::example;
use datamodel_tests::models;

/// Every engine, as `saas` and `schema_of` resolve for.
fn all() -> Target {
    Target::default().with_engines(Engine::ALL.to_vec())
}

fn saas(tenancy: Tenancy) -> Schema {
    let (model, mut config) = example("saas");
    config.tenancy = tenancy;
    config.engines = Engine::ALL.to_vec();
    resolve(&model, &config).unwrap_or_else(|d| panic!("saas does not resolve: {d:#?}"))
}

#[test]
fn provisioning_per_mode_and_engine() {
    for (mode, tenancy) in [("schema", Tenancy::Schema), ("database", Tenancy::Database)] {
        let schema = saas(tenancy);
        for engine in Engine::ALL {
            if dialect_for(engine).distributes_tables() {
                // Shared tenancy only (the configuration refuses another mode with it).
                assert_eq!(
                    render_tenant_provisioning(&schema, engine),
                    None,
                    "{engine}"
                );
                continue;
            }
            let script = render_tenant_provisioning(&schema, engine)
                .unwrap_or_else(|| panic!("{mode} mode provisions on {engine}"));
            assert_eq!(
                Some(&script),
                render_tenant_provisioning(&schema, engine).as_ref(),
                "deterministic"
            );
            insta::assert_snapshot!(format!("provision_{mode}_{engine}"), script);
        }
    }
    for tenancy in [Tenancy::None, Tenancy::Shared] {
        let schema = saas(tenancy);
        for engine in Engine::ALL {
            assert_eq!(render_tenant_provisioning(&schema, engine), None);
        }
    }
}

#[test]
fn section_per_mode() {
    for (mode, tenancy) in [
        ("none", Tenancy::None),
        ("shared", Tenancy::Shared),
        ("schema", Tenancy::Schema),
        ("database", Tenancy::Database),
    ] {
        let schema = saas(tenancy);
        let text = tenancy_section(&schema, &all());
        assert_eq!(text, tenancy_section(&schema, &all()), "deterministic");
        insta::assert_snapshot!(format!("section_{mode}"), text);
    }
}

/// PostgreSQL alone: no paragraph about engines without row-level security.
#[test]
fn section_shared_postgres_only() {
    let (model, mut config) = example("saas");
    config.tenancy = Tenancy::Shared;
    config.engines = vec![Engine::Postgres];
    let schema = resolve(&model, &config).unwrap_or_else(|d| panic!("{d:#?}"));
    let text = tenancy_section(&schema, &Target::from_config(&config));
    assert!(text.contains("FORCE ROW LEVEL SECURITY"), "{text}");
    assert!(!text.contains("no row-level security"), "{text}");
}

/// A SET NULL composite FK: the section names the single-column FK and its guard.
#[test]
fn section_shared_set_null_guard() {
    let schema = schema_of(&models::tenancy(), Tenancy::Shared);
    insta::assert_snapshot!("section_shared_set_null", tenancy_section(&schema, &all()));
}
