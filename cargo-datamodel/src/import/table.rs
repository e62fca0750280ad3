//! `CREATE TABLE` and its parts (columns, inline and table constraints) as a Schema [`Table`].
//!
//! Constraints are read wherever the file writes them: inline on a column (`id INT PRIMARY
//! KEY`, `REFERENCES a(id)`), as table constraints, or later by `ALTER TABLE ... ADD
//! CONSTRAINT` (the builder calls [`Builder::add_constraint`] for those too), so a pg_dump
//! (constraints at the end) and a hand-written file give the same Schema.

use super::build::Builder;
use super::types::{map_type, native_enum, TypeInfo};
use crate::schema::{
    Check, CheckRule, Column, ColumnOrigin, DefaultValue, ForeignKey, Index, IndexColumn,
    IndexOrigin, Table, TableKind,
};
use datamodel::model::{ColumnType, RefAction};
use sqlparser::ast::{
    ColumnDef, ColumnOption, CreateTable, Expr, ForeignKeyConstraint, Ident,
    IndexColumn as SqlIndexColumn, ReferentialAction, TableConstraint, Value,
};

impl Builder {
    pub(super) fn create_table(&mut self, ct: &CreateTable, line: usize) {
        let name = self.table_object(&ct.name);
        if self.table_index(&name).is_some() {
            if !ct.if_not_exists {
                self.warn(
                    line,
                    format!("table `{name}` created twice; the first definition is kept"),
                );
            }
            return;
        }
        let mut table = Table::new(name.clone(), TableKind::Entity, rust_name(&name));
        // A table of another namespace than the default one: the namespace is its group, and
        // the DDL creates it there (`Dialect::quote_table`).
        if let Some(ns) = self.table_namespace(&ct.name) {
            table.group = ns.clone();
            table.namespace = Some(ns);
        }
        table.comment = table_comment(ct);
        self.folded_name_clash(&table, line);
        self.push_table(table);
        self.read_fragment(&super::guard::table_key(&name));
        for col in &ct.columns {
            self.add_column(&name, col, line);
        }
        for c in &ct.constraints {
            self.add_constraint(&name, c, line);
        }
    }

    /// A column definition with its inline constraints, added to `table`.
    pub(super) fn add_column(&mut self, table: &str, def: &ColumnDef, line: usize) {
        let col_name = self.ident(&def.name);
        let info = self.column_type(table, &col_name, def);
        let mut col = Column::new(col_name.clone(), ColumnOrigin::Field, info.ty.clone());
        col.field = Some(col_name.clone());
        col.max_length = info.max_length;
        col.precision = info.precision;
        col.scale = info.scale;
        col.identity = info.identity;
        col.nullable = true;
        col.imported_type = info.imported.clone();
        col.source_line = u32::try_from(line).ok();
        if let ColumnType::Enum { values, .. } = &info.ty {
            self.enum_check(table, &col_name, values.clone());
        }
        if let Some(domain) = self.domain_of(&def.data_type) {
            col.nullable = !domain.not_null;
            col.default = domain.default.clone();
            for expr in &domain.checks {
                let e = expr.replace("VALUE", &col_name).replace("value", &col_name);
                self.add_check(table, None, &e, Some(col_name.clone()));
            }
        }
        if let Some(t) = self.table_mut(table) {
            t.columns.push(col);
        }
        for opt in &def.options {
            self.column_option(table, &col_name, &opt.option, opt.name.as_ref(), line);
        }
    }

    fn column_type(&mut self, table: &str, col: &str, def: &ColumnDef) -> TypeInfo {
        let key = self.type_name(&def.data_type);
        let named = key.clone().filter(|k| self.enums.contains_key(k));
        let mut info = match key.and_then(|k| self.enums.get(&k).cloned()) {
            Some(values) => native_enum(values),
            None => match self.domain_of(&def.data_type) {
                Some(d) => map_type(&d.data_type, self.dialect),
                None => map_type(&def.data_type, self.dialect),
            },
        };
        // A native enum is named by its type (`mpaa_rating`), MySQL's inline one by its column.
        if let ColumnType::Enum { name, .. } = &mut info.ty {
            *name = named.unwrap_or_else(|| format!("{table}_{col}"));
        }
        info
    }

    fn column_option(
        &mut self,
        table: &str,
        col: &str,
        opt: &ColumnOption,
        name: Option<&Ident>,
        line: usize,
    ) {
        let cols = vec![col.to_string()];
        match opt {
            ColumnOption::Null => self.set_col(table, col, |c| c.nullable = true),
            ColumnOption::NotNull => self.set_col(table, col, |c| c.nullable = false),
            ColumnOption::Default(e) if is_null(e) => {}
            ColumnOption::Default(e) => {
                let d = self.default_value(e);
                match d {
                    Some(d) => self.set_col(table, col, |c| c.default = Some(d)),
                    None => self.set_col(table, col, |c| c.identity = true),
                }
            }
            ColumnOption::PrimaryKey(_) => self.set_primary_key(table, name, cols),
            ColumnOption::Unique(_) => {
                let cols = cols.into_iter().map(IndexColumn::asc).collect();
                self.add_unique(table, name, cols);
            }
            ColumnOption::ForeignKey(fk) => {
                let mut fk = fk.clone();
                fk.columns = vec![Ident::new(col)];
                fk.name = fk.name.or_else(|| name.cloned());
                self.add_foreign_key(table, &fk);
            }
            ColumnOption::Check(c) => {
                let n = c.name.as_ref().or(name).map(|i| self.ident(i));
                self.add_check(table, n, &c.expr.to_string(), Some(col.to_string()));
            }
            ColumnOption::Comment(text) => {
                let text = text.clone();
                self.set_col(table, col, |c| c.comment = Some(text));
            }
            ColumnOption::Generated {
                generation_expr: None,
                ..
            }
            | ColumnOption::Identity(_) => self.set_col(table, col, |c| c.identity = true),
            ColumnOption::Generated {
                generation_expr: Some(e),
                ..
            } => self
                .generated
                .push((table.to_string(), col.to_string(), e.to_string())),
            ColumnOption::OnUpdate(_) => {
                if let Some(t) = self.table_mut(table) {
                    t.updated_at_trigger = true;
                }
            }
            ColumnOption::DialectSpecific(tokens) => {
                let text = tokens.iter().map(ToString::to_string).collect::<String>();
                if matches!(
                    text.to_ascii_uppercase().as_str(),
                    "AUTO_INCREMENT" | "AUTOINCREMENT"
                ) {
                    self.set_col(table, col, |c| c.identity = true);
                }
            }
            ColumnOption::CharacterSet(_) | ColumnOption::Collation(_) => {}
            other => self.warn(
                line,
                format!("column option `{other}` on `{table}.{col}` is not modelled"),
            ),
        }
    }

    /// A table constraint (in CREATE TABLE or ALTER TABLE ... ADD CONSTRAINT).
    pub(super) fn add_constraint(&mut self, table: &str, c: &TableConstraint, line: usize) {
        match c {
            TableConstraint::PrimaryKey(pk) => {
                let cols = self.index_columns(&pk.columns);
                let cols = cols.into_iter().map(|c| c.name).collect();
                self.set_primary_key(table, pk.name.as_ref(), cols);
            }
            TableConstraint::Unique(u) => {
                let cols = self.index_columns(&u.columns);
                let name = u.name.as_ref().or(u.index_name.as_ref());
                self.add_unique(table, name, cols);
            }
            TableConstraint::ForeignKey(fk) => self.add_foreign_key(table, fk),
            TableConstraint::Check(ch) => {
                let n = ch.name.as_ref().map(|i| self.ident(i));
                self.add_check(table, n, &ch.expr.to_string(), None);
            }
            TableConstraint::Index(ix) => {
                let mut index = Index::new(
                    self.index_columns(&ix.columns),
                    false,
                    IndexOrigin::Declared,
                );
                index.name = ix.name.as_ref().map(|i| self.ident(i)).unwrap_or_default();
                self.push_index(table, index);
            }
            TableConstraint::FulltextOrSpatial(_) => self.warn(
                line,
                format!("FULLTEXT/SPATIAL index on `{table}` is not modelled"),
            ),
            other => self.warn(
                line,
                format!("constraint `{other}` on `{table}` is not modelled"),
            ),
        }
    }

    pub(super) fn index_columns(&self, cols: &[SqlIndexColumn]) -> Vec<IndexColumn> {
        cols.iter()
            .map(|c| {
                let name = match &c.column.expr {
                    Expr::Identifier(i) => self.ident(i),
                    Expr::CompoundIdentifier(parts) => {
                        parts.last().map(|i| self.ident(i)).unwrap_or_default()
                    }
                    other => super::expr::unquoted(other),
                };
                IndexColumn {
                    name,
                    descending: matches!(
                        c.column.options.sort,
                        Some(sqlparser::ast::OrderBySort::Desc)
                    ),
                }
            })
            .collect()
    }

    fn set_primary_key(&mut self, table: &str, name: Option<&Ident>, cols: Vec<String>) {
        let name = name.map(|i| self.ident(i));
        if let Some(t) = self.table_mut(table) {
            if let Some(n) = name {
                t.primary_key.name = n;
            }
            for c in t.columns.iter_mut().filter(|c| cols.contains(&c.name)) {
                c.nullable = false;
            }
            t.primary_key.columns = cols;
        }
    }

    pub(super) fn add_unique(&mut self, table: &str, name: Option<&Ident>, cols: Vec<IndexColumn>) {
        let mut index = Index::new(cols, true, IndexOrigin::UniqueKey);
        index.name = name.map(|i| self.ident(i)).unwrap_or_default();
        self.push_index(table, index);
    }

    pub(super) fn push_index(&mut self, table: &str, mut index: Index) {
        index.rationale = "imported".into();
        if let Some(t) = self.table_mut(table) {
            t.indexes.push(index);
        }
    }

    /// Engines without schemas fold a namespace into the name (`sales.orders` → `sales_orders`,
    /// `Dialect::quote_table`): a table already called that would be created twice there.
    fn folded_name_clash(&mut self, table: &Table, line: usize) {
        let fold = |t: &Table| {
            t.namespace
                .as_ref()
                .map_or_else(|| t.name.clone(), |ns| format!("{ns}_{}", t.local_name()))
        };
        let folded = fold(table);
        if let Some(other) = self.tables.iter().find(|t| fold(t) == folded) {
            let reason = format!(
                "tables `{}` and `{}` are both `{folded}` on engines without schemas (the namespace is folded into the name there); their DDL for those engines fails until one is renamed",
                other.name, table.name
            );
            self.warnings.push(super::Warning {
                file: self.file.clone(),
                line,
                reason,
                code: crate::diagnostics::import_codes::codes::NOT_EXPRESSIBLE,
            });
        }
    }

    fn add_foreign_key(&mut self, table: &str, fk: &ForeignKeyConstraint) {
        let columns = fk.columns.iter().map(|i| self.ident(i)).collect();
        let ref_table = self.table_object(&fk.foreign_table);
        let ref_columns = fk.referred_columns.iter().map(|i| self.ident(i)).collect();
        let mut out = ForeignKey::new(columns, ref_table, ref_columns, action(fk.on_delete));
        out.ref_namespace = self.table_namespace(&fk.foreign_table);
        out.on_update = action(fk.on_update);
        out.on_delete_explicit = fk.on_delete.is_some();
        out.name = fk.name.as_ref().map(|i| self.ident(i)).unwrap_or_default();
        if let Some(t) = self.table_mut(table) {
            t.foreign_keys.push(out);
        }
    }

    /// A CHECK; `col IN ('a', ...)` becomes an enum rule the dialects render themselves.
    pub(super) fn add_check(
        &mut self,
        table: &str,
        name: Option<String>,
        expr: &str,
        column: Option<String>,
    ) {
        let (expr, rule) = self.check_expr(expr);
        let column = match &rule {
            CheckRule::In { column, .. } => Some(column.clone()),
            _ => column,
        };
        let kind = if matches!(rule, CheckRule::In { .. }) {
            "enum"
        } else {
            "custom"
        };
        let check = Check {
            name: name.unwrap_or_default(),
            expr,
            column,
            kind: kind.into(),
            unhashed_name: None,
            rule,
        };
        if let Some(t) = self.table_mut(table) {
            t.checks.push(check);
        }
    }

    fn enum_check(&mut self, table: &str, col: &str, values: Vec<String>) {
        let rule = CheckRule::In {
            column: col.to_string(),
            values,
        };
        let check = Check {
            name: String::new(),
            expr: crate::schema::columns::rule_sql(&rule, &|s| s.to_string(), &|s| {
                crate::dialect::standard_string_literal(s)
            }),
            column: Some(col.to_string()),
            kind: "enum".into(),
            unhashed_name: None,
            rule,
        };
        if let Some(t) = self.table_mut(table) {
            t.checks.push(check);
        }
    }

    /// A column default as the model says it; `None` for a sequence (`nextval(...)`), which
    /// makes the column engine-generated.
    pub(super) fn default_value(&self, e: &Expr) -> Option<DefaultValue> {
        // `'-2.25'::double precision` is the number -2.25.
        let literal = super::expr::cast_literal(e);
        let e = literal.as_ref().unwrap_or(e);
        let e = strip_casts(e);
        let text = super::expr::unquoted(e);
        let norm = normalize(&text);
        if norm.starts_with("nextval(") {
            return None;
        }
        let now = [
            "now()",
            "current_timestamp",
            "current_timestamp()",
            "localtimestamp",
        ];
        if now.contains(&norm.as_str())
            || norm.starts_with("current_timestamp(")
            || norm == normalize(&self.dialect.now_sql())
            || norm.contains("'now'")
        {
            return Some(DefaultValue::Now);
        }
        let uuid = ["gen_random_uuid()", "uuid_generate_v4()", "uuid()"];
        if uuid.contains(&norm.as_str()) || norm == normalize(&self.dialect.new_uuid_sql()) {
            return Some(DefaultValue::NewUuid);
        }
        let text = match e {
            Expr::Nested(inner) => super::expr::unquoted(inner),
            _ => text,
        };
        self.read_fragment(&text);
        Some(DefaultValue::Expr(text))
    }

    fn set_col(&mut self, table: &str, col: &str, f: impl FnOnce(&mut Column)) {
        if let Some(c) = self
            .table_mut(table)
            .and_then(|t| t.columns.iter_mut().find(|c| c.name == col))
        {
            f(c);
        }
    }
}

/// `'x'::character varying` → `'x'`: pg_dump spells every literal default with its cast.
fn strip_casts(e: &Expr) -> &Expr {
    match e {
        Expr::Cast { expr, .. } => strip_casts(expr),
        Expr::Nested(inner) if matches!(**inner, Expr::Cast { .. } | Expr::Value(_)) => {
            strip_casts(inner)
        }
        _ => e,
    }
}

/// `DEFAULT NULL`: what a nullable column has anyway (mysqldump writes it).
pub(super) fn is_null(e: &Expr) -> bool {
    matches!(strip_casts(e), Expr::Value(v) if matches!(v.value, Value::Null))
}

/// Lower case without blanks or outer parentheses, for comparing spellings.
fn normalize(sql: &str) -> String {
    let mut s: String = sql
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    while s.starts_with('(') && s.ends_with(')') && balanced(&s[1..s.len() - 1]) {
        s = s[1..s.len() - 1].to_string();
    }
    s
}

fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

fn action(a: Option<ReferentialAction>) -> RefAction {
    match a {
        Some(ReferentialAction::Cascade) => RefAction::Cascade,
        Some(ReferentialAction::Restrict) => RefAction::Restrict,
        Some(ReferentialAction::SetNull) => RefAction::SetNull,
        // SET DEFAULT has no model value; NO ACTION is what the engine does when unsaid.
        _ => RefAction::NoAction,
    }
}

/// `order_items` → `OrderItems`, for the document's entity names.
pub(super) fn rust_name(table: &str) -> String {
    table
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut cs = p.chars();
            cs.next()
                .map(|f| f.to_uppercase().chain(cs).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// `COMMENT 'x'` / `COMMENT='x'` of a CREATE TABLE, wherever the parser put it.
fn table_comment(ct: &CreateTable) -> Option<String> {
    use sqlparser::ast::{CommentDef, CreateTableOptions as O, SqlOption};
    let text = |c: &CommentDef| match c {
        CommentDef::WithEq(s) | CommentDef::WithoutEq(s) => s.clone(),
    };
    if let Some(c) = &ct.comment {
        return Some(text(c));
    }
    let options = match &ct.table_options {
        O::With(v) | O::Options(v) | O::Plain(v) | O::TableProperties(v) => v.as_slice(),
        O::None => &[],
    };
    options.iter().find_map(|o| match o {
        SqlOption::Comment(c) => Some(text(c)),
        _ => None,
    })
}
