//! The table of well-known nouns behind `cargo datamodel new "User, Post"` (the seed's Step 1:
//! "User implies email, name"; "Comment implies parent Post").
//!
//! Each [`Noun`] lists the attributes the noun implies, the parents it belongs to *when that
//! parent is also in the list*, and the nouns it is a plural collection with (both sides "have
//! many" of each other -> M:N, the seed's ambiguity default). The table is data so that it can be
//! read, tested and rendered into `docs/scaffold.md` (see [`render_markdown`]); nothing else
//! decides what a known noun means. The table itself is in `table.rs`.

/// The column kind of an implied attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `String` with `max_length`.
    Str(u32),
    /// `String` with `text`.
    Text,
    /// `bool` with its default.
    Bool(bool),
    /// `i32` with optional `min` / `max` / `default`.
    Int {
        min: Option<i64>,
        max: Option<i64>,
        default: Option<i64>,
    },
    /// `rust_decimal::Decimal`, `precision = 12, scale = 2`, `min = 0`.
    Money,
    /// `chrono::DateTime<Utc>`.
    Timestamp,
    /// A `DataModelEnum` named `<Entity><Field>`; the first value is the default.
    Enum(&'static [&'static str]),
}

/// One implied attribute.
#[derive(Debug, Clone, Copy)]
pub struct Attr {
    pub name: &'static str,
    pub kind: Kind,
    pub unique: bool,
    pub optional: bool,
    pub pii: bool,
    pub doc: &'static str,
}

/// A parent the noun belongs to when the parent is in the list too.
#[derive(Debug, Clone, Copy)]
pub struct Parent {
    pub entity: &'static str,
    /// The foreign-key field (`author_id` for a Comment's User).
    pub field: &'static str,
    pub on_delete: &'static str,
    /// Nullable FK (`on_delete = "set_null"` needs it).
    pub optional: bool,
    /// Skip this parent when this other entity is in the list (a Review belongs to a Customer,
    /// or to a User when there is no Customer).
    pub unless: Option<&'static str>,
    pub doc: &'static str,
}

/// A well-known noun.
#[derive(Debug, Clone, Copy)]
pub struct Noun {
    pub name: &'static str,
    pub domain: &'static str,
    pub doc: &'static str,
    pub attrs: &'static [Attr],
    pub parents: &'static [Parent],
    /// Nouns this one is a plural collection with (M:N).
    pub collections: &'static [&'static str],
    /// A table-level CHECK over the implied attributes.
    pub check: Option<&'static str>,
}

pub(super) const fn a(name: &'static str, kind: Kind, doc: &'static str) -> Attr {
    Attr {
        name,
        kind,
        unique: false,
        optional: false,
        pii: false,
        doc,
    }
}
pub(super) const fn uniq(mut x: Attr) -> Attr {
    x.unique = true;
    x
}
pub(super) const fn opt(mut x: Attr) -> Attr {
    x.optional = true;
    x
}
pub(super) const fn pii(mut x: Attr) -> Attr {
    x.pii = true;
    x
}
pub(super) const fn p(
    entity: &'static str,
    field: &'static str,
    on_delete: &'static str,
    doc: &'static str,
) -> Parent {
    Parent {
        entity,
        field,
        on_delete,
        optional: false,
        unless: None,
        doc,
    }
}
pub(super) const fn nullable(mut x: Parent) -> Parent {
    x.optional = true;
    x
}
pub(super) const fn unless(mut x: Parent, other: &'static str) -> Parent {
    x.unless = Some(other);
    x
}
pub(super) const fn int(min: Option<i64>, max: Option<i64>, default: Option<i64>) -> Kind {
    Kind::Int { min, max, default }
}

mod table;

pub use table::NOUNS;

/// The noun named `name` (PascalCase), if known.
pub fn lookup(name: &str) -> Option<&'static Noun> {
    NOUNS.iter().find(|n| n.name == name)
}

/// The table as Markdown, the body of `docs/scaffold.md`'s noun table (a test keeps the doc in
/// sync).
pub fn render_markdown() -> String {
    let mut s = String::from(
        "| noun | domain | implied attributes | belongs to (when listed) | M:N with (when listed) |\n|---|---|---|---|---|\n",
    );
    for n in NOUNS {
        let attrs: Vec<String> = n.attrs.iter().map(describe_attr).collect();
        let parents: Vec<String> = n
            .parents
            .iter()
            .map(|p| {
                let mut t = format!("{} as `{}` ({})", p.entity, p.field, p.on_delete);
                if let Some(u) = p.unless {
                    t.push_str(&format!(", unless {u} is listed"));
                }
                t
            })
            .collect();
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            n.name,
            n.domain,
            attrs.join(", "),
            or_dash(parents.join("; ")),
            or_dash(n.collections.join(", ")),
        ));
    }
    s
}

fn or_dash(s: String) -> String {
    if s.is_empty() {
        "-".into()
    } else {
        s
    }
}

/// `email VARCHAR(255) unique pii`, for the report and the doc table.
pub fn describe_attr(x: &Attr) -> String {
    let mut t = format!("`{}` {}", x.name, describe_kind(&x.kind));
    if x.unique {
        t.push_str(" unique");
    }
    if x.optional {
        t.push_str(" optional");
    }
    if x.pii {
        t.push_str(" pii");
    }
    t
}

fn describe_kind(k: &Kind) -> String {
    match k {
        Kind::Str(n) => format!("varchar({n})"),
        Kind::Text => "text".into(),
        Kind::Bool(d) => format!("bool default {d}"),
        Kind::Int { min, max, default } => {
            let mut t = "int".to_string();
            if let Some(m) = min {
                t.push_str(&format!(" >= {m}"));
            }
            if let Some(m) = max {
                t.push_str(&format!(" <= {m}"));
            }
            if let Some(d) = default {
                t.push_str(&format!(" default {d}"));
            }
            t
        }
        Kind::Money => "decimal(12,2) >= 0".into(),
        Kind::Timestamp => "timestamptz".into(),
        Kind::Enum(v) => format!("enum {}", v.join("/")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_least_25_nouns_across_the_five_domains_with_known_parents() {
        assert!(NOUNS.len() >= 25, "{}", NOUNS.len());
        for d in ["e-commerce", "SaaS", "content", "scheduling", "finance"] {
            assert!(NOUNS.iter().any(|n| n.domain == d), "no noun for {d}");
        }
        for n in NOUNS {
            for p in n.parents {
                assert!(
                    lookup(p.entity).is_some(),
                    "{}: parent {}",
                    n.name,
                    p.entity
                );
                assert_eq!(
                    p.optional,
                    p.on_delete == "set_null",
                    "{}.{}",
                    n.name,
                    p.field
                );
            }
            for c in n.collections {
                assert!(lookup(c).is_some(), "{}: collection {c}", n.name);
            }
        }
    }

    #[test]
    fn docs_scaffold_md_holds_the_current_table() {
        let doc = include_str!("../../../../docs/scaffold.md");
        assert!(
            doc.contains(&render_markdown()),
            "docs/scaffold.md is stale; paste nouns::render_markdown():\n{}",
            render_markdown()
        );
    }
}
