//! The executive summary: table counts, engines, tenancy, delete strategies and the migration
//! approach, in one or two sentences (its first sentence is the README index line).

use super::prose::{and_list, plural};
use crate::config::{Migration, Tenancy};
use crate::dialect::dialect_for;
use crate::schema::Schema;
use crate::target::Target;
use datamodel::model::DeleteStrategy;

pub fn build(schema: &Schema, target: &Target) -> String {
    let engines = target.engines();
    let n = schema.tables.len();
    let engine_names: Vec<String> = engines
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if i == 0 && engines.len() > 1 {
                format!("{} (primary)", e.display_name())
            } else {
                e.display_name().to_string()
            }
        })
        .collect();
    let mut s = format!(
        "{} for {}.",
        schema.table_counts().describe(),
        and_list(&engine_names)
    );
    let cfg = target;
    let scoped = schema.tables.iter().filter(|t| t.tenant_scoped).count();
    s.push_str(&match schema.tenancy {
        Tenancy::None => " Single-tenant".to_string(),
        Tenancy::Shared => {
            let rls = engines
                .iter()
                .map(|e| dialect_for(*e))
                .find(|d| d.supports_row_level_security())
                .map(|d| format!(", isolated by row-level security on {}", d.display_name()))
                .unwrap_or_default();
            format!(" Shared tables: {scoped} of {n} carry `tenant_id`{rls}")
        }
        Tenancy::Schema => " One schema per tenant".to_string(),
        Tenancy::Database => " One database per tenant".to_string(),
    });
    let by = |d: DeleteStrategy| schema.tables.iter().filter(|t| t.delete == d).count();
    let mut deletes = Vec::new();
    for (d, name) in [
        (DeleteStrategy::Soft, "soft delete (`deleted_at`)"),
        (DeleteStrategy::Hard, "hard delete"),
        (DeleteStrategy::Archival, "archival"),
    ] {
        let k = by(d);
        if k > 0 {
            deletes.push(format!("{name} on {}", plural(k, "table", "tables")));
        }
    }
    if !deletes.is_empty() {
        s.push_str("; ");
        s.push_str(&and_list(&deletes));
    }
    s.push_str(match cfg.migration {
        Migration::Greenfield => "; greenfield: every table is created with `CREATE TABLE`.",
        Migration::Brownfield => {
            "; brownfield: changes to live tables follow the zero-downtime steps in each table's migration notes."
        }
        Migration::Mixed => {
            "; mixed: new tables are created with `CREATE TABLE`, live ones change through the zero-downtime steps in the migration notes."
        }
    });
    s
}

#[cfg(test)]
mod tests {
    use super::build;
    use crate::config::{Depth, Migration};
    use crate::testkit::{blog, saas};

    #[test]
    fn names_engines_primary_first_tenancy_deletes_and_approach() {
        let f = blog(Depth::Production);
        let s = build(&f, &f.target);
        assert!(s.contains("for PostgreSQL (primary) and SQLite."), "{s}");
        assert!(s.contains("Single-tenant"), "{s}");
        assert!(s.contains("soft delete (`deleted_at`) on 2 tables"), "{s}");
        assert!(
            s.ends_with("greenfield: every table is created with `CREATE TABLE`."),
            "{s}"
        );
    }

    #[test]
    fn shared_tenancy_counts_scoped_tables_and_names_rls_only_with_postgres() {
        let mut f = saas(Depth::Production, Migration::Brownfield);
        let s = build(&f, &f.target);
        assert!(s.contains("Shared tables: 4 of 6 carry `tenant_id`, isolated by row-level security on PostgreSQL"), "{s}");
        assert!(s.contains("brownfield: changes to live tables"), "{s}");
        f.target = f.target.with_engines(vec![crate::config::Engine::Sqlite]);
        let s = build(&f, &f.target);
        assert!(!s.contains("row-level security"), "{s}");
    }
}
