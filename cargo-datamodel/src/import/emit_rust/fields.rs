//! The attributes of one field: its type ([`super::types`]), `primary_key`, `belongs_to`
//! with the imported actions, the default, the comment, and `Option<..>` for a nullable
//! column. A foreign key the derive can't say (composite, to a non-key, to a table not
//! imported, a second one on the column) is a note, not an attribute.

use super::idents::{action, lit};
use super::{column_at, Emitter, FieldOut};
use crate::schema::sql_guard::{check_fragment, FragmentKind};
use crate::schema::{Column, DefaultValue, ForeignKey, Table};
use datamodel::model::{ColumnType, RefAction};

impl<'a> Emitter<'a> {
    /// Fills `f` (named already) for column `c` of `t`, whose primary key is `pk`.
    pub(super) fn field(
        &mut self,
        t: &Table,
        c: &Column,
        pk: &[String],
        junction: bool,
        f: &mut FieldOut,
    ) {
        let line = c.source_line;
        let at = column_at(t, c);
        let is_pk = pk.len() == 1 && pk[0] == c.name;
        let ty = self.rust_type(t, c, f);
        self.primary_key_attrs(c, &at, is_pk, f);
        let ty = self.foreign_key_attrs(t, c, pk, junction, ty, f);
        self.default_attrs(t, c, &at, &ty, f);
        if let Some(comment) = &c.comment {
            f.attrs.push(format!("comment = {}", lit(comment)));
        }
        if matches!(c.name.as_str(), "created_at" | "updated_at") {
            let ok = !c.nullable && matches!(c.ty, ColumnType::Timestamp { .. });
            if !ok {
                self.note(f, line, format!("{at}: `cargo datamodel` adds `{}` as a NOT NULL timestamp; keep `timestamps = false` in the configuration (see mod.rs)", c.name));
            }
        }
        f.ty = if c.nullable && !(is_pk || junction && pk.contains(&c.name)) {
            format!("Option<{ty}>")
        } else {
            if c.nullable {
                self.note(f, line, format!("{at}: a primary key column is NOT NULL"));
            }
            ty
        };
    }

    /// `primary_key`, and notes where the derive's key differs (engine-generated integers,
    /// random UUIDs) or where a column other than the key is engine-generated.
    fn primary_key_attrs(&mut self, c: &Column, at: &str, is_pk: bool, f: &mut FieldOut) {
        let line = c.source_line;
        if is_pk {
            f.attrs.insert(0, "primary_key".into());
            let integer = matches!(
                c.ty,
                ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt
            );
            if integer && !c.identity && c.default.is_none() {
                self.note(f, line, format!("{at}: the derive makes an integer primary key engine-generated (identity); the original is not"));
            }
            if c.ty == ColumnType::Uuid && c.default.is_none() {
                self.note(
                    f,
                    line,
                    format!("{at}: the derive gives a UUID primary key a random default"),
                );
            }
        } else if c.identity {
            self.note(
                f,
                line,
                format!("{at}: engine-generated, but only a primary key can be one in the derive"),
            );
        }
    }

    /// `belongs_to`, `on_delete`, `on_update` of the column's first expressible foreign
    /// key; returns the field's type, which becomes the referenced key's type if it differs.
    fn foreign_key_attrs(
        &mut self,
        t: &Table,
        c: &Column,
        pk: &[String],
        junction: bool,
        mut ty: String,
        f: &mut FieldOut,
    ) -> String {
        let line = c.source_line;
        let at = column_at(t, c);
        let fks: Vec<&ForeignKey> = t
            .foreign_keys
            .iter()
            .filter(|k| k.columns.contains(&c.name))
            .collect();
        let mut fk_done = false;
        for fk in fks {
            let Some(rt) = self.referenced_table(c, &at, fk, fk_done, f) else {
                continue;
            };
            fk_done = true;
            ty = self.referenced_key_type(c, &at, rt, ty, f);
            self.belongs_to_attrs(c, &at, fk, rt, f);
        }
        if junction && pk.contains(&c.name) && !fk_done {
            self.note(
                f,
                line,
                format!("{at}: junction key without its foreign key"),
            );
        }
        ty
    }

    /// The table `fk` references when the derive can say it as `belongs_to` on `c`, else a
    /// note saying why not (`fk_done`: the column has its `belongs_to` already).
    fn referenced_table(
        &mut self,
        c: &Column,
        at: &str,
        fk: &ForeignKey,
        fk_done: bool,
        f: &mut FieldOut,
    ) -> Option<&'a Table> {
        let line = c.source_line;
        if fk.columns.len() != 1 {
            if fk.columns[0] == c.name {
                self.note(f, line, format!("{at}: the composite foreign key `{}` ({}) -> `{}` is not expressible; not emitted", fk.name, fk.columns.join(", "), fk.ref_table));
            }
            return None;
        }
        if fk_done {
            self.note(
                f,
                line,
                format!(
                    "{at}: a second foreign key `{}` on the column is not expressible; not emitted",
                    fk.name
                ),
            );
            return None;
        }
        let schema = self.schema;
        let Some(rt) = schema.table(&fk.ref_table) else {
            self.note(f, line, format!("{at}: the foreign key `{}` references `{}`, which was not imported; not emitted", fk.name, fk.ref_table));
            return None;
        };
        if rt.primary_key.columns != fk.ref_columns || self.junctions.contains_key(&rt.name) {
            self.note(f, line, format!("{at}: the foreign key `{}` references `{}` ({}), not its single-column primary key; not emitted", fk.name, fk.ref_table, fk.ref_columns.join(", ")));
            return None;
        }
        Some(rt)
    }

    /// The type of `rt`'s primary key (the derive requires equal types): when it differs
    /// from `ty`, the field takes it and the key's type attributes, with a note.
    fn referenced_key_type(
        &mut self,
        c: &Column,
        at: &str,
        rt: &Table,
        ty: String,
        f: &mut FieldOut,
    ) -> String {
        let target_ty = self.pk_type_of(&rt.name).unwrap_or_else(|| ty.clone());
        if target_ty == ty {
            return ty;
        }
        self.note(f, c.source_line, format!("{at}: the column's type becomes `{target_ty}`, the type of `{}`'s primary key (the derive requires equal types)", rt.name));
        f.attrs.retain(|a| {
            !a.starts_with("max_length")
                && a != "text"
                && !a.starts_with("precision")
                && !a.starts_with("scale")
        });
        let rc = rt.column(&rt.primary_key.columns[0]).cloned();
        if let Some(rc) = rc {
            let rt = rt.clone();
            let key = self.quiet_field(&rt, &rc);
            f.attrs.extend(key.attrs);
        }
        target_ty
    }

    /// `belongs_to = Struct`, `on_delete`, and `on_update` when it is not NO ACTION.
    fn belongs_to_attrs(
        &mut self,
        c: &Column,
        at: &str,
        fk: &ForeignKey,
        rt: &Table,
        f: &mut FieldOut,
    ) {
        let mut on_delete = fk.on_delete;
        if on_delete == RefAction::SetNull && !c.nullable {
            self.note(f, c.source_line, format!("{at}: ON DELETE SET NULL on a NOT NULL column becomes NO ACTION (the derive refuses it)"));
            on_delete = RefAction::NoAction;
        }
        f.attrs
            .push(format!("belongs_to = {}", self.structs[&rt.name]));
        f.attrs
            .push(format!("on_delete = \"{}\"", action(on_delete)));
        if fk.on_update != RefAction::NoAction {
            f.attrs
                .push(format!("on_update = \"{}\"", action(fk.on_update)));
        }
    }

    /// `default = ".."` when the derive and the SQL guard accept the column's default
    /// (a note saying why not otherwise), and `default = false` on a NOT NULL bool without.
    fn default_attrs(&mut self, t: &Table, c: &Column, at: &str, ty: &str, f: &mut FieldOut) {
        let line = c.source_line;
        let Some(d) = &c.default else {
            if ty == "bool" && !c.nullable {
                self.note(
                    f,
                    line,
                    format!(
                        "{at}: the derive requires a default on a NOT NULL bool; `false` added"
                    ),
                );
                f.attrs.push("default = false".into());
            }
            return;
        };
        let sql = match d {
            DefaultValue::Now => "now()".to_string(),
            DefaultValue::NewUuid => "gen_random_uuid()".to_string(),
            DefaultValue::Expr(e) | DefaultValue::Text(e) => e.clone(),
        };
        let enum_col = matches!(d, DefaultValue::Text(_));
        match self.default_refusal(t, c, at, &sql) {
            Ok(())
                if !sql
                    .chars()
                    .any(|ch| ch.is_control() && ch != '\t' && ch != '\n')
                    || enum_col =>
            {
                f.attrs.push(format!("default = {}", lit(&sql)));
            }
            Ok(()) => self.note(
                f,
                line,
                format!(
                    "{at}: the default `{}` has control characters; not emitted",
                    sql.escape_debug()
                ),
            ),
            Err(why) => self.note(f, line, format!("{at}: the default is not emitted: {why}")),
        }
    }

    /// Why the default `sql` of `c` can't be emitted: the derive's rules for the type it
    /// will see (an enum where one is emitted), then the SQL guard.
    fn default_refusal(&self, t: &Table, c: &Column, at: &str, sql: &str) -> Result<(), String> {
        let model_ty = match self.enum_columns.get(&format!("{}.{}", t.name, c.name)) {
            Some(key) => ColumnType::Enum {
                name: String::new(),
                values: self.enums[key].values.clone(),
            },
            None => c.ty.clone(),
        };
        let refused = crate::schema::model_rules::default_refusal(&model_ty, sql, at);
        match refused {
            Some((why, _)) => Err(format!("the derive refuses it: {why}")),
            None => check_fragment(sql, FragmentKind::Default).map(|_| ()),
        }
    }
}
