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
use crate::schema::{AppendOnlyGuard, ColumnOrigin, History, Table, TableAudit, TableKind};
use datamodel::model::{
    ColumnType, DeleteStrategy, Entity, Field, ForeignKeyDef, PkStrategy, RefAction, Retention,
};
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
    !e.junction
        && !sti_child
        && e.type_path != AUDIT_LOG_PATH
        && (e.audit.is_some() || config.audit)
}

/// The entity's changes are written to the shared log: its `audit(history)`, else the
/// configured `audit-history`.
pub(crate) fn keeps_history(e: &Entity, config: &Config) -> bool {
    audited(e, config) && (e.audit.as_ref().is_some_and(|a| a.history) || config.audit_history)
}

/// Type path of the generated log entity (no struct declares it).
pub const AUDIT_LOG_PATH: &str = "datamodel::audit::AuditLog";

/// The shared log `audit(history)` writes to, as an entity: append-only (a `created_at`, no
/// `updated_at`), hard delete, its TTL from `audit-history-ttl`, tenant-scoped under shared
/// tenancy like every other table.
fn audit_log_entity(config: &Config) -> Entity {
    let field = |name: &str, ty: ColumnType, rust: &str, comment: &str| Field {
        rust_name: name.into(),
        column: name.into(),
        rust_type: rust.into(),
        ty,
        comment: Some(comment.into()),
        ..Field::default()
    };
    let nullable = |f: Field| Field {
        nullable: true,
        ..f
    };
    Entity {
        type_path: AUDIT_LOG_PATH.into(),
        rust_name: "AuditLog".into(),
        module_path: "datamodel::audit".into(),
        crate_name: "datamodel".into(),
        table: crate::schema::names::AUDIT_LOG_TABLE.into(),
        table_overridden: true,
        comment: Some("Audit trail: one row per INSERT, UPDATE and DELETE of the audited tables, written by their triggers; append-only.".into()),
        delete: Some(DeleteStrategy::Hard),
        append_only: true,
        retention: config.audit_history_ttl.as_ref().map(|ttl| Retention {
            ttl: Some(ttl.clone()),
            legal_hold: false,
            after_delete: false,
        }),
        fields: vec![
            Field {
                primary_key: true,
                ..field("id", ColumnType::BigInt, "i64", "The log entry.")
            },
            Field {
                max_length: Some(63),
                ..field("table_name", ColumnType::String, "String", "The audited table.")
            },
            field("row_key", ColumnType::Json, "serde_json::Value", "The changed row's primary key, as a JSON object of its columns."),
            Field {
                max_length: Some(6),
                ..field(
                    "operation",
                    ColumnType::Enum {
                        name: "AuditOperation".into(),
                        values: vec!["INSERT".into(), "UPDATE".into(), "DELETE".into()],
                    },
                    "AuditOperation",
                    "INSERT, UPDATE or DELETE.",
                )
            },
            nullable(field("old_row", ColumnType::Json, "Option<serde_json::Value>", "The row before the change (UPDATE, DELETE).")),
            nullable(field("new_row", ColumnType::Json, "Option<serde_json::Value>", "The row after the change (INSERT, UPDATE).")),
            nullable(Field {
                max_length: Some(255),
                ..field("actor", ColumnType::String, "Option<String>", "Who made the change, where the engine can tell (the actor setting; else the row's updated_by).")
            }),
        ],
        ..Entity::default()
    }
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
    if model.entities.iter().any(|e| keeps_history(e, config)) {
        out.entities.push(audit_log_entity(config));
    }
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
    let log_scoped = tables
        .iter()
        .find(|t| t.entity.as_deref() == Some(AUDIT_LOG_PATH))
        .map(|t| t.tenant_scoped);
    for t in tables {
        if t.entity.as_deref() == Some(AUDIT_LOG_PATH) {
            t.append_only_guard = Some(AppendOnlyGuard {
                function: String::new(),
                update_trigger: String::new(),
                delete_trigger: String::new(),
            });
            continue;
        }
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
        // A tenant-scoped log takes each entry's tenant from the row: a table without one
        // (global under shared tenancy) keeps no history.
        let history = (keeps_history(e, config)
            && log_scoped.is_some_and(|scoped| !scoped || t.tenant_scoped))
        .then(|| History {
            log_table: crate::schema::names::AUDIT_LOG_TABLE.into(),
            function: String::new(),
            insert_trigger: String::new(),
            update_trigger: String::new(),
            delete_trigger: String::new(),
            tenant: log_scoped == Some(true),
        });
        t.audit = Some(TableAudit {
            actor_table,
            setting: config.actor_setting.clone(),
            refuse_without_actor: config.on_missing_actor == OnMissingActor::Refuse,
            trigger_name: None,
            history,
        });
    }
}
