//! Code generation for `#[derive(DataModel)]`.
//!
//! Emits three things, all ordinary code: `impl DataModel` (its `entity()` builds the
//! `datamodel::Entity` at run time through small helpers in
//! `datamodel::__private`, which keeps the expansion compact), a `const _` block with the
//! compile-time assertions the macro cannot decide itself (trait bounds on the field types,
//! spanned at the offending attribute so the compiler's error points there), and one
//! `inventory::submit!` registering the entity for `cargo datamodel`.

use crate::ast::{Column, Entity};
use crate::attr::{DeleteOpt, InheritanceOpt, MethodOpt, PkOpt, RefAction, SqlText, TenancyOpt};
use crate::check;
use darling::util::PathList;
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned, ToTokens};
use syn::DeriveInput;

/// Parses, checks and expands one struct.
pub fn derive(input: &DeriveInput) -> darling::Result<TokenStream> {
    // The accumulator panics if dropped unfinished, so every path goes through `finish`.
    let mut acc = darling::Error::accumulator();
    let entity = Entity::from_ast(input, &mut acc);
    let entity = acc.handle(entity);
    if let Some(entity) = &entity {
        check::check(&mut acc, entity);
    }
    let placeholder = entity.as_ref().and_then(placeholder_impl);
    let entity = match acc.finish_with(entity) {
        Ok(entity) => entity,
        Err(errors) => {
            // The errors, plus an `impl DataModel` that never runs (the crate doesn't
            // compile): other structs' `belongs_to = ThisStruct` then don't add a misleading
            // "is not a datamodel entity" error to the real ones.
            let mut out = errors.write_errors();
            out.extend(placeholder);
            return Ok(out);
        }
    };
    // `entity` is `Some` here: a `None` came with an error that `finish_with` returned.
    Ok(entity.map(|e| expand(&e)).unwrap_or_default())
}

/// `impl DataModel` for a struct whose derive failed, with its primary key type when one is
/// recognisable (so foreign keys to it are still checked against the right type); `None`
/// when there is no key to name (that is then among the errors).
fn placeholder_impl(e: &Entity) -> Option<TokenStream> {
    let ident = e.ident;
    let pk = e.primary_key()?.ty;
    Some(quote! {
        #[automatically_derived]
        impl ::datamodel::DataModel for #ident {
            type PrimaryKey = #pk;
            fn entity() -> ::datamodel::Entity {
                ::core::unreachable!("the derive of this struct failed; the crate does not compile")
            }
        }
    })
}

fn expand(e: &Entity) -> TokenStream {
    let ident = e.ident;
    let o = &e.opts;
    let rust_name = e.rust_name();
    let span = ident.span();
    let here = quote_spanned!(span=> ::core::file!(), ::core::line!());

    let table = match &o.table {
        Some(t) => {
            let t = t.as_str();
            quote!(#t.into())
        }
        None => quote!(::datamodel::__private::default_table_name(#rust_name)),
    };
    let pk_type = match (e.primary_key(), &o.extends) {
        (Some(pk), _) => pk.ty.to_token_stream(),
        (None, Some(parent)) => {
            quote_spanned!(path_span(parent)=> <#parent as ::datamodel::DataModel>::PrimaryKey)
        }
        (None, None) => quote!(()),
    };

    let mut sets = Vec::new();
    if o.table.is_some() {
        sets.push(quote!(e.table_overridden = true;));
    }
    if let Some(c) = o.comment.as_ref().or(e.doc.as_ref()) {
        sets.push(quote!(e.comment = __dm::some(#c);));
    }
    if let Some(from) = &o.renamed_from {
        sets.push(quote!(e.renamed_from = __dm::some(#from);));
    }
    if let Some(d) = o.delete {
        let v = match d {
            DeleteOpt::Soft => quote!(Soft),
            DeleteOpt::Hard => quote!(Hard),
            DeleteOpt::Archival => quote!(Archival),
        };
        sets.push(quote!(e.delete = Some(__dm::DeleteStrategy::#v);));
    }
    if let Some(t) = o.tenancy {
        let v = match t {
            TenancyOpt::Scoped => quote!(Scoped),
            TenancyOpt::Global => quote!(Global),
        };
        sets.push(quote!(e.tenancy = Some(__dm::TenantScope::#v);));
    }
    if let Some(p) = o.pk {
        let v = match p {
            PkOpt::Bigint => quote!(BigintIdentity),
            PkOpt::Uuid => quote!(Uuid),
        };
        sets.push(quote!(e.pk_strategy = Some(__dm::PkStrategy::#v);));
    }
    for (flag, name) in [
        (o.public_uuid.is_present(), quote!(public_uuid)),
        (o.junction.is_present(), quote!(junction)),
        (o.append_only.is_present(), quote!(append_only)),
        (o.abstract_parent.is_present(), quote!(abstract_parent)),
        (o.version.is_present(), quote!(version)),
        (o.allow_polymorphic.is_present(), quote!(allow_polymorphic)),
    ] {
        if flag {
            sets.push(quote!(e.#name = true;));
        }
    }
    if !o.unique.is_empty() {
        let keys = o.unique.iter().map(|u| {
            let f = names(u);
            quote!(__dm::UniqueKey { name: None, fields: __dm::strings(&[#(#f),*]) })
        });
        sets.push(quote!(e.uniques = ::std::vec![#(#keys),*];));
    }
    if !o.index.is_empty() {
        let defs = o.index.iter().map(|i| {
            let name = opt_str(i.name.as_deref());
            let fields = names(&i.fields);
            let unique = i.unique.is_present();
            let where_clause = opt_str(i.where_clause.as_deref());
            let method = match i.method.unwrap_or(MethodOpt::Btree) {
                MethodOpt::Btree => quote!(Btree),
                MethodOpt::Gin => quote!(Gin),
                MethodOpt::Brin => quote!(Brin),
                MethodOpt::Hash => quote!(Hash),
            };
            let include = names(&i.include);
            quote!(__dm::IndexDef {
                name: #name, fields: __dm::strings(&[#(#fields),*]), unique: #unique,
                where_clause: #where_clause, method: __dm::IndexMethod::#method,
                include: __dm::strings(&[#(#include),*]),
            })
        });
        sets.push(quote!(e.indexes = ::std::vec![#(#defs),*];));
    }
    if !o.query.is_empty() {
        let defs = o.query.iter().map(|q| {
            let name = &q.name;
            let sort: Vec<String> = q
                .sort
                .0
                .iter()
                .map(|k| {
                    let n = k
                        .path
                        .get_ident()
                        .map(crate::ast::unraw)
                        .unwrap_or_default();
                    if k.desc {
                        format!("-{n}")
                    } else {
                        n
                    }
                })
                .collect();
            let (eq, range) = (names(&q.eq), names(&q.range));
            quote!(__dm::QueryPattern {
                name: #name.into(), equality: __dm::strings(&[#(#eq),*]),
                sort: __dm::strings(&[#(#sort),*]), range: __dm::strings(&[#(#range),*]),
            })
        });
        sets.push(quote!(e.query_patterns = ::std::vec![#(#defs),*];));
    }
    if !o.check.is_empty() {
        let c = &o.check;
        sets.push(
            quote!(e.checks = ::std::vec![#(__dm::CheckDef { name: None, expr: #c.into() }),*];),
        );
    }
    if let Some(a) = &o.audit {
        let a = a.clone().unwrap_or_default();
        let history = a.history.is_present();
        let actor = match a.actor {
            Some(t) => quote!(Some(__dm::type_path::<#t>())),
            None => quote!(None),
        };
        sets.push(quote!(e.audit = Some(__dm::Audit { actor: #actor, history: #history });));
    }
    if let Some(r) = &o.retention {
        let ttl = opt_str(r.ttl.as_ref().map(|t| t.as_str()));
        let hold = r.legal_hold.is_present();
        let after_delete = r.after_delete.is_present();
        sets.push(quote!(e.retention = Some(__dm::Retention { ttl: #ttl, legal_hold: #hold, after_delete: #after_delete });));
    }
    if let Some(g) = &o.group {
        sets.push(quote!(e.group = __dm::some(#g);));
    }
    if !o.many_to_many.is_empty() {
        let defs = o.many_to_many.iter().map(|m| {
            let target = &m.target;
            let junction = match (&m.junction, &m.through) {
                (Some(j), _) => quote!(#j.into()),
                (None, Some(t)) => quote!(<#t as ::datamodel::DataModel>::table_name()),
                (None, None) => quote!(__dm::junction_name(#rust_name, &<#target as ::datamodel::DataModel>::table_name())),
            };
            let through = match &m.through {
                Some(t) => quote!(Some(__dm::type_path::<#t>())),
                None => quote!(None),
            };
            quote!(__dm::ManyToMany { target: __dm::type_path::<#target>(), junction_table: #junction, through: #through })
        });
        sets.push(quote!(e.many_to_many = ::std::vec![#(#defs),*];));
    }
    if let Some(parent) = &o.extends {
        let strategy = o
            .inheritance
            .as_deref()
            .copied()
            .unwrap_or(InheritanceOpt::TablePerType);
        let (strategy, value) = match strategy {
            InheritanceOpt::SingleTable => {
                let v = o
                    .discriminator_value
                    .as_ref()
                    .map(|v| v.as_str().to_string())
                    .unwrap_or(rust_name.clone());
                (quote!(SingleTable), quote!(__dm::some(#v)))
            }
            InheritanceOpt::TablePerType => (quote!(TablePerType), quote!(None)),
        };
        sets.push(quote!(e.inheritance = Some(__dm::Inheritance {
            strategy: __dm::InheritanceStrategy::#strategy, parent: __dm::type_path::<#parent>(), discriminator_value: #value,
        });));
    }
    if let Some(d) = &o.discriminator {
        sets.push(quote!(e.discriminator = __dm::some(#d);));
    }
    if !o.allow.is_empty() {
        let a = &o.allow;
        sets.push(quote!(e.allow = __dm::strings(&[#(#a),*]);));
    }
    let primary = e.primary_key().map(|f| f.name.clone());
    let fields = e
        .columns()
        .map(|f| field(f, primary.as_deref() == Some(f.name.as_str())));
    let asserts = assertions(e);

    quote! {
        #[automatically_derived]
        impl ::datamodel::DataModel for #ident {
            type PrimaryKey = #pk_type;
            fn table_name() -> ::std::string::String {
                #table
            }
            fn entity() -> ::datamodel::Entity {
                use ::datamodel::__private as __dm;
                let mut e = __dm::entity::<Self>(#rust_name, ::core::module_path!(), #here, <Self as ::datamodel::DataModel>::table_name());
                #(#sets)*
                e.fields = ::std::vec![#(#fields),*];
                e
            }
        }
        const _: () = {
            #(#asserts)*
            ::datamodel::__private::inventory::submit! {
                ::datamodel::__private::Registration { build: <#ident as ::datamodel::DataModel>::entity }
            }
        };
    }
}

/// `{ let mut f = __dm::field::<Ty>(..); f.key = ..; f }` for one persisted field.
fn field(f: &Column, is_pk: bool) -> TokenStream {
    let o = &f.opts;
    let ty = f.ty;
    let name = &f.name;
    let column = f.column_name();
    let rust_type = crate::ast::type_string(ty);
    let line = quote_spanned!(f.ident.span()=> ::core::line!());
    let mut sets = Vec::new();
    for (flag, key) in [
        (is_pk, quote!(primary_key)),
        (o.text.is_present(), quote!(text)),
        (o.unique.is_present(), quote!(unique)),
        (o.positive.is_present(), quote!(positive)),
        (o.index.is_present(), quote!(index)),
        (o.pii.is_present(), quote!(pii)),
    ] {
        if flag {
            sets.push(quote!(f.#key = true;));
        }
    }
    for (value, key) in [
        (o.max_length.as_ref().map(|v| **v), quote!(max_length)),
        (o.precision.as_ref().map(|v| **v), quote!(precision)),
        (o.scale.as_ref().map(|v| **v), quote!(scale)),
    ] {
        if let Some(v) = value {
            sets.push(quote!(f.#key = Some(#v);));
        }
    }
    let texts: [(Option<&str>, TokenStream); 6] = [
        (
            o.default.as_ref().map(|s: &SqlText| s.text.as_str()),
            quote!(default),
        ),
        (o.check.as_deref(), quote!(check)),
        (o.min.as_ref().map(|s| s.text.as_str()), quote!(min)),
        (o.max.as_ref().map(|s| s.text.as_str()), quote!(max)),
        (o.renamed_from.as_deref(), quote!(renamed_from)),
        (o.comment.as_deref().or(f.doc.as_deref()), quote!(comment)),
    ];
    for (value, key) in texts {
        if let Some(v) = value {
            sets.push(quote!(f.#key = __dm::some(#v);));
        }
    }
    if let Some(target) = &o.belongs_to {
        let on_delete = ref_action(o.on_delete.as_deref().copied());
        let on_update = ref_action(o.on_update.as_deref().copied());
        let one_to_one = o.one_to_one.is_present();
        sets.push(quote!(f.belongs_to = __dm::fk::<#target>(#on_delete, #on_update, #one_to_one);));
    }
    if !o.allow.is_empty() {
        let a = &o.allow;
        sets.push(quote!(f.allow = __dm::strings(&[#(#a),*]);));
    }
    if sets.is_empty() {
        quote!(__dm::field::<#ty>(#name, #column, #rust_type, #line))
    } else {
        quote!({ let mut f = __dm::field::<#ty>(#name, #column, #rust_type, #line); #(#sets)* f })
    }
}

fn ref_action(a: Option<RefAction>) -> TokenStream {
    let v = match a {
        None => return quote!(None),
        Some(RefAction::Cascade) => quote!(Cascade),
        Some(RefAction::Restrict) => quote!(Restrict),
        Some(RefAction::SetNull) => quote!(SetNull),
        Some(RefAction::NoAction) => quote!(NoAction),
    };
    quote!(Some(__dm::RefAction::#v))
}

/// The compile-time checks that need the compiler's type information, each spanned at the
/// attribute or field it is about.
fn assertions(e: &Entity) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let call = |span: Span, f: &str, args: TokenStream| {
        let f = syn::Ident::new(f, span);
        let args = respan(args, span);
        quote_spanned!(span=> ::datamodel::__private::#f::<#args>();)
    };
    for f in e.columns() {
        let o = &f.opts;
        let (ty, inner) = (f.ty, f.inner_ty);
        if let Some(target) = &o.belongs_to {
            let target = &unself(target, e.ident);
            // Not respanned: a bound failing on `Target` is reported at the `belongs_to`
            // value, one failing on the field type at the field's type.
            out.push(quote_spanned!(path_span(target)=> ::datamodel::__private::assert_belongs_to::<#target, #inner>();));
        }
        if let Some(a) = &o.on_delete {
            if **a == RefAction::SetNull {
                out.push(call(a.span(), "assert_nullable", quote!(#ty)));
            }
        }
        if let Some(m) = &o.max_length {
            out.push(call(m.span(), "assert_string", quote!(#ty)));
        }
        if o.text.is_present() {
            out.push(call(o.text.span(), "assert_string", quote!(#ty)));
        }
        if let Some(p) = o.precision.as_ref().or(o.scale.as_ref()) {
            out.push(call(p.span(), "assert_decimal", quote!(#ty)));
        }
    }
    if let Some(actor) = e
        .opts
        .audit
        .clone()
        .and_then(|a| a.unwrap_or_default().actor)
    {
        let actor = unself(&actor, e.ident);
        out.push(call(
            path_span(&actor),
            "assert_entity",
            actor.to_token_stream(),
        ));
    }
    for m in &e.opts.many_to_many {
        // `entity()` already names `<X as DataModel>` for the default junction name (the
        // through struct's table, else the target's): asserting X again would repeat its error.
        if m.junction.is_some() || m.through.is_some() {
            let target = unself(&m.target, e.ident);
            out.push(call(
                path_span(&target),
                "assert_entity",
                target.to_token_stream(),
            ));
        }
        if let (Some(t), Some(_)) = (&m.through, &m.junction) {
            out.push(call(path_span(t), "assert_entity", t.to_token_stream()));
        }
    }
    if let Some(parent) = &e.opts.extends {
        // Without an own key, `type PrimaryKey` already names `<Parent as DataModel>` (spanned
        // at `extends`); with one, it must equal the parent's (table-per-type: it is the FK).
        if let Some(pk) = e.primary_key() {
            let ty = pk.ty;
            out.push(quote_spanned!(path_span(parent)=> ::datamodel::__private::assert_belongs_to::<#parent, #ty>();));
        }
    }
    out
}

/// `Self` in a relation (`belongs_to = Self`) names the struct itself; the assertions live in a
/// `const _` block outside the impl, where `Self` does not exist, so spell the name out.
fn unself(path: &syn::Path, ident: &syn::Ident) -> syn::Path {
    if path.is_ident("Self") {
        let mut own = ident.clone();
        own.set_span(path_span(path));
        own.into()
    } else {
        path.clone()
    }
}

fn path_span(p: &syn::Path) -> Span {
    syn::spanned::Spanned::span(p)
}

/// Gives every token `span`, so a failed bound is reported at the user's attribute.
fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut t| {
            if let TokenTree::Group(g) = &t {
                let mut ng = proc_macro2::Group::new(g.delimiter(), respan(g.stream(), span));
                ng.set_span(span);
                t = TokenTree::Group(ng);
            } else {
                t.set_span(span);
            }
            t
        })
        .collect()
}

/// Field names of a `PathList` as string literals.
fn names(list: &PathList) -> Vec<String> {
    list.iter()
        .map(|p| p.get_ident().map(crate::ast::unraw).unwrap_or_default())
        .collect()
}

fn opt_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(__dm::some(#s)),
        None => quote!(None),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn type_strings_are_compact() {
        let t: syn::Type = syn::parse_quote!(Option<std::collections::Vec<(u8, i32)>>);
        assert_eq!(
            crate::ast::type_string(&t),
            "Option<std::collections::Vec<(u8, i32)>>"
        );
        let t: syn::Type = syn::parse_quote!(&'static [u8; 4]);
        assert_eq!(crate::ast::type_string(&t), "&'static [u8; 4]");
    }
}
#[cfg(test)]
mod size_budget {
    /// The expansion must stay small (the derive's compile cost is benchmarked against serde's
    /// Serialize + Deserialize): roughly one short line per field plus a fixed part.
    #[test]
    fn five_field_struct_expands_to_under_2kb() {
        let input: syn::DeriveInput = syn::parse_quote! {
            /// Doc.
            struct Post {
                id: i64,
                #[datamodel(belongs_to = User, on_delete = "cascade")]
                author_id: i64,
                #[datamodel(max_length = 200)]
                title: String,
                #[datamodel(text)]
                body: Option<String>,
                #[datamodel(default = false)]
                published: bool,
            }
        };
        let out = super::derive(&input).unwrap().to_string();
        assert!(out.len() < 2048, "{} bytes:\n{out}", out.len());
        assert_eq!(out.matches("inventory :: submit !").count(), 1);
    }
}
