//! Code generation for `#[derive(DataModelEnum)]`: a fieldless enum becomes one VARCHAR column
//! with `CHECK (col IN (...))`, via an `impl SqlType` returning `ColumnType::Enum`.
//!
//! Values are the variant names after `rename_all` / per-variant `rename`; duplicates after
//! renaming are an error. Native database ENUM types are never produced.

use crate::attr::{EnumOpts, RenameAll, VariantOpts};
use darling::{FromDeriveInput, FromVariant};
use heck::{ToKebabCase, ToLowerCamelCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;
use syn::DeriveInput;

pub fn derive(input: &DeriveInput) -> darling::Result<TokenStream> {
    let syn::Data::Enum(data) = &input.data else {
        return Err(darling::Error::custom(
            "`#[derive(DataModelEnum)]` maps a fieldless enum to a column; \
             for a struct describing a table use `#[derive(DataModel)]`",
        )
        .with_span(&input.ident));
    };
    if let Some(param) = input.generics.params.first() {
        return Err(darling::Error::custom(
            "`#[derive(DataModelEnum)]` does not support generic enums: remove the generic parameters",
        )
        .with_span(param));
    }
    let mut acc = darling::Error::accumulator();
    let opts = acc
        .handle(EnumOpts::from_derive_input(input))
        .unwrap_or_default();
    if opts.native_enum.is_present() {
        acc.push(crate::check::native_enum_error().with_span(&opts.native_enum.span()));
    }
    if data.variants.is_empty() {
        acc.push(
            darling::Error::custom(
                "an enum column needs at least one variant (its allowed values)",
            )
            .with_span(&input.ident),
        );
    }
    let mut values: Vec<String> = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for v in &data.variants {
        if !matches!(v.fields, syn::Fields::Unit) {
            acc.push(
                darling::Error::custom(format!(
                    "variant `{}` has fields, but a `DataModelEnum` is stored as one string value: \
                     remove the fields, or store this type as JSON (`datamodel::Json<T>`)",
                    v.ident
                ))
                .with_span(&v.fields),
            );
            continue;
        }
        let vopts = acc.handle(VariantOpts::from_variant(v)).unwrap_or_default();
        let name = crate::ast::unraw(&v.ident);
        let value = vopts
            .rename
            .unwrap_or_else(|| rename(&name, opts.rename_all));
        if value.chars().any(char::is_control) {
            acc.push(
                darling::Error::custom(format!(
                    "the value {value:?} of variant `{name}` contains a control character \
                     (newline, tab, NUL, ...): stored values must be printable; remove it"
                ))
                .with_span(&v.ident),
            );
        }
        if let Some(first) = seen.get(&value) {
            acc.push(
                darling::Error::custom(format!(
                    "variants `{first}` and `{name}` both map to the value \"{value}\": give one \
                     another value with `#[datamodel(rename = \"...\")]`"
                ))
                .with_span(&v.ident),
            );
        }
        seen.insert(value.clone(), name);
        values.push(value);
    }
    acc.finish()?;
    let ident = &input.ident;
    let name = crate::ast::unraw(ident);
    Ok(quote! {
        #[automatically_derived]
        impl ::datamodel::SqlType for #ident {
            fn column_type() -> ::datamodel::ColumnType {
                ::datamodel::__private::enum_type(#name, &[#(#values),*])
            }
        }
    })
}

fn rename(variant: &str, rule: Option<RenameAll>) -> String {
    match rule {
        None => variant.to_string(),
        Some(RenameAll::Pascal) => variant.to_upper_camel_case(),
        Some(RenameAll::Snake) => variant.to_snake_case(),
        Some(RenameAll::Lower) => variant.to_lowercase(),
        Some(RenameAll::Upper) => variant.to_uppercase(),
        Some(RenameAll::ScreamingSnake) => variant.to_shouty_snake_case(),
        Some(RenameAll::Kebab) => variant.to_kebab_case(),
        Some(RenameAll::Camel) => variant.to_lower_camel_case(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rename_rules() {
        let cases = [
            (None, "InReview"),
            (Some(RenameAll::Snake), "in_review"),
            (Some(RenameAll::Lower), "inreview"),
            (Some(RenameAll::Upper), "INREVIEW"),
            (Some(RenameAll::ScreamingSnake), "IN_REVIEW"),
            (Some(RenameAll::Kebab), "in-review"),
            (Some(RenameAll::Camel), "inReview"),
            (Some(RenameAll::Pascal), "InReview"),
        ];
        for (rule, want) in cases {
            assert_eq!(rename("InReview", rule), want, "{rule:?}");
        }
    }
}
