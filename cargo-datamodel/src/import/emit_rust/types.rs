//! The Rust type of a column, with the attributes that pin its SQL type (`max_length`,
//! `text`, `precision`, `scale`) and the crate features the type needs. Types the derive
//! can't say (an opaque `tsvector`, a native ENUM stored differently) are noted, never
//! dropped: an opaque type becomes `String` (TEXT) with a TODO.

use super::{column_at, Emitter, FieldOut};
use crate::schema::{Column, ImportedType, Table};
use datamodel::model::ColumnType;

impl Emitter<'_> {
    /// The Rust type of `c`; attributes and notes go to `f`.
    pub(super) fn rust_type(&mut self, t: &Table, c: &Column, f: &mut FieldOut) -> String {
        if let Some(ident) = self.enum_type(t, c, f) {
            return ident;
        }
        if let Some(ty) = self.imported_type(t, c, f) {
            return ty;
        }
        self.model_type(c, f)
    }

    /// The enum's ident when the column is one of the emitted enums, with a note when its
    /// storage changes (the derive stores an enum as `VARCHAR(longest value)` + CHECK).
    fn enum_type(&mut self, t: &Table, c: &Column, f: &mut FieldOut) -> Option<String> {
        let line = c.source_line;
        let at = column_at(t, c);
        let key = self.enum_columns.get(&format!("{}.{}", t.name, c.name))?;
        let en = &self.enums[key];
        let longest = en
            .values
            .iter()
            .map(|v| v.chars().count())
            .max()
            .unwrap_or(0);
        let ident = en.ident.clone();
        if let Some(ImportedType::NativeEnum) = c.imported_type {
            self.note(f, line, format!("{at}: the native ENUM type becomes VARCHAR({longest}) with a CHECK of its values"));
        } else if c.max_length.is_some_and(|n| n as usize != longest) || c.max_length.is_none() {
            let was = c
                .max_length
                .map_or("TEXT".to_string(), |n| format!("VARCHAR({n})"));
            self.note(f, line, format!("{at}: {was} with a CHECK IN list becomes an enum, stored as VARCHAR({longest})"));
        }
        Some(ident)
    }

    /// What the import kept of a type the model doesn't say exactly: `String` (TEXT) for
    /// an opaque type; a note for the ones the model renders differently.
    fn imported_type(&mut self, t: &Table, c: &Column, f: &mut FieldOut) -> Option<String> {
        let line = c.source_line;
        let at = column_at(t, c);
        match &c.imported_type {
            Some(ImportedType::Opaque(name)) => {
                self.note(
                    f,
                    line,
                    format!("{at}: TODO: the type `{name}` has no Rust mapping; emitted as `String` (TEXT), so the rendered DDL says TEXT"),
                );
                f.attrs.push("text".into());
                return Some("String".into());
            }
            Some(ImportedType::PlainJson) => self.note(
                f,
                line,
                format!("{at}: `json` is rendered as `jsonb` on PostgreSQL"),
            ),
            Some(ImportedType::VarcharWithoutLength) => self.note(
                f,
                line,
                format!("{at}: VARCHAR without a length is rendered as TEXT"),
            ),
            _ => {}
        }
        None
    }

    /// The Rust type of the model's column type, and the crate feature it needs.
    fn model_type(&mut self, c: &Column, f: &mut FieldOut) -> String {
        match &c.ty {
            ColumnType::SmallInt => "i16".into(),
            ColumnType::Integer => "i32".into(),
            ColumnType::BigInt => "i64".into(),
            ColumnType::Real => "f32".into(),
            ColumnType::Double => "f64".into(),
            ColumnType::Boolean => "bool".into(),
            ColumnType::String | ColumnType::Enum { .. } => {
                match c.max_length {
                    Some(n) if n > 0 => f.attrs.push(format!("max_length = {n}")),
                    _ => f.attrs.push("text".into()),
                }
                "String".into()
            }
            ColumnType::Bytes => "Vec<u8>".into(),
            ColumnType::Uuid => {
                self.features.insert("uuid");
                "::uuid::Uuid".into()
            }
            ColumnType::Decimal => {
                self.features.insert("rust_decimal");
                if let Some(p) = c.precision {
                    f.attrs.push(format!("precision = {p}"));
                    if let Some(s) = c.scale {
                        f.attrs.push(format!("scale = {s}"));
                    }
                }
                "::rust_decimal::Decimal".into()
            }
            ColumnType::Json => {
                self.features.insert("serde_json");
                "::serde_json::Value".into()
            }
            ColumnType::Timestamp { with_time_zone } => {
                self.features.insert("chrono");
                if *with_time_zone {
                    "::chrono::DateTime<::chrono::Utc>".into()
                } else {
                    "::chrono::NaiveDateTime".into()
                }
            }
            ColumnType::Date => {
                self.features.insert("chrono");
                "::chrono::NaiveDate".into()
            }
            ColumnType::Time => {
                self.features.insert("chrono");
                "::chrono::NaiveTime".into()
            }
        }
    }

    /// The type and attributes `c` of `t` would get, without its warnings (they are the
    /// other table's, reported there).
    pub(super) fn quiet_field(&mut self, t: &Table, c: &Column) -> FieldOut {
        let mut scratch = FieldOut::named(String::new());
        let before = self.warnings.len();
        scratch.ty = self.rust_type(t, c, &mut scratch);
        self.warnings.truncate(before);
        scratch
    }

    /// The Rust type of `table`'s single-column primary key.
    pub(super) fn pk_type_of(&mut self, table: &str) -> Option<String> {
        let t = self.schema.table(table)?;
        let [pk] = t.primary_key.columns.as_slice() else {
            return None;
        };
        let c = t.column(pk)?.clone();
        let t = t.clone();
        Some(self.quiet_field(&t, &c).ty)
    }
}
