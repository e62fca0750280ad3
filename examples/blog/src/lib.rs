//! The data model of a small blogging platform.
//!
//! Authors write posts, readers comment on them, posts are tagged. Every table is declared by
//! a plain Rust struct with `#[derive(DataModel)]`; run `cargo datamodel plan` (or, from the
//! repository root, `cargo run -p cargo-datamodel -- datamodel --manifest-path
//! examples/blog/Cargo.toml`) to see the plan of this model.
//!
//! The structs are ordinary Rust: the application uses them as its row types, and the
//! `#[datamodel(...)]` attributes say what the type system can't (lengths, keys, relations and
//! what happens on delete, the queries the app runs).

pub mod accounts;
pub mod content;
pub mod moderation;

// Internal bookkeeping that is not part of the crate's API: `cargo datamodel` still finds it.
mod audit;

pub use accounts::{User, UserProfile, UserRole};
pub use content::{Post, PostStatus, PostTag, Tag};
pub use moderation::Comment;
