//! # datamodel
//!
//! Annotate structs with `#[derive(DataModel)]` and `#[datamodel(...)]` attributes; the
//! compiler rejects data-model mistakes, and `cargo datamodel` renders the data-model
//! document and DDL for PostgreSQL, MySQL/MariaDB and SQLite from the same structs.
//!
//! This crate is compiled by every user crate, so it stays small: the model types (serde),
//! the [`DataModel`] and [`SqlType`] traits, the registration used for collection, and the
//! cross-entity validation pass. Everything heavy lives in `cargo-datamodel`.
//!
//! ```
//! use datamodel::DataModel;
//!
//! /// A registered user.
//! #[derive(DataModel)]
//! struct User {
//!     #[datamodel(primary_key)]
//!     id: i64,
//!     #[datamodel(max_length = 255, unique)]
//!     email: String,
//!     #[datamodel(default = "true")]
//!     active: bool,
//! }
//!
//! let e = <User as DataModel>::entity();
//! assert_eq!(e.table, "users");
//! assert_eq!(e.fields.len(), 3);
//! ```
//!
//! ## What you use
//!
//! - [`DataModel`] (`#[derive(DataModel)]`): one struct, one table. Every attribute is listed
//!   in `docs/attributes.md` of the repository; mistakes the compiler can see are compile
//!   errors at the attribute, with the fix in the message.
//! - [`DataModelEnum`] (`#[derive(DataModelEnum)]`): a fieldless enum stored as a `VARCHAR`
//!   with a `CHECK (col IN (...))` of its values (`rename_all`, per-variant `rename`).
//! - Column types: the [`SqlType`] trait maps a Rust type to a [`ColumnType`]: integers,
//!   floats, `bool`, `String`, `Vec<u8>`, `Option<T>` (nullable), [`Json<T>`], and with the
//!   cargo features `chrono`, `time`, `uuid`, `rust_decimal`, `serde_json` their date/time,
//!   UUID, decimal and JSON types. Implement [`SqlType`] for your own types.
//! - [`entities!`]: lists entities explicitly, where link-time registration can't work.
//!
//! ## The model, a versioned wire format
//!
//! [`Model`] (a list of [`Entity`]) is what `cargo datamodel` collects from your crate: the
//! collector serializes it as JSON with [`model::DUMP_FORMAT_VERSION`], and the CLI refuses
//! a dump of another version with a message saying which side to upgrade. Fields added later
//! default when absent, so a newer CLI reads an older dump of the same format version.
//!
//! `naming` and `validate` are shared with `cargo datamodel` (the derive names tables with the
//! same rules the CLI checks); they are not part of what your code calls.

pub mod model;
#[doc(hidden)]
pub mod naming;
pub mod types;
#[doc(hidden)]
pub mod validate;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use datamodel_macros::{DataModel, DataModelEnum};
pub use model::{ColumnType, Entity, Model};
pub use types::{Json, SqlType};

/// A struct that is one entity (one table) of the data model. Implemented by
/// `#[derive(DataModel)]`; do not implement it by hand.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a datamodel entity",
    label = "`{Self}` does not derive `DataModel`",
    note = "add `#[derive(DataModel)]` to `{Self}`, or point the relation at a struct that has it"
)]
pub trait DataModel {
    /// The Rust type of the primary key column (foreign keys to this entity must use it).
    type PrimaryKey: ?Sized;
    /// The entity's table name (the derive computes it without building the whole entity,
    /// so relations can name each other's tables without recursion).
    fn table_name() -> String {
        Self::entity().table
    }
    /// The entity's metadata.
    fn entity() -> Entity;
}

/// Lists entities explicitly, for setups where automatic registration cannot work (for
/// example a platform where `inventory`'s link-time collection is unsupported, or a crate
/// that wants to dump only some of its entities). Expands to a function `datamodel_entities()`
/// returning them sorted. Invoke it once at the crate root and set `collect = "explicit"` in `[package.metadata.datamodel]`: `cargo datamodel` then calls `your_crate::datamodel_entities()` instead of reading the registry.
///
/// ```
/// use datamodel::DataModel;
/// #[derive(DataModel)]
/// struct Tag { #[datamodel(primary_key)] id: i64 }
/// datamodel::entities!(Tag);
/// assert_eq!(datamodel_entities()[0].table, "tags");
/// ```
#[macro_export]
macro_rules! entities {
    ($($ty:ty),* $(,)?) => {
        /// The entities listed with `datamodel::entities!`, sorted by type path.
        pub fn datamodel_entities() -> ::std::vec::Vec<$crate::Entity> {
            let mut v = ::std::vec![$(<$ty as $crate::DataModel>::entity()),*];
            v.sort_by(|a, b| a.type_path.cmp(&b.type_path));
            v
        }
    };
}
