//! The internal model of one `#[derive(DataModel)]` struct: parsed options next to the syn
//! nodes they came from, so checks and expansion can point errors at the user's code.
//!
//! Building it rejects what is not a plain named struct (enum, tuple struct, generics) and
//! collects every attribute parse error; it does not judge combinations of keys (`check.rs`).

use crate::attr::{doc_comment, EntityOpts, FieldOpts};
use darling::{FromDeriveInput, FromField};
use quote::ToTokens;
use syn::{DeriveInput, Ident, Type};

/// One struct deriving `DataModel`.
pub struct Entity<'a> {
    pub ident: &'a Ident,
    pub opts: EntityOpts,
    /// False when the struct-level attributes failed to parse: struct-level checks are then
    /// skipped so a typo does not cause follow-on errors.
    pub opts_ok: bool,
    pub doc: Option<String>,
    pub fields: Vec<Column<'a>>,
}

/// One named field.
pub struct Column<'a> {
    pub ident: &'a Ident,
    pub name: String,
    /// The type as written.
    pub ty: &'a Type,
    /// The type with one `Option<..>` removed (as written), and whether it was there.
    pub inner_ty: &'a Type,
    pub optional: bool,
    pub opts: FieldOpts,
    /// False when this field's attributes failed to parse (its checks are skipped).
    pub opts_ok: bool,
    pub doc: Option<String>,
}

impl<'a> Entity<'a> {
    /// Parses `input`. A wrong shape (enum, tuple struct, generics) is returned as the error;
    /// attribute parse errors go to `acc` and the entity is still built (fields whose
    /// attributes failed are marked `opts_ok = false`), so the checks can report more.
    pub fn from_ast(
        input: &'a DeriveInput,
        acc: &mut darling::error::Accumulator,
    ) -> darling::Result<Self> {
        let named = shape(input)?;
        let opts = acc.handle(EntityOpts::from_derive_input(input));
        let opts_ok = opts.is_some();
        let mut fields = Vec::with_capacity(named.len());
        for field in named {
            let Some(ident) = field.ident.as_ref() else {
                continue;
            };
            let opts = acc.handle(FieldOpts::from_field(field));
            let (inner_ty, optional) = match option_inner(&field.ty) {
                Some(inner) => (inner, true),
                None => (&field.ty, false),
            };
            fields.push(Column {
                ident,
                name: unraw(ident),
                ty: &field.ty,
                inner_ty,
                optional,
                opts_ok: opts.is_some(),
                opts: opts.unwrap_or_default(),
                doc: doc_comment(&field.attrs),
            });
        }
        let entity = Entity {
            ident: &input.ident,
            opts: opts.unwrap_or_default(),
            opts_ok,
            doc: doc_comment(&input.attrs),
            fields,
        };
        Ok(entity)
    }

    /// The persisted fields (not `skip`).
    pub fn columns(&self) -> impl Iterator<Item = &Column<'a>> {
        self.fields.iter().filter(|f| !f.opts.skip.is_present())
    }

    /// The primary key field: the one marked `primary_key`, else a field named `id`.
    pub fn primary_key(&self) -> Option<&Column<'a>> {
        self.columns()
            .find(|f| f.opts.primary_key.is_present())
            .or_else(|| self.columns().find(|f| f.name == "id"))
    }

    pub fn field(&self, name: &str) -> Option<&Column<'a>> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn rust_name(&self) -> String {
        unraw(self.ident)
    }
}

impl Column<'_> {
    /// Column name: `column = "..."` or the field name.
    pub fn column_name(&self) -> String {
        match &self.opts.column {
            Some(c) => c.as_str().to_string(),
            None => self.name.clone(),
        }
    }

    /// Is the (non-`Option`) type written as this single-segment name, e.g. `String`?
    pub fn inner_is(&self, name: &str) -> bool {
        last_segment(self.inner_ty).is_some_and(|s| s.ident == name && s.arguments.is_none())
    }
}

/// The named fields of a plain struct, or an error saying what to use instead.
fn shape(
    input: &DeriveInput,
) -> darling::Result<&syn::punctuated::Punctuated<syn::Field, syn::Token![,]>> {
    let fields =
        match &input.data {
            syn::Data::Struct(s) => &s.fields,
            syn::Data::Enum(e) => return Err(darling::Error::custom(
                "`#[derive(DataModel)]` describes a table and needs a struct with named fields; \
                 for a fieldless enum stored in a column use `#[derive(DataModelEnum)]`",
            )
            .with_span(&e.enum_token)),
            syn::Data::Union(u) => {
                return Err(darling::Error::custom(
                    "`#[derive(DataModel)]` needs a struct with named fields, not a union",
                )
                .with_span(&u.union_token))
            }
        };
    let syn::Fields::Named(named) = fields else {
        return Err(darling::Error::custom(
            "`#[derive(DataModel)]` needs named fields (each field is a column): \
             write `struct Name { id: i64, .. }` instead of a tuple or unit struct",
        )
        .with_span(&input.ident));
    };
    if let Some(param) = input.generics.params.first() {
        return Err(darling::Error::custom(
            "`#[derive(DataModel)]` does not support generic structs: an entity is one table \
             with fixed column types; remove the generic parameters (use concrete types)",
        )
        .with_span(param));
    }
    Ok(&named.named)
}

fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        Type::Group(g) => last_segment(&g.elem),
        Type::Paren(p) => last_segment(&p.elem),
        _ => None,
    }
}

/// `T` of a type written `Option<T>` (any path ending in `Option`).
pub fn option_inner(ty: &Type) -> Option<&Type> {
    let seg = last_segment(ty)?;
    if seg.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &seg.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) if args.args.len() == 1 => Some(t),
        _ => None,
    }
}

/// The identifier without a leading `r#`.
pub fn unraw(ident: &Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_string).unwrap_or(s)
}

/// The type as written, without the token printer's spaces: `Option<Vec<u8>>`.
pub fn type_string(ty: &syn::Type) -> String {
    let raw = ty.to_token_stream().to_string();
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            let prev = out.chars().last().unwrap_or(' ');
            let next = chars.peek().copied().unwrap_or(' ');
            if matches!(prev, '<' | ':' | '&' | '(' | '[')
                || matches!(next, '<' | '>' | ':' | ',' | ';' | ')' | ']')
            {
                continue;
            }
        }
        out.push(c);
    }
    out
}
