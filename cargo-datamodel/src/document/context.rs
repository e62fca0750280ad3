//! The view model handed to the template: every sentence, row and diagram of the document,
//! computed from the Schema (and the [`DocContext`]) so that templates only lay it out.
//!
//! Names (tables, columns, constraints, indexes) are read from the Schema, never rebuilt; SQL
//! spellings (types, defaults, quoting) come from the engine seam in `engine_text`. Prose is
//! written once here so the built-in template and user templates say the same thing. The field
//! list is documented for template authors in `docs/template-context.md`: keep them in sync.

use super::engine_text::{base_type, check_text, column_type, default_text, literal, quote};
use super::mermaid::{self, Diagram};
use super::{slug, DocContext, PackageInfo, ScorecardView, StackCrate};
use crate::config::{Depth, Engine, Migration, Tenancy};
use crate::schema::retention_rules::JobKind;
use crate::schema::{
    Column, ColumnOrigin, ForeignKey, Index, IndexOrigin, Schema, Table, TableKind,
};
use crate::target::Target;
use datamodel::model::{ColumnType, DeleteStrategy, IndexMethod};
use serde::Serialize;

/// Everything a document template can show.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub title: String,
    /// Document id (`01`), empty before the output folder is allocated.
    pub id: String,
    /// `{id}-{slug}` (or the slug alone before allocation): the folder and file stem.
    pub stem: String,
    pub package: PackageInfo,
    /// `production`, `mvp` or `schema`.
    pub depth: String,
    /// `greenfield`, `brownfield` or `mixed`.
    pub migration: String,
    /// Which sections the depth includes.
    pub show: Show,
    /// 1-2 sentences: entity count, engines, tenancy, deletes, migration approach.
    pub summary: String,
    /// The first sentence of the summary (the README index line).
    pub summary_line: String,
    /// Display names, primary first.
    pub engines: Vec<String>,
    pub primary_engine: String,
    pub diagrams: Vec<Diagram>,
    pub tables: Vec<TableView>,
    pub cross_cutting: CrossCutting,
    pub index_strategy: IndexStrategyView,
    pub playbook: Vec<PlaybookRow>,
    pub retention: RetentionView,
    /// The lint scorecard, when `cargo datamodel lint` provided one.
    pub scorecard: Option<ScorecardView>,
    /// What each scorecard dimension checks (seed step 5.8).
    pub scorecard_checks: Vec<DimensionChecks>,
    pub tech: TechView,
    pub metadata: Vec<MetaRow>,
}

/// Sections present at the document's depth.
#[derive(Debug, Clone, Serialize)]
pub struct Show {
    pub indexes: bool,
    pub checks: bool,
    pub migration_notes: bool,
    pub cross_cutting: bool,
    pub index_strategy: bool,
    pub playbook: bool,
    pub retention: bool,
    pub scorecard: bool,
    pub tech: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    /// Heading name: the struct (`Post`), or the generated junction's name.
    pub entity: String,
    pub name: String,
    /// `entity`, `junction` or `subtype`.
    pub kind: String,
    pub group: String,
    pub comment: Option<String>,
    pub columns: Vec<ColumnRow>,
    pub indexes: Vec<IndexRow>,
    pub foreign_keys: Vec<FkRow>,
    /// Table-level CHECKs (column CHECKs are in the column's constraints).
    pub checks: Vec<CheckRow>,
    pub migration_notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ColumnRow {
    pub name: String,
    /// The primary engine's type.
    pub ty: String,
    /// `YES` / `NO`.
    pub nullable: String,
    /// The primary engine's default, or `—`.
    pub default: String,
    /// `PRIMARY KEY, UNIQUE, FK → users.id ON DELETE CASCADE, CHECK (...)`, or `—`.
    pub constraints: String,
    pub comment: Option<String>,
    pub pii: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexRow {
    pub name: String,
    /// `(tenant_id, created_at DESC)`, plus ` INCLUDE (...)` for covering indexes.
    pub columns: String,
    /// `B-tree`, `UNIQUE B-tree`, `GIN`, ..., with `partial` when it has a predicate.
    pub kind: String,
    pub predicate: Option<String>,
    pub rationale: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FkRow {
    pub name: String,
    pub columns: String,
    /// `users.id` (or `users.(tenant_id, id)` for composite keys).
    pub references: String,
    pub on_delete: String,
    pub on_update: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckRow {
    pub name: String,
    pub expr: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CrossCutting {
    pub timestamps: Vec<String>,
    pub soft_deletes: Vec<String>,
    /// The Multi-Tenancy section as Markdown ([`crate::tenancy::tenancy_section`]).
    pub tenancy: String,
    pub enums: Vec<String>,
    pub primary_keys: Vec<String>,
    pub naming: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexStrategyView {
    /// Every multi-column index with its ESR / purpose rationale.
    pub composite: Vec<CompositeRow>,
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

#[derive(Debug, Clone, Serialize)]
pub struct PlaybookRow {
    pub table: String,
    pub operation: String,
    /// `Safe`, `Caution` or `Breaking`.
    pub safety: String,
    pub method: String,
    pub notes: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RetentionView {
    pub pii: Vec<PiiRow>,
    pub gdpr: Vec<String>,
    pub ttl: Vec<TtlView>,
    pub legal_hold: Vec<String>,
    pub archival: Vec<String>,
    /// Nothing about retention, PII or legal holds is declared.
    pub none: bool,
    /// The configured retention policy (`none`, `gdpr`, `ttl`, `custom`).
    pub policy: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PiiRow {
    pub table: String,
    pub column: String,
    pub nullable: String,
    /// What an erasure request does to it.
    pub erasure: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TtlView {
    pub table: String,
    pub ttl: String,
    /// The timestamp column the age is measured on, if the table has one.
    pub column: Option<String>,
    /// One cleanup recipe per configured engine.
    pub cleanup: Vec<EngineRecipe>,
    pub legal_hold: bool,
    /// One sentence: what is purged and what is kept.
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EngineRecipe {
    pub engine: String,
    pub how: String,
    /// SQL, for a `sql` code block (may be empty).
    pub sql: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DimensionChecks {
    pub dimension: String,
    pub weight: u32,
    pub checks: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TechView {
    pub engines: Vec<String>,
    pub crates: Vec<StackCrate>,
    pub edition: Option<String>,
    pub rust_version: Option<String>,
    pub constraints: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetaRow {
    pub field: String,
    pub value: String,
}

/// Computes the view of `schema`.
pub fn build(schema: &Schema, target: &Target, ctx: &DocContext) -> DocumentView {
    let cfg = target;
    let primary = target.primary();
    let engines = target.engines();
    let depth = cfg.depth;
    let show = Show {
        indexes: depth != Depth::Schema,
        checks: depth != Depth::Schema,
        migration_notes: depth != Depth::Schema,
        cross_cutting: depth != Depth::Schema,
        index_strategy: depth == Depth::Production,
        playbook: depth == Depth::Production,
        retention: depth == Depth::Production,
        scorecard: depth == Depth::Production,
        tech: depth != Depth::Schema,
    };
    let id = ctx.id.clone().unwrap_or_default();
    let doc_slug = slug(&ctx.title);
    let stem = if id.is_empty() {
        doc_slug
    } else {
        format!("{id}-{doc_slug}")
    };
    let summary = summary(schema, target);
    let summary_line = summary
        .split_inclusive(". ")
        .next()
        .unwrap_or(&summary)
        .trim()
        .to_string();
    DocumentView {
        title: ctx.title.clone(),
        id,
        stem: stem.clone(),
        package: ctx.package.clone(),
        depth: depth.as_str().into(),
        migration: cfg.migration.as_str().into(),
        summary,
        summary_line,
        engines: engines
            .iter()
            .map(|e| e.display_name().to_string())
            .collect(),
        primary_engine: primary.display_name().into(),
        diagrams: mermaid::diagrams(schema, primary),
        tables: schema
            .tables
            .iter()
            .map(|t| table_view(target, t))
            .collect(),
        cross_cutting: cross_cutting(schema, target),
        index_strategy: index_strategy(schema, target),
        playbook: playbook(schema, target),
        retention: retention(schema, target),
        scorecard: ctx.scorecard.clone(),
        scorecard_checks: scorecard_checks(),
        tech: tech(ctx, schema, engines),
        metadata: metadata(ctx, &stem, target),
        show,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn code_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn column_of(t: &Table, origin: ColumnOrigin) -> Option<&crate::schema::Column> {
    t.columns.iter().find(|c| c.origin == origin)
}

fn summary(schema: &Schema, target: &Target) -> String {
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
            let rls = if engines.contains(&Engine::Postgres) {
                ", isolated by row-level security on PostgreSQL"
            } else {
                ""
            };
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

fn table_view(target: &Target, t: &Table) -> TableView {
    let primary = target.primary();
    let columns = t
        .columns
        .iter()
        .map(|c| {
            let ty = column_type(primary, c);
            let mut cons = Vec::new();
            if t.primary_key.columns.len() == 1 && t.primary_key.columns[0] == c.name {
                cons.push("PRIMARY KEY".to_string());
            } else if t.primary_key.columns.contains(&c.name) {
                cons.push(format!(
                    "PRIMARY KEY ({})",
                    t.primary_key.columns.join(", ")
                ));
            }
            for i in t.indexes.iter().filter(|i| i.unique) {
                if i.columns.len() == 1 && i.columns[0].name == c.name {
                    cons.push(match &i.predicate {
                        Some(p) => format!("UNIQUE WHERE {p}"),
                        None => "UNIQUE".into(),
                    });
                }
            }
            for fk in &t.foreign_keys {
                if fk.columns.len() == 1 && fk.columns[0] == c.name {
                    cons.push(format!(
                        "FK → {}.{} ON DELETE {}",
                        fk.ref_table,
                        fk.ref_columns.join(", "),
                        fk.on_delete.sql()
                    ));
                } else if fk.columns.contains(&c.name) {
                    cons.push(format!("part of FK `{}`", fk.name));
                }
            }
            for ck in t
                .checks
                .iter()
                .filter(|k| k.column.as_deref() == Some(&c.name))
            {
                cons.push(format!("CHECK ({})", check_text(primary, ck)));
            }
            ColumnRow {
                name: c.name.clone(),
                ty,
                nullable: if c.nullable { "YES" } else { "NO" }.into(),
                default: c
                    .default
                    .as_ref()
                    .map_or_else(|| "—".to_string(), |d| default_text(primary, d)),
                constraints: if cons.is_empty() {
                    "—".into()
                } else {
                    cons.join(", ")
                },
                comment: c.comment.clone(),
                pii: c.pii,
            }
        })
        .collect();
    let indexes = t.indexes.iter().map(index_row).collect();
    let foreign_keys = t
        .foreign_keys
        .iter()
        .map(|fk| FkRow {
            name: fk.name.clone(),
            columns: fk.columns.join(", "),
            references: if fk.ref_columns.len() == 1 {
                format!("{}.{}", fk.ref_table, fk.ref_columns[0])
            } else {
                format!("{}.({})", fk.ref_table, fk.ref_columns.join(", "))
            },
            on_delete: fk.on_delete.sql().into(),
            on_update: fk.on_update.sql().into(),
        })
        .collect();
    let checks = t
        .checks
        .iter()
        .filter(|k| k.column.is_none())
        .map(|k| CheckRow {
            name: k.name.clone(),
            expr: check_text(primary, k),
        })
        .collect();
    TableView {
        entity: t.rust_name.clone(),
        name: t.name.clone(),
        kind: match t.kind {
            TableKind::Entity => "entity",
            TableKind::Junction => "junction",
            TableKind::Subtype => "subtype",
        }
        .into(),
        group: t.group.clone(),
        comment: t.comment.clone(),
        columns,
        indexes,
        foreign_keys,
        checks,
        migration_notes: migration_notes(target, t),
    }
}

fn method_name(m: IndexMethod) -> &'static str {
    match m {
        IndexMethod::Btree => "B-tree",
        IndexMethod::Gin => "GIN",
        IndexMethod::Brin => "BRIN",
        IndexMethod::Hash => "Hash",
    }
}

fn index_columns(i: &Index) -> String {
    let cols: Vec<String> = i
        .columns
        .iter()
        .map(|c| {
            if c.descending {
                format!("{} DESC", c.name)
            } else {
                c.name.clone()
            }
        })
        .collect();
    let mut s = format!("({})", cols.join(", "));
    if !i.include.is_empty() {
        s.push_str(&format!(" INCLUDE ({})", i.include.join(", ")));
    }
    s
}

fn origin_purpose(o: &IndexOrigin) -> String {
    match o {
        IndexOrigin::Declared => "Declared on the struct".into(),
        IndexOrigin::UniqueKey => "Business uniqueness rule".into(),
        IndexOrigin::ForeignKey => "FK lookup: parent deletes and joins".into(),
        IndexOrigin::QueryPattern(q) => format!("Serves query {}", code_list(q)),
        IndexOrigin::ActiveRows => "Active rows of a soft-delete table".into(),
        IndexOrigin::PublicUuid => "Lookup by public id".into(),
        IndexOrigin::TenantKey => "Target of tenant-scoped foreign keys".into(),
        IndexOrigin::JunctionReverse => "Reverse lookups through the junction".into(),
        IndexOrigin::TimeSeries => "Time-range scans of an append-only table".into(),
    }
}

fn index_row(i: &Index) -> IndexRow {
    let mut kind = String::new();
    if i.unique {
        kind.push_str("UNIQUE ");
    }
    kind.push_str(method_name(i.method));
    if i.predicate.is_some() {
        kind.push_str(", partial");
    }
    if !i.include.is_empty() {
        kind.push_str(", covering");
    }
    let rationale = if i.rationale.trim().is_empty() {
        origin_purpose(&i.origin)
    } else {
        i.rationale.clone()
    };
    let mut columns = index_columns(i);
    if let Some(p) = &i.predicate {
        columns.push_str(&format!(" WHERE {p}"));
    }
    IndexRow {
        name: i.name.clone(),
        columns,
        kind,
        predicate: i.predicate.clone(),
        rationale,
    }
}

fn engine_names(engines: &[Engine]) -> String {
    and_list(
        &engines
            .iter()
            .map(|e| e.display_name().to_string())
            .collect::<Vec<_>>(),
    )
}

fn ddl_files(engines: &[Engine]) -> String {
    code_list(
        &engines
            .iter()
            .map(|e| format!("schema.{}.sql", e.name()))
            .collect::<Vec<_>>(),
    )
}

fn greenfield_notes(t: &Table, engines: &[Engine], minimal: bool) -> Vec<String> {
    let mut notes = vec![format!(
        "New table: `CREATE TABLE {}` ({}); it holds no rows yet, so creating it locks nothing that is live.",
        t.name,
        ddl_files(engines)
    )];
    if minimal {
        return notes;
    }
    let mut after: Vec<String> = Vec::new();
    for fk in t.foreign_keys.iter().filter(|f| !f.deferred) {
        if fk.ref_table != t.name && !after.contains(&fk.ref_table) {
            after.push(fk.ref_table.clone());
        }
    }
    if !after.is_empty() {
        notes.push(format!(
            "Create after {}: its foreign keys reference them.",
            code_list(&after)
        ));
    }
    for fk in t.foreign_keys.iter().filter(|f| f.deferred) {
        notes.push(format!(
            "`{}` closes a reference cycle: it is added with `ALTER TABLE {} ADD CONSTRAINT` once every table exists.",
            fk.name, t.name
        ));
    }
    if t.updated_at_trigger && column_of(t, ColumnOrigin::UpdatedAt).is_some() {
        notes.push(format!(
            "`updated_at` is kept current by {}.",
            and_list(&updated_at_mechanisms(engines))
        ));
    }
    if t.tenant_scoped && engines.contains(&Engine::Postgres) {
        notes.push(
            "PostgreSQL: enable row-level security with the `tenant_isolation` policy (see Multi-Tenancy)."
                .into(),
        );
    }
    notes
}

fn updated_at_mechanisms(engines: &[Engine]) -> Vec<String> {
    engines
        .iter()
        .map(|e| match e {
            Engine::Postgres => "a trigger on PostgreSQL".to_string(),
            Engine::Mysql => "`ON UPDATE CURRENT_TIMESTAMP` on MySQL/MariaDB".to_string(),
            Engine::Sqlite => "a trigger on SQLite".to_string(),
        })
        .collect()
}

/// Columns that a live table cannot get in one metadata-only step: NOT NULL without a default.
fn not_null_without_default(t: &Table) -> Vec<String> {
    t.columns
        .iter()
        .filter(|c| {
            !c.nullable
                && c.default.is_none()
                && !c.identity
                && !t.primary_key.columns.contains(&c.name)
        })
        .map(|c| c.name.clone())
        .collect()
}

fn brownfield_notes(t: &Table, engines: &[Engine]) -> Vec<String> {
    let mut notes = Vec::new();
    let secondary: Vec<&Index> = t.indexes.iter().collect();
    let hard_columns = not_null_without_default(t);
    for c in t.columns.iter().filter(|c| c.renamed_from.is_some()) {
        if let Some(old) = &c.renamed_from {
            notes.push(format!(
                "Rename `{old}` → `{}` by expand-contract: add `{}`, write both, backfill in batches, switch reads, drop `{old}` in a later release (a plain RENAME breaks every running instance).",
                c.name, c.name
            ));
        }
    }
    for e in engines {
        let q = |s: &str| quote(*e, s);
        let tn = q(&t.name);
        match e {
            Engine::Postgres => {
                notes.push(format!(
                    "PostgreSQL: run every statement on `{}` after `SET lock_timeout = '5s';` so a blocked ALTER gives up instead of queueing every query behind it; retry on timeout.",
                    t.name
                ));
                if !hard_columns.is_empty() {
                    notes.push(format!(
                        "PostgreSQL: NOT NULL without default ({}): add the column nullable, backfill in batches, `ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID`, `VALIDATE CONSTRAINT`, then `SET NOT NULL` (PG 12+ skips the scan) and drop the check. Nullable columns and constant defaults are metadata-only (PG 11+).",
                        code_list(&hard_columns)
                    ));
                }
                for i in &secondary {
                    let cols: Vec<String> = i
                        .columns
                        .iter()
                        .map(|c| {
                            if c.descending {
                                format!("{} DESC", q(&c.name))
                            } else {
                                q(&c.name)
                            }
                        })
                        .collect();
                    notes.push(format!(
                        "PostgreSQL: `CREATE {}INDEX CONCURRENTLY {} ON {tn} ({}){};` (outside a transaction; on failure drop the INVALID index and retry).",
                        if i.unique { "UNIQUE " } else { "" },
                        q(&i.name),
                        cols.join(", "),
                        i.predicate.as_ref().map(|p| format!(" WHERE {p}")).unwrap_or_default()
                    ));
                }
                for fk in &t.foreign_keys {
                    notes.push(format!(
                        "PostgreSQL: `ALTER TABLE {tn} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} NOT VALID;` then `ALTER TABLE {tn} VALIDATE CONSTRAINT {};` (validation takes only a SHARE UPDATE EXCLUSIVE lock).",
                        q(&fk.name),
                        fk.columns.iter().map(|c| q(c)).collect::<Vec<_>>().join(", "),
                        q(&fk.ref_table),
                        fk.ref_columns.iter().map(|c| q(c)).collect::<Vec<_>>().join(", "),
                        fk.on_delete.sql(),
                        q(&fk.name)
                    ));
                }
                for ck in &t.checks {
                    notes.push(format!(
                        "PostgreSQL: `ALTER TABLE {tn} ADD CONSTRAINT {} CHECK ({}) NOT VALID;` then `VALIDATE CONSTRAINT {}`.",
                        q(&ck.name),
                        check_text(Engine::Postgres, ck),
                        q(&ck.name)
                    ));
                }
            }
            Engine::Mysql => {
                notes.push(format!(
                    "MySQL/MariaDB: state the algorithm on every ALTER of `{}` so it fails instead of silently copying: `ALGORITHM=INSTANT` for added columns (MySQL 8.0.12+, MariaDB 10.3+), `ALGORITHM=INPLACE, LOCK=NONE` for added indexes.",
                    t.name
                ));
                if !t.foreign_keys.is_empty() || !t.checks.is_empty() {
                    notes.push(
                        "MySQL/MariaDB: adding a foreign key or a CHECK validates every row (COPY, or INPLACE only with `foreign_key_checks=0`): on a large table run it with pt-online-schema-change (gh-ost does not support tables with foreign keys)."
                            .into(),
                    );
                }
                notes.push(
                    "MySQL/MariaDB: a column type change is a COPY: run it with gh-ost or pt-online-schema-change, or expand-contract into a new column."
                        .into(),
                );
            }
            Engine::Sqlite => {
                notes.push(format!(
                    "SQLite: `ALTER TABLE {tn} ADD COLUMN` only; a new constraint, foreign key or type change rebuilds the table (create the new table, copy, drop, rename, in one transaction with `PRAGMA foreign_keys = OFF`)."
                ));
            }
        }
    }
    notes
}

fn migration_notes(target: &Target, t: &Table) -> Vec<String> {
    let (engines, depth) = (target.engines(), target.depth);
    if depth == Depth::Schema {
        return Vec::new();
    }
    let minimal = depth == Depth::Mvp;
    match target.migration {
        Migration::Greenfield => greenfield_notes(t, engines, minimal),
        Migration::Brownfield if minimal => vec![format!(
            "Live table: apply changes with the zero-downtime methods of {} (online index builds, NOT VALID + VALIDATE, expand-contract for renames).",
            engine_names(engines)
        )],
        Migration::Brownfield => brownfield_notes(t, engines),
        Migration::Mixed => {
            let mut notes = greenfield_notes(t, engines, true);
            notes[0] = format!("If new: {}", notes[0]);
            if minimal {
                notes.push(
                    "If live: apply changes with online index builds, NOT VALID + VALIDATE and expand-contract for renames.".into(),
                );
            } else {
                notes.extend(
                    brownfield_notes(t, engines)
                        .into_iter()
                        .map(|n| format!("If live: {n}")),
                );
            }
            notes
        }
    }
}

fn cross_cutting(schema: &Schema, target: &Target) -> CrossCutting {
    let (primary, engines) = (target.primary(), target.engines());
    let n = schema.tables.len();
    let with = |o: ColumnOrigin| -> Vec<&Table> {
        schema
            .tables
            .iter()
            .filter(|t| column_of(t, o).is_some())
            .collect()
    };
    let names = |ts: &[&Table]| code_list(&ts.iter().map(|t| t.name.clone()).collect::<Vec<_>>());

    // Timestamps.
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

    // Soft deletes.
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

    // Tenancy: the one section the tenancy module writes for every mode and engine.
    let tenancy = crate::tenancy::tenancy_section(schema, target);

    // Enums.
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

    // Primary keys.
    let mut primary_keys = Vec::new();
    let mut identity = Vec::new();
    let mut uuid = Vec::new();
    let mut composite = Vec::new();
    let mut other = Vec::new();
    for t in &schema.tables {
        let pk: Vec<&crate::schema::Column> = t
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
            .map(|e| match e {
                Engine::Postgres => "`BIGINT GENERATED ALWAYS AS IDENTITY` on PostgreSQL".to_string(),
                Engine::Mysql => "`BIGINT AUTO_INCREMENT` on MySQL/MariaDB (short keys matter: InnoDB stores the primary key in every secondary index)".to_string(),
                Engine::Sqlite => "`INTEGER PRIMARY KEY` (the rowid) on SQLite".to_string(),
            })
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

    // Naming.
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

    CrossCutting {
        timestamps,
        soft_deletes,
        tenancy,
        enums,
        primary_keys,
        naming,
    }
}

fn index_strategy(schema: &Schema, target: &Target) -> IndexStrategyView {
    let engines = target.engines();
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
    if engines.contains(&Engine::Mysql)
        && schema
            .tables
            .iter()
            .flat_map(|t| &t.indexes)
            .any(|i| i.predicate.is_some())
    {
        let live: Vec<String> = schema
            .tables
            .iter()
            .flat_map(|t| t.indexes.iter().map(move |i| (t, i)))
            .filter_map(|(t, i)| i.live_column.as_ref().map(|c| format!("{}.{c}", t.name)))
            .collect();
        let mut note =
            "MySQL/MariaDB have no partial indexes: a partial index covers all rows there"
                .to_string();
        if !live.is_empty() {
            note.push_str(&format!(
                ", and a partial unique key gets a generated column (`IF(<predicate>, 1, NULL)`) appended so rows outside the predicate never conflict: {}",
                code_list(&live)
            ));
        }
        note.push('.');
        notes.push(note);
    }
    if special.is_empty() {
        special.push("Only B-tree indexes without predicates or INCLUDE columns.".into());
    }
    IndexStrategyView {
        composite,
        special,
        notes,
    }
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

fn method_for(engines: &[Engine], pg: &str, my: &str, lite: &str) -> String {
    engines
        .iter()
        .map(|e| match e {
            Engine::Postgres => format!("PG: {pg}"),
            Engine::Mysql => format!("MySQL: {my}"),
            Engine::Sqlite => format!("SQLite: {lite}"),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn playbook(schema: &Schema, target: &Target) -> Vec<PlaybookRow> {
    let engines = target.engines();
    let mode = target.migration;
    let mut rows = Vec::new();
    for t in &schema.tables {
        if mode != Migration::Brownfield {
            rows.push(PlaybookRow {
                table: t.name.clone(),
                operation: "CREATE TABLE".into(),
                safety: "Safe".into(),
                method: "Instant".into(),
                notes: if mode == Migration::Mixed {
                    "If new: no rows, no locks on live tables".into()
                } else {
                    "New table, no locks on live tables".into()
                },
            });
            for fk in t.foreign_keys.iter().filter(|f| f.deferred) {
                rows.push(PlaybookRow {
                    table: t.name.clone(),
                    operation: format!("ADD CONSTRAINT {}", fk.name),
                    safety: "Safe".into(),
                    method: "After all tables".into(),
                    notes: "Closes a reference cycle; the tables are still empty".into(),
                });
            }
        }
        if mode == Migration::Greenfield {
            continue;
        }
        let live = if mode == Migration::Mixed {
            "If live: "
        } else {
            ""
        };
        for c in t.columns.iter().filter(|c| c.renamed_from.is_some()) {
            rows.push(PlaybookRow {
                table: t.name.clone(),
                operation: format!(
                    "RENAME {} → {}",
                    c.renamed_from.clone().unwrap_or_default(),
                    c.name
                ),
                safety: "Breaking".into(),
                method: "Expand-Contract".into(),
                notes: format!("{live}add new, dual-write, backfill, switch reads, drop old"),
            });
        }
        let hard = not_null_without_default(t);
        if !hard.is_empty() {
            rows.push(PlaybookRow {
                table: t.name.clone(),
                operation: format!("ADD NOT NULL {}", hard.join(", ")),
                safety: "Caution".into(),
                method: "NOT VALID + VALIDATE".into(),
                notes: format!("{live}add nullable, backfill in batches, CHECK NOT VALID, VALIDATE, SET NOT NULL"),
            });
        }
        let easy: Vec<String> = t
            .columns
            .iter()
            .filter(|c| !hard.contains(&c.name) && !t.primary_key.columns.contains(&c.name))
            .map(|c| c.name.clone())
            .collect();
        if !easy.is_empty() {
            rows.push(PlaybookRow {
                table: t.name.clone(),
                operation: format!("ADD COLUMN {}", easy.join(", ")),
                safety: "Safe".into(),
                method: "Instant".into(),
                notes: format!(
                    "{live}{}",
                    method_for(
                        engines,
                        "metadata-only (PG 11+ constant default)",
                        "ALGORITHM=INSTANT",
                        "ADD COLUMN"
                    )
                ),
            });
        }
        if !t.indexes.is_empty() {
            rows.push(PlaybookRow {
                table: t.name.clone(),
                operation: format!(
                    "CREATE INDEX {}",
                    t.indexes
                        .iter()
                        .map(|i| i.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                safety: "Safe".into(),
                method: "Online".into(),
                notes: format!(
                    "{live}{}",
                    method_for(
                        engines,
                        "CONCURRENTLY",
                        "ALGORITHM=INPLACE, LOCK=NONE",
                        "CREATE INDEX (short write lock)"
                    )
                ),
            });
        }
        let cons: Vec<&str> = t
            .foreign_keys
            .iter()
            .map(|f| f.name.as_str())
            .chain(t.checks.iter().map(|c| c.name.as_str()))
            .collect();
        if !cons.is_empty() {
            rows.push(PlaybookRow {
                table: t.name.clone(),
                operation: format!("ADD CONSTRAINT {}", cons.join(", ")),
                safety: "Caution".into(),
                method: "NOT VALID + VALIDATE".into(),
                notes: format!(
                    "{live}{}",
                    method_for(
                        engines,
                        "NOT VALID, then VALIDATE",
                        "validates every row: pt-online-schema-change",
                        "table rebuild"
                    )
                ),
            });
        }
    }
    rows
}

/// `90d` -> (90, unit). Units: h, d, w, m (months), y.
fn parse_ttl(ttl: &str) -> Option<(u32, char)> {
    let ttl = ttl.trim();
    let unit = ttl.chars().last()?;
    let n: u32 = ttl[..ttl.len() - unit.len_utf8()].trim().parse().ok()?;
    matches!(unit, 'h' | 'd' | 'w' | 'm' | 'y').then_some((n, unit))
}

fn ttl_human(n: u32, unit: char) -> String {
    let word = match unit {
        'h' => "hour",
        'd' => "day",
        'w' => "week",
        'm' => "month",
        _ => "year",
    };
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn ttl_words(n: u32, unit: char) -> (String, String, String) {
    // (PostgreSQL interval, MySQL INTERVAL, SQLite modifier)
    let (pg, my, lite, mult) = match unit {
        'h' => ("hours", "HOUR", "hours", 1),
        'd' => ("days", "DAY", "days", 1),
        'w' => ("days", "DAY", "days", 7),
        'm' => ("months", "MONTH", "months", 1),
        _ => ("years", "YEAR", "years", 1),
    };
    let n = n * mult;
    (
        format!("interval '{n} {pg}'"),
        format!("INTERVAL {n} {my}"),
        format!("'-{n} {lite}'"),
    )
}

fn is_text(c: &Column) -> bool {
    matches!(c.ty, ColumnType::String | ColumnType::Enum { .. })
}

/// The SQL value that replaces a PII column on erasure.
fn erased_value(c: &Column) -> &'static str {
    if c.nullable {
        "NULL"
    } else {
        "'erased'"
    }
}

/// "`col` still holds personal data", per engine (NULL-safe).
fn not_erased(engine: Engine, col: &str, value: &str) -> String {
    match engine {
        Engine::Postgres => format!("{col} IS DISTINCT FROM {value}"),
        Engine::Mysql => format!("NOT ({col} <=> {value})"),
        Engine::Sqlite => format!("{col} IS NOT {value}"),
    }
}

/// What a retention job does to an expired row (which one: `retention_rules::job_kind`).
enum Job {
    /// Delete it.
    Purge,
    /// Set `archived_at` (archival tables: never deleted by a job).
    Archive { set: String, pending: String },
    /// Overwrite its personal data: `set` assignments, `pending` = "not yet erased".
    Anonymize { set: String, pending: String },
}

impl Job {
    fn anonymize(e: Engine, pii: &[&Column]) -> Job {
        let q = |s: &str| quote(e, s);
        let set: Vec<String> = pii
            .iter()
            .map(|c| format!("{} = {}", q(&c.name), erased_value(c)))
            .collect();
        let pending: Vec<String> = pii
            .iter()
            .map(|c| not_erased(e, &q(&c.name), erased_value(c)))
            .collect();
        Job::Anonymize {
            set: set.join(", "),
            pending: format!("({})", pending.join(" OR ")),
        }
    }
}

/// Expiry test, time units per engine and the legal-hold filter of one table's job.
struct Expiry<'a> {
    col: &'a str,
    pg: &'a str,
    my: &'a str,
    lite: &'a str,
    hold: &'a str,
}

/// The batched job (10,000 rows a run) of one table for one engine.
fn job_recipe(
    t: &Table,
    e: Engine,
    tn: &str,
    pk: &Option<String>,
    job: &Job,
    x: &Expiry<'_>,
) -> EngineRecipe {
    let q = |s: &str| quote(e, s);
    let (head, extra, verb, prefix, done) = match job {
        Job::Purge => (
            format!("DELETE FROM {tn}"),
            String::new(),
            "deleting",
            "purge",
            "deletes",
        ),
        Job::Anonymize { set, pending } => (
            format!("UPDATE {tn} SET {set}"),
            format!(" AND {pending}"),
            "anonymizing",
            "erase",
            "updates",
        ),
        Job::Archive { set, pending } => (
            format!("UPDATE {tn} SET {set}"),
            format!(" AND {pending}"),
            "marking rows for archiving",
            "archive",
            "updates",
        ),
    };
    let (col, hold) = (x.col, x.hold);
    match e {
        Engine::Postgres => {
            let key = pk.as_deref().map_or_else(|| "ctid".to_string(), q);
            let mut how = if t.append_only && matches!(job, Job::Purge) {
                format!("pg_cron job {verb} in batches of 10,000 (short transactions, no long locks). At high volume, partition this append-only table by time and drop whole partitions instead of deleting rows.")
            } else {
                format!("pg_cron job {verb} in batches of 10,000 (short transactions, no long locks; repeat until it {done} nothing).")
            };
            if !t.policies.is_empty() {
                how.push_str(&format!(
                    " Run it as a role with `BYPASSRLS` (or a superuser), e.g. `CREATE ROLE retention_jobs BYPASSRLS` granted `SELECT, UPDATE, DELETE` on `{}`, and schedule it as that role: the table has FORCE ROW LEVEL SECURITY, so under any other role, its owner included, the job sees no tenant's rows and silently changes nothing.",
                    t.name
                ));
            }
            EngineRecipe {
                engine: e.display_name().into(),
                how,
                sql: format!(
                    "SELECT cron.schedule('{prefix}_{}', '15 3 * * *', $$\n  {head} WHERE {key} IN (\n    SELECT {key} FROM {tn}\n    WHERE {col} < now() - {}{extra}{hold}\n    LIMIT 10000)\n$$);",
                    t.name, x.pg
                ),
            }
        }
        Engine::Mysql => EngineRecipe {
            engine: e.display_name().into(),
            how: format!("An EVENT {verb} in batches (needs `event_scheduler=ON`); run it again while rows remain."),
            sql: format!(
                "CREATE EVENT {} ON SCHEDULE EVERY 1 DAY DO\n  {head}\n  WHERE {col} < NOW() - {}{extra}{hold}\n  LIMIT 10000;",
                q(&format!("{prefix}_{}", t.name)),
                x.my
            ),
        },
        Engine::Sqlite => EngineRecipe {
            engine: e.display_name().into(),
            how: format!("no scheduler in the engine: the application runs this job (e.g. daily) until it {done} nothing."),
            sql: format!(
                "{head} WHERE rowid IN (\n  SELECT rowid FROM {tn}\n  WHERE {col} < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', {}){extra}{hold}\n  LIMIT 10000);",
                x.lite
            ),
        },
    }
}

/// `hold_table`: the legal-holds table, when the schema has one (looked up once by the caller:
/// a search of all tables per TTL table made large models quadratic).
fn ttl_view(t: &Table, ttl: &str, engines: &[Engine], hold_table: Option<&str>) -> TtlView {
    let legal_hold = t.retention.as_ref().is_some_and(|r| r.legal_hold);
    // `after_delete`: the age that counts is the time since the soft delete (NULL while the
    // row is live, so live rows never match the purge).
    let after_delete = t.retention.as_ref().is_some_and(|r| r.after_delete);
    let ts = if after_delete {
        column_of(t, ColumnOrigin::DeletedAt)
    } else {
        column_of(t, ColumnOrigin::CreatedAt)
    };
    // Erasure after the grace period: a table with personal data keeps its rows (other rows
    // may reference them) and overwrites the PII instead; nullable columns become NULL, text
    // columns `'erased'`. PII of other types can't be overwritten generically and is named.
    let (anonymize, unerasable): (Vec<&Column>, Vec<&Column>) = if after_delete {
        t.columns
            .iter()
            .filter(|c| c.pii)
            .partition(|c| c.nullable || is_text(c))
    } else {
        (Vec::new(), Vec::new())
    };
    let kind = crate::schema::retention_rules::job_kind(t);
    let mut cleanup = Vec::new();
    if let (Some(ts), Some((n, unit))) = (ts, parse_ttl(ttl)) {
        let (pg, my, lite) = ttl_words(n, unit);
        let pk = match t.primary_key.columns.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        };
        for e in engines {
            let q = |s: &str| quote(*e, s);
            let (tn, col) = (q(&t.name), q(&ts.name));
            let d = crate::dialect::dialect_for(*e);
            let hold = match (hold_table, legal_hold, &pk) {
                (Some(h), true, Some(pk)) => format!(
                    " AND NOT EXISTS (SELECT 1 FROM {} h WHERE h.{} = {} AND h.{} = {} AND h.{} IS NULL)",
                    q(h),
                    q("table_name"),
                    d.string_literal(&t.name),
                    q("row_id"),
                    d.cast_to_text(&format!("{tn}.{}", q(pk))),
                    q("released_at")
                ),
                _ => String::new(),
            };
            let job = match kind {
                JobKind::Purge => Job::Purge,
                JobKind::Anonymize => Job::anonymize(*e, &anonymize),
                JobKind::Archive => {
                    let col = q("archived_at");
                    Job::Archive {
                        set: format!("{col} = {}", d.now_sql()),
                        pending: format!("{col} IS NULL"),
                    }
                }
            };
            let expiry = Expiry {
                col: &col,
                pg: &pg,
                my: &my,
                lite: &lite,
                hold: &hold,
            };
            cleanup.push(job_recipe(t, *e, &tn, &pk, &job, &expiry));
        }
    }
    let human = parse_ttl(ttl).map_or_else(|| ttl.to_string(), |(n, u)| ttl_human(n, u));
    let summary = match (ts, parse_ttl(ttl)) {
        (None, _) if after_delete => "`after_delete` needs soft delete: the table has no `deleted_at` to measure the time since deletion on.".to_string(),
        (None, _) => "The table has no creation timestamp to measure age on: add timestamps before a TTL purge can run.".to_string(),
        (Some(_), None) => format!("`{ttl}` is not a TTL this tool understands (use a number and one of h, d, w, m, y)."),
        (Some(c), Some(_)) => {
            let hold = match (legal_hold, hold_table) {
                (false, _) => String::new(),
                (true, Some(h)) => format!(", except rows held in `{h}`"),
                // Refused when resolving (DM030): every job with a hold has the table.
                (true, None) => String::new(),
            };
            if kind == JobKind::Archive {
                format!(
                    "Rows older than {human} by `{}` are marked for archiving (`archived_at` set){hold}; nothing is deleted: export marked rows to cold storage, and remove them from this table only as a reviewed, manual step.",
                    c.name
                )
            } else if after_delete && !anonymize.is_empty() {
                let cols: Vec<String> = anonymize.iter().map(|c| format!("`{}`", c.name)).collect();
                let mut s = format!(
                    "The personal data ({}) of rows soft-deleted more than {human} ago (by `{}`) is anonymized in place{hold}: the rows stay, so rows referencing them keep working; live rows are untouched.",
                    cols.join(", "),
                    c.name
                );
                if !unerasable.is_empty() {
                    let names: Vec<String> = unerasable.iter().map(|c| format!("`{}`", c.name)).collect();
                    s.push_str(&format!(
                        " {} cannot be overwritten with a generic value (NOT NULL, not text): make it nullable or erase it in the application.",
                        names.join(", ")
                    ));
                }
                s
            } else if after_delete {
                format!("Rows soft-deleted more than {human} ago (by `{}`) are purged{hold}; live rows are kept.", c.name)
            } else {
                format!("Rows older than {human} by `{}` are purged{hold}.", c.name)
            }
        }
    };
    TtlView {
        summary,
        table: t.name.clone(),
        ttl: human,
        column: ts.map(|c| c.name.clone()),
        cleanup,
        legal_hold,
    }
}

fn retention(schema: &Schema, target: &Target) -> RetentionView {
    let engines = target.engines();
    let mut pii = Vec::new();
    let mut gdpr = Vec::new();
    let mut pii_tables: Vec<&Table> = Vec::new();
    // Names already in `pii_tables` (a search of the list per PII column was quadratic).
    let mut pii_names: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for t in &schema.tables {
        for c in t.columns.iter().filter(|c| c.pii) {
            let erasure = match (t.delete, c.nullable) {
                (DeleteStrategy::Hard, _) => "deleted with the row".to_string(),
                (_, true) => "set to NULL on erasure".to_string(),
                (_, false) => "overwritten with an anonymized value on erasure".to_string(),
            };
            pii.push(PiiRow {
                table: t.name.clone(),
                column: c.name.clone(),
                nullable: if c.nullable { "YES" } else { "NO" }.into(),
                erasure,
            });
            if pii_names.insert(t.name.as_str()) {
                pii_tables.push(t);
            }
        }
    }
    if !pii.is_empty() {
        for t in &pii_tables {
            gdpr.push(match t.delete {
                DeleteStrategy::Hard => format!(
                    "`{}`: hard delete on an erasure request; keep an anonymized audit record (no PII columns) if the business needs the event.",
                    t.name
                ),
                DeleteStrategy::Soft => format!(
                    "`{}`: soft delete keeps the personal data, so an erasure request must also anonymize its PII columns (or hard-delete the row); a soft delete alone does not satisfy GDPR Art. 17.",
                    t.name
                ),
                DeleteStrategy::Archival => format!(
                    "`{}`: archived rows still hold personal data: anonymize the PII columns before archiving, or erase them in the archive too.",
                    t.name
                ),
            });
        }
        gdpr.push(
            "Backups and append-only copies cannot be edited row by row: for those, encrypt PII per subject and delete the key on erasure (crypto-shredding), or keep PII in separate tables with a shorter backup retention."
                .into(),
        );
    } else if target.retention == crate::config::RetentionPolicy::Gdpr {
        gdpr.push(
            "GDPR is required by the configuration but no column is marked `pii`: mark personal-data fields with `#[datamodel(pii)]` so they are listed here."
                .into(),
        );
    }
    let hold_table = schema.table("legal_holds").map(|h| h.name.as_str());
    let ttl: Vec<TtlView> = schema
        .tables
        .iter()
        .filter_map(|t| {
            let r = t.retention.as_ref()?;
            let ttl = r.ttl.as_ref()?;
            Some(ttl_view(t, ttl, engines, hold_table))
        })
        .collect();
    let held: Vec<String> = schema
        .tables
        .iter()
        .filter(|t| t.retention.as_ref().is_some_and(|r| r.legal_hold))
        .map(|t| t.name.clone())
        .collect();
    let mut legal_hold = Vec::new();
    if !held.is_empty() {
        legal_hold.push(format!(
            "Rows of {} can be put under legal hold.",
            code_list(&held)
        ));
        legal_hold.push(match schema.table("legal_holds") {
            Some(h) => format!(
                "Holds live in `{}` (one row per held record: `table_name`, `row_id` as text, `released_at`); every retention job below skips rows with an unreleased hold (its `NOT EXISTS` check), erasure requests must do the same, and a hold is released, never deleted.",
                h.name
            ),
            None => "Pattern: a `legal_holds` table (table name, row id, reason, placed by, placed at, released at) that purge jobs and erasure requests consult; a hold is released, never deleted. The model declares no such table yet.".into(),
        });
    }
    let archival: Vec<String> = schema
        .tables
        .iter()
        .filter(|t| t.delete == DeleteStrategy::Archival)
        .map(|t| {
            format!(
                "`{}`: rows are archived, never deleted by a job: the retention job (if any) sets `archived_at`; export marked rows to cold storage (an archive table or object storage) in batches, and remove them from the live table only as a reviewed, manual step.",
                t.name
            )
        })
        .collect();
    let none = pii.is_empty()
        && ttl.is_empty()
        && held.is_empty()
        && archival.is_empty()
        && gdpr.is_empty();
    RetentionView {
        pii,
        gdpr,
        ttl,
        legal_hold,
        archival,
        none,
        policy: target.retention.as_str().into(),
    }
}

fn scorecard_checks() -> Vec<DimensionChecks> {
    [
        (
            "Referential Integrity",
            25,
            "FKs defined; ON DELETE specified; FK indexes present",
        ),
        (
            "Constraint Completeness",
            25,
            "CHECK for enums/ranges; NOT NULL where appropriate; UNIQUE for business rules",
        ),
        (
            "Index Coverage",
            20,
            "FK columns indexed; query patterns covered; composite ordering correct (ESR)",
        ),
        (
            "Convention Consistency",
            15,
            "snake_case naming; plural tables; consistent constraint naming",
        ),
        (
            "Operational Readiness",
            15,
            "Timestamps present; soft-delete support; migration notes included",
        ),
    ]
    .into_iter()
    .map(|(d, w, c)| DimensionChecks {
        dimension: d.into(),
        weight: w,
        checks: c.into(),
    })
    .collect()
}

fn tech(ctx: &DocContext, schema: &Schema, engines: &[Engine]) -> TechView {
    let mut crates = ctx.tech.crates.clone();
    crates.sort_by(|a, b| a.name.cmp(&b.name));
    let mut constraints = Vec::new();
    for e in engines {
        // The oldest release is derived from what the DDL uses (`dialect::floor`).
        let floor = crate::dialect::floor::floor(schema, *e).sentence();
        constraints.push(match e {
            Engine::Sqlite => format!("{floor}, with `PRAGMA foreign_keys = ON` per connection (foreign keys are off by default); ALTER TABLE only adds columns. `STRICT` tables reject a value of the wrong type, but SQLite still can't enforce date, time and UUID formats (stored as TEXT) or a decimal's precision (an 8-byte REAL, exact to about 15 digits; only its scale is checked)."),
            _ => format!("{floor}."),
        });
    }
    constraints.push(format!(
        "Identifiers at most {} bytes (PostgreSQL's limit; MySQL allows 64).",
        crate::schema::MAX_IDENT_LEN
    ));
    TechView {
        engines: engines
            .iter()
            .map(|e| e.display_name().to_string())
            .collect(),
        crates,
        edition: ctx.tech.edition.clone(),
        rust_version: ctx.tech.rust_version.clone(),
        constraints,
    }
}

fn metadata(ctx: &DocContext, stem: &str, target: &Target) -> Vec<MetaRow> {
    let engines = target.engines();
    let row = |f: &str, v: String| MetaRow {
        field: f.into(),
        value: v,
    };
    let mut rows = Vec::new();
    if let Some(id) = &ctx.id {
        rows.push(row("Document ID", id.clone()));
    }
    rows.push(row(
        "Package",
        format!("`{}` {}", ctx.package.name, ctx.package.version),
    ));
    rows.push(row("Output", format!("`{stem}/{stem}.md`")));
    rows.push(row("DDL", ddl_files(engines)));
    rows.push(row("Depth", target.depth.as_str().into()));
    rows.push(row("Migration", target.migration.as_str().into()));
    rows.push(row(
        "Generated by",
        "`cargo datamodel` from the `#[derive(DataModel)]` structs: edit those, not this file"
            .into(),
    ));
    rows.push(row("Drift check", "`cargo datamodel check`".into()));
    rows.push(row(
        "Template",
        match &ctx.template {
            Some(_) => "user template".into(),
            None => "built-in".into(),
        },
    ));
    rows
}
