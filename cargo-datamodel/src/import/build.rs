//! Applies parsed statements, in file order, to the Schema being built.
//!
//! A dump or a migrations directory is a sequence of changes, not a description: a table is
//! created, constrained later (pg_dump adds every key at the end), altered, renamed or
//! dropped. The builder keeps the tables as they stand after each statement, so applying
//! the files in order gives the schema the database would have. What carries no table
//! structure is skipped with one warning naming the statement; nothing here panics on input.

use super::expr::{cast_literal, in_rule};
use super::split::Piece;
use super::statements::{
    is_schema_free, leading_words, schema_free_kind, strip_set_null_columns, view_name,
};
use super::Warning;
use crate::dialect::Dialect;
use crate::schema::{CheckRule, DefaultValue, Index, IndexOrigin, Table};
use sqlparser::ast::{
    AlterTableOperation, CommentObject, CreateDomain, CreateIndex, DataType, Expr, Ident,
    ObjectName, ObjectType, Statement, UserDefinedTypeRepresentation,
};
use sqlparser::parser::Parser;
use std::collections::{BTreeMap, HashMap};
use std::ops::ControlFlow;

/// A `CREATE DOMAIN`: a base type with NOT NULL, a default and CHECKs on `VALUE`.
#[derive(Debug, Clone)]
pub(super) struct Domain {
    pub data_type: DataType,
    pub not_null: bool,
    pub default: Option<DefaultValue>,
    pub checks: Vec<String>,
}

pub(super) struct Builder {
    pub dialect: &'static dyn Dialect,
    pub tables: Vec<Table>,
    pub enums: BTreeMap<String, Vec<String>>,
    pub domains: BTreeMap<String, Domain>,
    pub views: Vec<String>,
    pub warnings: Vec<Warning>,
    /// `(table, column, expression)` of generated columns (MySQL's live columns).
    pub generated: Vec<(String, String, String)>,
    /// Partition → its parent table: folded in, so statements on partitions are too.
    pub partitions: BTreeMap<String, String>,
    /// Statements and skipped pieces seen.
    pub statements: usize,
    pub file: String,
    /// Table name → position in `tables`, so a statement finds its table without a scan of
    /// every table (a 2,000-table dump has several statements per table). A hint: lookups
    /// check the name at that position and fall back to a scan, so code that reorders
    /// `tables` stays correct and only [`Builder::reindex`]es to stay fast.
    positions: HashMap<String, usize>,
    /// How many times tables were removed or renamed ([`Builder::reindex`]).
    removals: u64,
    /// The line of the statement being applied.
    pub line: usize,
    /// Where each SQL fragment (CHECK, default, index predicate) was first read: its file
    /// and statement line, for the guard's warnings ([`super::guard`]).
    pub fragment_at: std::cell::RefCell<std::collections::HashMap<String, (String, usize)>>,
}

impl Builder {
    pub fn new(dialect: &'static dyn Dialect) -> Self {
        Builder {
            dialect,
            tables: Vec::new(),
            enums: BTreeMap::new(),
            domains: BTreeMap::new(),
            views: Vec::new(),
            warnings: Vec::new(),
            generated: Vec::new(),
            partitions: BTreeMap::new(),
            statements: 0,
            file: String::new(),
            positions: HashMap::new(),
            removals: 0,
            line: 0,
            fragment_at: Default::default(),
        }
    }

    /// Remembers where `text` (a fragment) was read, the first time.
    pub(super) fn read_fragment(&self, text: &str) {
        self.fragment_at
            .borrow_mut()
            .entry(text.to_string())
            .or_insert_with(|| (self.file.clone(), self.line));
    }

    pub fn warn(&mut self, line: usize, reason: String) {
        self.warnings.push(Warning {
            file: self.file.clone(),
            line,
            reason,
            code: crate::diagnostics::import_codes::codes::SKIPPED_STATEMENT,
        });
    }

    /// An identifier as the engine stores it (PostgreSQL folds unquoted ones to lower case).
    pub fn ident(&self, i: &Ident) -> String {
        if i.quote_style.is_none() && self.dialect.folds_unquoted_identifiers() {
            i.value.to_lowercase()
        } else {
            i.value.clone()
        }
    }

    /// A table's name without its schema (`public.actor` → `actor`).
    pub fn object(&self, n: &ObjectName) -> String {
        n.0.last()
            .and_then(|p| p.as_ident())
            .map(|i| self.ident(i))
            .unwrap_or_else(|| n.to_string())
    }

    /// A table's name: qualified (`sales.orders`) when its namespace is not the engine's
    /// default one ([`crate::dialect::Dialect::default_namespace`]), else the bare name.
    pub fn table_object(&self, n: &ObjectName) -> String {
        self.qualified(&self.parts(n))
            .unwrap_or_else(|| self.object(n))
    }

    /// The namespace [`Self::table_object`] keeps in the name (`sales` of `sales.orders`), which
    /// becomes the table's `Table::namespace` / a reference's `ForeignKey::ref_namespace`.
    pub fn table_namespace(&self, n: &ObjectName) -> Option<String> {
        self.namespace(&self.parts(n))
    }

    fn parts(&self, n: &ObjectName) -> Vec<String> {
        n.0.iter()
            .filter_map(|p| p.as_ident())
            .map(|i| self.ident(i))
            .collect()
    }

    /// The namespace of `[.., namespace, table]` when it is not the engine's default one.
    fn namespace(&self, parts: &[String]) -> Option<String> {
        let (_, rest) = parts.split_last()?;
        match (rest.last(), self.dialect.default_namespace()) {
            (Some(ns), Some(default)) if ns != default && ns != "pg_catalog" => Some(ns.clone()),
            _ => None,
        }
    }

    /// `[.., namespace, table]` as the table's name (see [`Self::table_object`]).
    pub fn qualified(&self, parts: &[String]) -> Option<String> {
        let (table, _) = parts.split_last()?;
        Some(match self.namespace(parts) {
            Some(ns) => format!("{ns}.{table}"),
            None => table.clone(),
        })
    }

    pub fn table_index(&self, name: &str) -> Option<usize> {
        match self.positions.get(name) {
            Some(&i) if self.tables.get(i).is_some_and(|t| t.name == name) => Some(i),
            _ => self.tables.iter().position(|t| t.name == name),
        }
    }

    pub fn table_mut(&mut self, name: &str) -> Option<&mut Table> {
        let i = self.table_index(name)?;
        self.tables.get_mut(i)
    }

    /// Adds a table at the end.
    pub fn push_table(&mut self, table: Table) {
        self.positions.insert(table.name.clone(), self.tables.len());
        self.tables.push(table);
    }

    /// Rebuilds the name → position hint after tables were removed or renamed.
    pub fn reindex(&mut self) {
        self.removals += 1;
        self.positions = (self.tables.iter().enumerate())
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
    }

    /// The name of a user-defined type a column uses, if it is one.
    pub fn type_name(&self, dt: &DataType) -> Option<String> {
        match dt {
            DataType::Custom(n, mods) if mods.is_empty() => Some(self.object(n)),
            _ => None,
        }
    }

    pub fn domain_of(&self, dt: &DataType) -> Option<Domain> {
        self.type_name(dt)
            .and_then(|n| self.domains.get(&n).cloned())
    }

    /// A CHECK expression with identifier quotes removed (the dialects quote column
    /// references themselves), and its rule when it is `col IN ('a', ...)`.
    pub fn check_expr(&self, sql: &str) -> (String, CheckRule) {
        let parser = self.dialect.sql_parser();
        let parsed = Parser::new(&*parser)
            .try_with_sql(sql)
            .and_then(|mut p| p.parse_expr());
        let Ok(mut expr) = parsed else {
            return (sql.to_string(), CheckRule::Custom);
        };
        let _ = sqlparser::ast::visit_expressions_mut(&mut expr, |e| {
            // `(0)::numeric`, `'-1'::integer`: PostgreSQL prints the literals of a check
            // with their casts.
            if let Some(lit) = cast_literal(e) {
                *e = lit;
            }
            match e {
                Expr::Identifier(i) => *i = Ident::new(self.ident(i)),
                Expr::CompoundIdentifier(parts) => {
                    for i in parts.iter_mut() {
                        *i = Ident::new(self.ident(i));
                    }
                }
                _ => {}
            }
            ControlFlow::<()>::Continue(())
        });
        let mut inner = &expr;
        while let Expr::Nested(e) = inner {
            inner = e;
        }
        let rule = in_rule(inner).unwrap_or(CheckRule::Custom);
        let text = inner.to_string();
        self.read_fragment(&text);
        (text, rule)
    }

    /// Applies one piece of a file.
    pub fn apply(&mut self, piece: &Piece) {
        match piece {
            Piece::Skipped { line, reason } => {
                self.statements += 1;
                self.warn(*line, reason.clone());
            }
            Piece::Sql { text, line } => {
                let parser = self.dialect.sql_parser();
                // sqlparser doesn't read PostgreSQL 15's `ON DELETE SET NULL (col, ...)`: parse
                // without the lists, then give them back to the FKs they belong to.
                let (sql, set_null_lists) = strip_set_null_columns(text);
                // Nor PostgreSQL 18's virtual generated columns: read them as stored (the
                // Schema keeps a generated column as a plain column either way).
                let parsed = Parser::parse_sql(&*parser, &sql).or_else(|e| {
                    let stored = sql.replace(") VIRTUAL", ") STORED");
                    if stored == sql {
                        return Err(e);
                    }
                    Parser::parse_sql(&*parser, &stored).map_err(|_| e)
                });
                match parsed {
                    Ok(stmts) => {
                        for s in stmts {
                            self.statements += 1;
                            self.line = *line;
                            if set_null_lists.iter().all(Option::is_none) {
                                self.statement(&s, *line);
                                continue;
                            }
                            let before = self.fk_count();
                            self.statement(&s, *line);
                            self.restore_set_null_columns(&before, &set_null_lists, *line);
                        }
                    }
                    Err(e) => {
                        self.statements += 1;
                        self.unparsed(text, *line, &e.to_string());
                    }
                }
            }
        }
    }

    /// FKs per table by position, to find the ones a statement added. Positions hold while
    /// no table is removed ([`Builder::reindex`] counts removals).
    fn fk_count(&self) -> (u64, Vec<usize>) {
        let counts = self.tables.iter().map(|t| t.foreign_keys.len()).collect();
        (self.removals, counts)
    }

    /// Gives the `SET NULL (cols)` lists of a statement, in order, to the `ON DELETE SET NULL`
    /// FKs it added, in order.
    fn restore_set_null_columns(
        &mut self,
        (removals, before): &(u64, Vec<usize>),
        lists: &[Option<Vec<String>>],
        line: usize,
    ) {
        if lists.iter().all(Option::is_none) {
            return;
        }
        if *removals != self.removals {
            // A statement that removed a table and added `SET NULL (cols)` FKs: PostgreSQL
            // has none, so this is said rather than guessed.
            let reason = "the `SET NULL (columns)` list of this statement is not kept: \
                          it also removed a table; the FK sets every column NULL"
                .to_string();
            self.warn(line, reason);
            return;
        }
        let mut lists = lists.iter();
        for (i, t) in self.tables.iter_mut().enumerate() {
            let old = before.get(i).copied().unwrap_or(0);
            for f in t.foreign_keys.iter_mut().skip(old) {
                if f.on_delete == datamodel::model::RefAction::SetNull {
                    if let Some(Some(cols)) = lists.next() {
                        f.set_null_columns = cols.clone();
                    }
                }
            }
        }
    }

    /// A statement sqlparser can't read: a view is still listed; the rest is reported.
    fn unparsed(&mut self, text: &str, line: usize, error: &str) {
        if let Some(view) = view_name(text) {
            let name = view.trim_matches(|c| c == '`' || c == '"').to_string();
            self.views.push(name);
            return;
        }
        let what = schema_free_kind(text).unwrap_or_else(|| leading_words(text));
        let reason = if is_schema_free(&what) {
            format!("`{what}` carries no table structure")
        } else {
            format!("`{what}` could not be parsed ({error}); the statement is skipped")
        };
        self.warn(line, reason);
    }

    fn statement(&mut self, s: &Statement, line: usize) {
        match s {
            Statement::CreateTable(ct) if ct.partition_of.is_some() => {
                let parent = ct.partition_of.as_ref().map(|p| self.table_object(p));
                let child = self.table_object(&ct.name);
                self.fold_partition(&child, &parent.unwrap_or_default(), line);
            }
            Statement::CreateTable(ct) if ct.query.is_some() => self.warn(
                line,
                format!(
                    "`CREATE TABLE {} AS SELECT`: columns come from a query, not modelled",
                    self.table_object(&ct.name)
                ),
            ),
            Statement::CreateTable(ct) => self.create_table(ct, line),
            Statement::CreateIndex(ci) => self.create_index(ci, line),
            Statement::AlterTable(at) => {
                let table = self.table_object(&at.name);
                for op in &at.operations {
                    self.alter(&table, op, line);
                }
            }
            Statement::CreateType {
                name,
                representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
            } => {
                let values = labels.iter().map(|l| l.value.clone()).collect();
                self.enums.insert(self.object(name), values);
            }
            Statement::CreateDomain(d) => self.create_domain(d),
            Statement::CreateView(v) => self.views.push(self.object(&v.name)),
            Statement::Drop {
                object_type, names, ..
            } => self.drop(*object_type, names, line),
            Statement::Comment {
                object_type,
                object_name,
                comment,
                ..
            } => self.comment(*object_type, object_name, comment.clone()),
            other => {
                let what = leading_words(&other.to_string());
                self.warn(line, format!("`{what}` carries no table structure"));
            }
        }
    }

    fn create_index(&mut self, ci: &CreateIndex, line: usize) {
        let table = self.table_object(&ci.table_name);
        if let Some(parent) = self.partitions.get(&table).cloned() {
            let reason =
                format!("index on `{table}`, a partition of `{parent}`: folded into its parent");
            self.warn(line, reason);
            return;
        }
        if self.table_index(&table).is_none() {
            let reason = if self.views.contains(&table) {
                format!("index on the view `{table}`: views are listed, not modelled")
            } else {
                format!("index on unknown table `{table}` skipped")
            };
            self.warn(line, reason);
            return;
        }
        let mut index = Index::new(
            self.index_columns(&ci.columns),
            ci.unique,
            if ci.unique {
                IndexOrigin::UniqueKey
            } else {
                IndexOrigin::Declared
            },
        );
        index.name = ci.name.as_ref().map(|n| self.object(n)).unwrap_or_default();
        index.predicate = ci
            .predicate
            .as_ref()
            .map(|p| self.check_expr(&p.to_string()).0);
        index.include = ci.include.iter().map(|i| self.ident(i)).collect();
        index.method = match ci
            .using
            .as_ref()
            .map(|u| u.to_string().to_ascii_lowercase())
        {
            Some(m) if m == "gin" => datamodel::model::IndexMethod::Gin,
            Some(m) if m == "brin" => datamodel::model::IndexMethod::Brin,
            Some(m) if m == "hash" => datamodel::model::IndexMethod::Hash,
            Some(m) if m != "btree" => {
                let reason = format!(
                    "index method `{m}` of `{}` is not modelled; read as a B-tree",
                    index.name
                );
                self.warn(line, reason);
                datamodel::model::IndexMethod::Btree
            }
            _ => datamodel::model::IndexMethod::Btree,
        };
        self.push_index(&table, index);
    }

    fn create_domain(&mut self, d: &CreateDomain) {
        let checks = d
            .constraints
            .iter()
            .filter_map(|c| match c {
                sqlparser::ast::TableConstraint::Check(ch) => Some(ch.expr.to_string()),
                _ => None,
            })
            .collect();
        let default = d.default.as_ref().and_then(|e| self.default_value(e));
        let not_null = d.to_string().to_ascii_uppercase().contains("NOT NULL");
        let domain = Domain {
            data_type: d.data_type.clone(),
            not_null,
            default,
            checks,
        };
        self.domains.insert(self.object(&d.name), domain);
    }

    fn drop(&mut self, kind: ObjectType, names: &[ObjectName], line: usize) {
        for n in names {
            let name = match kind {
                ObjectType::Table => self.table_object(n),
                _ => self.object(n),
            };
            match kind {
                ObjectType::Table => {
                    self.tables.retain(|t| t.name != name);
                    self.reindex();
                }
                ObjectType::Index => {
                    for t in &mut self.tables {
                        t.indexes.retain(|i| i.name != name);
                    }
                }
                ObjectType::View | ObjectType::MaterializedView => {
                    self.views.retain(|v| *v != name)
                }
                ObjectType::Type => {
                    self.enums.remove(&name);
                }
                other => self.warn(line, format!("`DROP {other}` carries no table structure")),
            }
        }
    }

    fn comment(&mut self, kind: CommentObject, name: &ObjectName, text: Option<String>) {
        let parts: Vec<String> = name
            .0
            .iter()
            .filter_map(|p| p.as_ident())
            .map(|i| self.ident(i))
            .collect();
        match (kind, parts.as_slice()) {
            (CommentObject::Table, [.., _]) => {
                let t = self.qualified(&parts).unwrap_or_default();
                if let Some(t) = self.table_mut(&t) {
                    t.comment = text;
                }
            }
            (CommentObject::Column, [table @ .., c]) => {
                let c = c.clone();
                let t = self.qualified(table).unwrap_or_default();
                if let Some(col) = self
                    .table_mut(&t)
                    .and_then(|t| t.columns.iter_mut().find(|x| x.name == c))
                {
                    col.comment = text;
                }
            }
            _ => {}
        }
    }

    fn alter(&mut self, table: &str, op: &AlterTableOperation, line: usize) {
        if let Some(parent) = self.partitions.get(table).cloned() {
            let what = leading_words(&op.to_string());
            let reason = format!(
                "`ALTER TABLE {table} {what}` on a partition of `{parent}`: folded into its parent"
            );
            self.warn(line, reason);
            return;
        }
        if self.table_index(table).is_none() && super::alter::is_structural(op) {
            let reason = format!("`ALTER TABLE` of unknown table `{table}` skipped");
            self.warn(line, reason);
            return;
        }
        super::alter::apply(self, table, op, line);
    }

    /// `child` is a partition of `parent`: its rows are the parent's, so it is no table of
    /// its own (removed if it was created as one, as pg_dump does before `ATTACH PARTITION`).
    pub fn fold_partition(&mut self, child: &str, parent: &str, line: usize) {
        self.tables.retain(|t| t.name != child);
        self.reindex();
        self.partitions
            .insert(child.to_string(), parent.to_string());
        let reason = format!("partition `{child}` of `{parent}`: folded into its parent");
        self.warn(line, reason);
    }
}
