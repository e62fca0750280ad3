//! Tables become structs: their idents and modules, the junction tables the derive writes
//! as `junction` structs with `many_to_many(..)` on the owner, and the source of one struct
//! (struct-level attributes, the field list, the key the derive requires when the table's
//! can't be said).

use super::idents::{attr_name, comment_line, field_ident, lit, type_ident};
use super::{Emitter, FieldOut, StructOut};
use crate::schema::Table;
use datamodel::naming::table_name;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

impl Emitter<'_> {
    /// A struct ident and a module per table; names that differ only in letter case are
    /// reported.
    pub(super) fn name_tables(&mut self) {
        for t in &self.schema.tables {
            let ident = self.new_type_name(type_ident(&t.name, true));
            self.structs.insert(t.name.clone(), ident);
            let module = if t.group.trim().is_empty() {
                "models".to_string()
            } else {
                field_ident(&t.group)
            };
            self.modules.insert(t.name.clone(), module);
        }
        self.report_case_clashes();
    }

    /// DM028: `cargo datamodel` refuses names that differ only in letter case (MySQL and
    /// SQLite can't tell them apart); the structs compile, the model won't resolve.
    fn report_case_clashes(&mut self) {
        let mut seen: HashMap<String, &str> = HashMap::new();
        let mut clashes = Vec::new();
        for t in &self.schema.tables {
            if let Some(other) = seen.insert(t.name.to_lowercase(), &t.name) {
                clashes.push((
                    Self::table_line(t),
                    format!("tables `{other}` and `{}`", t.name),
                ));
            }
            let mut cols: HashMap<String, &str> = HashMap::new();
            for c in &t.columns {
                if let Some(other) = cols.insert(c.name.to_lowercase(), &c.name) {
                    clashes.push((
                        c.source_line,
                        format!("columns `{}.{other}` and `{}.{}`", t.name, t.name, c.name),
                    ));
                }
            }
        }
        for (line, what) in clashes {
            self.warn(
                line,
                format!("{what} differ only in letter case, which `cargo datamodel` refuses (DM028): rename one with `table = \"..\"` / `column = \"..\"`"),
            );
        }
    }

    /// A table whose primary key is exactly two columns, each alone the foreign key to
    /// another table's single-column primary key: the derive's `junction` struct.
    pub(super) fn find_junctions(&mut self) {
        for t in &self.schema.tables {
            let pk = &t.primary_key.columns;
            if pk.len() != 2 {
                continue;
            }
            let target = |col: &str| -> Option<String> {
                let fk = t
                    .foreign_keys
                    .iter()
                    .find(|f| f.columns.len() == 1 && f.columns[0] == col)?;
                let rt = self.schema.table(&fk.ref_table)?;
                (rt.primary_key.columns.len() == 1 && rt.primary_key.columns == fk.ref_columns)
                    .then(|| fk.ref_table.clone())
            };
            if let (Some(a), Some(b)) = (target(&pk[0]), target(&pk[1])) {
                self.junctions.insert(t.name.clone(), (a, b));
            }
        }
        // A junction must not point at another junction (its key is composite).
        let names: BTreeSet<String> = self.junctions.keys().cloned().collect();
        self.junctions
            .retain(|_, (a, b)| !names.contains(a) && !names.contains(b));
    }

    /// The struct (or junction struct) of one table.
    pub(super) fn table(&mut self, t: &Table) -> String {
        let ident = self.structs[&t.name].clone();
        let tline = Self::table_line(t);
        let junction = self.junctions.contains_key(&t.name);
        let mut s = StructOut::default();
        self.struct_attrs(t, &ident, junction, tline, &mut s);
        let pk = t.primary_key.columns.clone();
        self.key_notes(t, &pk, junction, tline, &mut s);
        let (fields, field_of) = self.field_list(t, &pk, junction);
        if pk.len() > 2 || (pk.len() == 2 && !junction) {
            let list: Vec<String> = pk.iter().filter_map(|c| field_of.get(c).cloned()).collect();
            s.attrs.push(format!("unique({})", list.join(", ")));
        }
        self.indexes(t, &field_of, junction, tline, &mut s);
        self.checks(t, tline, &mut s);
        struct_source(t, &ident, &s, &fields)
    }

    /// `junction` or `table = ".."`, the comment, `allow_polymorphic`, and `many_to_many`
    /// for each junction this table owns.
    fn struct_attrs(
        &mut self,
        t: &Table,
        ident: &str,
        junction: bool,
        tline: Option<u32>,
        s: &mut StructOut,
    ) {
        let (mut tname, changed) = attr_name(&t.name);
        if changed {
            let w = format!(
                "table `{}`: control characters dropped from the name",
                t.name.escape_debug()
            );
            self.struct_note(s, tline, w);
        }
        // The derive has no namespaces: the table gets the name engines without schemas give
        // it (`sales_orders`), never `sales.orders` as one identifier.
        if let Some(ns) = &t.namespace {
            let folded = format!("{ns}_{}", t.local_name());
            let w = format!(
                "table `{}` is in the PostgreSQL schema `{ns}`, which the derive can't say: the struct names it `{}` in the default schema",
                t.name.escape_debug(),
                folded.escape_debug()
            );
            tname = attr_name(&folded).0;
            self.struct_note(s, tline, w);
        }
        if junction {
            s.attrs.push("junction".into());
        } else if table_name(ident) != tname {
            s.attrs.push(format!("table = {}", lit(&tname)));
        }
        if let Some(comment) = &t.comment {
            s.attrs.push(format!("comment = {}", lit(comment)));
        }
        // `<x>_type` + `<x>_id` is refused by the derive unless allowed: the table has it.
        let polymorphic = t.columns.iter().any(|c| {
            c.name
                .strip_suffix("_type")
                .is_some_and(|p| !p.is_empty() && t.column(&format!("{p}_id")).is_some())
        });
        if polymorphic {
            s.attrs.push("allow_polymorphic".into());
        }
        // M:N this table owns (it is the first key's target of a junction).
        for (j, (_, b)) in self.junctions.iter().filter(|(_, (a, _))| *a == t.name) {
            s.attrs.push(format!(
                "many_to_many(target = {}, junction = {}, through = {})",
                self.structs[b],
                lit(&attr_name(j).0),
                self.structs[j]
            ));
        }
    }

    /// Notes where the derive's key differs from the table's: key columns not first, no
    /// key, a composite key outside a junction.
    fn key_notes(
        &mut self,
        t: &Table,
        pk: &[String],
        junction: bool,
        tline: Option<u32>,
        s: &mut StructOut,
    ) {
        let leading: Vec<&String> = t.columns.iter().take(pk.len()).map(|c| &c.name).collect();
        let expressible = pk.len() == 1 || (pk.len() == 2 && junction);
        if expressible && leading.iter().any(|c| !pk.contains(c)) {
            let w = format!(
                "table `{}`: the derive puts the primary key column{} first; the original has {} first",
                t.name,
                if pk.len() == 1 { "" } else { "s" },
                leading.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
            );
            self.struct_note(s, tline, w);
        }
        match (pk.len(), junction) {
            (0, _) => {
                let w = format!(
                    "table `{}` has no primary key, which the derive requires: an `id` BIGINT identity key is added",
                    t.name
                );
                self.struct_note(s, tline, w);
            }
            (1, _) | (2, true) => {}
            (_, _) => {
                let w = format!(
                    "table `{}`: the composite primary key ({}) is not expressible outside a junction; it becomes a unique key and an `id` BIGINT identity key is added (the derive requires a single-column key)",
                    t.name,
                    pk.join(", ")
                );
                self.struct_note(s, tline, w);
            }
        }
    }

    /// One field per column (unique snake_case names, `column = ".."` where the name
    /// differs), after an added `id` key when the table's key can't be said; and the
    /// column -> field map indexes and keys are written with.
    fn field_list(
        &mut self,
        t: &Table,
        pk: &[String],
        junction: bool,
    ) -> (Vec<FieldOut>, HashMap<String, String>) {
        let mut fields: Vec<FieldOut> = Vec::new();
        let mut field_of: HashMap<String, String> = HashMap::new();
        let mut used: BTreeSet<String> = BTreeSet::new();
        for c in &t.columns {
            let mut name = field_ident(&c.name);
            let base = name.clone();
            let mut n = 2;
            while !used.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            field_of.insert(c.name.clone(), name.clone());
            let mut f = FieldOut::named(name.clone());
            let (cname, changed) = attr_name(&c.name);
            if changed {
                self.note(
                    &mut f,
                    c.source_line,
                    format!(
                        "column `{}.{}`: control characters dropped from the name",
                        t.name,
                        c.name.escape_debug()
                    ),
                );
            }
            if name != cname {
                f.attrs.push(format!("column = {}", lit(&cname)));
            }
            self.field(t, c, pk, junction, &mut f);
            fields.push(f);
        }
        let needs_key = pk.is_empty() || pk.len() > 2 || (pk.len() == 2 && !junction);
        if needs_key {
            fields.insert(0, added_key(t, &used));
        }
        (fields, field_of)
    }
}

/// The `id` (or `id_2`, ...) BIGINT key added when the table's key can't be said.
fn added_key(t: &Table, used: &BTreeSet<String>) -> FieldOut {
    let mut name = "id".to_string();
    let mut n = 2;
    while used.contains(&name) || t.column(&name).is_some() {
        name = format!("id_{n}");
        n += 1;
    }
    FieldOut {
        name,
        ty: "i64".into(),
        attrs: vec!["primary_key".into()],
        notes: vec!["added: the derive requires a single-column primary key".into()],
    }
}

/// The source of a struct: its warnings, its comment, the derive and its attributes, one
/// line per field with the field's warnings and attributes above it.
fn struct_source(t: &Table, ident: &str, st: &StructOut, fields: &[FieldOut]) -> String {
    let mut s = String::new();
    for n in &st.notes {
        let _ = writeln!(s, "// WARNING: {}", comment_line(n));
    }
    if let Some(c) = &t.comment {
        for line in c.lines() {
            let _ = writeln!(s, "// {}", comment_line(line));
        }
    }
    s.push_str("#[derive(Debug, Clone, PartialEq, datamodel::DataModel)]\n");
    if !st.attrs.is_empty() {
        s.push_str("#[datamodel(\n");
        for a in &st.attrs {
            let _ = writeln!(s, "    {a},");
        }
        s.push_str(")]\n");
    }
    let _ = writeln!(s, "pub struct {ident} {{");
    for f in fields {
        for n in &f.notes {
            let _ = writeln!(s, "    // WARNING: {}", comment_line(n));
        }
        if !f.attrs.is_empty() {
            let _ = writeln!(s, "    #[datamodel({})]", f.attrs.join(", "));
        }
        let _ = writeln!(s, "    pub {}: {},", f.name, f.ty);
    }
    s.push_str("}\n\n");
    s
}
