//! The one normaliser of drift ([`normalise`]): what a DDL text and a catalog spell
//! differently, folded so that equal schemas compare equal (see the module doc of
//! [`crate::drift`]). The import round-trip tests fold with the same functions.

use crate::config::Engine;
use crate::dialect::{dialect_for, Dialect};
use crate::import::canonical_sql;
use crate::schema::{CheckRule, Column, DefaultValue, Index, Schema, Table};
use datamodel::model::RefAction;

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
pub(super) fn type_text(d: &dyn Dialect, c: &Column) -> String {
    fold(&d.column_type(c))
}
