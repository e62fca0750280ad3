//! `index(fields(..), unique, where = "..", method = "..", include(..), name = "..")` per
//! imported index. What the derive can't say is noted instead: a junction table's indexes
//! (the derive makes its own), descending columns, an index on a column that is not a
//! field, a WHERE the SQL guard refuses.

use super::idents::{attr_name, lit};
use super::{Emitter, StructOut};
use crate::schema::sql_guard::{check_fragment, FragmentKind};
use crate::schema::{Index, Table};
use datamodel::model::IndexMethod;
use std::collections::HashMap;

impl Emitter<'_> {
    /// The `index(..)` attributes of `t` (`field_of`: column -> field name).
    pub(super) fn indexes(
        &mut self,
        t: &Table,
        field_of: &HashMap<String, String>,
        junction: bool,
        tline: Option<u32>,
        s: &mut StructOut,
    ) {
        for ix in &t.indexes {
            let what = format!("table `{}`, index `{}`", t.name, ix.name);
            if junction {
                let reverse = !ix.unique
                    && ix.columns.len() == 1
                    && t.primary_key.columns.get(1) == Some(&ix.columns[0].name);
                let w = if reverse {
                    format!("{what}: a junction table gets the index on its second key column under the derive's name")
                } else {
                    format!("{what}: indexes of a junction table are not expressible; not emitted")
                };
                self.struct_note(s, tline, w);
                continue;
            }
            if let Some(attr) = self.index_attr(ix, &what, field_of, tline, s) {
                s.attrs.push(attr);
            }
        }
    }

    /// The `index(..)` attribute of `ix`, or `None` (with a note) when one of its columns
    /// is not a field.
    fn index_attr(
        &mut self,
        ix: &Index,
        what: &str,
        field_of: &HashMap<String, String>,
        tline: Option<u32>,
        s: &mut StructOut,
    ) -> Option<String> {
        let mut fields = Vec::new();
        let mut missing = false;
        for col in &ix.columns {
            match field_of.get(&col.name) {
                Some(f) => fields.push(f.clone()),
                None => missing = true,
            }
            if col.descending {
                let w = format!(
                    "{what}: `{}` is descending; the derive's indexes are ascending",
                    col.name
                );
                self.struct_note(s, tline, w);
            }
        }
        if missing || fields.is_empty() {
            let w = format!("{what}: a column is not a field; not emitted");
            self.struct_note(s, tline, w);
            return None;
        }
        let mut parts = vec![format!("fields({})", fields.join(", "))];
        if ix.unique {
            parts.push("unique".into());
        }
        if let Some(p) = &ix.predicate {
            match check_fragment(p, FragmentKind::IndexWhere) {
                Ok(_) => parts.push(format!("where = {}", lit(p))),
                Err(why) => {
                    let w = format!(
                        "{what}: the WHERE is not emitted (the index covers every row): {why}"
                    );
                    self.struct_note(s, tline, w);
                }
            }
        }
        match ix.method {
            IndexMethod::Btree => {}
            m => parts.push(format!(
                "method = \"{}\"",
                format!("{m:?}").to_ascii_lowercase()
            )),
        }
        let inc: Vec<String> = ix
            .include
            .iter()
            .filter_map(|c| field_of.get(c).cloned())
            .collect();
        if inc.len() != ix.include.len() {
            let w = format!("{what}: an INCLUDE column is not a field; left out");
            self.struct_note(s, tline, w);
        }
        if !inc.is_empty() {
            parts.push(format!("include({})", inc.join(", ")));
        }
        if !ix.name.is_empty() {
            parts.push(format!("name = {}", lit(&attr_name(&ix.name).0)));
        }
        Some(format!("index({})", parts.join(", ")))
    }
}
