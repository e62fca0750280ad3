//! Entity columns: the table of an entity with its key, public uuid and field columns, and the
//! columns every table gets afterwards (timestamps, `deleted_at`, `archived_at`) with what
//! soft delete does to its unique keys.

use super::*;
use crate::schema::model_rules::Timestamps;

impl<'m> Resolver<'m> {
    /// `retention(after_delete)` measures from `deleted_at`, which only soft delete has.
    pub(super) fn check_after_delete(&mut self, e: &Entity) {
        let after_delete = e.retention.as_ref().is_some_and(|r| r.after_delete);
        if after_delete && self.delete_strategy(e) != DeleteStrategy::Soft {
            self.diags.push(columns::error(
                codes::AFTER_DELETE_WITHOUT_SOFT_DELETE,
                e,
                None,
                format!(
                    "`{}` has `retention(after_delete)` but is not soft-deleted, so there is no `deleted_at` to count from",
                    e.rust_name
                ),
                "add `delete = \"soft\"` to the struct, or drop `after_delete` to count the TTL from `created_at`",
            ));
        }
    }

    /// The table of an entity that owns one: primary key, public uuid, fields, discriminator.
    pub(super) fn entity_table(&mut self, e: &'m Entity) {
        self.check_after_delete(e);
        let kind = match &e.inheritance {
            Some(i) if i.strategy == InheritanceStrategy::TablePerType => TableKind::Subtype,
            _ => TableKind::Entity,
        };
        let name = self.names.claim(&e.table);
        let mut t = self.empty_table(e, &name, kind);
        t.unhashed_name = unhashed(&e.table);
        let mut cols = BTreeMap::new();
        let pk_fields: Vec<&Field> = e.fields.iter().filter(|f| f.primary_key).collect();
        let is_subtype = kind == TableKind::Subtype;
        if pk_fields.is_empty() {
            let col_name = self.column_name(&name, "id");
            let mut c = match e.pk_strategy {
                Some(PkStrategy::Uuid) => {
                    let mut c = columns::added(
                        &col_name,
                        ColumnOrigin::PrimaryKey,
                        ColumnType::Uuid,
                        false,
                    );
                    c.default = Some(DefaultValue::NewUuid);
                    c
                }
                _ => {
                    let mut c = columns::added(
                        &col_name,
                        ColumnOrigin::PrimaryKey,
                        ColumnType::BigInt,
                        false,
                    );
                    c.identity = true;
                    c
                }
            };
            if is_subtype {
                // Filled in from the parent's PK once every table exists.
                c.identity = false;
                c.default = None;
            }
            t.primary_key.columns.push(c.name.clone());
            t.columns.push(c);
        }
        for f in &e.fields {
            let col_name = self.column_name(&name, &f.column);
            cols.insert(f.rust_name.clone(), col_name.clone());
            let mut c = columns::field_column(f, &col_name, e, &mut self.diags);
            if f.primary_key {
                c.nullable = false;
                if !is_subtype {
                    if columns::is_integer(&c.ty)
                        && c.default.is_none()
                        && e.pk_strategy != Some(PkStrategy::Uuid)
                    {
                        c.identity = true;
                    } else if c.ty == ColumnType::Uuid && c.default.is_none() {
                        c.default = Some(DefaultValue::NewUuid);
                    }
                }
                t.primary_key.columns.push(col_name.clone());
            }
            let checks = columns::field_checks(f, &col_name, e, &mut self.diags);
            t.checks.extend(checks);
            t.columns.push(c);
        }
        // Keep PK columns first.
        t.columns
            .sort_by_key(|c| !t.primary_key.columns.contains(&c.name));
        if e.public_uuid {
            let col_name = self.column_name(&name, "uuid");
            let mut c =
                columns::added(&col_name, ColumnOrigin::PublicUuid, ColumnType::Uuid, false);
            c.default = Some(DefaultValue::NewUuid);
            c.comment =
                Some("Public identifier, safe to show outside (the bigint id is not).".into());
            let pos = t.primary_key.columns.len();
            t.columns.insert(pos, c);
            let mut ix = index(asc(&[col_name]), true, IndexOrigin::PublicUuid);
            ix.rationale = "Lookups by the public id".into();
            t.indexes.push(ix);
        }
        if let Some(disc) = &e.discriminator {
            self.discriminator(e, &mut t, disc, &mut cols);
        }
        let pk_column = t.primary_key.columns.first().cloned().unwrap_or_default();
        let pk = t.column(&pk_column).cloned().unwrap_or_else(|| {
            columns::added(
                &pk_column,
                ColumnOrigin::PrimaryKey,
                ColumnType::BigInt,
                false,
            )
        });
        self.infos.insert(
            e.type_path.clone(),
            Info {
                table: name,
                pk_column,
                pk,
                cols,
            },
        );
        self.push_table(t);
    }
}

/// Appends `created_at`, `updated_at` (not on append-only tables: their rows never change),
/// `deleted_at` (soft delete) and `archived_at` (archival) unless the struct has them already;
/// the timestamps only as `stamps` says (`timestamps = false`, see
/// `model_rules::timestamps`).
pub(super) fn finish_columns(t: &mut Table, trigger: bool, stamps: Timestamps) {
    if stamps.created_at && t.column("created_at").is_none() {
        t.columns.push(columns::timestamp_column(
            "created_at",
            ColumnOrigin::CreatedAt,
        ));
    }
    if stamps.updated_at && !t.append_only && t.column("updated_at").is_none() {
        t.columns.push(columns::timestamp_column(
            "updated_at",
            ColumnOrigin::UpdatedAt,
        ));
    }
    t.updated_at_trigger = trigger && t.column("updated_at").is_some();
    if t.version && t.column(crate::schema::VERSION_COLUMN).is_none() {
        t.columns.push(columns::version_column());
    }
    if t.soft_delete && t.column("deleted_at").is_none() {
        t.columns.push(columns::deleted_at_column());
    }
    if t.delete == DeleteStrategy::Archival && t.column("archived_at").is_none() {
        t.columns.push(columns::archived_at_column());
    }
}

/// Soft delete: every user unique key becomes partial `WHERE deleted_at IS NULL`, and the
/// active-rows partial index is added. Every partial unique (soft-delete or declared) gets its
/// `live_column` for engines without partial indexes.
pub(super) fn apply_soft_delete(t: &mut Table) {
    if t.soft_delete {
        for ix in &mut t.indexes {
            let user_unique =
                ix.unique && matches!(ix.origin, IndexOrigin::UniqueKey | IndexOrigin::Declared);
            if !user_unique {
                continue;
            }
            ix.predicate = Some(match &ix.predicate {
                Some(p) => format!("({p}) AND {SOFT_DELETE_PREDICATE}"),
                None => SOFT_DELETE_PREDICATE.to_string(),
            });
            ix.rationale = format!("{}; among live rows only (soft delete)", ix.rationale);
        }
        let mut active = index(asc(&t.primary_key.columns), false, IndexOrigin::ActiveRows);
        active.predicate = Some(SOFT_DELETE_PREDICATE.into());
        active.rationale = "Active rows: queries filter `deleted_at IS NULL`".into();
        t.indexes.push(active);
    }
    for ix in &mut t.indexes {
        if ix.unique {
            if let Some(p) = &ix.predicate {
                ix.live_column = Some(names::live_column(p));
            }
        }
    }
}
