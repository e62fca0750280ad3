//! Small wording helpers shared by the sections: counted nouns, code spans, "a, b and c".

use crate::schema::{Column, ColumnOrigin, Table};

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

pub(super) fn code_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub(super) fn column_of(t: &Table, origin: ColumnOrigin) -> Option<&Column> {
    t.columns.iter().find(|c| c.origin == origin)
}
