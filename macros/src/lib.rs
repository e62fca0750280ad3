//! Derive macros of the `datamodel` crate: `#[derive(DataModel)]` and `#[derive(DataModelEnum)]`.
//!
//! Each derive is a thin shim: parse (`attr.rs`, darling receivers) -> build the internal
//! model (`ast.rs`) -> cross-field checks (`check.rs`) -> generate code (`expand.rs`,
//! `enum_derive.rs`). Every error is accumulated and reported together as `compile_error!`s
//! at the offending span. The attribute vocabulary is documented in `docs/attributes.md`.
//! Use these macros through the `datamodel` crate, which re-exports them.

mod ast;
mod attr;
mod check;
mod enum_derive;
mod expand;
mod suggest;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Describes a struct as one entity (one table) of the data model. See `docs/attributes.md`.
#[proc_macro_derive(DataModel, attributes(datamodel))]
pub fn derive_data_model(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input)
        .unwrap_or_else(darling::Error::write_errors)
        .into()
}

/// Maps a fieldless enum to a `VARCHAR(n)` column with `CHECK (col IN (...))`.
#[proc_macro_derive(DataModelEnum, attributes(datamodel))]
pub fn derive_data_model_enum(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    enum_derive::derive(&input)
        .unwrap_or_else(darling::Error::write_errors)
        .into()
}
