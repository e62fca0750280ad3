//! Writes a [`Draft`] as Rust source: `#[derive(DataModel)]` structs in the attribute syntax of
//! `docs/attributes.md`, shaped so that the deny-level lints can't fire on them: every `String`
//! has `max_length` or `text`, every `bool` a default, every foreign key an `on_delete` and an
//! `index`, every enum is a `DataModelEnum` (VARCHAR + CHECK) with its default.
//!
//! Everything written comes from the noun table or from names that [`super::infer`] validated
//! as identifiers; doc comments are flattened to one line so no text can end a comment early.

use super::draft::{Draft, DraftEntity, DraftField, FieldType};
use super::infer::pascal_case;

/// The Rust source of `draft`; `origin` is quoted in the module doc (the command that made it).
pub fn render(draft: &Draft, origin: &str) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "//! Entities drafted by `{}`.\n//!\n//! Review every field: the types, lengths and `on_delete` choices are defaults from the\n//! noun table (docs/scaffold.md), not decisions about your data.\n\n",
        one_line(origin)
    ));
    let has_enum = draft.uses(|t| matches!(t, FieldType::Enum(_)));
    if draft.uses(|t| *t == FieldType::Timestamp) {
        s.push_str("use chrono::{DateTime, Utc};\n");
    }
    if has_enum {
        s.push_str("use datamodel::{DataModel, DataModelEnum};\n");
    } else {
        s.push_str("use datamodel::DataModel;\n");
    }
    if draft.uses(|t| *t == FieldType::Money) {
        s.push_str("use rust_decimal::Decimal;\n");
    }
    for e in &draft.entities {
        for f in &e.fields {
            if let FieldType::Enum(values) = &f.ty {
                s.push('\n');
                s.push_str(&render_enum(&enum_name(e, f), &e.name, &f.name, values));
            }
        }
        s.push('\n');
        s.push_str(&render_struct(e));
    }
    s
}

/// `Post` + `status` -> `PostStatus`.
pub fn enum_name(e: &DraftEntity, f: &DraftField) -> String {
    format!("{}{}", e.name, pascal_case(&f.name))
}

fn render_enum(name: &str, entity: &str, field: &str, values: &[String]) -> String {
    let mut s = format!(
        "/// The values of `{entity}.{field}`, stored as VARCHAR with a CHECK.\n#[derive(Debug, Clone, Copy, PartialEq, Eq, DataModelEnum)]\n#[datamodel(rename_all = \"snake_case\")]\npub enum {name} {{\n"
    );
    for v in values {
        s.push_str(&format!("    /// `{v}`.\n    {},\n", pascal_case(v)));
    }
    s.push_str("}\n");
    s
}

fn render_struct(e: &DraftEntity) -> String {
    let mut s = format!(
        "/// {}\n#[derive(Debug, Clone, DataModel)]\n",
        one_line(&e.doc)
    );
    let mut attrs: Vec<String> = Vec::new();
    if e.junction {
        attrs.push("junction".into());
    }
    if e.global {
        attrs.push("tenancy = \"global\"".into());
    }
    if let Some(p) = &e.extends {
        attrs.push(format!("extends = {p}"));
    }
    attrs.extend(
        e.many_to_many
            .iter()
            .map(|t| format!("many_to_many(target = {t})")),
    );
    attrs.extend(
        e.many_to_many_through
            .iter()
            .map(|(t, j)| format!("many_to_many(target = {t}, through = {j})")),
    );
    attrs.extend(e.unique.iter().map(|u| format!("unique({})", u.join(", "))));
    attrs.extend(e.checks.iter().map(|c| format!("check = {}", rust_str(c))));
    if let Some(ttl) = &e.retention {
        // "deleted after 90 days": rows really go once old, so the entity is hard-deleted
        // (a TTL counted from `created_at` on a soft-deleted table would delete live rows,
        // which `cargo datamodel` refuses: DM030).
        attrs.push("delete = \"hard\"".into());
        attrs.push(format!("retention(ttl = {})", rust_str(ttl)));
    }
    if !attrs.is_empty() {
        s.push_str(&format!("#[datamodel({})]\n", attrs.join(", ")));
    }
    s.push_str(&format!("pub struct {} {{\n", e.name));
    if e.extends.is_none() && !e.junction {
        s.push_str("    pub id: i64,\n");
    }
    for f in &e.fields {
        s.push_str(&format!("    /// {}\n", one_line(&f.doc)));
        let (ty, mut keys) = field_type(e, f);
        if f.unique {
            keys.push("unique".into());
        }
        if f.one_to_one {
            keys.push("one_to_one".into());
        }
        if let Some(c) = &f.check {
            keys.push(format!("check = {}", rust_str(c)));
        }
        if f.pii {
            keys.push("pii".into());
        }
        if !keys.is_empty() {
            s.push_str(&format!("    #[datamodel({})]\n", keys.join(", ")));
        }
        let ty = if f.optional {
            format!("Option<{ty}>")
        } else {
            ty
        };
        s.push_str(&format!("    pub {}: {ty},\n", f.name));
    }
    s.push_str("}\n");
    s
}

/// The Rust type and the `#[datamodel(..)]` keys of a field.
fn field_type(e: &DraftEntity, f: &DraftField) -> (String, Vec<String>) {
    match &f.ty {
        FieldType::Str(n) => ("String".into(), vec![format!("max_length = {n}")]),
        FieldType::Text => ("String".into(), vec!["text".into()]),
        FieldType::Bool(d) => ("bool".into(), vec![format!("default = {d}")]),
        FieldType::Int { min, max, default } => {
            let mut k = Vec::new();
            if let Some(d) = default {
                k.push(format!("default = {d}"));
            }
            if let Some(m) = min {
                k.push(format!("min = {m}"));
            }
            if let Some(m) = max {
                k.push(format!("max = {m}"));
            }
            ("i32".into(), k)
        }
        FieldType::Money => (
            "Decimal".into(),
            vec![
                "precision = 12".into(),
                "scale = 2".into(),
                "min = 0".into(),
            ],
        ),
        FieldType::Timestamp => ("DateTime<Utc>".into(), vec![]),
        FieldType::Enum(values) => {
            let mut k = Vec::new();
            if let (Some(first), false) = (values.first(), f.optional) {
                k.push(format!("default = \"'{first}'\""));
            }
            (enum_name(e, f), k)
        }
        FieldType::ForeignKey { entity, on_delete } => (
            "i64".into(),
            vec![
                format!("belongs_to = {entity}"),
                format!("on_delete = {}", rust_str(on_delete)),
            ]
            .into_iter()
            .chain((!f.one_to_one && !e.junction).then(|| "index".to_string()))
            .collect(),
        ),
    }
}

/// `OrderItem` -> `order item`, for doc comments.
pub fn words(name: &str) -> String {
    datamodel::naming::snake_case(name).replace('_', " ")
}

/// A Rust string literal (Debug escaping is valid Rust for these characters).
fn rust_str(s: &str) -> String {
    format!("{s:?}")
}

/// Text on one line: a doc comment can't be broken out of.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn blog_list_code() {
        let d = super::super::infer::from_list("User, Post, Comment, Tag").unwrap();
        insta::assert_snapshot!(super::render(
            &d,
            "cargo datamodel new \"User, Post, Comment, Tag\""
        ));
    }
}
