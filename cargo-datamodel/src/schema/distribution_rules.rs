//! What an engine that distributes tables over nodes (Citus) refuses, said when the model is
//! resolved instead of when the DDL fails half-way through on a cluster.
//!
//! When a distributing engine ([`Dialect::distributes_tables`]) is a target, every
//! tenant-scoped table is sharded on `tenant_id` and co-located with the first one, and every
//! global table is a reference table (a copy on each node; [`placement`]). Citus then refuses
//! (each found on a real Citus 13.2 cluster, its error quoted in the code's explanation,
//! `cargo datamodel explain DM0xx`):
//!
//! - [`codes::DISTRIBUTED_UNIQUE_WITHOUT_TENANT`]: a unique index of a distributed table
//!   without `tenant_id` (anywhere in it; partial indexes too). Its primary key is never one:
//!   the distributing DDL writes [`Table::distributed_key`], `tenant_id` first;
//! - [`codes::REFERENCE_TO_DISTRIBUTED`]: any foreign key from a reference table to a
//!   distributed one;
//! - [`codes::DISTRIBUTED_FK_WITHOUT_TENANT`]: a foreign key between distributed tables
//!   without `tenant_id` on both sides at the same position;
//! - [`codes::DISTRIBUTED_FK_ACTION`]: a foreign key of a distributed table that includes
//!   `tenant_id` with ON DELETE SET NULL (even `SET NULL (col)`) or ON UPDATE CASCADE / SET
//!   NULL: a `belongs_to` with `on_delete = "set_null"` between two tenant-scoped entities
//!   (the audit actor columns too), or `on_update = "cascade"` on one;
//! - [`codes::NOT_COLOCATED`]: a tenant-scoped table that can't join the co-location group:
//!   no `tenant_id`, a `tenant_id` of another type than the first distributed table's (Citus
//!   compares the type, not its length: `VARCHAR(36)` and `VARCHAR(64)` co-locate, `TEXT` and
//!   `VARCHAR` don't), or a nullable one (distributed, but every row with NULL there is
//!   refused).
//!
//! Citus accepts, and nothing here reports: `(x_id, tenant_id) -> (id, tenant_id)` (same
//! position, not first), ON DELETE CASCADE / RESTRICT / NO ACTION and ON UPDATE RESTRICT / NO
//! ACTION on a key with `tenant_id`, and any action on a foreign key from a distributed table
//! to a reference table that doesn't include `tenant_id`.
//!
//! Shared tenancy makes most of these impossible from the derive (the resolver puts
//! `tenant_id` first in every key and composite foreign key); the checks read the finished
//! [`Schema`], not the model, so whatever the resolver builds (a declared `tenant_id`, a later
//! step) is held to what the cluster accepts, and [`problems`] can judge any Schema. What the
//! model really produces today: a `tenancy = "global"` entity (or the tenants table) with a
//! `belongs_to` a tenant-scoped one, `on_delete = "set_null"` between tenant-scoped entities
//! (and `audit` with a tenant-scoped actor: its columns are SET NULL), `on_update = "cascade"`.
//!
//! They run after everything else in `Resolver::run`, on the Schema it returns (table order
//! decides which table anchors the co-location group, as in `ddl/distributed.rs`).

use super::columns::codes;
use super::{Schema, Table, TENANT_COLUMN};
use crate::ddl::distributed::{placement, Placement};
use crate::dialect::Dialect;
use datamodel::model::RefAction;
use datamodel::validate::{Diagnostic, Severity};
use std::collections::HashMap;

/// Every code these rules report.
pub const CODES: &[&str] = &[
    codes::DISTRIBUTED_UNIQUE_WITHOUT_TENANT,
    codes::REFERENCE_TO_DISTRIBUTED,
    codes::DISTRIBUTED_FK_WITHOUT_TENANT,
    codes::DISTRIBUTED_FK_ACTION,
    codes::NOT_COLOCATED,
];

/// One refusal: the code, the table it is about, the Rust field when one is to blame, what is
/// wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: &'static str,
    pub table: String,
    pub field: Option<String>,
    pub message: String,
    pub help: String,
}

/// The model errors of `schema` when `d` (a distributing dialect) is a target.
pub(crate) fn check(schema: &Schema, d: &dyn Dialect) -> Vec<Diagnostic> {
    problems(schema, d)
        .into_iter()
        .map(|p| Diagnostic {
            code: p.code.into(),
            severity: Severity::Error,
            entity: schema.table(&p.table).and_then(|t| t.entity.clone()),
            field: p.field,
            message: p.message,
            help: Some(p.help),
        })
        .collect()
}

/// What `d` would refuse in `schema`, table by table.
pub fn problems(schema: &Schema, d: &dyn Dialect) -> Vec<Problem> {
    let by_name: HashMap<&str, &Table> =
        schema.tables.iter().map(|t| (t.name.as_str(), t)).collect();
    let anchor = schema.tables.iter().find(|t| t.tenant_scoped);
    let mut out = Vec::new();
    for t in &schema.tables {
        let distributed = matches!(placement(schema, t), Placement::Distributed { .. });
        if distributed {
            colocation(t, anchor, d, &mut out);
            unique_keys(t, &mut out);
        }
        for fk in &t.foreign_keys {
            let Some(parent) = by_name.get(fk.ref_table.as_str()) else {
                continue;
            };
            let field = fk
                .columns
                .iter()
                .filter(|c| *c != TENANT_COLUMN)
                .find_map(|c| t.column(c).and_then(|c| c.field.clone()));
            let problem = |code, message, help: &str| Problem {
                code,
                table: t.name.clone(),
                field: field.clone(),
                message,
                help: help.to_string(),
            };
            let cols = fk.columns.join(", ");
            if !distributed {
                if parent.tenant_scoped {
                    out.push(problem(
                        codes::REFERENCE_TO_DISTRIBUTED,
                        format!(
                            "{} is global (a Citus reference table, copied to every node) and its foreign key ({cols}) references `{}`, which is tenant-scoped (distributed on `tenant_id`): Citus refuses foreign keys from reference tables to distributed tables",
                            who(t),
                            parent.name
                        ),
                        &if is_audit_actor(t, &fk.columns) {
                            format!(
                                "the audit columns of `{}` reference the actor `{}`, which is tenant-scoped: make the actor global (`#[datamodel(tenancy = \"global\")]`), or don't audit the global `{}`",
                                t.rust_name, parent.rust_name, t.rust_name
                            )
                        } else if schema.tenant_table.as_deref() == Some(t.name.as_str()) {
                            format!(
                                "the tenants table is always global: make `{}` global (`#[datamodel(tenancy = \"global\")]`), or drop the field from `{}` and record the relation on `{}`'s side (it has `tenant_id`)",
                                parent.rust_name, t.rust_name, parent.rust_name
                            )
                        } else {
                            format!(
                                "make `{}` tenant-scoped (remove `tenancy = \"global\"`), or make `{}` global (`#[datamodel(tenancy = \"global\")]`)",
                                t.rust_name, parent.rust_name
                            )
                        },
                    ));
                }
                continue;
            }
            let with_tenant = fk.columns.iter().any(|c| c == TENANT_COLUMN);
            if parent.tenant_scoped {
                let paired = fk
                    .columns
                    .iter()
                    .zip(&fk.ref_columns)
                    .any(|(a, b)| a == TENANT_COLUMN && b == TENANT_COLUMN);
                if !paired {
                    out.push(problem(
                        codes::DISTRIBUTED_FK_WITHOUT_TENANT,
                        format!(
                            "the foreign key ({cols}) of {} references `{}` ({}), and both tables are distributed on `tenant_id`: Citus accepts a foreign key between distributed tables only with `tenant_id` on both sides at the same position",
                            who(t),
                            parent.name,
                            fk.ref_columns.join(", ")
                        ),
                        &format!(
                            "reference `({TENANT_COLUMN}, {})` -> `{}({TENANT_COLUMN}, {})` (shared tenancy's composite key, which the resolver makes for a `belongs_to`), or make `{}` global",
                            without_tenant(&fk.columns),
                            parent.name,
                            without_tenant(&fk.ref_columns),
                            parent.rust_name
                        ),
                    ));
                    continue;
                }
            }
            if !with_tenant {
                continue;
            }
            if fk.on_delete == RefAction::SetNull {
                out.push(problem(
                    codes::DISTRIBUTED_FK_ACTION,
                    format!(
                        "the foreign key ({cols}) of {} to `{}` has ON DELETE SET NULL and includes the distribution column `tenant_id`: Citus refuses SET NULL there{}",
                        who(t),
                        parent.name,
                        match without_tenant(&fk.columns) {
                            rest if rest.is_empty() => String::new(),
                            rest => format!(", even `SET NULL ({rest})`"),
                        }
                    ),
                    &set_null_help(t, fk.columns.iter(), parent),
                ));
            }
            if matches!(fk.on_update, RefAction::Cascade | RefAction::SetNull) {
                out.push(problem(
                    codes::DISTRIBUTED_FK_ACTION,
                    format!(
                        "the foreign key ({cols}) of {} to `{}` has ON UPDATE {} and includes the distribution column `tenant_id`: Citus refuses CASCADE and SET NULL in ON UPDATE there",
                        who(t),
                        parent.name,
                        fk.on_update.sql()
                    ),
                    "drop `on_update` from the `belongs_to` (NO ACTION: a key is not updated in place), or say `on_update = \"restrict\"`",
                ));
            }
        }
    }
    out
}

/// `a, b` without `tenant_id`.
fn without_tenant(cols: &[String]) -> String {
    let rest: Vec<&str> = cols
        .iter()
        .map(String::as_str)
        .filter(|c| *c != TENANT_COLUMN)
        .collect();
    rest.join(", ")
}

/// Is this foreign key on the audit columns (`created_by` / `updated_by`, the actor)?
fn is_audit_actor(t: &Table, columns: &[String]) -> bool {
    columns.iter().any(|c| {
        t.column(c).is_some_and(|c| {
            matches!(
                c.origin,
                super::ColumnOrigin::CreatedBy | super::ColumnOrigin::UpdatedBy
            )
        })
    })
}

/// `` `Post` (table `posts`) ``.
fn who(t: &Table) -> String {
    format!("`{}` (table `{}`)", t.rust_name, t.name)
}

/// The fix for ON DELETE SET NULL on a key with `tenant_id`: the audit actor columns can't
/// say another action, the actor entity can be global; a user field can.
fn set_null_help<'a>(
    t: &Table,
    columns: impl Iterator<Item = &'a String>,
    parent: &Table,
) -> String {
    let audit = is_audit_actor(t, &columns.cloned().collect::<Vec<_>>());
    if !parent.tenant_scoped {
        // `tenant_id` itself (a declared field) to the tenants table: only the action can change.
        format!(
            "say `on_delete = \"restrict\"` on that `belongs_to` (a `{}` is removed by an explicit job that deletes its rows first), or `\"cascade\"`",
            parent.rust_name
        )
    } else if audit {
        format!(
            "the audit columns reference the actor with ON DELETE SET NULL: make the actor `{}` global (`#[datamodel(tenancy = \"global\")]`; a foreign key from a distributed table to a reference table may SET NULL), or drop `audit` from `{}`",
            parent.rust_name, t.rust_name
        )
    } else {
        format!(
            "say `on_delete = \"restrict\"` or `\"cascade\"` on that `belongs_to` (the application clears the reference before deleting the `{}`), or make `{}` global (`#[datamodel(tenancy = \"global\")]`)",
            parent.rust_name, parent.rust_name
        )
    }
}

/// The unique indexes of the distributed table `t` must include `tenant_id`. (Its primary key
/// always does there: the distributing DDL writes [`Table::distributed_key`], `tenant_id`
/// first.)
fn unique_keys(t: &Table, out: &mut Vec<Problem>) {
    for ix in t.indexes.iter().filter(|ix| ix.unique) {
        if ix.columns.iter().any(|c| c.name == TENANT_COLUMN) {
            continue;
        }
        let cols: Vec<&str> = ix.columns.iter().map(|c| c.name.as_str()).collect();
        let field = ix
            .columns
            .iter()
            .find_map(|c| t.column(&c.name).and_then(|c| c.field.clone()));
        out.push(Problem {
            code: codes::DISTRIBUTED_UNIQUE_WITHOUT_TENANT,
            table: t.name.clone(),
            field,
            message: format!(
                "the unique index `{}` ({}) of {} lacks `tenant_id`, the column the table is distributed on: Citus refuses a unique index without it (uniqueness is checked within one shard)",
                ix.name,
                cols.join(", "),
                who(t)
            ),
            help: format!(
                "make it unique per tenant: `unique({TENANT_COLUMN}, {})`; if the value must be unique across all tenants, keep it in a global entity (`tenancy = \"global\"`, a reference table)",
                cols.join(", ")
            ),
        });
    }
}

/// The tenant-scoped table `t` joins the co-location group of `anchor` (the first
/// distributed table): a NOT NULL `tenant_id` of the anchor's type.
fn colocation(t: &Table, anchor: Option<&Table>, d: &dyn Dialect, out: &mut Vec<Problem>) {
    let mut refuse = |message: String, help: String| {
        out.push(Problem {
            code: codes::NOT_COLOCATED,
            table: t.name.clone(),
            field: t.column(TENANT_COLUMN).and_then(|c| c.field.clone()),
            message,
            help,
        })
    };
    let Some(c) = t.column(TENANT_COLUMN) else {
        refuse(
            format!(
                "{} is tenant-scoped, so it is distributed on `tenant_id`, but it has no `tenant_id` column",
                who(t)
            ),
            format!(
                "give `{}` the tenant column (shared tenancy adds it; a declared one is `#[datamodel(belongs_to = Tenant)] tenant_id`), or make it global (`tenancy = \"global\"`)",
                t.rust_name
            ),
        );
        return;
    };
    if c.nullable {
        refuse(
            format!(
                "`tenant_id` of {} is nullable: Citus distributes the table on it and refuses every row whose `tenant_id` is NULL",
                who(t)
            ),
            "make `tenant_id` NOT NULL (a non-optional `belongs_to = Tenant`; shared tenancy adds it NOT NULL)".into(),
        );
    }
    let Some(anchor) = anchor.filter(|a| a.name != t.name) else {
        return;
    };
    let Some(first) = anchor.column(TENANT_COLUMN) else {
        return;
    };
    let base = |c| {
        let ty = d.column_type(c);
        ty.split('(').next().unwrap_or_default().trim().to_string()
    };
    let (mine, theirs) = (base(c), base(first));
    if mine != theirs {
        refuse(
            format!(
                "`tenant_id` of {} is {mine}, and `tenant_id` of `{}`, the first distributed table, is {theirs}: Citus co-locates tables only on one distribution column type, so their joins and foreign keys could not stay on one node",
                who(t),
                anchor.name
            ),
            format!(
                "give `tenant_id` the tenants key's type ({theirs}) everywhere: declare it as `#[datamodel(belongs_to = Tenant)]`, or drop the declared field and let shared tenancy add it"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Engine, Tenancy};
    use crate::dialect::dialect_for;
    use crate::schema::{ColumnOrigin, TableKind};
    use crate::testkit::TableBuilder;
    use datamodel::model::{ColumnType, Entity, Field, ForeignKeyDef, Model, TenantScope};

    fn distributing() -> &'static dyn Dialect {
        Engine::ALL
            .iter()
            .map(|e| dialect_for(*e))
            .find(|d| d.distributes_tables())
            .expect("a distributing engine")
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
    fn belongs(
        b: TableBuilder,
        col: &str,
        target: &str,
        scoped: bool,
        on: RefAction,
    ) -> TableBuilder {
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
        *t(&mut s, "tenants") =
            belongs(tenants, "owner_id", "users", false, RefAction::Restrict).table;
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
                .any(|p| p.code == codes::NOT_COLOCATED
                    && p.message.contains("no `tenant_id` column")),
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
        let errors = crate::schema::resolve::resolve(
            &model(),
            &config(vec![Engine::Postgres, Engine::Citus]),
        )
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
}
