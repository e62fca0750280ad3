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
use crate::ddl::distributed::{anchor, placement, Placement};
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
    let anchor = anchor(schema);
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
mod tests;
