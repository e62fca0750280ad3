//! Cross-cutting concerns: timestamps, soft deletes, multi-tenancy (written by
//! [`crate::tenancy`]), the enum strategy, primary keys and naming conventions.

use super::migration_notes::updated_at_mechanisms;
use super::prose::{and_list, code_list, column_of, plural};
use crate::dialect::dialect_for;
use crate::document::engine_text::{base_type, default_text, literal};
use crate::schema::{Column, ColumnOrigin, IndexOrigin, Schema, Table};
use crate::target::Target;
use datamodel::model::{ColumnType, DeleteStrategy};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct CrossCutting {
    pub timestamps: Vec<String>,
    pub soft_deletes: Vec<String>,
    /// Optimistic locking (`#[datamodel(version)]`): the tables, how each engine increments
    /// `version`, and the update pattern. Empty when no table has it (no subsection).
    pub optimistic_locking: Vec<String>,
    /// Audit columns (`created_by` / `updated_by`): the tables, the actor, how each engine
    /// fills them. Empty when no table is audited (no subsection).
    pub audit: Vec<String>,
    /// The Multi-Tenancy section as Markdown ([`crate::tenancy::tenancy_section`]).
    pub tenancy: String,
    pub enums: Vec<String>,
    pub primary_keys: Vec<String>,
    pub naming: Vec<String>,
}

pub fn build(schema: &Schema, target: &Target) -> CrossCutting {
    CrossCutting {
        timestamps: timestamps(schema, target),
        soft_deletes: soft_deletes(schema),
        optimistic_locking: optimistic_locking(schema, target),
        audit: audit(schema, target),
        // Tenancy: the one section the tenancy module writes for every mode and engine.
        tenancy: crate::tenancy::tenancy_section(schema, target),
        enums: enums(schema, target),
        primary_keys: primary_keys(schema, target),
        naming: naming(schema),
    }
}

/// The names of `ts` as a code list.
fn names(ts: &[&Table]) -> String {
    code_list(ts.iter().map(|t| t.name.as_str()))
}

fn timestamps(schema: &Schema, target: &Target) -> Vec<String> {
    let (primary, engines) = (target.primary(), target.engines());
    let n = schema.tables.len();
    let with = |o: ColumnOrigin| -> Vec<&Table> {
        schema
            .tables
            .iter()
            .filter(|t| column_of(t, o).is_some())
            .collect()
    };
    let mut timestamps = Vec::new();
    let created = with(ColumnOrigin::CreatedAt);
    let updated = with(ColumnOrigin::UpdatedAt);
    if let Some(c) = created
        .first()
        .and_then(|t| column_of(t, ColumnOrigin::CreatedAt))
    {
        let per_engine: Vec<String> = engines
            .iter()
            .map(|e| format!("`{}` on {}", base_type(*e, c), e.display_name()))
            .collect();
        timestamps.push(format!(
            "`{}` on {} of {n} tables: {}, NOT NULL, default `{}`.",
            c.name,
            created.len(),
            and_list(&per_engine),
            c.default
                .as_ref()
                .map_or_else(|| "—".to_string(), |d| default_text(primary, d))
        ));
    }
    if let Some(c) = updated
        .first()
        .and_then(|t| column_of(t, ColumnOrigin::UpdatedAt))
    {
        let how = if target.updated_at_trigger {
            format!(
                "kept current by {}",
                and_list(&updated_at_mechanisms(engines))
            )
        } else {
            "set by the application on every update (`updated_at_trigger = false`)".to_string()
        };
        timestamps.push(format!(
            "`{}` on {} of {n} tables, same type and default, {how}.",
            c.name,
            updated.len()
        ));
    }
    let without: Vec<&Table> = schema
        .tables
        .iter()
        .filter(|t| column_of(t, ColumnOrigin::CreatedAt).is_none())
        .collect();
    if !without.is_empty() {
        timestamps.push(format!("Without timestamps: {}.", names(&without)));
    }

    timestamps
}

fn optimistic_locking(schema: &Schema, target: &Target) -> Vec<String> {
    let versioned: Vec<&Table> = schema.tables.iter().filter(|t| t.has_version()).collect();
    let Some(c) = versioned
        .first()
        .and_then(|t| column_of(t, ColumnOrigin::Version))
    else {
        return Vec::new();
    };
    let engines = target.engines();
    let types: Vec<String> = engines
        .iter()
        .map(|e| format!("`{}` on {}", base_type(*e, c), e.display_name()))
        .collect();
    let how: Vec<String> = engines
        .iter()
        .map(|e| dialect_for(*e).version_mechanism_note())
        .collect();
    let v = &c.name;
    let example = versioned[0];
    let key = example.primary_key.columns.join(" = ? AND ");
    vec![
        format!(
            "Optimistic locking on {}: a `{v}` column ({}, NOT NULL, default 1), incremented once per updated row by {}.",
            names(&versioned),
            and_list(&types),
            and_list(&how)
        ),
        format!(
            "Update pattern: read the row with its `{v}`, then write `UPDATE {} SET ... WHERE {key} = ? AND {v} = ?` with the `{v}` you read. 0 rows affected means another writer changed (or deleted) the row since: reread it and retry, or report the conflict. The application never sets `{v}`.",
            example.name
        ),
    ]
}

fn audit(schema: &Schema, target: &Target) -> Vec<String> {
    let audited: Vec<&Table> = schema.tables.iter().filter(|t| t.audit.is_some()).collect();
    let (Some(first), Some(c)) = (
        audited.first(),
        audited
            .first()
            .and_then(|t| column_of(t, ColumnOrigin::CreatedBy)),
    ) else {
        return Vec::new();
    };
    let Some(a) = first.audit.as_ref() else {
        return Vec::new();
    };
    let engines = target.engines();
    let types: Vec<String> = engines
        .iter()
        .map(|e| format!("`{}` on {}", base_type(*e, c), e.display_name()))
        .collect();
    let actor = match &a.actor_table {
        Some(t) => format!(
            "the key of the acting row of `{t}` (a foreign key, ON DELETE SET NULL: deleting an actor keeps the rows it wrote, unattributed)"
        ),
        None => "an actor id (no actor entity is named, so no foreign key)".to_string(),
    };
    let mut v = vec![format!(
        "Audit columns on {}: nullable `created_by` and `updated_by` ({}), {actor}.",
        names(&audited),
        and_list(&types)
    )];
    for e in engines {
        v.push(format!(
            "{}.",
            dialect_for(*e).actor_fill_note(&a.setting, a.refuse_without_actor)
        ));
    }
    let logged: Vec<&Table> = audited
        .iter()
        .copied()
        .filter(|t| t.audit.as_ref().is_some_and(|a| a.history.is_some()))
        .collect();
    let Some(log) = logged
        .first()
        .and_then(|t| t.audit.as_ref()?.history.as_ref())
        .and_then(|h| schema.table(&h.log_table))
    else {
        return v;
    };
    let on: Vec<String> = engines
        .iter()
        .map(|e| e.display_name().to_string())
        .collect();
    v.push(format!(
        "History: every INSERT, UPDATE and DELETE of {} is written to `{}` by triggers on {}: the table, the row's primary key (JSON), the operation, the old and new row (JSON), the actor where the engine knows it (the actor setting; else the row's `updated_by`, none on DELETE) and the time.",
        names(&logged),
        log.name,
        and_list(&on)
    ));
    let ttl = log
        .retention
        .as_ref()
        .and_then(|r| r.ttl.as_deref())
        .map_or_else(
            || " (no TTL: entries are kept for ever; set `audit-history-ttl`)".to_string(),
            |t| format!(", except its retention job's purge of entries older than `{t}`"),
        );
    v.push(format!(
        "`{0}` is append-only: a trigger refuses every UPDATE and DELETE{ttl}. Grant the application role only `SELECT, INSERT` on it (`REVOKE UPDATE, DELETE ON {0} FROM app_user`).",
        log.name
    ));
    if log.tenant_scoped {
        let skipped: Vec<&Table> = audited
            .iter()
            .copied()
            .filter(|t| t.audit.as_ref().is_some_and(|a| a.history.is_none()))
            .collect();
        v.push(format!(
            "Shared tenancy: `{}` is tenant-scoped like every tenant table (each entry takes the changed row's `tenant_id`, and row-level security where the engine has it); global tables keep no history{}.",
            log.name,
            if skipped.is_empty() {
                String::new()
            } else {
                format!(" ({})", names(&skipped))
            }
        ));
    }
    for e in engines.iter().filter(|e| {
        dialect_for(**e).history_mechanism() == crate::dialect::HistoryMechanism::BlockTriggers
    }) {
        v.push(format!("{}: an UPDATE is logged when it changes a column other than `updated_at` / `version` (their trigger updates the row a second time, which is not an entry of its own), so an UPDATE that changes nothing else is not logged, and `new_row` shows those two before their upkeep.", e.display_name()));
    }
    v
}

fn soft_deletes(schema: &Schema) -> Vec<String> {
    let mut soft_deletes = Vec::new();
    let soft: Vec<&Table> = schema.tables.iter().filter(|t| t.soft_delete).collect();
    if soft.is_empty() {
        soft_deletes.push("No table uses soft deletes: deleted rows are gone.".into());
    } else {
        let col = soft
            .iter()
            .find_map(|t| column_of(t, ColumnOrigin::DeletedAt))
            .map_or_else(|| "deleted_at".to_string(), |c| c.name.clone());
        soft_deletes.push(format!(
            "Soft delete on {}: a nullable `{col}` marks deleted rows.",
            names(&soft)
        ));
        soft_deletes.push(format!(
            "Every query of these tables must filter `{col} IS NULL` (application layer); their unique keys are partial (`WHERE {col} IS NULL`) so a deleted row does not block re-creating it."
        ));
        let active: Vec<String> = soft
            .iter()
            .flat_map(|t| {
                t.indexes
                    .iter()
                    .filter(|i| i.origin == IndexOrigin::ActiveRows)
                    .map(|i| i.name.clone())
            })
            .collect();
        if !active.is_empty() {
            soft_deletes.push(format!("Active-row indexes: {}.", code_list(&active)));
        }
    }
    for (d, what) in [
        (DeleteStrategy::Hard, "Hard delete"),
        (
            DeleteStrategy::Archival,
            "Archival (rows move to cold storage before deletion)",
        ),
    ] {
        let ts: Vec<&Table> = schema.tables.iter().filter(|t| t.delete == d).collect();
        if !ts.is_empty() {
            soft_deletes.push(format!("{what}: {}.", names(&ts)));
        }
    }

    soft_deletes
}

fn enums(schema: &Schema, target: &Target) -> Vec<String> {
    let primary = target.primary();
    let mut enums = vec![
        "CHECK constraints on VARCHAR columns, never native ENUM types: removing a native ENUM value needs an aggressive lock, a CHECK is replaced with NOT VALID + VALIDATE."
            .to_string(),
    ];
    for t in &schema.tables {
        for c in &t.columns {
            if let ColumnType::Enum { name, values } = &c.ty {
                let check = t
                    .checks
                    .iter()
                    .find(|k| k.column.as_deref() == Some(&c.name))
                    .map(|k| format!(" (`{}`)", k.name))
                    .unwrap_or_default();
                enums.push(format!(
                    "`{}.{}` ({name}): `{}`{check}, values {}.",
                    t.name,
                    c.name,
                    base_type(primary, c),
                    values
                        .iter()
                        .map(|v| literal(primary, v))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
    if enums.len() == 1 {
        enums.push("The model declares no enum columns.".into());
    }

    enums
}

fn primary_keys(schema: &Schema, target: &Target) -> Vec<String> {
    let engines = target.engines();
    let mut primary_keys = Vec::new();
    let mut identity = Vec::new();
    let mut uuid = Vec::new();
    let mut composite = Vec::new();
    let mut other = Vec::new();
    for t in &schema.tables {
        let pk: Vec<&Column> = t
            .primary_key
            .columns
            .iter()
            .filter_map(|c| t.column(c))
            .collect();
        match pk.as_slice() {
            [c] if c.identity => identity.push(t.name.clone()),
            [c] if c.ty == ColumnType::Uuid => uuid.push(t.name.clone()),
            [_] => other.push(t.name.clone()),
            _ => composite.push(t.name.clone()),
        }
    }
    if !identity.is_empty() {
        let spell: Vec<String> = engines
            .iter()
            .map(|e| dialect_for(*e).identity_key_note().to_string())
            .collect();
        primary_keys.push(format!(
            "Bigint identity on {}: {}.",
            plural(identity.len(), "table", "tables"),
            and_list(&spell)
        ));
    }
    if !uuid.is_empty() {
        primary_keys.push(format!("UUID primary keys on {}.", code_list(&uuid)));
    }
    if !composite.is_empty() {
        primary_keys.push(format!(
            "Composite primary keys (junction and subtype tables): {}.",
            code_list(&composite)
        ));
    }
    if !other.is_empty() {
        primary_keys.push(format!(
            "Natural or application-assigned keys: {}.",
            code_list(&other)
        ));
    }
    let public: Vec<String> = schema
        .tables
        .iter()
        .filter(|t| column_of(t, ColumnOrigin::PublicUuid).is_some())
        .map(|t| t.name.clone())
        .collect();
    if !public.is_empty() {
        primary_keys.push(format!(
            "Public ids: a separate uuid column with a unique index on {}, so internal keys never leak.",
            code_list(&public)
        ));
    }

    primary_keys
}

fn naming(schema: &Schema) -> Vec<String> {
    let mut naming = vec!["Tables: plural snake_case; columns: singular snake_case.".to_string()];
    let first_table = schema.tables.first();
    let mut examples = Vec::new();
    if let Some(t) = first_table {
        examples.push(format!("primary key `{}`", t.primary_key.name));
    }
    if let Some(fk) = schema
        .tables
        .iter()
        .flat_map(|t| t.foreign_keys.iter())
        .next()
    {
        examples.push(format!("foreign key `{}`", fk.name));
    }
    if let Some(c) = schema.tables.iter().flat_map(|t| t.checks.iter()).next() {
        examples.push(format!("check `{}`", c.name));
    }
    if let Some(i) = schema
        .tables
        .iter()
        .flat_map(|t| t.indexes.iter())
        .find(|i| !i.unique)
    {
        examples.push(format!("index `{}`", i.name));
    }
    if let Some(i) = schema
        .tables
        .iter()
        .flat_map(|t| t.indexes.iter())
        .find(|i| i.unique)
    {
        examples.push(format!("unique index `{}`", i.name));
    }
    naming.push(
        "Constraints: `pk_{table}`, `fk_{table}_{column}_{ref_table}`, `check_{table}_{column}_{type}`, `idx_{table}_on_{columns}` / `uq_{table}_on_{columns}`; names past 63 bytes are shortened with a hash suffix."
            .into(),
    );
    if !examples.is_empty() {
        naming.push(format!("In this model: {}.", and_list(&examples)));
    }

    naming
}

#[cfg(test)]
mod tests {
    use super::build;
    use crate::config::{Depth, Migration};
    use crate::testkit::{blog, saas};

    #[test]
    fn blog_sections_name_the_tables_they_describe() {
        let f = blog(Depth::Production);
        let c = build(&f, &f.target);
        assert!(
            c.timestamps[0].starts_with(
                "`created_at` on 5 of 6 tables: `TIMESTAMPTZ` on PostgreSQL and `TEXT` on SQLite"
            ),
            "{:?}",
            c.timestamps
        );
        assert!(
            c.timestamps
                .iter()
                .any(|t| t == "Without timestamps: `post_tags`."),
            "{:?}",
            c.timestamps
        );
        assert_eq!(
            c.soft_deletes[0],
            "Soft delete on `users`, `posts`: a nullable `deleted_at` marks deleted rows."
        );
        assert!(
            c.enums
                .iter()
                .any(|e| e.starts_with("`posts.status` (PostStatus)")),
            "{:?}",
            c.enums
        );
        assert!(
            c.primary_keys[0].starts_with("Bigint identity on 5 tables"),
            "{:?}",
            c.primary_keys
        );
        assert!(
            c.naming
                .last()
                .unwrap()
                .starts_with("In this model: primary key `pk_users`"),
            "{:?}",
            c.naming
        );
    }

    #[test]
    fn saas_has_uuid_keys_public_ids_and_a_tenancy_section() {
        let f = saas(Depth::Production, Migration::Greenfield);
        let c = build(&f, &f.target);
        assert!(
            c.primary_keys
                .iter()
                .any(|p| p == "UUID primary keys on `tenants`."),
            "{:?}",
            c.primary_keys
        );
        assert!(
            c.primary_keys
                .iter()
                .any(|p| p.starts_with("Public ids:") && p.contains("`users`")),
            "{:?}",
            c.primary_keys
        );
        assert!(
            c.soft_deletes.iter().any(|p| p
                .starts_with("Archival (rows move to cold storage before deletion): `invoices`")),
            "{:?}",
            c.soft_deletes
        );
        assert!(!c.tenancy.trim().is_empty());
    }
}
