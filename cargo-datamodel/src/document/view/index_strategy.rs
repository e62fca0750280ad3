//! Index strategy: every composite index with its rationale, the engine-specific index types,
//! and notes on ESR ordering, foreign-key coverage, tenant-first keys and soft-delete partials.

use super::prose::{code_list, column_of};
use super::tables::index_row;
use crate::config::Tenancy;
use crate::dialect::dialect_for;
use crate::schema::{ColumnOrigin, ForeignKey, Index, Schema, Table};
use crate::target::Target;
use datamodel::model::IndexMethod;
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize)]
pub struct IndexStrategyView {
    /// Every multi-column index with its ESR / purpose rationale. Shared with the template
    /// without a copy (see `objects`); serialized as a list of rows.
    #[serde(serialize_with = "super::objects::serialize_rows")]
    pub composite: Arc<[CompositeRow]>,
    /// GIN / BRIN / hash / partial / covering indexes.
    pub special: Vec<String>,
    /// Tenant-first, soft-delete partials, FK coverage, engine notes.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompositeRow {
    pub table: String,
    pub name: String,
    pub columns: String,
    pub rationale: String,
}

pub fn build(schema: &Schema, target: &Target) -> IndexStrategyView {
    let mut composite = Vec::new();
    let mut special = Vec::new();
    for t in &schema.tables {
        for i in &t.indexes {
            if i.columns.len() > 1 {
                let row = index_row(i);
                composite.push(CompositeRow {
                    table: t.name.clone(),
                    name: i.name.clone(),
                    columns: row.columns,
                    rationale: row.rationale,
                });
            }
            let what = match i.method {
                IndexMethod::Gin => Some("GIN (containment queries on JSON / arrays)"),
                IndexMethod::Brin => {
                    Some("BRIN (tiny index for naturally ordered, append-only data)")
                }
                IndexMethod::Hash => Some("Hash (equality only)"),
                IndexMethod::Btree => None,
            };
            if let Some(w) = what {
                special.push(format!("`{}` on `{}`: {w}.", i.name, t.name));
            }
            if !i.include.is_empty() {
                special.push(format!(
                    "`{}` on `{}`: covering, `INCLUDE ({})` answers the query from the index alone (PostgreSQL).",
                    i.name,
                    t.name,
                    i.include.join(", ")
                ));
            }
            if let Some(p) = &i.predicate {
                special.push(format!(
                    "`{}` on `{}`: partial, `WHERE {p}`.",
                    i.name, t.name
                ));
            }
        }
    }
    if special.is_empty() {
        special.push("Only B-tree indexes without predicates or INCLUDE columns.".into());
    }
    IndexStrategyView {
        composite: composite.into(),
        special,
        notes: notes(schema, target),
    }
}

/// ESR, foreign-key coverage, tenant-first composites, soft-delete partials, MySQL's lack of
/// partial indexes.
fn notes(schema: &Schema, target: &Target) -> Vec<String> {
    let engines = target.engines();
    let mut notes = vec![
        "Composite indexes follow ESR: equality columns first, then sort columns (matching direction), then range columns; the planner orders them from the declared query patterns."
            .to_string(),
    ];
    let fk_total: usize = schema.tables.iter().map(|t| t.foreign_keys.len()).sum();
    let fk_covered = schema
        .tables
        .iter()
        .flat_map(|t| t.foreign_keys.iter().map(move |fk| (t, fk)))
        .filter(|(t, fk)| fk_has_index(t, fk))
        .count();
    if fk_total > 0 {
        notes.push(format!(
            "Foreign keys: {fk_covered} of {fk_total} are the leading columns of an index (PostgreSQL creates none by itself; without one a parent delete scans the child)."
        ));
    }
    if schema.tenancy == Tenancy::Shared {
        let scoped_composites: Vec<(&Table, &Index)> = schema
            .tables
            .iter()
            .filter(|t| t.tenant_scoped)
            .flat_map(|t| t.indexes.iter().map(move |i| (t, i)))
            .filter(|(_, i)| i.columns.len() > 1)
            .collect();
        let not_first: Vec<String> = scoped_composites
            .iter()
            .filter(|(t, i)| {
                column_of(t, ColumnOrigin::TenantId)
                    .is_some_and(|c| i.columns.first().is_some_and(|ic| ic.name != c.name))
            })
            .map(|(_, i)| i.name.clone())
            .collect();
        if not_first.is_empty() {
            notes.push(format!(
                "Multi-tenant: all {} composite indexes of tenant-scoped tables start with the tenant column.",
                scoped_composites.len()
            ));
        } else {
            notes.push(format!(
                "Multi-tenant: these composite indexes do not start with the tenant column: {}.",
                code_list(&not_first)
            ));
        }
    }
    let partial_unique: Vec<String> = schema
        .tables
        .iter()
        .filter(|t| t.soft_delete)
        .flat_map(|t| t.indexes.iter())
        .filter(|i| i.unique && i.predicate.is_some())
        .map(|i| i.name.clone())
        .collect();
    if !partial_unique.is_empty() {
        notes.push(format!(
            "Soft delete: unique keys are partial so they only bind live rows: {}.",
            code_list(&partial_unique)
        ));
    }
    // Engines without partial indexes say what happens to them instead (MySQL/MariaDB).
    let without_partial = engines
        .iter()
        .find_map(|e| dialect_for(*e).partial_index_note());
    if let Some(explain) = without_partial.filter(|_| {
        schema
            .tables
            .iter()
            .flat_map(|t| &t.indexes)
            .any(|i| i.predicate.is_some())
    }) {
        let live: Vec<String> = schema
            .tables
            .iter()
            .flat_map(|t| t.indexes.iter().map(move |i| (t, i)))
            .filter_map(|(t, i)| i.live_column.as_ref().map(|c| format!("{}.{c}", t.name)))
            .collect();
        let mut note = explain.no_partial_indexes.to_string();
        if !live.is_empty() {
            note.push_str(explain.live_columns);
            note.push_str(&code_list(&live));
        }
        note.push('.');
        notes.push(note);
    }
    notes
}

fn fk_has_index(t: &Table, fk: &ForeignKey) -> bool {
    let pk_leads = t.primary_key.columns.len() >= fk.columns.len()
        && t.primary_key.columns[..fk.columns.len()] == fk.columns[..];
    pk_leads
        || t.indexes.iter().any(|i| {
            i.predicate.is_none()
                && i.columns.len() >= fk.columns.len()
                && i.columns
                    .iter()
                    .zip(&fk.columns)
                    .all(|(ic, c)| &ic.name == c)
        })
}

#[cfg(test)]
mod tests {
    use super::build;
    use crate::config::{Depth, Migration};
    use crate::testkit::{blog, saas};

    #[test]
    fn composites_special_types_and_notes() {
        let f = saas(Depth::Production, Migration::Greenfield);
        let v = build(&f, &f.target);
        let names: Vec<&str> = v.composite.iter().map(|r| r.name.as_str()).collect();
        assert!(
            names.contains(&"idx_projects_on_tenant_id_created_at"),
            "{names:?}"
        );
        assert!(
            v.composite.iter().all(|r| r.columns.contains(", ")),
            "{:?}",
            v.composite
        );
        assert!(
            v.special
                .iter()
                .any(|s| s.starts_with("`idx_projects_on_settings` on `projects`: GIN")),
            "{:?}",
            v.special
        );
        assert!(
            v.special.iter().any(|s| s.contains("BRIN")),
            "{:?}",
            v.special
        );
        assert!(
            v.notes.iter().any(|n| n.starts_with("Multi-tenant: all")),
            "{:?}",
            v.notes
        );
        assert!(
            v.notes.iter().any(|n| n.starts_with("Foreign keys: ")),
            "{:?}",
            v.notes
        );
    }

    #[test]
    fn soft_delete_partials_are_listed_and_plain_models_say_so() {
        let mut f = blog(Depth::Production);
        let v = build(&f, &f.target);
        assert!(
            v.special.contains(
                &"`uq_posts_on_slug` on `posts`: partial, `WHERE deleted_at IS NULL`.".to_string()
            ),
            "{:?}",
            v.special
        );
        assert!(
            v.notes
                .iter()
                .any(|n| n.starts_with("Soft delete: unique keys are partial")
                    && n.contains("`uq_users_on_email`")),
            "{:?}",
            v.notes
        );
        assert!(
            !v.notes
                .iter()
                .any(|n| n.starts_with("Multi-tenant") || n.starts_with("MySQL/MariaDB")),
            "{:?}",
            v.notes
        );
        for t in &mut f.tables {
            t.indexes.retain(|i| i.predicate.is_none());
        }
        let v = build(&f, &f.target);
        assert_eq!(
            v.special,
            ["Only B-tree indexes without predicates or INCLUDE columns."]
        );
    }
}
