//! DDL snapshots of the hand-built test models, per engine (review changes like code).

use cargo_datamodel::config::{Engine, Tenancy};
use cargo_datamodel::ddl::render_ddl;
use datamodel_tests::behaviour::schema_of;
use datamodel_tests::models;

#[test]
fn ddl_snapshots() {
    for (name, model, tenancy) in [
        ("shop", models::shop(), Tenancy::None),
        ("names", models::names(), Tenancy::None),
        ("tenancy", models::tenancy(), Tenancy::Shared),
    ] {
        let schema = schema_of(&model, tenancy);
        for engine in Engine::ALL {
            let ddl = render_ddl(&schema, engine);
            // Same Schema, same bytes; and resolving again gives the same Schema.
            assert_eq!(ddl, render_ddl(&schema_of(&model, tenancy), engine));
            insta::assert_snapshot!(format!("{name}_{engine}"), ddl);
        }
    }
}
