use super::*;
use crate::config::{Config, Engine, Tenancy};
use crate::schema::{ColumnOrigin, TableKind};
use crate::testkit::TableBuilder;
use datamodel::model::{ColumnType, Entity, Field, ForeignKeyDef, Model, TenantScope};

fn distributing() -> &'static dyn Dialect {
    crate::dialect::distributing(Engine::ALL).expect("a distributing engine")
}

/// A tenant-scoped table as the resolver makes it: key `(id)` and the tenant key
/// `UNIQUE (tenant_id, id)`, which the distributing DDL makes the primary key.
fn scoped(rust_name: &str, name: &str) -> TableBuilder {
    let mut b = TableBuilder::entity(rust_name, name)
        .tenant_scoped()
        .unique(
            &format!("uq_{name}_on_tenant_id_id"),
            &[TENANT_COLUMN, "id"],
        );
    b.table.foreign_keys[0].on_update = RefAction::NoAction;
    b
}

/// A nullable `belongs_to`, composite `(tenant_id, col) -> (tenant_id, id)` when `target`
/// is tenant-scoped.
fn belongs(b: TableBuilder, col: &str, target: &str, scoped: bool, on: RefAction) -> TableBuilder {
    let mut b = b.belongs_to(col, target, on, true, "refers to");
    let fk = b.table.foreign_keys.last_mut().unwrap();
    fk.on_update = RefAction::NoAction;
    if scoped {
        fk.columns.insert(0, TENANT_COLUMN.into());
        fk.ref_columns.insert(0, TENANT_COLUMN.into());
        if on == RefAction::SetNull {
            fk.set_null_columns = vec![col.into()];
        }
    }
    b
}

/// Citus accepts all of it: tenants and plans global, users and projects distributed,
/// projects -> users composite, projects -> plans ON DELETE SET NULL.
fn good() -> Schema {
    let tenants = TableBuilder::entity("Tenant", "tenants").uuid_pk();
    let plans = TableBuilder::entity("Plan", "plans").varchar("name", 60, false);
    let users = scoped("User", "users")
        .varchar("email", 255, false)
        .unique("uq_users_on_tenant_id_email", &["tenant_id", "email"]);
    let projects = belongs(
        scoped("Project", "projects"),
        "owner_id",
        "users",
        true,
        RefAction::Cascade,
    );
    let projects = belongs(projects, "plan_id", "plans", false, RefAction::SetNull);
    let mut s = crate::testkit::saas(Default::default(), Default::default()).schema;
    s.tables = [tenants, plans, users, projects]
        .into_iter()
        .map(|b| b.table)
        .collect();
    s
}

fn codes_of(s: &Schema) -> Vec<(&'static str, String)> {
    problems(s, distributing())
        .into_iter()
        .map(|p| (p.code, p.table))
        .collect()
}

fn t<'a>(s: &'a mut Schema, name: &str) -> &'a mut Table {
    s.tables.iter_mut().find(|t| t.name == name).unwrap()
}

#[test]
fn a_schema_citus_accepts_has_no_problem() {
    assert_eq!(codes_of(&good()), []);
    // tenant_id at the same position, but not first: accepted too.
    let mut s = good();
    let fk = &mut t(&mut s, "projects").foreign_keys[1];
    fk.columns = vec!["owner_id".into(), TENANT_COLUMN.into()];
    fk.ref_columns = vec!["id".into(), TENANT_COLUMN.into()];
    assert_eq!(codes_of(&s), []);
}

fn email_key(s: &mut Schema) -> &mut crate::schema::Index {
    let users = t(s, "users");
    users
        .indexes
        .iter_mut()
        .find(|i| i.name == "uq_users_on_tenant_id_email")
        .unwrap()
}

#[test]
fn a_unique_key_without_tenant_id_is_refused() {
    let mut s = good();
    let email = email_key(&mut s);
    email.columns.remove(0);
    email.predicate = Some("deleted_at IS NULL".into());
    let p = problems(&s, distributing());
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].code, codes::DISTRIBUTED_UNIQUE_WITHOUT_TENANT);
    assert_eq!(p[0].field.as_deref(), Some("email"));
    assert!(
        p[0].message.contains("`User` (table `users`)"),
        "{}",
        p[0].message
    );
    assert!(
        p[0].help.contains("unique(tenant_id, email)"),
        "{}",
        p[0].help
    );
    // Anywhere in the key is enough.
    email_key(&mut s)
        .columns
        .push(crate::schema::IndexColumn::asc(TENANT_COLUMN));
    assert_eq!(codes_of(&s), []);
    // The primary key `(id)` is not one (Citus gets the distributed key, `(tenant_id,
    // id)`); a global table's keys are its own business.
    let mut s = good();
    assert_eq!(t(&mut s, "projects").primary_key.columns, ["id"]);
    assert_eq!(
        t(&mut s, "projects").distributed_key(),
        [TENANT_COLUMN, "id"]
    );
    t(&mut s, "plans")
        .indexes
        .push(crate::testkit::clean::unique("plans", &["name"]));
    assert_eq!(codes_of(&s), []);
}

#[test]
fn a_reference_table_referencing_a_distributed_one_is_refused() {
    let mut s = good();
    let plans = TableBuilder::entity("Plan", "plans").varchar("name", 60, false);
    *t(&mut s, "plans") = belongs(plans, "owner_id", "users", false, RefAction::Restrict).table;
    let p = problems(&s, distributing());
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].code, codes::REFERENCE_TO_DISTRIBUTED);
    assert_eq!(p[0].table, "plans");
    assert_eq!(p[0].field.as_deref(), Some("owner_id"));
    assert!(
        p[0].help.contains("make `Plan` tenant-scoped"),
        "{}",
        p[0].help
    );
    assert!(p[0].help.contains("make `User` global"), "{}", p[0].help);
}

#[test]
fn the_tenants_table_is_never_told_to_become_tenant_scoped() {
    let mut s = good();
    s.tenant_table = Some("tenants".into());
    let tenants = TableBuilder::entity("Tenant", "tenants").uuid_pk();
    *t(&mut s, "tenants") = belongs(tenants, "owner_id", "users", false, RefAction::Restrict).table;
    let p = problems(&s, distributing());
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].code, codes::REFERENCE_TO_DISTRIBUTED);
    assert!(!p[0].help.contains("tenant-scoped"), "{}", p[0].help);
    assert!(p[0].help.contains("make `User` global"), "{}", p[0].help);
}

#[test]
fn a_foreign_key_between_distributed_tables_pairs_tenant_id() {
    // Single-column.
    let mut s = good();
    let fk = &mut t(&mut s, "projects").foreign_keys[1];
    fk.columns = vec!["owner_id".into()];
    fk.ref_columns = vec!["id".into()];
    assert_eq!(
        codes_of(&s),
        [(codes::DISTRIBUTED_FK_WITHOUT_TENANT, "projects".into())]
    );
    // tenant_id on both sides, at different positions.
    let mut s = good();
    let fk = &mut t(&mut s, "projects").foreign_keys[1];
    fk.ref_columns = vec!["id".into(), TENANT_COLUMN.into()];
    let p = problems(&s, distributing());
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].code, codes::DISTRIBUTED_FK_WITHOUT_TENANT);
    assert!(
        p[0].help
            .contains("reference `(tenant_id, owner_id)` -> `users(tenant_id, id)`"),
        "{}",
        p[0].help
    );
}

#[test]
fn set_null_and_on_update_cascade_on_a_key_with_tenant_id_are_refused() {
    let mut s = good();
    t(&mut s, "projects").foreign_keys[1].on_delete = RefAction::SetNull;
    t(&mut s, "projects").foreign_keys[1].set_null_columns = vec!["owner_id".into()];
    let p = problems(&s, distributing());
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].code, codes::DISTRIBUTED_FK_ACTION);
    assert!(
        p[0].message.contains("SET NULL (owner_id)"),
        "{}",
        p[0].message
    );
    assert!(
        p[0].help.contains("on_delete = \"restrict\""),
        "{}",
        p[0].help
    );
    // ON DELETE SET NULL on a declared `tenant_id` (to the reference table tenants): the
    // tenants table is global already, so only the action is suggested.
    let mut s = good();
    t(&mut s, "users").foreign_keys[0].on_delete = RefAction::SetNull;
    let p = problems(&s, distributing());
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].message.ends_with("Citus refuses SET NULL there"),
        "{}",
        p[0].message
    );
    assert!(!p[0].help.contains("global"), "{}", p[0].help);
    // ON UPDATE CASCADE on the tenant foreign key (to the reference table tenants).
    let mut s = good();
    t(&mut s, "users").foreign_keys[0].on_update = RefAction::Cascade;
    let p = problems(&s, distributing());
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].code, codes::DISTRIBUTED_FK_ACTION);
    assert!(
        p[0].message.contains("ON UPDATE CASCADE"),
        "{}",
        p[0].message
    );
    // ON UPDATE RESTRICT is fine; so is anything on a key without tenant_id.
    let mut s = good();
    t(&mut s, "users").foreign_keys[0].on_update = RefAction::Restrict;
    t(&mut s, "projects").foreign_keys[2].on_update = RefAction::Cascade;
    assert_eq!(codes_of(&s), []);
}

#[test]
fn the_audit_columns_set_null_gets_a_fix_that_exists() {
    let mut s = good();
    let projects = t(&mut s, "projects");
    let c = projects
        .columns
        .iter_mut()
        .find(|c| c.name == "owner_id")
        .unwrap();
    c.origin = ColumnOrigin::CreatedBy;
    projects.foreign_keys[1].on_delete = RefAction::SetNull;
    let p = problems(&s, distributing());
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].help.contains("make the actor `User` global"),
        "{}",
        p[0].help
    );
    // An audited global table with a tenant-scoped actor: DM034, with the audit's fix.
    let mut s = good();
    let plans = TableBuilder::entity("Plan", "plans");
    let mut plans = belongs(plans, "created_by", "users", false, RefAction::SetNull).table;
    plans
        .columns
        .iter_mut()
        .find(|c| c.name == "created_by")
        .unwrap()
        .origin = ColumnOrigin::CreatedBy;
    *t(&mut s, "plans") = plans;
    let p = problems(&s, distributing());
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].code, codes::REFERENCE_TO_DISTRIBUTED);
    assert!(
        p[0].help.contains("don't audit the global `Plan`"),
        "{}",
        p[0].help
    );
}

#[test]
fn a_table_that_cannot_be_colocated_is_refused() {
    // Another type than the first distributed table's.
    let mut s = good();
    let c = t(&mut s, "projects")
        .columns
        .iter_mut()
        .find(|c| c.name == TENANT_COLUMN)
        .unwrap();
    c.ty = ColumnType::BigInt;
    let p = problems(&s, distributing());
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].code, codes::NOT_COLOCATED);
    assert!(p[0].message.contains("is BIGINT"), "{}", p[0].message);
    assert!(
        p[0].message
            .contains("`users`, the first distributed table, is UUID"),
        "{}",
        p[0].message
    );
    // The same type at another length co-locates (VARCHAR(36) and VARCHAR(64)).
    let mut s = good();
    for (table, len) in [("users", 36), ("projects", 64)] {
        let c = t(&mut s, table)
            .columns
            .iter_mut()
            .find(|c| c.name == TENANT_COLUMN)
            .unwrap();
        c.ty = ColumnType::String;
        c.max_length = Some(len);
    }
    assert_eq!(codes_of(&s), []);
    // Nullable; missing.
    let mut s = good();
    t(&mut s, "users")
        .columns
        .iter_mut()
        .find(|c| c.name == TENANT_COLUMN)
        .unwrap()
        .nullable = true;
    assert_eq!(codes_of(&s), [(codes::NOT_COLOCATED, "users".into())]);
    let mut s = good();
    let users = t(&mut s, "users");
    users.columns.retain(|c| c.name != TENANT_COLUMN);
    users.kind = TableKind::Entity;
    let p = problems(&s, distributing());
    assert!(
        p.iter()
            .any(|p| p.code == codes::NOT_COLOCATED && p.message.contains("no `tenant_id` column")),
        "{p:?}"
    );
}

// End to end: the resolver, with and without a distributing target.

fn field(name: &str, ty: ColumnType) -> Field {
    Field {
        rust_name: name.into(),
        column: name.into(),
        ty,
        ..Default::default()
    }
}

fn entity(name: &str, table: &str, mut fields: Vec<Field>) -> Entity {
    fields.insert(
        0,
        Field {
            primary_key: true,
            ..field("id", ColumnType::BigInt)
        },
    );
    Entity {
        type_path: format!("m::{name}"),
        rust_name: name.into(),
        table: table.into(),
        fields,
        ..Default::default()
    }
}

fn belongs_to(name: &str, target: &str, on_delete: RefAction) -> Field {
    Field {
        nullable: true,
        belongs_to: Some(ForeignKeyDef {
            target: format!("m::{target}"),
            on_delete: Some(on_delete),
            ..Default::default()
        }),
        ..field(name, ColumnType::BigInt)
    }
}

/// A global `Plan` that belongs to a tenant-scoped `User`, and a `Project` whose owner is
/// set to NULL when the user goes.
fn model() -> Model {
    let tenant = Entity {
        tenancy: Some(TenantScope::Global),
        ..entity("Tenant", "tenants", vec![])
    };
    let user = entity("User", "users", vec![]);
    let plan = Entity {
        tenancy: Some(TenantScope::Global),
        ..entity(
            "Plan",
            "plans",
            vec![belongs_to("owner_id", "User", RefAction::Restrict)],
        )
    };
    let project = entity(
        "Project",
        "projects",
        vec![belongs_to("owner_id", "User", RefAction::SetNull)],
    );
    Model {
        format_version: 1,
        entities: vec![tenant, user, plan, project],
    }
}

fn config(engines: Vec<Engine>) -> Config {
    Config {
        engines,
        tenancy: Tenancy::Shared,
        ..Config::default()
    }
}

#[test]
fn the_resolver_refuses_what_citus_would() {
    let errors =
        crate::schema::resolve::resolve(&model(), &config(vec![Engine::Postgres, Engine::Citus]))
            .unwrap_err();
    let got: Vec<(&str, Option<&str>, Option<&str>)> = errors
        .iter()
        .map(|d| (d.code.as_str(), d.entity.as_deref(), d.field.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (
                codes::REFERENCE_TO_DISTRIBUTED,
                Some("m::Plan"),
                Some("owner_id")
            ),
            (
                codes::DISTRIBUTED_FK_ACTION,
                Some("m::Project"),
                Some("owner_id")
            ),
        ],
        "{errors:#?}"
    );
    // Applying the help: Plan tenant-scoped, Project's owner restricted.
    let mut m = model();
    m.entities[2].tenancy = None;
    m.entities[3].fields[1]
        .belongs_to
        .as_mut()
        .unwrap()
        .on_delete = Some(RefAction::Restrict);
    let s = crate::schema::resolve::resolve(&m, &config(vec![Engine::Citus])).unwrap();
    assert_eq!(codes_of(&s), []);
}

#[test]
fn without_a_distributing_target_nothing_is_refused() {
    crate::schema::resolve::resolve(&model(), &config(vec![Engine::Postgres])).unwrap();
}
