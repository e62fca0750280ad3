//! darling receivers for `#[datamodel(...)]`: what the user wrote, key by key.
//!
//! Receivers only parse; they never decide whether a combination makes sense (that is
//! `check.rs`). Unknown keys are rejected by darling with a "did you mean" suggestion; choice
//! values (`on_delete = "..."`, `method = "..."`) are parsed by [`choice!`] enums that list the
//! allowed values. Every key here is documented in `docs/attributes.md`.

use darling::util::{Flag, PathList, SpannedValue};
use darling::{FromDeriveInput, FromField, FromMeta, FromVariant};
use proc_macro2::Span;
use syn::spanned::Spanned;

/// A string-valued enum key: `$name` parses exactly the listed strings, anything else is an
/// error listing them (with a suggestion for a near miss).
macro_rules! choice {
    ($(#[$m:meta])* $name:ident ($key:literal) { $($var:ident = $s:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($var),* }
        impl $name {
            pub const ALL: &'static [&'static str] = &[$($s),*];
            #[allow(dead_code)]
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$var => $s),* }
            }
        }
        impl FromMeta for $name {
            fn from_string(v: &str) -> darling::Result<Self> {
                match v {
                    $($s => Ok(Self::$var),)*
                    other => Err(crate::suggest::unknown_choice($key, other, Self::ALL)),
                }
            }
        }
    };
}

choice!(
    /// `on_delete` / `on_update`.
    RefAction("on_delete/on_update") { Cascade = "cascade", Restrict = "restrict", SetNull = "set_null", NoAction = "no_action" }
);
choice!(DeleteOpt("delete") { Soft = "soft", Hard = "hard", Archival = "archival" });
choice!(TenancyOpt("tenancy") { Scoped = "scoped", Global = "global" });
choice!(PkOpt("pk") { Bigint = "bigint", Uuid = "uuid" });
choice!(MethodOpt("method") { Btree = "btree", Gin = "gin", Brin = "brin", Hash = "hash" });
choice!(InheritanceOpt("inheritance") { SingleTable = "single_table", TablePerType = "table_per_type" });
choice!(
    /// `rename_all` of `#[derive(DataModelEnum)]`.
    RenameAll("rename_all") {
        Snake = "snake_case", Lower = "lowercase", Upper = "UPPERCASE",
        ScreamingSnake = "SCREAMING_SNAKE_CASE", Kebab = "kebab-case",
        Camel = "camelCase", Pascal = "PascalCase",
    }
);

/// A value written as a literal and kept as SQL text: `"now()"`, `0`, `1.5`, `true`, `-3`.
#[derive(Debug, Clone)]
pub struct SqlText {
    pub text: String,
    pub span: Span,
}

impl FromMeta for SqlText {
    fn from_expr(expr: &syn::Expr) -> darling::Result<Self> {
        let text = match expr {
            syn::Expr::Lit(l) => lit_text(&l.lit),
            syn::Expr::Unary(syn::ExprUnary {
                op: syn::UnOp::Neg(_),
                expr,
                ..
            }) => match &**expr {
                syn::Expr::Lit(l) if matches!(l.lit, syn::Lit::Int(_) | syn::Lit::Float(_)) => {
                    lit_text(&l.lit).map(|t| format!("-{t}"))
                }
                _ => None,
            },
            syn::Expr::Group(g) => return Self::from_expr(&g.expr),
            _ => None,
        };
        match text {
            Some(text) => Ok(SqlText { text, span: expr.span() }),
            None => Err(darling::Error::custom(
                "expected a literal: a string with the SQL text (\"now()\", \"'draft'\"), a number or a bool",
            )
            .with_span(expr)),
        }
    }
}

fn lit_text(lit: &syn::Lit) -> Option<String> {
    match lit {
        syn::Lit::Str(s) => Some(s.value()),
        syn::Lit::Int(i) => Some(i.base10_digits().to_string()),
        syn::Lit::Float(f) => Some(f.base10_digits().to_string()),
        syn::Lit::Bool(b) => Some(b.value.to_string()),
        _ => None,
    }
}

/// Struct-level keys of `#[derive(DataModel)]`.
#[derive(Debug, Default, FromDeriveInput)]
#[darling(attributes(datamodel), default)]
pub struct EntityOpts {
    pub table: Option<SpannedValue<String>>,
    /// The table's name before a rename (migrations rename instead of drop + create).
    pub renamed_from: Option<String>,
    pub comment: Option<String>,
    pub delete: Option<DeleteOpt>,
    pub tenancy: Option<TenancyOpt>,
    pub pk: Option<PkOpt>,
    pub public_uuid: Flag,
    #[darling(multiple)]
    pub unique: Vec<PathList>,
    #[darling(multiple)]
    pub index: Vec<IndexOpts>,
    #[darling(multiple)]
    pub query: Vec<QueryOpts>,
    #[darling(multiple)]
    pub check: Vec<String>,
    pub retention: Option<RetentionOpts>,
    pub group: Option<String>,
    #[darling(multiple)]
    pub many_to_many: Vec<ManyToManyOpts>,
    pub junction: Flag,
    pub discriminator: Option<String>,
    pub extends: Option<syn::Path>,
    pub inheritance: Option<SpannedValue<InheritanceOpt>>,
    pub discriminator_value: Option<SpannedValue<String>>,
    pub append_only: Flag,
    /// With `discriminator`: no rows of the parent type itself, only of its subtypes.
    pub abstract_parent: Flag,
    /// Optimistic locking: a `version` column the engine increments on every UPDATE.
    pub version: Flag,
    /// `audit` or `audit(actor = User)`: `created_by` / `updated_by` columns.
    pub audit: Option<darling::util::Override<AuditOpts>>,
    #[darling(multiple)]
    pub allow: Vec<String>,
    pub allow_polymorphic: Flag,
}

/// `index(fields(a, b), unique, where = "...", method = "gin", include(c), name = "...")`.
#[derive(Debug, Default, FromMeta)]
pub struct IndexOpts {
    pub fields: PathList,
    #[darling(default)]
    pub unique: Flag,
    #[darling(rename = "where")]
    pub where_clause: Option<String>,
    pub method: Option<MethodOpt>,
    #[darling(default)]
    pub include: PathList,
    pub name: Option<String>,
}

/// `query(name = "...", eq(a), sort(b, desc(c)), range(d))`.
#[derive(Debug, Default, FromMeta)]
pub struct QueryOpts {
    pub name: String,
    #[darling(default)]
    pub eq: PathList,
    #[darling(default)]
    pub sort: SortList,
    #[darling(default)]
    pub range: PathList,
}

/// `sort(a, desc(b))`: sort keys, ascending unless wrapped in `desc(..)` (`asc(..)` is
/// accepted too).
#[derive(Debug, Default)]
pub struct SortList(pub Vec<SortKey>);

#[derive(Debug)]
pub struct SortKey {
    pub path: syn::Path,
    pub desc: bool,
}

impl SortList {
    pub fn paths(&self) -> impl Iterator<Item = &syn::Path> {
        self.0.iter().map(|k| &k.path)
    }
}

impl FromMeta for SortList {
    fn from_list(items: &[darling::ast::NestedMeta]) -> darling::Result<Self> {
        use darling::ast::NestedMeta;
        const HOW: &str = "`sort(..)` lists field names, each optionally wrapped in `desc(..)`: `sort(desc(created_at), id)`";
        let mut acc = darling::Error::accumulator();
        let mut keys = Vec::new();
        for item in items {
            match item {
                NestedMeta::Meta(syn::Meta::Path(p)) => keys.push(SortKey {
                    path: p.clone(),
                    desc: false,
                }),
                NestedMeta::Meta(syn::Meta::List(l))
                    if l.path.is_ident("desc") || l.path.is_ident("asc") =>
                {
                    match l.parse_args::<syn::Path>() {
                        Ok(path) => keys.push(SortKey {
                            path,
                            desc: l.path.is_ident("desc"),
                        }),
                        Err(_) => acc.push(darling::Error::custom(HOW).with_span(l)),
                    }
                }
                other => acc.push(darling::Error::custom(HOW).with_span(other)),
            }
        }
        acc.finish_with(SortList(keys))
    }
}

/// `retention(ttl = "90d", legal_hold, after_delete)`.
#[derive(Debug, Default, FromMeta)]
pub struct RetentionOpts {
    pub ttl: Option<SpannedValue<String>>,
    #[darling(default)]
    pub legal_hold: Flag,
    /// The TTL counts from the soft delete rather than from creation.
    #[darling(default)]
    pub after_delete: Flag,
}

/// `audit(actor = User)`.
#[derive(Debug, Default, Clone, FromMeta)]
pub struct AuditOpts {
    pub actor: Option<syn::Path>,
    /// Every change written to the shared `audit_log`.
    #[darling(default)]
    pub history: Flag,
}

/// `many_to_many(target = Tag, junction = "post_tags", through = PostTag)`.
#[derive(Debug, FromMeta)]
pub struct ManyToManyOpts {
    pub target: syn::Path,
    pub junction: Option<String>,
    pub through: Option<syn::Path>,
}

/// Field-level keys of `#[derive(DataModel)]`.
#[derive(Debug, Default, FromField)]
#[darling(attributes(datamodel), default)]
pub struct FieldOpts {
    pub primary_key: Flag,
    pub max_length: Option<SpannedValue<u32>>,
    pub text: Flag,
    pub unique: Flag,
    pub default: Option<SqlText>,
    pub belongs_to: Option<syn::Path>,
    pub on_delete: Option<SpannedValue<RefAction>>,
    pub on_update: Option<SpannedValue<RefAction>>,
    pub one_to_one: Flag,
    pub check: Option<String>,
    pub min: Option<SqlText>,
    pub max: Option<SqlText>,
    pub positive: Flag,
    pub index: Flag,
    pub pii: Flag,
    pub precision: Option<SpannedValue<u32>>,
    pub scale: Option<SpannedValue<u32>>,
    pub column: Option<SpannedValue<String>>,
    pub skip: Flag,
    pub renamed_from: Option<String>,
    pub comment: Option<String>,
    #[darling(multiple)]
    pub allow: Vec<String>,
    /// Accepted only to be rejected with a helpful message (see `check.rs`).
    pub native_enum: Flag,
}

/// Enum-level keys of `#[derive(DataModelEnum)]`.
#[derive(Debug, Default, FromDeriveInput)]
#[darling(attributes(datamodel), default)]
pub struct EnumOpts {
    pub rename_all: Option<RenameAll>,
    /// Accepted only to be rejected with a helpful message.
    pub native_enum: Flag,
}

/// Variant-level keys of `#[derive(DataModelEnum)]`.
#[derive(Debug, Default, FromVariant)]
#[darling(attributes(datamodel), default)]
pub struct VariantOpts {
    pub rename: Option<String>,
}

/// The `///` doc comment of an item: lines of a paragraph joined by a space, paragraphs by a
/// blank line, trimmed; `None` when there is none.
pub fn doc_comment(attrs: &[syn::Attribute]) -> Option<String> {
    let mut paragraphs: Vec<String> = vec![String::new()];
    for attr in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        let syn::Meta::NameValue(nv) = &attr.meta else {
            continue;
        };
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) = &nv.value
        else {
            continue;
        };
        let value = s.value();
        // `///` alone gives an empty string, which `lines()` would drop: keep it as a break.
        let lines: Vec<&str> = if value.trim().is_empty() {
            vec![""]
        } else {
            value.lines().collect()
        };
        for line in lines {
            let line = line.trim();
            let Some(last) = paragraphs.last_mut() else {
                continue;
            };
            if line.is_empty() {
                if !last.is_empty() {
                    paragraphs.push(String::new());
                }
            } else {
                if !last.is_empty() {
                    last.push(' ');
                }
                last.push_str(line);
            }
        }
    }
    let text = paragraphs
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    (!text.is_empty()).then_some(text)
}
