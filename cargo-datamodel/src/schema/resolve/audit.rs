//! Audit columns (`audit`, `audit(actor = User)`, or `audit = true` in the configuration):
//! `created_by` / `updated_by` on each audited entity's table.
//!
//! The columns are added to the model before resolution as two nullable fields, each a
//! `belongs_to` the actor entity (ON DELETE SET NULL) when one is named, so they get what every
//! foreign key gets: the actor key's type, a covering index, the composite key under shared
//! tenancy, their place in the diagram. After resolution the columns are marked as the tool's
//! ([`ColumnOrigin::CreatedBy`] / [`ColumnOrigin::UpdatedBy`]) and the table carries its
//! [`TableAudit`] (the actor setting and what to do without one), which the DDL reads.
//! Without an actor entity the columns are BIGINT with no foreign key.

use super::super::columns::{codes, error};
use crate::config::{Config, OnMissingActor};
use crate::schema::{ColumnOrigin, Table, TableAudit, TableKind};
use datamodel::model::{ColumnType, Entity, Field, ForeignKeyDef, PkStrategy, RefAction};
use datamodel::validate::Diagnostic;
use datamodel::Model;

/// The two audit columns, in table order.
pub const AUDIT_COLUMNS: [(&str, ColumnOrigin); 2] = [
    ("created_by", ColumnOrigin::CreatedBy),
    ("updated_by", ColumnOrigin::UpdatedBy),
];

/// The entity gets audit columns: its own `audit`, else the configured default. Junction
/// descriptions and single-table subtypes (their rows live in the parent's table) never do.
pub(crate) fn audited(e: &Entity, config: &Config) -> bool {
    let sti_child = e
        .inheritance
        .as_ref()
        .is_some_and(|i| i.strategy == datamodel::model::InheritanceStrategy::SingleTable);
    !e.junction && !sti_child && (e.audit.is_some() || config.audit)
}

/// The actor entity of `e`: its `audit(actor = ..)`, else the configured `audit-actor` (a struct
/// name or type path). `Err` when the configured name matches no entity.
fn actor<'m>(e: &Entity, model: &'m Model, config: &Config) -> Result<Option<&'m Entity>, ()> {
    if let Some(path) = e.audit.as_ref().and_then(|a| a.actor.as_deref()) {
        // The derive checked that it is an entity; a hand-built model may name anything.
        return Ok(model.entity(path));
    }
    match &config.audit_actor {
        None => Ok(None),
        Some(name) => model
            .entities
            .iter()
            .find(|a| a.type_path == *name || a.rust_name == *name)
            .map(Some)
            .ok_or(()),
    }
}

/// The type of the actor's key (the resolver adds `id` BIGINT, or a UUID, when no field is one).
fn key_type(actor: &Entity) -> ColumnType {
    match actor.primary_key() {
        Some(f) => f.ty.clone(),
        None if actor.pk_strategy == Some(PkStrategy::Uuid) => ColumnType::Uuid,
        None => ColumnType::BigInt,
    }
}

/// `model` with the audit columns added as fields, or `None` when no entity is audited.
pub(super) fn with_audit_fields(
    model: &Model,
    config: &Config,
) -> Result<Option<Model>, Vec<Diagnostic>> {
    if !model.entities.iter().any(|e| audited(e, config)) {
        return Ok(None);
    }
    let mut out = model.clone();
    let mut diags = Vec::new();
    for e in out.entities.iter_mut() {
        if !audited(e, config) {
            continue;
        }
        let actor = match actor(e, model, config) {
            Ok(a) => a,
            Err(()) => {
                diags.push(error(
                    codes::UNKNOWN_AUDIT_ACTOR,
                    e,
                    None,
                    format!(
                        "`audit-actor = {:?}` names no collected entity, so `{}`'s `created_by` / `updated_by` have no key type to take",
                        config.audit_actor.as_deref().unwrap_or_default(),
                        e.rust_name
                    ),
                    "name a struct that derives `DataModel` (`audit-actor = \"User\"`), or remove `audit-actor`",
                ));
                continue;
            }
        };
        for (name, origin) in AUDIT_COLUMNS {
            let who = if origin == ColumnOrigin::CreatedBy {
                "created the row"
            } else {
                "last changed the row"
            };
            e.fields.push(Field {
                rust_name: name.into(),
                column: name.into(),
                rust_type: String::new(),
                ty: actor.map_or(ColumnType::BigInt, key_type),
                nullable: true,
                belongs_to: actor.map(|a| ForeignKeyDef {
                    target: a.type_path.clone(),
                    on_delete: Some(RefAction::SetNull),
                    on_update: None,
                    one_to_one: false,
                }),
                comment: Some(format!("Audit: the actor who {who}.")),
                ..Field::default()
            });
        }
    }
    if diags.is_empty() {
        Ok(Some(out))
    } else {
        Err(diags)
    }
}

/// Marks the audit columns of the audited tables as the tool's and records each table's
/// [`TableAudit`].
pub(super) fn mark(tables: &mut [Table], model: &Model, config: &Config) {
    for t in tables {
        if t.kind == TableKind::Junction {
            continue;
        }
        let Some(e) = t.entity.as_deref().and_then(|p| model.entity(p)) else {
            continue;
        };
        if !audited(e, config) {
            continue;
        }
        for (name, origin) in AUDIT_COLUMNS {
            if let Some(c) = t.columns.iter_mut().find(|c| c.name == name) {
                c.origin = origin;
                c.field = None;
            }
        }
        let actor_table = t
            .foreign_keys
            .iter()
            .find(|fk| fk.columns.iter().any(|c| c == "created_by"))
            .map(|fk| fk.ref_table.clone());
        t.audit = Some(TableAudit {
            actor_table,
            setting: config.actor_setting.clone(),
            refuse_without_actor: config.on_missing_actor == OnMissingActor::Refuse,
            trigger_name: None,
        });
    }
}
