//! Table definitions: one [`TableView`] per table with its column, index, foreign-key and
//! CHECK rows, spelled in the primary engine's SQL.

use super::migration_notes::{notes_with, Shared};
use super::prose::code_list;
use crate::config::Engine;
use crate::document::engine_text::{check_text, column_type, default_text};
use crate::schema::{Column, Index, IndexOrigin, Table, TableKind};
use crate::target::Target;
use datamodel::model::IndexMethod;
use serde::Serialize;

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
    pub nullable: &'static str,
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

pub fn table_view(target: &Target, t: &Table) -> TableView {
    table_view_with(target, t, &Shared::new(target.engines()))
}

/// [`table_view`] with the per-document parts of the migration notes computed once.
pub(super) fn table_view_with(target: &Target, t: &Table, shared: &Shared) -> TableView {
    let primary = target.primary();
    let columns = t
        .columns
        .iter()
        .map(|c| column_row(primary, t, c))
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
        migration_notes: notes_with(target, t, shared),
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
    // Sized for the usual index up front: a row per index of every table.
    let mut s = String::with_capacity(64);
    s.push('(');
    for (n, c) in i.columns.iter().enumerate() {
        if n > 0 {
            s.push_str(", ");
        }
        s.push_str(&c.name);
        if c.descending {
            s.push_str(" DESC");
        }
    }
    s.push(')');
    if !i.include.is_empty() {
        s.push_str(" INCLUDE (");
        s.push_str(&i.include.join(", "));
        s.push(')');
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

pub(super) fn index_row(i: &Index) -> IndexRow {
    let mut kind = String::with_capacity(32);
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
        columns.push_str(" WHERE ");
        columns.push_str(p);
    }
    IndexRow {
        name: i.name.clone(),
        columns,
        kind,
        predicate: i.predicate.clone(),
        rationale,
    }
}

/// One column's row: the primary engine's type and default, and every constraint on it.
fn column_row(primary: Engine, t: &Table, c: &Column) -> ColumnRow {
    ColumnRow {
        name: c.name.clone(),
        ty: column_type(primary, c),
        nullable: if c.nullable { "YES" } else { "NO" },
        default: c
            .default
            .as_ref()
            .map_or_else(|| "—".to_string(), |d| default_text(primary, d)),
        constraints: constraints(primary, t, c),
        comment: c.comment.clone(),
        pii: c.pii,
    }
}

/// `PRIMARY KEY, UNIQUE, FK → users.id ON DELETE CASCADE, CHECK (...)`, or `—`: written into
/// one string (a column row per column of every table: no list of pieces to join).
fn constraints(primary: Engine, t: &Table, c: &Column) -> String {
    // Sized once for the usual constraint list (a row per column of every table).
    let mut out = String::with_capacity(64);
    let next = |out: &mut String| {
        if !out.is_empty() {
            out.push_str(", ");
        }
    };
    let pk = &t.primary_key.columns;
    if pk.len() == 1 && pk[0] == c.name {
        out.push_str("PRIMARY KEY");
    } else if pk.contains(&c.name) {
        out.push_str("PRIMARY KEY (");
        push_joined(&mut out, pk);
        out.push(')');
    }
    for i in t.indexes.iter().filter(|i| i.unique) {
        if i.columns.len() == 1 && i.columns[0].name == c.name {
            next(&mut out);
            out.push_str("UNIQUE");
            if let Some(p) = &i.predicate {
                out.push_str(" WHERE ");
                out.push_str(p);
            }
        }
    }
    for fk in &t.foreign_keys {
        if fk.columns.len() == 1 && fk.columns[0] == c.name {
            next(&mut out);
            out.push_str("FK → ");
            out.push_str(&fk.ref_table);
            out.push('.');
            push_joined(&mut out, &fk.ref_columns);
            out.push_str(" ON DELETE ");
            out.push_str(fk.on_delete.sql());
        } else if fk.columns.contains(&c.name) {
            next(&mut out);
            out.push_str("part of FK `");
            out.push_str(&fk.name);
            out.push('`');
        }
    }
    for ck in t
        .checks
        .iter()
        .filter(|k| k.column.as_deref() == Some(&c.name))
    {
        next(&mut out);
        out.push_str("CHECK (");
        out.push_str(&check_text(primary, ck));
        out.push(')');
    }
    if out.is_empty() {
        out.push('—');
    }
    out
}

/// `a, b, c` appended to `out`.
fn push_joined(out: &mut String, items: &[String]) {
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        out.push_str(item);
    }
}

#[cfg(test)]
mod tests {
    use super::{index_row, table_view};
    use crate::config::{Depth, Migration};
    use crate::testkit::{blog, saas};

    #[test]
    fn column_rows_carry_type_default_and_constraints_of_the_primary_engine() {
        let f = blog(Depth::Production);
        let posts = f.table("posts").unwrap();
        let v = table_view(&f.target, posts);
        assert_eq!((v.entity.as_str(), v.kind.as_str()), ("Post", "entity"));
        let author = v.columns.iter().find(|c| c.name == "author_id").unwrap();
        assert_eq!(author.nullable, "NO");
        assert!(
            author
                .constraints
                .contains("FK → users.id ON DELETE RESTRICT"),
            "{}",
            author.constraints
        );
        let status = v.columns.iter().find(|c| c.name == "status").unwrap();
        assert_eq!(status.default, "'draft'");
        let slug = v.columns.iter().find(|c| c.name == "slug").unwrap();
        assert!(slug.constraints.contains("UNIQUE"), "{}", slug.constraints);
        // The table-level CHECK is listed apart; column CHECKs stay in the column's row.
        assert_eq!(v.checks.len(), 1);
        assert_eq!(v.checks[0].name, "check_posts_published_at");
    }

    #[test]
    fn index_rows_spell_direction_method_partial_and_covering() {
        let f = saas(Depth::Production, Migration::Greenfield);
        let projects = f.table("projects").unwrap();
        let by_name = |n: &str| index_row(projects.indexes.iter().find(|i| i.name == n).unwrap());
        let gin = by_name("idx_projects_on_settings");
        assert_eq!(gin.kind, "GIN");
        let recent = by_name("idx_projects_on_tenant_id_created_at");
        assert_eq!(
            recent.columns,
            "(tenant_id, created_at DESC) INCLUDE (name)"
        );
        assert_eq!(recent.kind, "B-tree, covering");
        let v = table_view(&f.target, projects);
        let fk = &v.foreign_keys[0];
        assert_eq!(fk.on_delete, "RESTRICT");
    }
}
