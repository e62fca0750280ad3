//! Migrations: the steps that take a database from one Schema to the next, each classified
//! Safe / Caution / Breaking (seed: brownfield mode). Today the steps describe creating the
//! model and changing live copies of its tables ([`playbook`]); the document's migration
//! playbook reads them. A differ of two Schemas is meant to emit the same [`Step`]s.

mod playbook;

pub use playbook::{not_null_without_default, playbook, Safety, Step};
