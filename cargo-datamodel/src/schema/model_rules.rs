//! Rules on the collected model that only hold once the configuration is known: a user field
//! that collides with a column the resolver adds, names that differ only in case (MySQL and
//! SQLite fold them), defaults that no engine accepts, and references to added columns the
//! entity doesn't get.
//!
//! These run before resolving, so the resolver never has to rename a column to `_2` or emit a
//! duplicate: a clash is the user's to settle, and the error names both sides and the fix.

use super::columns::{codes, error};
use super::tenancy::{self, TENANT_COLUMN};
use crate::config::{Config, Deletes, Tenancy};
use datamodel::model::{ColumnType, DeleteStrategy, Entity, Field};
use datamodel::validate::Diagnostic;
use datamodel::Model;
use std::collections::BTreeMap;

/// Prefix of the helper columns the MySQL/SQLite soft-delete unique emulation adds.
const LIVE_PREFIX: &str = "dm_live";

/// Every rule of this module over the whole model.
pub(crate) fn check(model: &Model, config: &Config) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let tenant: Option<String> = if config.tenancy == Tenancy::Shared {
        tenancy::tenant_entity(model).map(|t| t.type_path.clone())
    } else {
        None
    };
    table_names_differ_in_more_than_case(model, &mut diags);
    abstract_parents_have_subtypes(model, &mut diags);
    for e in &model.entities {
        let soft = soft_deleted(e, config);
        let scoped = tenant
            .as_deref()
            .is_some_and(|t| tenancy::entity_is_scoped(e, t));
        let stamps = timestamps(e, config);
        added_column_collisions(
            e,
            soft,
            stamps,
            scoped.then_some(tenant.as_deref()).flatten(),
            &mut diags,
        );
        if super::resolve::audited(e, config) {
            audit_column_collisions(e, &mut diags);
        }
        column_names_differ_in_more_than_case(e, soft, scoped, stamps, &mut diags);
        added_column_references(e, soft, scoped, stamps, &mut diags);
        for f in &e.fields {
            default_is_usable(e, f, &mut diags);
        }
    }
    diags
}

/// An abstract single-table parent allows only its subtypes' discriminator values: with none,
/// no row could ever be stored (and `CHECK (kind IN ())` is not SQL).
fn abstract_parents_have_subtypes(model: &Model, diags: &mut Vec<Diagnostic>) {
    for e in model.entities.iter().filter(|e| e.abstract_parent) {
        let has_subtype = model.entities.iter().any(|c| {
            c.inheritance.as_ref().is_some_and(|i| {
                i.parent == e.type_path
                    && i.strategy == datamodel::model::InheritanceStrategy::SingleTable
            })
        });
        if !has_subtype {
            diags.push(error(
                codes::ABSTRACT_WITHOUT_SUBTYPES,
                e,
                None,
                format!(
                    "`{}` is an `abstract_parent` but no struct extends it with `inheritance = \"single_table\"`: no row could be stored",
                    e.rust_name
                ),
                "add a subtype (`#[datamodel(extends = ThisStruct, inheritance = \"single_table\")]`), or remove `abstract_parent`",
            ));
        }
    }
}

/// Whether the resolver adds `created_at` / `updated_at` to this entity's table: always, unless
/// `timestamps = false`; then only `created_at`, and only where a feature counts from it
/// (`append_only`'s time index, `retention`'s TTL). Mirrors `resolve::finish_columns`.
pub(crate) fn timestamps(e: &Entity, config: &Config) -> Timestamps {
    Timestamps {
        created_at: config.timestamps || e.append_only || e.retention.is_some(),
        updated_at: config.timestamps,
    }
}

/// Which timestamps the resolver adds to a table (see [`timestamps`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timestamps {
    pub created_at: bool,
    pub updated_at: bool,
}

fn soft_deleted(e: &Entity, config: &Config) -> bool {
    match e.delete {
        Some(d) => d == DeleteStrategy::Soft,
        None => config.deletes == Deletes::Soft,
    }
}

fn is_timestamp(ty: &ColumnType) -> bool {
    matches!(ty, ColumnType::Timestamp { .. })
}

/// A field whose column is one the resolver adds. Declaring `created_at`, `updated_at` or
/// (soft delete) `deleted_at` yourself is how you choose their type or comment, so it is kept,
/// but it must have the shape the generated DDL relies on; so may `tenant_id` under shared
/// tenancy, as a NOT NULL `belongs_to` the tenants entity; `uuid` with `public_uuid` and the
/// `dm_live` helper columns are the tool's alone. `tenant` is the tenants entity's type path
/// when this entity is tenant-scoped.
fn added_column_collisions(
    e: &Entity,
    soft: bool,
    stamps: Timestamps,
    tenant: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) {
    for f in &e.fields {
        let at = format!("`{}.{}`", e.rust_name, f.rust_name);
        let mut refuse = |message: String, help: &str| {
            diags.push(error(
                codes::ADDED_COLUMN_COLLISION,
                e,
                Some(&f.rust_name),
                message,
                help,
            ))
        };
        match f.column.as_str() {
            c @ ("created_at" | "updated_at")
                if (!is_timestamp(&f.ty) || f.nullable)
                    && (if c == "created_at" { stamps.created_at } else { stamps.updated_at }) =>
            {
                refuse(
                format!(
                    "{at} is column `{}`, which `cargo datamodel` adds to every table as a NOT NULL timestamp (and keeps `updated_at` current on every update); yours is `{}`",
                    f.column, f.rust_type
                ),
                "remove the field (the column is added for you), make it a non-optional timestamp (e.g. `chrono::DateTime<Utc>`), or give it another column name with `column = \"...\"`",
            )
            }
            "deleted_at" if soft && (!is_timestamp(&f.ty) || !f.nullable) => refuse(
                format!(
                    "{at} is column `deleted_at`, which soft delete uses to mark deleted rows (NULL while live, and every unique key is enforced among NULL rows only); yours is `{}`",
                    f.rust_type
                ),
                "remove the field (soft delete adds it), or make it `Option<...>` of a timestamp type",
            ),
            TENANT_COLUMN
                if tenant.is_some_and(|t| {
                    f.nullable || f.belongs_to.as_ref().is_none_or(|fk| fk.target != t)
                }) =>
            {
                refuse(
                    format!(
                        "{at} is column `tenant_id`, which shared tenancy adds to every tenant-scoped table (NOT NULL, a foreign key to the tenants table, part of every key, checked by row-level security); yours is {}",
                        if f.belongs_to.is_none() {
                            "not a `belongs_to`"
                        } else if f.nullable {
                            "optional"
                        } else {
                            "a `belongs_to` another entity"
                        }
                    ),
                    "remove the field: the column is added for you, and `index(..)` / `query(eq(tenant_id))` can name it; or make it a non-optional `belongs_to` the tenants entity; or rename yours with `column = \"...\"`",
                )
            }
            "version" if e.version => refuse(
                format!(
                    "{at} is column `version`, which `#[datamodel(version)]` adds (BIGINT NOT NULL DEFAULT 1, incremented by the engine on every update for optimistic locking)"
                ),
                "remove the field (the column is added for you and the engine keeps it), remove `version` from the struct, or give the field another column name with `column = \"...\"`",
            ),
            "uuid" if e.public_uuid => refuse(
                format!("{at} is column `uuid`, which `public_uuid` adds (with its unique index)"),
                "remove the field or `public_uuid`, or give the field another column name with `column = \"...\"`",
            ),
            c if c.starts_with(LIVE_PREFIX) => refuse(
                format!(
                    "{at} is column `{c}`: names starting with `{LIVE_PREFIX}` are reserved for the helper columns that enforce soft-delete and partial unique keys on MySQL/MariaDB and SQLite"
                ),
                "give the field another column name with `column = \"...\"`",
            ),
            _ => {}
        }
    }
}

/// `created_by` / `updated_by` are the audit trail's: the engine (or the application, as the
/// document says per engine) fills them, so no field may be one of them.
fn audit_column_collisions(e: &Entity, diags: &mut Vec<Diagnostic>) {
    for f in &e.fields {
        if matches!(f.column.as_str(), "created_by" | "updated_by") {
            diags.push(error(
                codes::ADDED_COLUMN_COLLISION,
                e,
                Some(&f.rust_name),
                format!(
                    "`{}.{}` is column `{}`, which `audit` adds (the key of the actor who created / last changed the row, filled by the engine where it can)",
                    e.rust_name, f.rust_name, f.column
                ),
                "remove the field (the column is added for you), turn `audit` off for this struct, or give the field another column name with `column = \"...\"`",
            ));
        }
    }
}

/// The columns the resolver adds to this entity's table.
fn added_columns(e: &Entity, soft: bool, scoped: bool, stamps: Timestamps) -> Vec<&'static str> {
    let mut v = Vec::new();
    if stamps.created_at {
        v.push("created_at");
    }
    if stamps.updated_at {
        v.push("updated_at");
    }
    if !e.fields.iter().any(|f| f.primary_key) && e.inheritance.is_none() {
        v.push("id");
    }
    if soft {
        v.push("deleted_at");
    }
    if scoped {
        v.push(TENANT_COLUMN);
    }
    if e.public_uuid {
        v.push("uuid");
    }
    if e.version {
        v.push("version");
    }
    v
}

/// Folds a name as MySQL's and SQLite's case-insensitive comparison would (Unicode lower
/// case, which covers ASCII and the usual non-ASCII letters).
fn fold(name: &str) -> String {
    name.to_lowercase()
}

fn table_names_differ_in_more_than_case(model: &Model, diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<String, &Entity> = BTreeMap::new();
    for e in &model.entities {
        match seen.get(&fold(&e.table)) {
            // Exactly the same name is DM001 (two structs, one table).
            Some(first) if first.table != e.table => diags.push(error(
                codes::CASE_ONLY_NAMES,
                e,
                None,
                format!(
                    "table `{}` of `{}` and table `{}` of `{}` differ only in letter case; MySQL/MariaDB (on most systems) and SQLite treat them as one name",
                    e.table, e.rust_name, first.table, first.rust_name
                ),
                "rename one of them with `#[datamodel(table = \"...\")]`",
            )),
            Some(_) => {}
            None => {
                seen.insert(fold(&e.table), e);
            }
        }
    }
}

fn column_names_differ_in_more_than_case(
    e: &Entity,
    soft: bool,
    scoped: bool,
    stamps: Timestamps,
    diags: &mut Vec<Diagnostic>,
) {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for added in added_columns(e, soft, scoped, stamps) {
        seen.insert(fold(added), format!("`{added}` (added by cargo datamodel)"));
    }
    for f in &e.fields {
        let key = fold(&f.column);
        let this = format!("`{}` (field `{}`)", f.column, f.rust_name);
        match seen.get(&key) {
            Some(other) if !other.starts_with(&format!("`{}`", f.column)) => {
                diags.push(error(
                    codes::CASE_ONLY_NAMES,
                    e,
                    Some(&f.rust_name),
                    format!(
                        "columns {this} and {other} of `{}` differ only in letter case; MySQL/MariaDB and SQLite treat them as one column",
                        e.rust_name
                    ),
                    "rename one of them with `#[datamodel(column = \"...\")]`",
                ));
            }
            Some(_) => {}
            None => {
                seen.insert(key, this);
            }
        }
    }
}

/// `index(..)` and `query(..)` may name a column the tool adds, if this entity gets it.
fn added_column_references(
    e: &Entity,
    soft: bool,
    scoped: bool,
    stamps: Timestamps,
    diags: &mut Vec<Diagnostic>,
) {
    let added = added_columns(e, soft, scoped, stamps);
    let fields = |n: &str| e.fields.iter().any(|f| f.rust_name == n || f.column == n);
    let mut named: Vec<(String, &str)> = Vec::new();
    for ix in &e.indexes {
        for f in ix.fields.iter().chain(&ix.include) {
            named.push((f.clone(), "index"));
        }
    }
    for q in &e.query_patterns {
        for f in q.equality.iter().chain(&q.sort).chain(&q.range) {
            named.push((f.clone(), "query"));
        }
    }
    for (raw, what) in named {
        let name = super::IndexColumn::parse(&raw).name;
        if fields(&name) || added.contains(&name.as_str()) {
            continue;
        }
        let why = match name.as_str() {
            "deleted_at" => Some("it exists only on soft-deleted tables: add `delete = \"soft\"` to the struct or set `deletes = \"soft\"`"),
            "tenant_id" => Some("it exists only on tenant-scoped tables under `tenancy = \"shared\"`"),
            "id" => Some("this entity's primary key is a field of its own: name that field"),
            _ => None,
        };
        if let Some(why) = why {
            diags.push(error(
                codes::UNKNOWN_FIELD,
                e,
                None,
                format!(
                    "`{what}(..)` of `{}` names `{name}`, which its table does not have",
                    e.rust_name
                ),
                why,
            ));
        }
    }
}

/// A default the engines would reject or misread: a bare word on a text, enum, date, time or
/// uuid column (SQL reads it as a column name), a value outside an enum's values, or a number
/// where the column holds text or a date.
fn default_is_usable(e: &Entity, f: &Field, diags: &mut Vec<Diagnostic>) {
    let Some(raw) = f.default.as_deref() else {
        return;
    };
    let at = format!("`{}.{}`", e.rust_name, f.rust_name);
    if let Some((message, help)) = default_refusal(&f.ty, raw, &at) {
        diags.push(error(
            codes::BAD_DEFAULT,
            e,
            Some(&f.rust_name),
            message,
            &help,
        ));
    }
}

/// Why DM029 refuses `raw` as the default of a column of type `ty` (`at` names the field in
/// the message), with the help; `None` when it is usable. Also asked by `import --emit rust`,
/// which must not write a default the derive's model refuses.
pub(crate) fn default_refusal(ty: &ColumnType, raw: &str, at: &str) -> Option<(String, String)> {
    let raw = raw.trim();
    let lower = raw.to_ascii_lowercase();
    if super::columns::is_known_default(&lower) || lower == "null" {
        return None;
    }
    let quoted = raw.len() >= 2 && raw.starts_with('\'') && raw.ends_with('\'');
    let unquoted = if quoted {
        raw[1..raw.len() - 1].replace("''", "'")
    } else {
        raw.to_string()
    };
    match ty {
        ColumnType::Enum { values, .. } if !values.contains(&unquoted) => Some((
            format!(
                "the default `{raw}` of {at} is not one of its values: {}",
                values.join(", ")
            ),
            format!(
                "write one of the values, e.g. `default = \"{}\"`",
                values.first().map(String::as_str).unwrap_or("...")
            ),
        )),
        ColumnType::String
        | ColumnType::Uuid
        | ColumnType::Date
        | ColumnType::Time
        | ColumnType::Timestamp { .. } => {
            let bare_word = !quoted
                && raw
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ':' || c == ' ');
            bare_word.then(|| {
                (
                    format!(
                        "the default `{raw}` of {at} is not a literal: SQL reads a bare word as a column name and `2024-01-01` as arithmetic"
                    ),
                    format!(
                        "quote it as an SQL string literal: `default = \"'{}'\"`",
                        raw.replace('\'', "''")
                    ),
                )
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
