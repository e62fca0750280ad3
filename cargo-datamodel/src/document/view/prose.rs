//! The wording helpers the sections share ([`crate::prose`]) and the lookup of a table's
//! added column by its origin.

pub(super) use crate::prose::{and_list, code_list, plural};
use crate::schema::{Column, ColumnOrigin, Table};

pub(super) fn column_of(t: &Table, origin: ColumnOrigin) -> Option<&Column> {
    t.columns.iter().find(|c| c.origin == origin)
}
