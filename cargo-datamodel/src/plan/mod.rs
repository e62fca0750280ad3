//! The DATA MODEL PLAN: the seed's review block, rendered from the resolved [`Schema`].
//!
//! It is what a reviewer reads before anything is generated: the settings in force (engine,
//! migration, tenancy, deletes, retention, depth), one line per table with its size and
//! relationships, the cross-cutting conventions, and where the document will be written. It
//! reads the Schema only; it counts what is there and invents nothing.

use crate::config::{Deletes, Depth, Migration, RetentionPolicy, Tenancy};
use crate::paths::DocLocation;
use crate::schema::{Cardinality, ColumnOrigin, Schema, Table, TableKind};
use crate::target::Target;
use datamodel::model::PkStrategy;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Renders the plan. `location` is where the document will be written.
pub fn render(schema: &Schema, target: &Target, location: &DocLocation) -> String {
    let mut s = String::new();
    heading(&mut s, "DATA MODEL PLAN", '═');
    s.push('\n');
    summary(&mut s, schema, target);
    s.push('\n');
    entities(&mut s, schema);
    s.push('\n');
    cross_cutting(&mut s, schema, target);
    s.push('\n');
    heading(&mut s, "OUTPUT", '─');
    let _ = writeln!(s, "Folder: {}", location.folder);
    let _ = writeln!(s, "File:   {}", location.file);
    s
}

fn heading(s: &mut String, title: &str, rule: char) {
    let _ = writeln!(s, "{title}");
    let _ = writeln!(s, "{}", rule.to_string().repeat(title.chars().count()));
}

fn row(s: &mut String, label: &str, value: &str) {
    let _ = writeln!(s, "{:<15}{value}", format!("{label}:"));
}

fn summary(s: &mut String, schema: &Schema, c: &Target) {
    heading(s, "SUMMARY", '─');
    let engines: Vec<&str> = c.engines().iter().map(|e| e.display_name()).collect();
    let mut engine = match engines.split_first() {
        Some((first, [])) => (*first).to_string(),
        Some((first, rest)) => format!("{first} (also {})", rest.join(", ")),
        None => "PostgreSQL".to_string(),
    };
    // `[inferred]` only when a database driver named the engine; the fallback says so.
    if c.engines_defaulted {
        engine.push_str(" [default]");
    } else if c.engines_inferred {
        engine.push_str(" [inferred]");
    }
    row(s, "Engine", &engine);
    row(
        s,
        "Migration",
        match c.migration {
            Migration::Greenfield => "Greenfield",
            Migration::Brownfield => "Brownfield",
            Migration::Mixed => "Mixed",
        },
    );
    row(
        s,
        "Tenancy",
        match schema.tenancy {
            Tenancy::None => "None",
            Tenancy::Shared => "Shared + tenant_id",
            Tenancy::Schema => "Schema-per-tenant",
            Tenancy::Database => "DB-per-tenant",
        },
    );
    row(s, "Deletes", deletes_name(c.deletes));
    row(
        s,
        "Retention",
        match c.retention {
            RetentionPolicy::None => "None",
            RetentionPolicy::Gdpr => "GDPR",
            RetentionPolicy::Ttl => "TTL",
            RetentionPolicy::Custom => "Custom",
        },
    );
    row(
        s,
        "Depth",
        match c.depth {
            Depth::Production => "Production",
            Depth::Mvp => "MVP",
            Depth::Schema => "Schema",
        },
    );
}

fn deletes_name(d: Deletes) -> &'static str {
    match d {
        Deletes::Soft => "Soft",
        Deletes::Hard => "Hard",
        Deletes::Archival => "Archival",
        Deletes::Mixed => "Mixed",
    }
}

fn entities(s: &mut String, schema: &Schema) {
    // The same counts as the document's summary (`Schema::table_counts`).
    let counts = schema.table_counts();
    heading(
        s,
        &format!("TABLES ({}: {})", counts.tables, counts.breakdown()),
        '─',
    );
    let header = [
        "Entity",
        "Table",
        "Columns",
        "Relationships",
        "Indexes",
        "Constraints",
    ];
    let mut rows: Vec<[String; 6]> = Vec::new();
    for t in &schema.tables {
        rows.push([
            t.rust_name.clone(),
            t.name.clone(),
            t.columns.len().to_string(),
            or_dash(relationships(schema, t).join(", ")),
            t.indexes.len().to_string(),
            or_dash(constraints(t)),
        ]);
    }
    let mut widths = header.map(|h| h.chars().count());
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        let mut l = String::from("|");
        for (cell, w) in cells.iter().zip(widths) {
            let pad = w - cell.chars().count();
            let _ = write!(l, " {cell}{} |", " ".repeat(pad));
        }
        l
    };
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    let _ = writeln!(s, "{}", line(&header));
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    let mut sep = String::from("|");
    for r in &rule {
        let _ = write!(sep, "-{r}-|");
    }
    let _ = writeln!(s, "{sep}");
    for r in &rows {
        let _ = writeln!(s, "{}", line(r));
    }
}

fn or_dash(s: String) -> String {
    if s.is_empty() {
        "—".into()
    } else {
        s
    }
}

/// `N:1 users`, `1:N comments`, `1:1 user_profiles`, `M:N tags (post_tags)`, seen from `t`.
fn relationships(schema: &Schema, t: &Table) -> Vec<String> {
    let mut out = Vec::new();
    if t.kind == TableKind::Junction {
        // A junction's two sides are its foreign keys; the M:N itself is listed on the entities.
        for fk in &t.foreign_keys {
            out.push(format!("N:1 {}", fk.ref_table));
        }
        return out;
    }
    for r in &schema.relationships {
        if r.from_table == t.name {
            out.push(match r.cardinality {
                Cardinality::ManyToOne => format!("N:1 {}", r.to_table),
                Cardinality::OneToOne => format!("1:1 {}", r.to_table),
                Cardinality::ManyToMany => match &r.junction {
                    Some(j) => format!("M:N {} ({j})", r.to_table),
                    None => format!("M:N {}", r.to_table),
                },
                Cardinality::Inheritance => format!("extends {}", r.to_table),
            });
        }
        if r.to_table == t.name {
            out.push(match r.cardinality {
                Cardinality::ManyToOne => format!("1:N {}", r.from_table),
                Cardinality::OneToOne => format!("1:1 {}", r.from_table),
                Cardinality::ManyToMany => match &r.junction {
                    Some(j) => format!("M:N {} ({j})", r.from_table),
                    None => format!("M:N {}", r.from_table),
                },
                Cardinality::Inheritance => format!("parent of {}", r.from_table),
            });
        }
    }
    out
}

/// `2 UNIQUE, 1 CHECK, 1 FK`.
fn constraints(t: &Table) -> String {
    let unique = t.indexes.iter().filter(|i| i.unique).count();
    let counts = [
        (unique, "UNIQUE"),
        (t.checks.len(), "CHECK"),
        (t.foreign_keys.len(), "FK"),
    ];
    counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, k)| format!("{n} {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn cross_cutting(s: &mut String, schema: &Schema, c: &Target) {
    heading(s, "CROSS-CUTTING", '─');
    let tables = &schema.tables;
    let has = |t: &Table, o: ColumnOrigin| t.columns.iter().any(|c| c.origin == o);
    let entity_tables: Vec<&Table> = tables
        .iter()
        .filter(|t| t.kind != TableKind::Junction)
        .collect();
    let with_ts = entity_tables
        .iter()
        .filter(|t| has(t, ColumnOrigin::CreatedAt) && has(t, ColumnOrigin::UpdatedAt))
        .count();
    row(
        s,
        "Timestamps",
        &if with_ts == entity_tables.len() {
            "created_at + updated_at on all entity tables".to_string()
        } else {
            format!(
                "created_at + updated_at on {with_ts} of {} entity tables",
                entity_tables.len()
            )
        },
    );
    let soft: Vec<&str> = tables
        .iter()
        .filter(|t| t.soft_delete)
        .map(|t| t.name.as_str())
        .collect();
    row(
        s,
        "Soft Deletes",
        &if soft.is_empty() {
            format!(
                "disabled (deletes = {})",
                deletes_name(c.deletes).to_lowercase()
            )
        } else {
            format!(
                "enabled on {} of {} tables (deleted_at + partial unique indexes WHERE deleted_at IS NULL)",
                soft.len(),
                tables.len()
            )
        },
    );
    let versioned = tables.iter().filter(|t| t.has_version()).count();
    if versioned > 0 {
        row(
            s,
            "Versioning",
            &format!(
                "version on {versioned} of {} tables (incremented by the engine; UPDATE ... WHERE id = ? AND version = ?)",
                tables.len()
            ),
        );
    }
    let audited: Vec<&Table> = tables.iter().filter(|t| t.audit.is_some()).collect();
    if let Some(a) = audited.first().and_then(|t| t.audit.as_ref()) {
        row(
            s,
            "Audit",
            &format!(
                "created_by + updated_by on {} of {} tables{}",
                audited.len(),
                tables.len(),
                a.actor_table
                    .as_ref()
                    .map(|t| format!(" (FK to {t})"))
                    .unwrap_or_default()
            ),
        );
    }
    let scoped = tables.iter().filter(|t| t.tenant_scoped).count();
    row(
        s,
        "Multi-Tenancy",
        &match schema.tenancy {
            Tenancy::None => "none (single tenant)".to_string(),
            Tenancy::Shared => format!(
                "shared tables, tenant_id on {scoped} of {} tables{}",
                tables.len(),
                schema
                    .tenant_table
                    .as_ref()
                    .map(|t| format!(" (FK to {t}, RLS on PostgreSQL)"))
                    .unwrap_or_default()
            ),
            Tenancy::Schema => "one schema per tenant, no tenant_id column".to_string(),
            Tenancy::Database => "one database per tenant, no tenant_id column".to_string(),
        },
    );
    row(s, "Enum Strategy", "CHECK on VARCHAR (no native ENUM)");
    row(s, "PK Strategy", &pk_strategies(schema));
    row(
        s,
        "Naming",
        "plural snake_case tables, GitLab-style constraint naming",
    );
}

/// `bigint identity` / `uuid` / `bigint identity (5), uuid (1)`.
fn pk_strategies(schema: &Schema) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for t in schema
        .tables
        .iter()
        .filter(|t| t.kind != TableKind::Junction)
    {
        let cols: Vec<_> = t
            .primary_key
            .columns
            .iter()
            .filter_map(|c| t.column(c))
            .collect();
        let kind = match cols.as_slice() {
            [c] if c.ty == datamodel::ColumnType::Uuid => pk_name(PkStrategy::Uuid),
            [c] if c.identity => pk_name(PkStrategy::BigintIdentity),
            [_] => "natural key",
            _ => "composite",
        };
        *counts.entry(kind).or_default() += 1;
    }
    match counts.len() {
        0 => "bigint identity".into(),
        1 => counts
            .keys()
            .next()
            .copied()
            .unwrap_or_default()
            .to_string(),
        _ => counts
            .iter()
            .map(|(k, n)| format!("{k} ({n})"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn pk_name(p: PkStrategy) -> &'static str {
    match p {
        PkStrategy::BigintIdentity => "bigint identity",
        PkStrategy::Uuid => "uuid",
    }
}

#[cfg(test)]
mod tests;
