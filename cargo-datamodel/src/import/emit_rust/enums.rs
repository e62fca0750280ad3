//! `DataModelEnum`s: one per native enum type (shared by its columns) and one per text
//! column with a single `CHECK (col IN (...))` list, whose CHECK the enum then replaces.
//! Values with control characters keep the column a `String` (the derive refuses them).

use super::idents::{lit, type_ident};
use super::{Emitter, EnumOut};
use crate::schema::{CheckRule, Column, Table};
use datamodel::model::ColumnType;
use std::collections::BTreeSet;

impl Emitter<'_> {
    /// The enums to emit and which columns use them.
    pub(super) fn find_enums(&mut self) {
        for t in &self.schema.tables {
            for c in &t.columns {
                let Some((key, values)) = enum_values(t, c) else {
                    continue;
                };
                if values.is_empty() || values.iter().any(|v| v.chars().any(char::is_control)) {
                    continue;
                }
                if !self.enums.contains_key(&key) {
                    let ident = self.new_type_name(type_ident(&key, false));
                    let module = self.modules[&t.name].clone();
                    self.enums.insert(
                        key.clone(),
                        EnumOut {
                            ident,
                            module,
                            values,
                        },
                    );
                }
                self.enum_columns
                    .insert(format!("{}.{}", t.name, c.name), key);
            }
        }
    }
}

/// The enum key and values of a column: a native enum's type name, or `table_column` for a
/// text column with exactly one IN list.
fn enum_values(t: &Table, c: &Column) -> Option<(String, Vec<String>)> {
    match &c.ty {
        ColumnType::Enum { name, values } => Some((name.clone(), values.clone())),
        ColumnType::String => {
            let lists: Vec<&Vec<String>> = t
                .checks
                .iter()
                .filter_map(|k| match &k.rule {
                    CheckRule::In { column, values } if *column == c.name => Some(values),
                    _ => None,
                })
                .collect();
            match lists.as_slice() {
                [values] => Some((format!("{}_{}", t.name, c.name), (*values).clone())),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The source of one enum: a variant per value, renamed to the value.
pub(super) fn enum_source(en: &EnumOut) -> String {
    let mut s =
        String::from("#[derive(Debug, Clone, Copy, PartialEq, Eq, datamodel::DataModelEnum)]\n");
    s.push_str(&format!("pub enum {} {{\n", en.ident));
    let mut used = BTreeSet::new();
    for v in &en.values {
        let mut ident = type_ident(v, false);
        if ident.starts_with('T') && !v.starts_with(['t', 'T']) {
            ident = format!("V{}", &ident[1..]);
        }
        let base = ident.clone();
        let mut n = 2;
        while !used.insert(ident.clone()) {
            ident = format!("{base}{n}");
            n += 1;
        }
        s.push_str(&format!(
            "    #[datamodel(rename = {})]\n    {ident},\n",
            lit(v)
        ));
    }
    s.push_str("}\n\n");
    s
}
