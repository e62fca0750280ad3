//! Mermaid `erDiagram` text from the Schema, written so that every Mermaid a reader is likely
//! to view it with parses it: GitLab (10.7), GitHub (11.3) and the current 12.x.
//!
//! What those parsers accept, and so what this module guarantees (checked against the real
//! packages by `tests/mermaid/check.mjs`):
//! - entity names are always quoted (reserved words such as `end` or `style` are then harmless);
//! - attribute types use `[a-z0-9_]` only (`double precision` -> `double_precision`,
//!   `NUMERIC(12,2)` -> `numeric_12_2`), attribute names `[A-Za-z_][A-Za-z0-9_]*` and never
//!   `pk`/`fk`/`uk`, which the lexer reads as key markers: such a name gets a trailing `_` and its
//!   real spelling in the comment;
//! - comments and labels lose `"` and line breaks; every relationship has a label.
//!
//! Relationships come from the foreign keys, so the diagram shows exactly the references the DDL
//! creates; the Schema's [`Relationship`]s give them their label and cardinality. A many-to-many
//! shows as its junction table with two identifying edges (`--`); other references are
//! non-identifying (`..`) unless the FK is part of the child's primary key.
//!
//! Large models (more than [`MAX_ENTITIES`] tables, or text past Mermaid's default
//! `maxTextSize` of 50,000 characters) are split: an overview with entities and relationships
//! only, then one detailed diagram per doc group (`group` attribute, default the Rust module).
//!
//! Lookups go through hash maps built once (relationship by FK, edges by table): a search per
//! FK or per group made 20,000-table documents quadratic (see BENCHMARKS.md).

use super::{engine_text, markdown};
use crate::config::Engine;
use crate::schema::{Cardinality, Relationship, Schema, Table};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

/// More tables than this and the diagram is split per group.
pub const MAX_ENTITIES: usize = 40;
/// Mermaid's default `maxTextSize`: longer diagrams are not rendered at all.
pub const MAX_CHARS: usize = 50_000;

/// One `erDiagram` block (the text starts with the `erDiagram` line, no code fence).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagram {
    /// Heading shown above the diagram (empty for a single full diagram).
    pub title: String,
    /// `full`, `overview` or `group`.
    pub kind: &'static str,
    pub text: String,
}

/// One drawn relationship line, borrowing its names from the Schema (a group diagram reuses
/// the edges of its tables, so nothing is copied per diagram).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edge<'s> {
    from: &'s str,
    to: &'s str,
    /// Marker next to `from` (how many `from` rows per `to` row).
    from_marker: &'static str,
    /// Marker next to `to` (how many `to` rows per `from` row).
    to_marker: &'static str,
    identifying: bool,
    label: &'s str,
}

impl Edge<'_> {
    /// `  "from" }o..|| "to" : "label"` and a line break, appended to `out`.
    fn write_line(&self, names: &EntityNames, out: &mut String) {
        out.push_str("  \"");
        out.push_str(&names.get(self.from));
        out.push_str("\" ");
        out.push_str(self.from_marker);
        out.push_str(if self.identifying { "--" } else { ".." });
        out.push_str(self.to_marker);
        out.push_str(" \"");
        out.push_str(&names.get(self.to));
        out.push_str("\" : \"");
        out.push_str(&text(self.label));
        out.push_str("\"\n");
    }
}

/// The Mermaid name of every table: its [`text`], made unique. `text` drops `\"` and folds
/// white space, so `a"b` and `ab`, or `a b` and `a  b`, would be one entity in the diagram:
/// the later ones (in table order) get ` (2)`, ` (3)`, ... Without such names, each is its
/// table name as written.
struct EntityNames<'s>(HashMap<&'s str, Cow<'s, str>>);

impl<'s> EntityNames<'s> {
    fn new(schema: &'s Schema) -> Self {
        let mut taken: HashSet<Cow<'s, str>> = HashSet::new();
        let mut map = HashMap::with_capacity(schema.tables.len());
        for t in &schema.tables {
            let base = text(&t.name);
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = Cow::Owned(format!("{base} ({n})"));
                n += 1;
            }
            map.insert(t.name.as_str(), name);
        }
        EntityNames(map)
    }

    /// The Mermaid name of a table (of a table outside the schema: its [`text`]).
    fn get<'a>(&'a self, table: &'a str) -> Cow<'a, str> {
        match self.0.get(table) {
            Some(name) => Cow::Borrowed(name.as_ref()),
            None => text(table),
        }
    }
}

/// The diagrams of the schema: one full diagram, or an overview plus one per group.
pub fn diagrams(schema: &Schema, engine: Engine) -> Vec<Diagram> {
    let edges = edges(schema);
    let all_edges: Vec<&Edge> = edges.iter().collect();
    let entity_names = EntityNames::new(schema);
    let all: Vec<&Table> = schema.tables.iter().collect();
    // The table count decides first, so a large model never builds its (discarded) full text.
    if schema.tables.len() <= MAX_ENTITIES {
        let full = diagram_text(&all, &all_edges, &entity_names, engine, true, &[]);
        if full.len() <= MAX_CHARS {
            return vec![Diagram {
                title: String::new(),
                kind: "full",
                text: full,
            }];
        }
    }
    let mut out = vec![Diagram {
        title: "Overview".into(),
        kind: "overview",
        text: diagram_text(&all, &all_edges, &entity_names, engine, false, &[]),
    }];
    let mut groups: BTreeMap<&str, Vec<&Table>> = BTreeMap::new();
    for t in &schema.tables {
        groups.entry(t.group.as_str()).or_default().push(t);
    }
    // Positions of the edges touching each table, in edge order.
    let mut touching: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in edges.iter().enumerate() {
        touching.entry(e.from).or_default().push(i);
        if e.to != e.from {
            touching.entry(e.to).or_default().push(i);
        }
    }
    for (group, tables) in groups {
        let chunks: Vec<&[&Table]> = tables.chunks(MAX_ENTITIES).collect();
        let parts = chunks.len();
        for (i, chunk) in chunks.into_iter().enumerate() {
            let title = if parts == 1 {
                format!("Group `{group}`")
            } else {
                format!("Group `{group}` (part {} of {parts})", i + 1)
            };
            let names: Vec<&str> = chunk.iter().map(|t| t.name.as_str()).collect();
            // The edges with an end in this chunk, in edge order.
            let mut at: Vec<usize> = names
                .iter()
                .flat_map(|n| touching.get(n).into_iter().flatten().copied())
                .collect();
            at.sort_unstable();
            at.dedup();
            let local: Vec<&Edge> = at.into_iter().map(|i| &edges[i]).collect();
            let stubs: Vec<&str> = local
                .iter()
                .flat_map(|e| [e.from, e.to])
                .filter(|n| !names.contains(n))
                .collect();
            out.push(Diagram {
                title,
                kind: "group",
                text: diagram_text(chunk, &local, &entity_names, engine, true, &stubs),
            });
        }
    }
    out
}

fn diagram_text(
    tables: &[&Table],
    edges: &[&Edge],
    names: &EntityNames,
    engine: Engine,
    with_columns: bool,
    stubs: &[&str],
) -> String {
    let mut s = String::from("erDiagram\n");
    let entity = |s: &mut String, table: &str| {
        s.push_str("  \"");
        s.push_str(&names.get(table));
        s.push('"');
    };
    for t in tables {
        entity(&mut s, &t.name);
        if with_columns && !t.columns.is_empty() {
            s.push_str(" {\n");
            write_attributes(t, engine, &mut s);
            s.push_str("  }\n");
        } else {
            s.push('\n');
        }
    }
    let mut seen: HashSet<&str> = HashSet::new();
    for &stub in stubs {
        if seen.insert(stub) {
            entity(&mut s, stub);
            s.push('\n');
        }
    }
    for e in edges {
        e.write_line(names, &mut s);
    }
    s
}

/// One attribute line per column (type, name, key markers, comment), appended to `out`.
fn write_attributes(t: &Table, engine: Engine, out: &mut String) {
    for c in &t.columns {
        let keys = [
            (t.primary_key.columns.contains(&c.name), "PK"),
            (
                t.foreign_keys.iter().any(|fk| fk.columns.contains(&c.name)),
                "FK",
            ),
            (
                t.indexes
                    .iter()
                    .any(|i| i.unique && i.columns.iter().any(|ic| ic.name == c.name)),
                "UK",
            ),
        ];
        let name = attr_name(&c.name);
        out.push_str("    ");
        push_type_token(out, &engine_text::base_type(engine, c));
        out.push(' ');
        out.push_str(&name);
        let mut sep = " ";
        for (_, key) in keys.iter().filter(|(on, _)| *on) {
            out.push_str(sep);
            out.push_str(key);
            sep = ", ";
        }
        let renamed = name != c.name;
        if renamed || c.comment.is_some() {
            let mut comment = String::new();
            if renamed {
                comment.push_str(&format!("column {}", c.name));
            }
            if let Some(cm) = &c.comment {
                if !comment.is_empty() {
                    comment.push_str(": ");
                }
                comment.push_str(cm);
            }
            let comment = text(&comment);
            if !comment.is_empty() {
                out.push_str(" \"");
                out.push_str(&comment);
                out.push('"');
            }
        }
        out.push('\n');
    }
}

/// The relationship lines: one per foreign key, labelled from the Schema's relationships.
fn edges(schema: &Schema) -> Vec<Edge<'_>> {
    // The first relationship of each (from, to, columns), and of each M:N junction.
    let mut by_fk: HashMap<(&str, &str, &[String]), &Relationship> = HashMap::new();
    let mut by_junction: HashMap<&str, &Relationship> = HashMap::new();
    for r in &schema.relationships {
        by_fk
            .entry((&r.from_table, &r.to_table, &r.columns))
            .or_insert(r);
        if let (Cardinality::ManyToMany, Some(j)) = (r.cardinality, r.junction.as_deref()) {
            by_junction.entry(j).or_insert(r);
        }
    }
    let mut out = Vec::new();
    for t in &schema.tables {
        for fk in &t.foreign_keys {
            let rel: Option<&Relationship> = by_fk
                .get(&(
                    t.name.as_str(),
                    fk.ref_table.as_str(),
                    fk.columns.as_slice(),
                ))
                .copied();
            let via: Option<&Relationship> = by_junction.get(t.name.as_str()).copied();
            let optional = fk
                .columns
                .iter()
                .any(|c| t.column(c).is_some_and(|col| col.nullable));
            let in_pk = fk.columns.iter().all(|c| t.primary_key.columns.contains(c));
            let one = fk.one_to_one
                || rel.is_some_and(|r| {
                    matches!(
                        r.cardinality,
                        Cardinality::OneToOne | Cardinality::Inheritance
                    )
                });
            let identifying = rel.map_or(in_pk, |r| r.identifying || in_pk);
            let label = match (rel, via) {
                (Some(r), _) if !r.label.trim().is_empty() => r.label.as_str(),
                (_, Some(m)) if !m.label.trim().is_empty() => m.label.as_str(),
                _ => "references",
            };
            out.push(Edge {
                from: &t.name,
                to: &fk.ref_table,
                from_marker: if one { "|o" } else { "}o" },
                to_marker: if optional { "o|" } else { "||" },
                identifying,
                label,
            });
        }
    }
    // Relationships that no foreign key carries (an M:N whose junction is not a table here).
    // (Edges added here count too, as later relationships are checked.)
    let mut pairs: HashSet<(&str, &str)> = out.iter().map(|e| (e.from, e.to)).collect();
    let mut froms: HashSet<&str> = out.iter().map(|e| e.from).collect();
    for r in &schema.relationships {
        let carried = pairs.contains(&(r.from_table.as_str(), r.to_table.as_str()))
            || r.junction.as_deref().is_some_and(|j| froms.contains(j));
        if !carried && r.cardinality == Cardinality::ManyToMany {
            pairs.insert((&r.from_table, &r.to_table));
            froms.insert(&r.from_table);
            out.push(Edge {
                from: &r.from_table,
                to: &r.to_table,
                from_marker: "}o",
                to_marker: "o{",
                identifying: false,
                label: if r.label.trim().is_empty() {
                    "references"
                } else {
                    &r.label
                },
            });
        }
    }
    out
}

/// A SQL type spelled with `[a-z0-9_]` only: `DOUBLE PRECISION` -> `double_precision`,
/// `NUMERIC(12,2)` -> `numeric_12_2`.
pub fn type_token(sql: &str) -> String {
    let mut out = String::new();
    push_type_token(&mut out, sql);
    out
}

/// [`type_token`], appended to `out` (the diagram writer's buffer: no string per attribute).
/// Words of ASCII letters and digits, lower case, joined by single `_`.
fn push_type_token(out: &mut String, sql: &str) {
    let start = out.len();
    let mut separate = false;
    for ch in sql.trim().chars() {
        if ch.is_ascii_alphanumeric() {
            if separate && out.len() > start {
                out.push('_');
            }
            separate = false;
            out.push(ch.to_ascii_lowercase());
        } else {
            separate = true;
        }
    }
    if out.len() == start {
        out.push_str("unknown");
    } else if out.as_bytes()[start].is_ascii_digit() {
        out.insert_str(start, "t_");
    }
}

/// An attribute name every Mermaid version accepts; the column name itself when it already is.
pub fn attr_name(name: &str) -> Cow<'_, str> {
    let plain = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !name.eq_ignore_ascii_case("pk")
        && !name.eq_ignore_ascii_case("fk")
        && !name.eq_ignore_ascii_case("uk");
    if plain {
        return Cow::Borrowed(name);
    }
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if matches!(out.to_ascii_lowercase().as_str(), "pk" | "fk" | "uk") {
        out.push('_');
    }
    Cow::Owned(out)
}

/// Text safe inside a quoted Mermaid string: no `"`, no line breaks, single spaces (borrowed
/// when it already is).
pub fn text(s: &str) -> Cow<'_, str> {
    static TEXT_BYTES: [u8; 256] = markdown::byte_classes(b"\"");
    if markdown::single_spaced(s, &TEXT_BYTES) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.replace('"', "")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_tokens_are_in_the_safe_subset() {
        for sql in ["__x__", "9x", "a  b", "é", "INT(11) UNSIGNED", "x_y"] {
            let mut appended = String::from("keep ");
            push_type_token(&mut appended, sql);
            assert_eq!(appended, format!("keep {}", type_token(sql)), "{sql:?}");
        }
        assert_eq!(type_token("9x"), "t_9x");
        assert_eq!(type_token("__x__"), "x");
        assert_eq!(type_token("DOUBLE PRECISION"), "double_precision");
        assert_eq!(type_token("NUMERIC(12,2)"), "numeric_12_2");
        assert_eq!(type_token("VARCHAR(255)"), "varchar_255");
        assert_eq!(type_token("TINYINT(1)"), "tinyint_1");
        assert_eq!(type_token(" "), "unknown");
    }

    #[test]
    fn key_words_and_odd_names_are_escaped() {
        assert_eq!(attr_name("pk"), "pk_");
        assert_eq!(attr_name("UK"), "UK_");
        assert_eq!(attr_name("pk_id"), "pk_id");
        assert_eq!(attr_name("2fa"), "_2fa");
        assert_eq!(attr_name("naïve col"), "na_ve_col");
        assert!(matches!(attr_name("author_id"), Cow::Borrowed(_)));
        assert_eq!(attr_name(""), "_");
    }

    #[test]
    fn quotes_and_newlines_leave_text() {
        assert_eq!(text("say \"hi\"\n  there"), "say hi there");
    }
}
