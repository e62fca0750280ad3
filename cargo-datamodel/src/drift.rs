//! Drift between the structs and a live database (`check --database-url`), and the baseline
//! a brownfield project starts from (`migrate --baseline-from-database`).
//!
//! Both sides go through the same importer before they are compared: the live database as
//! its catalog prints it ([`crate::import::live`]), the model as the DDL the tool renders for
//! that engine, imported back. So whatever the importer normalises (type spellings, names it
//! gives, features it reads back from the engines' encodings, what it leaves out) is the same
//! on both sides and is never reported as drift. What remains between DDL text and a catalog
//! is folded by [`normalise`], the one normaliser of this module: expressions compared in
//! sqlparser's canonical spelling with case and blanks folded outside string literals, a
//! default by its value (MySQL/MariaDB print `true` as `1` and `0` as `0.00`), a one-value
//! `IN` as `=` (PostgreSQL and MariaDB fold it), MySQL's unspoken `RESTRICT` as `NO ACTION`,
//! the index InnoDB adds for a foreign key left out, and types by the engine's spelling.
//!
//! The comparison is [`crate::migrate::diff`] from the database to the model, so a
//! difference is named after the change a migration would make; each becomes one sentence
//! ([`Difference`]). Not compared, because no catalog reader reads them back: comments,
//! row-level security policies and the `updated_at` triggers.
//!
//! Tables the database has and the model doesn't are reported, except the history tables of
//! the migration tools ([`MIGRATION_TOOL_TABLES`]), which belong to the tool that runs the
//! migrations, not to the model.

use crate::config::Engine;
use crate::dialect::{dialect_for, Dialect};
use crate::import::canonical_sql;
use crate::migrate::Change;
use crate::schema::{Check, CheckRule, Column, DefaultValue, ForeignKey, Index, Schema, Table};
use datamodel::model::RefAction;

/// The history tables of the migration tools: never reported as drift, never in a baseline.
pub const MIGRATION_TOOL_TABLES: &[&str] = &[
    "_sqlx_migrations",
    "__diesel_schema_migrations",
    "refinery_schema_history",
    "seaql_migrations",
    "flyway_schema_history",
    "schema_migrations",
    "goose_db_version",
    "atlas_schema_revisions",
    "knex_migrations",
    "knex_migrations_lock",
];

/// Is `table` a migration tool's history table?
pub fn is_migration_tool_table(table: &str) -> bool {
    MIGRATION_TOOL_TABLES
        .iter()
        .any(|t| t.eq_ignore_ascii_case(table))
}

/// One difference between the model and the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub table: String,
    /// The column it is about, when it is about one.
    pub column: Option<String>,
    /// `table posts: index posts_title_idx is in the model but not in the database`.
    pub message: String,
}

/// The model as `engine` keeps it: its DDL imported back, the way the live side is read.
pub fn model_as_kept(model: &Schema, engine: Engine) -> Schema {
    let ddl = crate::ddl::render_ddl(model, engine);
    match crate::import::import_sql(&ddl, Some(engine)) {
        Ok(i) => i.schema,
        // Unreachable: the engine is given, so nothing is inferred.
        Err(_) => model.clone(),
    }
}

/// The live Schema without the migration tools' tables.
pub fn owned_tables(live: &Schema) -> Schema {
    let mut s = live.clone();
    s.tables.retain(|t| !is_migration_tool_table(&t.name));
    s
}

/// Folds what DDL text and a catalog spell differently (see the module doc) so that equal
/// schemas compare equal. Comments are dropped (not compared).
pub fn normalise(schema: &Schema, engine: Engine) -> Schema {
    let d = dialect_for(engine);
    let mut s = schema.clone();
    for t in &mut s.tables {
        for c in &mut t.columns {
            c.default = c
                .default
                .as_ref()
                .map(|x| DefaultValue::Expr(default_text(&d.default_sql(x), engine)));
            c.comment = None;
        }
        for f in &mut t.foreign_keys {
            f.on_delete = action(f.on_delete, engine);
            f.on_update = action(f.on_update, engine);
        }
        for i in &mut t.indexes {
            i.predicate = i.predicate.as_deref().map(|p| expr_text(p, engine));
        }
        let own: Vec<String> = t
            .indexes
            .iter()
            .filter(|i| is_engine_s_foreign_key_index(t, i, engine))
            .map(|i| i.name.clone())
            .collect();
        t.indexes.retain(|i| !own.contains(&i.name));
        for c in &mut t.checks {
            c.expr = check_text(&d.check_sql(c), engine);
            c.column = None;
            c.rule = CheckRule::Custom;
        }
        t.comment = None;
    }
    s
}

/// Is `i` the index the engine made for a foreign key of `t` by itself (InnoDB: when no index
/// starts with the key's columns, one named after the constraint)? The importer may have folded
/// a tenant guard's constraint into the key it guards, so the name, not the columns, tells.
pub fn is_engine_s_foreign_key_index(t: &Table, i: &Index, engine: Engine) -> bool {
    dialect_for(engine).indexes_foreign_keys()
        && !i.unique
        && t.foreign_keys
            .iter()
            .any(|f| f.name == i.name || f.tenant_guard_name.as_deref() == Some(i.name.as_str()))
}

/// MySQL/MariaDB keep `RESTRICT` as their default and don't print it: the same behaviour as
/// `NO ACTION` in InnoDB.
fn action(a: RefAction, engine: Engine) -> RefAction {
    match a {
        RefAction::Restrict if dialect_for(engine).catalog_omits_restrict() => RefAction::NoAction,
        _ => a,
    }
}

/// Case and blanks folded outside string literals; identifier quotes and outer parentheses
/// dropped.
fn fold(sql: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    for ch in sql.chars() {
        if in_string {
            out.push(ch);
            if ch == '\'' {
                in_string = false;
            }
            continue;
        }
        match ch {
            '\'' => {
                in_string = true;
                out.push(ch);
            }
            '"' | '`' => {}
            c if c.is_whitespace() => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    while out.starts_with('(') && out.ends_with(')') && balanced(&out[1..out.len() - 1]) {
        out = out[1..out.len() - 1].to_string();
    }
    out
}

/// Do the parentheses of `s` (outside literals) balance?
fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    let mut in_string = false;
    for ch in s.chars() {
        match (in_string, ch) {
            (_, '\'') => in_string = !in_string,
            (false, '(') => depth += 1,
            (false, ')') => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// An expression in the canonical spelling, folded. Also without PostgreSQL's casts of a
/// column to text (`(status)::text <> 'published'`: how it prints a comparison of an enum
/// column with a string), which the DDL doesn't write.
pub fn expr_text(sql: &str, engine: Engine) -> String {
    // Before the canonical spelling too: it unquotes identifiers, after which a column named
    // like a keyword (`"select" >= 1`) no longer parses and its parentheses would stay.
    // Text that doesn't parse at all (the importer unquotes identifiers, so a check on a
    // column named `select` comes back as `(select >= 1)`) is compared without its
    // parentheses: the one place the comparison is looser than the SQL.
    let first = without_text_casts(sql, engine);
    let canonical = canonical_sql(&first, engine);
    match parses(&canonical, engine) {
        true => fold(&without_text_casts(&canonical, engine)),
        false => fold(&canonical)
            .chars()
            .filter(|c| !matches!(c, '(' | ')'))
            .collect(),
    }
}

fn parses(sql: &str, engine: Engine) -> bool {
    let parser = dialect_for(engine).sql_parser();
    sqlparser::parser::Parser::new(&*parser)
        .try_with_sql(sql)
        .and_then(|mut p| p.parse_expr())
        .is_ok()
}

fn without_text_casts(sql: &str, engine: Engine) -> String {
    use sqlparser::ast::{DataType, Expr};
    use std::ops::ControlFlow;
    let parser = dialect_for(engine).sql_parser();
    let parsed = sqlparser::parser::Parser::new(&*parser)
        .try_with_sql(sql)
        .and_then(|mut p| p.parse_expr());
    let Ok(mut expr) = parsed else {
        return sql.to_string();
    };
    fn column(e: &Expr) -> Option<&Expr> {
        match e {
            Expr::Nested(x) => column(x),
            Expr::Identifier(_) | Expr::CompoundIdentifier(_) => Some(e),
            _ => None,
        }
    }
    let _ = sqlparser::ast::visit_expressions_mut(&mut expr, |e| {
        if let Expr::Cast {
            expr: inner,
            data_type: DataType::Text | DataType::Varchar(_) | DataType::CharacterVarying(_),
            ..
        } = e
        {
            if let Some(c) = column(inner) {
                *e = c.clone();
            }
        }
        crate::import::drop_redundant_parens(e);
        ControlFlow::<()>::Continue(())
    });
    expr.to_string()
}

/// A default by its value: `true`/`1`, `'0.00'`/`0`, `'12:30:00.000000'`/`'12:30:00'`.
pub fn default_text(sql: &str, engine: Engine) -> String {
    let mut n = expr_text(sql, engine);
    if let Some(dot) = n.rfind('.') {
        if n.ends_with('\'') && n[dot + 1..n.len() - 1].chars().all(|c| c == '0') {
            n = format!("{}'", &n[..dot]);
        }
    }
    let unquoted = n.trim_matches('\'');
    match unquoted {
        "true" => return "1".into(),
        "false" => return "0".into(),
        _ => {}
    }
    match unquoted.parse::<f64>() {
        Ok(v) if !unquoted.is_empty() => format!("{v}"),
        _ => n,
    }
}

/// A check's condition: a one-value `IN` is `=` (the catalogs fold it).
pub fn check_text(sql: &str, engine: Engine) -> String {
    let n = expr_text(sql, engine);
    if let Some((col, rest)) = n.split_once("in(") {
        let value = rest.strip_suffix(')').unwrap_or(rest);
        let one_value = value.len() >= 2
            && value.starts_with('\'')
            && value.ends_with('\'')
            && !value[1..value.len() - 1].replace("''", "").contains('\'');
        if one_value && !col.is_empty() && col.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return format!("{col}={value}");
        }
    }
    n
}

/// The type as the engine spells it, folded: what the type comparison compares.
fn type_text(d: &dyn Dialect, c: &Column) -> String {
    fold(&d.column_type(c))
}

/// The differences between the model (as `engine` keeps it) and the live database, in the
/// order a migration from the database to the model would make them.
pub fn compare(model: &Schema, live: &Schema, engine: Engine) -> Vec<Difference> {
    let d = dialect_for(engine);
    let model_kept = model_as_kept(model, engine);
    let live = owned_tables(live);
    let (m, l) = (normalise(&model_kept, engine), normalise(&live, engine));
    let mut out = Vec::new();
    let mut changes = crate::migrate::diff(&l, &m);
    // Types are compared by the engine's spelling (below), which also sees opaque types.
    changes.retain(|c| !matches!(c, Change::ChangeType { .. }));
    for t in &m.tables {
        let Some(lt) = l.tables.iter().find(|x| x.name == t.name) else {
            continue;
        };
        for c in &t.columns {
            let Some(lc) = lt.columns.iter().find(|x| x.name == c.name) else {
                continue;
            };
            let (mt, ltt) = (type_text(d, c), type_text(d, lc));
            if mt != ltt || c.identity != lc.identity {
                let shown = |x: &Column| {
                    let mut s = d.column_type(x);
                    if x.identity {
                        s.push_str(" (identity)");
                    }
                    s
                };
                out.push(Difference {
                    table: t.name.clone(),
                    column: Some(c.name.clone()),
                    message: format!(
                        "column {}.{}: type {} in the model, {} in the database",
                        t.name,
                        c.name,
                        shown(c),
                        shown(lc)
                    ),
                });
            }
        }
    }
    let at = |s: &Schema, table: &str| s.tables.iter().find(|t| t.name == table).cloned();
    let mut done: Vec<(String, String)> = Vec::new();
    let mut seq = Vec::new();
    for ch in &changes {
        let table = ch.table().to_string();
        let (mt, lt) = (at(&model_kept, &table), at(&live, &table));
        // A table the model doesn't have is one difference, not one per foreign key too.
        let table_gone = mt.is_none() && lt.is_some();
        if table_gone && !matches!(ch, Change::DropTable { .. }) {
            continue;
        }
        if let Some(diff) = describe(ch, mt.as_ref(), lt.as_ref(), d, &mut done) {
            seq.push(diff);
        }
    }
    // The type differences (found above, by spelling) after the differ's changes.
    seq.extend(out);
    seq
}

fn key_list(cols: &[String]) -> String {
    format!("({})", cols.join(", "))
}

fn index_text(i: &Index) -> String {
    let cols: Vec<String> = i
        .columns
        .iter()
        .map(|c| {
            if c.descending {
                format!("{} DESC", c.name)
            } else {
                c.name.clone()
            }
        })
        .collect();
    let mut s = format!(
        "{}{}",
        if i.unique { "UNIQUE " } else { "" },
        key_list(&cols)
    );
    if let Some(p) = &i.predicate {
        s.push_str(&format!(" WHERE {p}"));
    }
    s
}

fn fk_text(f: &ForeignKey) -> String {
    format!(
        "{} REFERENCES {}{} ON DELETE {:?} ON UPDATE {:?}",
        key_list(&f.columns),
        f.ref_table,
        key_list(&f.ref_columns),
        f.on_delete,
        f.on_update
    )
}

fn check_shown(d: &dyn Dialect, c: &Check) -> String {
    d.check_sql(c)
}

fn col<'a>(s: Option<&'a Table>, c: &str) -> Option<&'a Column> {
    s.and_then(|t| t.columns.iter().find(|x| x.name == c))
}

/// One sentence for one change of the differ (database → model), or `None` when it was said
/// together with another (a redefinition is a drop and an add under one name).
fn describe(
    ch: &Change,
    model: Option<&Table>,
    live: Option<&Table>,
    d: &dyn Dialect,
    done: &mut Vec<(String, String)>,
) -> Option<Difference> {
    use Change::*;
    let t = ch.table().to_string();
    let diff = |column: Option<&str>, message: String| {
        Some(Difference {
            table: t.clone(),
            column: column.map(str::to_string),
            message,
        })
    };
    const IN_MODEL: &str = "is in the model but not in the database";
    const IN_DB: &str = "is in the database but not in the model";
    // Redefined under one name: the differ lists a drop and an add; said once.
    let mut redefined = |kind: &str, name: &str, m: Option<String>, l: Option<String>| {
        let key = (format!("{t}/{kind}"), name.to_string());
        let both = m.is_some() && l.is_some();
        if both {
            if done.contains(&key) {
                return None;
            }
            done.push(key);
            return diff(
                None,
                format!(
                    "table {t}: {kind} {name} differs: {} in the model, {} in the database",
                    m.unwrap_or_default(),
                    l.unwrap_or_default()
                ),
            );
        }
        let side = if m.is_some() { IN_MODEL } else { IN_DB };
        diff(None, format!("table {t}: {kind} {name} {side}"))
    };
    match ch {
        AddTable { .. } => diff(None, format!("table {t} {IN_MODEL}")),
        DropTable { .. } => diff(None, format!("table {t} {IN_DB}")),
        AddColumn { column, .. } => diff(Some(column), format!("column {t}.{column} {IN_MODEL}")),
        DropColumn { column, .. } => diff(Some(column), format!("column {t}.{column} {IN_DB}")),
        SetNotNull { column, .. } => diff(
            Some(column),
            format!("column {t}.{column}: NOT NULL in the model, nullable in the database"),
        ),
        DropNotNull { column, .. } => diff(
            Some(column),
            format!("column {t}.{column}: nullable in the model, NOT NULL in the database"),
        ),
        ChangeDefault { column, .. } => {
            let shown = |c: Option<&Column>| {
                c.and_then(|c| c.default.as_ref())
                    .map_or("no default".to_string(), |x| {
                        format!("default {}", d.default_sql(x))
                    })
            };
            diff(
                Some(column),
                format!(
                    "column {t}.{column}: {} in the model, {} in the database",
                    shown(col(model, column)),
                    shown(col(live, column))
                ),
            )
        }
        ChangePrimaryKey { .. } => {
            let pk =
                |s: Option<&Table>| s.map_or(String::new(), |t| key_list(&t.primary_key.columns));
            diff(
                None,
                format!(
                    "table {t}: primary key {} in the model, {} in the database",
                    pk(model),
                    pk(live)
                ),
            )
        }
        RenamePrimaryKey { from, to, .. } => diff(
            None,
            format!("table {t}: primary key named {to} in the model, {from} in the database"),
        ),
        AddIndex { index, .. } | DropIndex { index, .. } => {
            let find = |s: Option<&Table>| {
                s.and_then(|t| t.indexes.iter().find(|i| &i.name == index))
                    .map(index_text)
            };
            redefined("index", index, find(model), find(live))
        }
        AddForeignKey { name, .. } | DropForeignKey { name, .. } => {
            let find = |s: Option<&Table>| {
                s.and_then(|t| t.foreign_keys.iter().find(|f| &f.name == name))
                    .map(fk_text)
            };
            redefined("foreign key", name, find(model), find(live))
        }
        AddCheck { name, .. } | DropCheck { name, .. } => {
            let find = |s: Option<&Table>| {
                s.and_then(|t| t.checks.iter().find(|c| &c.name == name))
                    .map(|c| check_shown(d, c))
            };
            redefined("check", name, find(model), find(live))
        }
        // Not read from a catalog (see the module doc), so not expected; said as the change.
        other => diff(None, format!("table {t}: {}", other.describe())),
    }
}

/// The migration baseline of a database that already exists (`migrate
/// --baseline-from-database`): the model wherever the database agrees with it (under the
/// comparison of [`compare`]), the database wherever it doesn't. So the next `migrate` diffs
/// from what is deployed: an identical database gives no change, and each difference becomes
/// the step that takes the database to the structs. Attribute by attribute: a column whose
/// default alone differs keeps the model's type, so no type change is invented.
///
/// Kept from the model because no catalog reader reads them back (the module doc): row-level
/// security policies, the `updated_at` triggers, comments and the document-only fields.
/// Tables of the migration tools are left out.
pub fn baseline(model: &Schema, live: &Schema, engine: Engine) -> Schema {
    let d = dialect_for(engine);
    let live = owned_tables(live);
    let (m, l) = (
        normalise(&model_as_kept(model, engine), engine),
        normalise(&live, engine),
    );
    let find = |s: &'_ Schema, name: &str| s.tables.iter().position(|t| t.name == name);
    let mut out = model.clone();
    out.tables.clear();
    for t in &model.tables {
        let (Some(li), Some(mi)) = (find(&live, &t.name), find(&m, &t.name)) else {
            continue;
        };
        out.tables.push(merge_table(
            t,
            &m.tables[mi],
            &live.tables[li],
            &l.tables[li],
            d,
        ));
    }
    for t in &live.tables {
        if find(model, &t.name).is_none() {
            out.tables.push(t.clone());
        }
    }
    out
}

/// One table both sides have: `model` and its normalised kept copy `nm`, `live` and its
/// normalised copy `nl` (same order as `live`).
fn merge_table(model: &Table, nm: &Table, live: &Table, nl: &Table, d: &dyn Dialect) -> Table {
    let mut t = model.clone();
    t.columns.clear();
    for c in &model.columns {
        let (Some(nmc), Some(i)) = (
            nm.columns.iter().find(|x| x.name == c.name),
            live.columns.iter().position(|x| x.name == c.name),
        ) else {
            // Neither the engine's DDL nor the database has it: not a difference.
            if nm.column(&c.name).is_none() && live.column(&c.name).is_none() {
                t.columns.push(c.clone());
            }
            continue;
        };
        let (lc, nlc) = (&live.columns[i], &nl.columns[i]);
        let mut merged = c.clone();
        if type_text(d, nmc) != type_text(d, nlc) || nmc.identity != nlc.identity {
            merged.ty = lc.ty.clone();
            merged.max_length = lc.max_length;
            merged.precision = lc.precision;
            merged.scale = lc.scale;
            merged.identity = lc.identity;
            merged.imported_type = lc.imported_type.clone();
        }
        if nmc.nullable != nlc.nullable {
            merged.nullable = lc.nullable;
        }
        if nmc.default != nlc.default {
            merged.default = lc.default.clone();
        }
        t.columns.push(merged);
    }
    for c in &live.columns {
        if model.column(&c.name).is_none() {
            t.columns.push(c.clone());
        }
    }
    if model.primary_key.columns != live.primary_key.columns {
        t.primary_key = live.primary_key.clone();
    } else if model.primary_key.name != live.primary_key.name {
        t.primary_key.name = live.primary_key.name.clone();
    }
    t.indexes = merge_named(
        &model.indexes,
        &nm.indexes,
        &live.indexes,
        &nl.indexes,
        |i| &i.name,
        crate::migrate::same_index,
    );
    t.foreign_keys = merge_named(
        &model.foreign_keys,
        &nm.foreign_keys,
        &live.foreign_keys,
        &nl.foreign_keys,
        |f| &f.name,
        crate::migrate::same_fk,
    );
    t.checks = merge_named(
        &model.checks,
        &nm.checks,
        &live.checks,
        &nl.checks,
        |c| &c.name,
        crate::migrate::same_check,
    );
    t
}

/// Named objects (indexes, keys, checks): the model's where the database has an equal one
/// under its name (or where the engine's DDL doesn't have it either), else the database's;
/// the database's that the model doesn't name.
fn merge_named<T: Clone>(
    model: &[T],
    nm: &[T],
    live: &[T],
    nl: &[T],
    name: impl Fn(&T) -> &String,
    same: impl Fn(&T, &T) -> bool,
) -> Vec<T> {
    let at = |xs: &[T], n: &String| xs.iter().position(|x| name(x) == n);
    let mut out = Vec::new();
    for x in model {
        let n = name(x);
        // `nl` may hold fewer than `live` (see below): looked up by name, never by position.
        let equal = match (at(nm, n), at(nl, n)) {
            (Some(a), Some(b)) => same(&nm[a], &nl[b]),
            _ => false,
        };
        match (at(nm, n), at(live, n)) {
            _ if equal => out.push(x.clone()),
            (_, Some(b)) => out.push(live[b].clone()),
            // Not rendered for this engine at all (an index that would duplicate the primary
            // key where there are no partial indexes): not a difference, so the model's.
            (None, None) => out.push(x.clone()),
            (Some(_), None) => {}
        }
    }
    // What the normaliser leaves out (InnoDB's own index of a foreign key) is the engine's,
    // not a difference: a migration must not drop it.
    for x in live {
        if at(model, name(x)).is_none() && at(nl, name(x)).is_some() {
            out.push(x.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::import_sql;

    fn schema(sql: &str, engine: Engine) -> Schema {
        import_sql(sql, Some(engine)).unwrap().schema
    }

    #[test]
    fn innodb_s_own_index_of_a_foreign_key_is_not_drift() {
        let live = schema(
            "CREATE TABLE `t` (`id` bigint NOT NULL, PRIMARY KEY (`id`));
             CREATE TABLE `c` (`id` bigint NOT NULL, `index` smallint DEFAULT NULL, PRIMARY KEY (`id`),
               KEY `fk_c_index_t` (`index`),
               CONSTRAINT `fk_c_index_t` FOREIGN KEY (`index`) REFERENCES `t` (`id`) ON DELETE SET NULL ON UPDATE NO ACTION);",
            Engine::Mysql,
        );
        let n = normalise(&live, Engine::Mysql);
        let c = n.tables.iter().find(|t| t.name == "c").unwrap();
        assert_eq!(c.foreign_keys.len(), 1, "{:?}", c.foreign_keys);
        assert!(c.indexes.is_empty(), "{:?}", c.indexes);
    }

    #[test]
    fn catalog_spellings_fold_but_values_do_not() {
        // MySQL prints a boolean default as 1, a decimal's as 0.00, a time's with its fraction.
        assert_eq!(
            default_text("true", Engine::Mysql),
            default_text("1", Engine::Mysql)
        );
        assert_eq!(
            default_text("'0.00'", Engine::Mysql),
            default_text("0", Engine::Mysql)
        );
        assert_eq!(
            default_text("'12:30:00.000000'", Engine::Mysql),
            default_text("'12:30:00'", Engine::Mysql)
        );
        // Case and blanks fold outside literals only: another value is drift.
        assert_eq!(
            default_text("CURRENT_TIMESTAMP(6)", Engine::Mysql),
            default_text("current_timestamp(6)", Engine::Mysql)
        );
        assert_ne!(
            default_text("'Draft'", Engine::Postgres),
            default_text("'draft'", Engine::Postgres)
        );
        assert_ne!(
            default_text("'a b'", Engine::Postgres),
            default_text("'ab'", Engine::Postgres)
        );
    }

    #[test]
    fn postgres_casts_and_parentheses_of_a_check_fold() {
        let pg = Engine::Postgres;
        assert_eq!(
            check_text(
                "((status)::text <> 'published'::text) OR (published_at IS NOT NULL)",
                pg
            ),
            check_text("status <> 'published' OR published_at IS NOT NULL", pg)
        );
        assert_eq!(
            check_text("(kind)::text = 'a'::text", pg),
            check_text("kind IN ('a')", pg)
        );
        assert_ne!(
            check_text("(a OR b) AND c", pg),
            check_text("a OR b AND c", pg),
            "parentheses that change the meaning stay"
        );
    }
}
