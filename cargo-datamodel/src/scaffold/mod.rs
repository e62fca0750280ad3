//! `cargo datamodel new` and `cargo datamodel init`: the seed's on-ramp from words to
//! annotated structs and a configured package.
//!
//! One file per concern: [`nouns`] (the documented table of well-known nouns), [`infer`] (Step 1
//! for an entity list), [`draft`] (the drafted model and the inferences shown to the user),
//! [`prd`] (the rule engine of `new --from`, Step 3's extraction tables), [`writer`] (the Rust code), [`manifest`] (Cargo.toml edits with `toml_edit`), [`questions`] (the six questions of `init`).

pub mod draft;
pub mod infer;
pub mod manifest;
pub mod nouns;
pub mod prd;
pub mod questions;
pub mod writer;
