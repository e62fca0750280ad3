//! Step 1 of the seed for an entity list: `"User, Post, Comment, Tag"` -> a [`Draft`].
//!
//! The rules, in the order they apply (each decision becomes one [`super::draft::Inference`]):
//! 1. names are split on commas, PascalCased and singularized (`order items` -> `OrderItem`);
//! 2. a noun of the table in [`super::nouns`] brings its implied attributes; any other noun gets
//!    a `name` placeholder;
//! 3. a noun's parents that are also listed become `belongs_to` fields (Comment + Post ->
//!    `post_id`, Comment + User -> `author_id`), every one with its `on_delete` and an index;
//! 4. a compound name that starts with another listed entity belongs to it (`ProjectMilestone`
//!    + `Project` -> `project_id`, cascade);
//! 5. two listed nouns that are plural collections of each other (a Post has many Tags, a Tag
//!    has many Posts) become M:N with a junction table (the seed's "plural on both sides");
//!    anything else stays 1:N, the seed's default in doubt.

use super::draft::{Draft, DraftEntity, DraftField, FieldType};
use super::nouns::{self, Kind};
use crate::report::Error;
use datamodel::naming::{snake_case, table_name};

/// Parses the comma-separated list into PascalCase singular names, noting every rewrite.
pub fn parse_list(list: &str, draft: &mut Draft) -> Result<Vec<String>, Error> {
    let mut names: Vec<String> = Vec::new();
    for raw in list.split([',', '\n']) {
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        if !raw.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            || !raw
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '_' || c == '-')
        {
            return Err(Error::new(format!(
                "`{raw}` is not an entity name"
            ))
            .help("use letters, digits, spaces, `-` or `_`, starting with a letter: \"User, Post, Order Item\""));
        }
        let pascal = pascal_case(raw);
        let name = singular(&pascal);
        if name != raw {
            draft.note(
                &name,
                format!("read `{raw}` as `{name}`"),
                "entity names are singular PascalCase; the table name is plural",
            );
        }
        if name == "Self" {
            return Err(Error::new("`Self` can't name an entity").help("pick another name"));
        }
        if names.contains(&name) {
            return Err(
                Error::new(format!("`{name}` is listed twice")).help("list every entity once")
            );
        }
        names.push(name);
    }
    if names.is_empty() {
        return Err(Error::new("no entity names given")
            .help("list them comma-separated: cargo datamodel new \"User, Post, Comment\""));
    }
    Ok(names)
}

/// `order item` / `order_item` / `orderItem` -> `OrderItem`.
pub fn pascal_case(raw: &str) -> String {
    raw.split([' ', '_', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// `Posts` -> `Post`, `Categories` -> `Category`, `Addresses` -> `Address`; `Status` stays.
pub fn singular(name: &str) -> String {
    if nouns::lookup(name).is_some() {
        return name.to_string();
    }
    let candidates = [
        name.strip_suffix("ies").map(|s| format!("{s}y")),
        name.strip_suffix("sses").map(|s| format!("{s}ss")),
        name.strip_suffix("ches").map(|s| format!("{s}ch")),
        name.strip_suffix("shes").map(|s| format!("{s}sh")),
        name.strip_suffix("xes").map(|s| format!("{s}x")),
        name.strip_suffix('s').map(str::to_string),
    ];
    // A known noun wins; else the plain rules, never on `ss` / `us` / `is` endings.
    if let Some(k) = candidates
        .iter()
        .flatten()
        .find(|c| nouns::lookup(c).is_some())
    {
        return k.clone();
    }
    if name.ends_with("ss") || name.ends_with("us") || name.ends_with("is") || name.len() < 4 {
        return name.to_string();
    }
    candidates
        .into_iter()
        .flatten()
        .next()
        .unwrap_or_else(|| name.to_string())
}

/// The field a known noun's attribute implies.
pub fn attr_field(x: &nouns::Attr) -> DraftField {
    DraftField {
        unique: x.unique,
        optional: x.optional,
        pii: x.pii,
        ..DraftField::new(x.name, field_type(&x.kind), x.doc)
    }
}

/// The draft of an entity list.
pub fn from_list(list: &str) -> Result<Draft, Error> {
    let mut draft = Draft::default();
    let names = parse_list(list, &mut draft)?;
    let listed = |n: &str| names.iter().any(|x| x == n);
    for name in &names {
        let mut e = DraftEntity {
            name: name.clone(),
            ..Default::default()
        };
        match nouns::lookup(name) {
            Some(noun) => {
                e.doc = noun.doc.to_string();
                let attrs: Vec<String> = noun.attrs.iter().map(nouns::describe_attr).collect();
                draft.note(
                    name,
                    format!("fields {}", attrs.join(", ")),
                    format!(
                        "`{name}` is a known {} noun of docs/scaffold.md",
                        noun.domain
                    ),
                );
                e.fields.extend(noun.attrs.iter().map(attr_field));
                if let Some(c) = noun.check {
                    e.checks.push(c.to_string());
                }
                for p in noun.parents {
                    if !listed(p.entity) || p.unless.is_some_and(listed) {
                        continue;
                    }
                    draft.note(
                        format!("{name}.{}", p.field),
                        format!(
                            "belongs_to {}, on_delete = \"{}\", indexed",
                            p.entity, p.on_delete
                        ),
                        format!(
                            "{name} and {} are both listed: {}",
                            p.entity,
                            lower_first(p.doc)
                        ),
                    );
                    e.fields
                        .push(fk(p.field, p.entity, p.on_delete, p.optional, p.doc));
                }
            }
            None => {
                e.doc = format!("A {}.", snake_case(name).replace('_', " "));
                draft.note(
                    name,
                    "a `name` varchar(200) placeholder field",
                    format!("`{name}` is not in the noun table: add its real fields"),
                );
                e.fields.push(DraftField::new(
                    "name",
                    FieldType::Str(200),
                    "Display name.",
                ));
            }
        }
        compound_parents(&mut draft, &mut e, &names);
        draft.entities.push(e);
    }
    many_to_many_collections(&mut draft, &names);
    Ok(draft)
}

/// Compound names: `ProjectMilestone` with `Project` listed is a part of a Project.
fn compound_parents(draft: &mut Draft, e: &mut DraftEntity, names: &[String]) {
    let name = e.name.clone();
    let name = &name;
    for other in names {
        if other == name || !name.starts_with(other.as_str()) {
            continue;
        }
        let field = format!("{}_id", snake_case(other));
        if e.fields.iter().any(|f| {
            matches!(&f.ty, FieldType::ForeignKey { entity, .. } if entity == other)
                || f.name == field
        }) {
            continue;
        }
        draft.note(
            format!("{name}.{field}"),
            format!("belongs_to {other}, on_delete = \"cascade\", indexed"),
            format!("the name `{name}` starts with the listed `{other}`: a part of it"),
        );
        e.fields.push(fk(
            &field,
            other,
            "cascade",
            false,
            &format!("The {}.", snake_case(other).replace('_', " ")),
        ));
    }
}

/// M:N between plural collections, declared on the one listed first.
fn many_to_many_collections(draft: &mut Draft, names: &[String]) {
    for (i, a) in names.iter().enumerate() {
        for b in &names[i + 1..] {
            let collection =
                |x: &str, y: &str| nouns::lookup(x).is_some_and(|n| n.collections.contains(&y));
            if !(collection(a, b) || collection(b, a)) || linked(draft, a, b) {
                continue;
            }
            let junction = datamodel::naming::junction_table(a, &table_name(b));
            draft.note(
                format!("{a} <-> {b}"),
                format!("many_to_many, junction table `{junction}`"),
                format!(
                    "a {a} has many {} and a {b} has many {}: plural on both sides -> M:N",
                    table_name(b).replace('_', " "),
                    table_name(a).replace('_', " ")
                ),
            );
            if let Some(e) = draft.entities.iter_mut().find(|e| &e.name == a) {
                e.many_to_many.push(b.clone());
            }
        }
    }
}

/// Under `tenancy = "shared"` every scoped row points at a tenants table: make the listed
/// `Tenant` global, or add one.
pub fn apply_shared_tenancy(draft: &mut Draft) {
    // A composite (tenant_id, x_id) foreign key with SET NULL nulls only x_id (`SET NULL
    // (x_id)` on PostgreSQL, a split FK elsewhere), so `set_null` stays as inferred.
    if let Some(t) = draft.entities.iter_mut().find(|e| e.name == "Tenant") {
        t.global = true;
        draft.note(
            "Tenant",
            "tenancy = \"global\"",
            "tenancy = \"shared\" in Cargo.toml: the tenants table is what scoped rows point at",
        );
        return;
    }
    let mut t = DraftEntity {
        name: "Tenant".into(),
        doc: "A customer organization: every other row belongs to one tenant.".into(),
        global: true,
        ..Default::default()
    };
    t.fields.push(DraftField::new(
        "name",
        FieldType::Str(200),
        "Display name.",
    ));
    t.fields.push(DraftField {
        unique: true,
        ..DraftField::new("slug", FieldType::Str(100), "URL path segment, unique.")
    });
    draft.entities.insert(0, t);
    draft.note(
        "Tenant",
        "added, tenancy = \"global\", fields `name` varchar(200), `slug` varchar(100) unique",
        "tenancy = \"shared\" in Cargo.toml needs a tenants table; every other entity gets tenant_id",
    );
}

/// With an engine that distributes tables by tenant (Citus) among the targets: a foreign key
/// between two tenant-scoped entities includes `tenant_id`, and Citus refuses ON DELETE SET
/// NULL on it (DM036), so an inferred `set_null` to a tenant-scoped entity becomes
/// `restrict` (the application clears the reference before deleting the row).
pub fn apply_distribution(draft: &mut Draft) {
    let global: Vec<String> = draft
        .entities
        .iter()
        .filter(|e| e.global)
        .map(|e| e.name.clone())
        .collect();
    let mut changed = Vec::new();
    for e in &mut draft.entities {
        if e.global {
            continue;
        }
        for f in &mut e.fields {
            if let FieldType::ForeignKey { entity, on_delete } = &mut f.ty {
                if on_delete == "set_null" && !global.contains(entity) {
                    *on_delete = "restrict".into();
                    changed.push(format!("{}.{}", e.name, f.name));
                }
            }
        }
    }
    for c in changed {
        draft.note(
            c,
            "on_delete = \"restrict\" instead of \"set_null\"",
            "Citus refuses ON DELETE SET NULL on a foreign key with tenant_id (DM036): clear the reference before deleting the row",
        );
    }
}

/// Does `a` already have a foreign key to `b` or the reverse?
fn linked(draft: &Draft, a: &str, b: &str) -> bool {
    let has_fk = |from: &str, to: &str| {
        draft.entity(from).is_some_and(|e| {
            e.fields
                .iter()
                .any(|f| matches!(&f.ty, FieldType::ForeignKey { entity, .. } if entity == to))
        })
    };
    has_fk(a, b) || has_fk(b, a)
}

pub fn fk(field: &str, entity: &str, on_delete: &str, optional: bool, doc: &str) -> DraftField {
    let ty = FieldType::ForeignKey {
        entity: entity.to_string(),
        on_delete: on_delete.to_string(),
    };
    DraftField {
        optional,
        ..DraftField::new(field, ty, doc)
    }
}

pub fn field_type(k: &Kind) -> FieldType {
    match *k {
        Kind::Str(n) => FieldType::Str(n),
        Kind::Text => FieldType::Text,
        Kind::Bool(d) => FieldType::Bool(d),
        Kind::Int { min, max, default } => FieldType::Int { min, max, default },
        Kind::Money => FieldType::Money,
        Kind::Timestamp => FieldType::Timestamp,
        Kind::Enum(v) => FieldType::Enum(v.iter().map(|s| s.to_string()).collect()),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(list: &str) -> String {
        let d = from_list(list).unwrap();
        d.inferences
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn blog_list_inferences() {
        insta::assert_snapshot!(lines("User, Post, Comment, Tag"));
    }

    #[test]
    fn shop_and_scheduling_list_inferences() {
        insta::assert_snapshot!(lines(
            "customers, Product, Category, Order, order item, Payment, Invoice, Room, Booking, ProjectMilestone, Project"
        ));
    }

    #[test]
    fn names_are_singular_pascal_case() {
        assert_eq!(singular("Categories"), "Category");
        assert_eq!(singular("Addresses"), "Address");
        assert_eq!(singular("Posts"), "Post");
        assert_eq!(singular("Status"), "Status");
        assert_eq!(singular("Widgets"), "Widget");
        assert_eq!(pascal_case("order item"), "OrderItem");
        assert_eq!(pascal_case("order_item"), "OrderItem");
    }

    #[test]
    fn bad_lists_are_refused_with_the_fix() {
        for (list, msg) in [
            ("", "no entity names given"),
            (" , ,", "no entity names given"),
            ("User, users", "`User` is listed twice"),
            ("User; Post", "`User; Post` is not an entity name"),
            ("1st", "`1st` is not an entity name"),
        ] {
            let e = from_list(list).unwrap_err();
            assert_eq!(e.message, msg, "{list}");
            assert!(!e.help.is_empty());
        }
    }
}
