//! Migrations: the steps that take a database from one Schema to the next, each classified
//! Safe / Caution / Breaking (seed: brownfield mode). [`playbook`] describes creating the model
//! and changing live copies of its tables (the document's migration playbook reads it);
//! [`diff`] lists the changes between two Schemas (a committed snapshot and the current
//! structs, kept by [`snapshot`]), [`render`] spells them per engine, [`layout`] writes them
//! as the files of one migration tool and [`history`] remembers what each migration did for
//! the document (issue 18).

mod diff;
pub mod history;
pub mod layout;
pub(crate) mod playbook;
pub mod render;
pub mod snapshot;

pub use diff::{diff, Change};
pub(crate) use diff::{same_check, same_fk, same_index};
pub use playbook::{not_null_without_default, playbook, Safety, Step};
