//! A stand-in for `schema::resolve` while it is being written (issue 3): a plain, literal
//! Model -> Schema mapping so `plan` has something to render. It applies the cross-cutting
//! columns the plan talks about (timestamps, `deleted_at`, `tenant_id`), one table per entity
//! plus generated junction tables, the declared keys, indexes and checks, and nothing smarter
//! (no ESR planning, no FK indexes, no name hashing). [`schema_for_plan`] prefers the real
//! resolver as soon as it returns a Schema; this module is then deleted.

use crate::config::{Config, Deletes, Tenancy};
use crate::schema::{
    Cardinality, Check, Column, ColumnOrigin, ForeignKey, Index, IndexColumn, IndexOrigin,
    PrimaryKey, Relationship, Schema, Table, TableKind, SCHEMA_FORMAT_VERSION,
};
use datamodel::model::{DeleteStrategy, Entity, IndexMethod, Model, RefAction, TenantScope};
use datamodel::validate::Diagnostic;
use datamodel::ColumnType;

/// The Schema the plan is rendered from: the resolver's, or this adapter's while the resolver
/// is not implemented (it returns no Schema and no diagnostics).
pub fn schema_for_plan(model: &Model, config: &Config) -> Result<Schema, Vec<Diagnostic>> {
    match crate::schema::resolve::resolve(model, config) {
        Err(diags) if diags.is_empty() => Ok(from_model(model, config)),
        other => other,
    }
}

/// The literal mapping described in the module docs.
pub fn from_model(model: &Model, config: &Config) -> Schema {
    let mut tables = Vec::new();
    let mut relationships = Vec::new();
    let tenant_table = (config.tenancy == Tenancy::Shared)
        .then(|| {
            model
                .entities
                .iter()
                .find(|e| e.tenancy == Some(TenantScope::Global) && e.table == "tenants")
                .map(|e| e.table.clone())
        })
        .flatten();
    for e in &model.entities {
        tables.push(entity_table(model, config, e, &mut relationships));
        for m in &e.many_to_many {
            let Some(target) = model.entity(&m.target) else {
                continue;
            };
            relationships.push(Relationship {
                from_table: e.table.clone(),
                to_table: target.table.clone(),
                cardinality: Cardinality::ManyToMany,
                columns: Vec::new(),
                optional: true,
                identifying: false,
                junction: Some(m.junction_table.clone()),
                label: "has many".into(),
            });
            if m.through.is_none() {
                tables.push(junction_table(e, target, &m.junction_table));
            }
        }
    }
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    Schema {
        format_version: SCHEMA_FORMAT_VERSION,
        config: config.clone(),
        tables,
        relationships,
        tenant_table,
    }
}

fn pk_column(e: &Entity) -> String {
    e.primary_key()
        .map(|f| f.column.clone())
        .unwrap_or_else(|| "id".into())
}

fn column(name: &str, origin: ColumnOrigin, ty: ColumnType, nullable: bool) -> Column {
    Column {
        imported_type: None,
        name: name.into(),
        field: None,
        origin,
        ty,
        max_length: None,
        precision: None,
        scale: None,
        nullable,
        default: None,
        identity: false,
        comment: None,
        pii: false,
        renamed_from: None,
        source_line: None,
        allow: Vec::new(),
        rust_type: None,
    }
}

fn index(table: &str, cols: Vec<String>, unique: bool, origin: IndexOrigin) -> Index {
    let prefix = if unique { "uq" } else { "idx" };
    Index {
        live_column: None,
        unhashed_name: None,
        name: format!("{prefix}_{table}_on_{}", cols.join("_")),
        columns: cols
            .into_iter()
            .map(|name| IndexColumn {
                name,
                descending: false,
            })
            .collect(),
        unique,
        predicate: None,
        method: IndexMethod::Btree,
        include: Vec::new(),
        origin,
        rationale: String::new(),
    }
}

fn entity_table(
    model: &Model,
    config: &Config,
    e: &Entity,
    relationships: &mut Vec<Relationship>,
) -> Table {
    let t = &e.table;
    let col_of = |field: &str| {
        e.field(field)
            .map(|f| f.column.clone())
            .unwrap_or_else(|| field.to_string())
    };
    let mut columns = Vec::new();
    let mut foreign_keys = Vec::new();
    let mut indexes = Vec::new();
    let mut checks = Vec::new();
    if e.primary_key().is_none() && !e.junction {
        let mut c = column("id", ColumnOrigin::PrimaryKey, ColumnType::BigInt, false);
        c.identity = true;
        columns.push(c);
    }
    for f in &e.fields {
        let mut c = column(&f.column, ColumnOrigin::Field, f.ty.clone(), f.nullable);
        c.field = Some(f.rust_name.clone());
        c.max_length = f.max_length;
        c.precision = f.precision;
        c.scale = f.scale;
        c.identity = f.primary_key && f.ty == ColumnType::BigInt;
        c.comment = f.comment.clone();
        c.pii = f.pii;
        c.source_line = Some(f.line);
        c.rust_type = Some(f.rust_type.clone());
        columns.push(c);
        if f.unique {
            indexes.push(index(
                t,
                vec![f.column.clone()],
                true,
                IndexOrigin::UniqueKey,
            ));
        } else if f.index {
            indexes.push(index(
                t,
                vec![f.column.clone()],
                false,
                IndexOrigin::Declared,
            ));
        }
        if let ColumnType::Enum { values, .. } = &f.ty {
            checks.push(Check {
                rule: Default::default(),
                unhashed_name: None,
                name: format!("check_{t}_{}_enum", f.column),
                expr: format!(
                    "{} IN ({})",
                    f.column,
                    values
                        .iter()
                        .map(|v| format!("'{v}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                column: Some(f.column.clone()),
                kind: "enum".into(),
            });
        }
        for (present, kind, expr) in [
            (
                f.check.clone(),
                "custom",
                f.check.clone().unwrap_or_default(),
            ),
            (
                f.min.clone().or(f.max.clone()),
                "range",
                format!("{} range", f.column),
            ),
            (
                f.positive.then(String::new),
                "positive",
                format!("{} > 0", f.column),
            ),
        ] {
            if present.is_some() {
                checks.push(Check {
                    rule: Default::default(),
                    unhashed_name: None,
                    name: format!("check_{t}_{}_{kind}", f.column),
                    expr,
                    column: Some(f.column.clone()),
                    kind: kind.into(),
                });
            }
        }
        if let Some(fk) = &f.belongs_to {
            let Some(target) = model.entity(&fk.target) else {
                continue;
            };
            foreign_keys.push(ForeignKey {
                set_null_columns: Vec::new(),
                tenant_guard_name: None,
                unhashed_name: None,
                name: format!("fk_{t}_{}_{}", f.column, target.table),
                columns: vec![f.column.clone()],
                ref_table: target.table.clone(),
                ref_columns: vec![pk_column(target)],
                on_delete: fk.on_delete.unwrap_or(RefAction::NoAction),
                on_update: fk.on_update.unwrap_or(RefAction::NoAction),
                on_delete_explicit: fk.on_delete.is_some(),
                deferred: false,
                one_to_one: fk.one_to_one,
            });
            if fk.one_to_one && !f.unique {
                indexes.push(index(
                    t,
                    vec![f.column.clone()],
                    true,
                    IndexOrigin::UniqueKey,
                ));
            }
            if e.junction {
                continue; // the M:N relationship is listed on the entities
            }
            relationships.push(Relationship {
                from_table: t.clone(),
                to_table: target.table.clone(),
                cardinality: if fk.one_to_one {
                    Cardinality::OneToOne
                } else {
                    Cardinality::ManyToOne
                },
                columns: vec![f.column.clone()],
                optional: f.nullable,
                identifying: f.primary_key,
                junction: None,
                label: "belongs to".into(),
            });
        }
    }
    for u in &e.uniques {
        let cols = u.fields.iter().map(|f| col_of(f)).collect();
        indexes.push(index(t, cols, true, IndexOrigin::UniqueKey));
    }
    for i in &e.indexes {
        let cols = i.fields.iter().map(|f| col_of(f)).collect();
        let mut idx = index(t, cols, i.unique, IndexOrigin::Declared);
        idx.method = i.method;
        idx.predicate = i.where_clause.clone();
        if let Some(n) = &i.name {
            idx.name = n.clone();
        }
        indexes.push(idx);
    }
    for (n, c) in e.checks.iter().enumerate() {
        checks.push(Check {
            rule: Default::default(),
            unhashed_name: None,
            name: c
                .name
                .clone()
                .unwrap_or_else(|| format!("check_{t}_{}", n + 1)),
            expr: c.expr.clone(),
            column: None,
            kind: "custom".into(),
        });
    }
    let tenant_scoped = config.tenancy == Tenancy::Shared && e.tenancy != Some(TenantScope::Global);
    if tenant_scoped {
        columns.push(column(
            "tenant_id",
            ColumnOrigin::TenantId,
            ColumnType::BigInt,
            false,
        ));
    }
    let ts = ColumnType::Timestamp {
        with_time_zone: true,
    };
    columns.push(column(
        "created_at",
        ColumnOrigin::CreatedAt,
        ts.clone(),
        false,
    ));
    columns.push(column(
        "updated_at",
        ColumnOrigin::UpdatedAt,
        ts.clone(),
        false,
    ));
    let delete = e.delete.unwrap_or(match config.deletes {
        Deletes::Hard => DeleteStrategy::Hard,
        Deletes::Archival => DeleteStrategy::Archival,
        Deletes::Soft | Deletes::Mixed => DeleteStrategy::Soft,
    });
    let delete = if e.junction {
        DeleteStrategy::Hard
    } else {
        delete
    };
    let soft_delete = delete == DeleteStrategy::Soft;
    if soft_delete {
        columns.push(column("deleted_at", ColumnOrigin::DeletedAt, ts, true));
    }
    Table {
        query_patterns: Vec::new(),
        policies: Vec::new(),
        updated_at_trigger_name: None,
        name: t.clone(),
        kind: if e.junction {
            TableKind::Junction
        } else {
            TableKind::Entity
        },
        entity: Some(e.type_path.clone()),
        rust_name: e.rust_name.clone(),
        group: e.group.clone().unwrap_or_else(|| e.module_path.clone()),
        comment: e.comment.clone(),
        source: Some(e.source.clone()),
        primary_key: PrimaryKey {
            unhashed_name: None,
            name: format!("pk_{t}"),
            columns: if e.junction {
                e.fields
                    .iter()
                    .filter(|f| f.belongs_to.is_some())
                    .map(|f| f.column.clone())
                    .collect()
            } else {
                vec![pk_column(e)]
            },
        },
        columns,
        foreign_keys,
        indexes,
        checks,
        delete,
        soft_delete,
        tenant_scoped,
        updated_at_trigger: config.updated_at_trigger,
        retention: e.retention.clone(),
        append_only: e.append_only,
        allow: e.allow.clone(),
        allow_polymorphic: e.allow_polymorphic,
    }
}

fn junction_table(owner: &Entity, target: &Entity, name: &str) -> Table {
    let a = format!("{}_id", datamodel::naming::snake_case(&owner.rust_name));
    let b = format!("{}_id", datamodel::naming::snake_case(&target.rust_name));
    let fk = |col: &str, to: &Entity| ForeignKey {
        set_null_columns: Vec::new(),
        tenant_guard_name: None,
        unhashed_name: None,
        name: format!("fk_{name}_{col}_{}", to.table),
        columns: vec![col.to_string()],
        ref_table: to.table.clone(),
        ref_columns: vec![pk_column(to)],
        on_delete: RefAction::Cascade,
        on_update: RefAction::NoAction,
        on_delete_explicit: false,
        deferred: false,
        one_to_one: false,
    };
    Table {
        query_patterns: Vec::new(),
        policies: Vec::new(),
        updated_at_trigger_name: None,
        name: name.into(),
        kind: TableKind::Junction,
        entity: Some(owner.type_path.clone()),
        rust_name: format!("{}{}", owner.rust_name, target.rust_name),
        group: owner
            .group
            .clone()
            .unwrap_or_else(|| owner.module_path.clone()),
        comment: None,
        source: None,
        columns: vec![
            column(&a, ColumnOrigin::JunctionKey, ColumnType::BigInt, false),
            column(&b, ColumnOrigin::JunctionKey, ColumnType::BigInt, false),
            column(
                "created_at",
                ColumnOrigin::CreatedAt,
                ColumnType::Timestamp {
                    with_time_zone: true,
                },
                false,
            ),
        ],
        primary_key: PrimaryKey {
            unhashed_name: None,
            name: format!("pk_{name}"),
            columns: vec![a.clone(), b.clone()],
        },
        foreign_keys: vec![fk(&a, owner), fk(&b, target)],
        indexes: vec![index(name, vec![b, a], false, IndexOrigin::JunctionReverse)],
        checks: Vec::new(),
        delete: DeleteStrategy::Hard,
        soft_delete: false,
        tenant_scoped: false,
        updated_at_trigger: false,
        retention: None,
        append_only: false,
        allow: Vec::new(),
        allow_polymorphic: false,
    }
}
