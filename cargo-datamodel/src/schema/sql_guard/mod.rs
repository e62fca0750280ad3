//! The gate every piece of SQL a user wrote passes before it reaches a DDL file.
//!
//! CHECK expressions, column defaults and partial-index predicates come from attribute strings.
//! Each one is tokenized and parsed with sqlparser for the dialect of EVERY engine the tool can
//! render (not only the configured ones: `ddl --engine mysql` works on any crate), and must be
//! exactly one expression for each: no `;`, no comment (a `--`, `#` or `/*! */` inside
//! `CHECK (...)` would swallow the closing parenthesis or run as SQL on MySQL), no backslash
//! (an escape character in MySQL strings unless `NO_BACKSLASH_ESCAPES`), no `"..."` (a string
//! on MySQL, a name elsewhere), nothing after the expression. `1); DROP TABLE users; --`
//! therefore never gets spliced into a `CREATE TABLE`.
//!
//! The parsed expression is then walked (sqlparser's visitor): subqueries are refused
//! everywhere (no engine accepts them in a CHECK, DEFAULT or index predicate), and so are calls
//! that act on the server (`pg_sleep`, `set_config`, `load_file`, ...). Volatile calls
//! (`random()`, `nextval`, `now()`, ...) are refused in CHECKs and index predicates, whose
//! result must not depend on when a row is checked, and allowed in DEFAULTs.
//!
//! The accepted text is emitted as written (trimmed); this module never rewrites SQL.
//! [`check_is_one_statement`] states the property the fuzz target checks: an accepted CHECK
//! fragment, embedded in a `CREATE TABLE`, is one statement for every engine's parser.

use crate::config::Engine;
use sqlparser::ast::{
    Expr, Query, Statement, TableConstraint, UnaryOperator, Value, Visit, Visitor,
};
use sqlparser::dialect::{Dialect, PostgreSqlDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};
use std::ops::ControlFlow;

/// The sqlparser dialect matching an engine (each SQL dialect says which it is).
fn parser_dialect(engine: Engine) -> Box<dyn Dialect> {
    crate::dialect::dialect_for(engine).sql_parser()
}

/// Where a user fragment lands; decides which calls it may make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FragmentKind {
    /// `CHECK (...)` of a column or a table.
    Check,
    /// `DEFAULT ...` of a column.
    Default,
    /// `WHERE ...` of a partial index.
    IndexWhere,
}

impl FragmentKind {
    /// How the fragment is named in messages.
    pub fn describe(self) -> &'static str {
        match self {
            FragmentKind::Check => "CHECK",
            FragmentKind::Default => "DEFAULT",
            FragmentKind::IndexWhere => "index WHERE",
        }
    }

    /// Volatile calls (`now()`, `random()`, `nextval(...)`) are what defaults are for; a CHECK
    /// or an index predicate must give the same answer whenever a row is looked at.
    fn allows_volatile(self) -> bool {
        self == FragmentKind::Default
    }
}

/// Calls that act on the server or its files, or wait: refused in every fragment.
const SIDE_EFFECT_CALLS: &[&str] = &[
    "sleep",
    "benchmark",
    "set_config",
    "setval",
    "load_file",
    "load_extension",
    "get_lock",
    "release_lock",
    "release_all_locks",
    "is_free_lock",
    "is_used_lock",
    "master_pos_wait",
    "source_pos_wait",
    "sys_exec",
    "sys_eval",
    "query_to_xml",
    "txid_current",
    "writefile",
    "readfile",
    "edit",
    "fts3_tokenizer",
];

/// Prefixes of server-administration function families (PostgreSQL's `pg_sleep`,
/// `pg_read_file`, `pg_terminate_backend`, large objects, dblink): refused in every fragment.
const SIDE_EFFECT_PREFIXES: &[&str] = &["pg_", "lo_", "dblink"];

/// Calls whose result changes from one evaluation to the next (or with the session): fine in
/// a DEFAULT, refused in a CHECK or an index predicate.
const VOLATILE_CALLS: &[&str] = &[
    "random",
    "rand",
    "randomblob",
    "random_bytes",
    "gen_random_uuid",
    "uuid",
    "uuid_short",
    "uuid_generate_v1",
    "uuid_generate_v4",
    "sys_guid",
    "nextval",
    "currval",
    "lastval",
    "now",
    "current_timestamp",
    "current_date",
    "current_time",
    "localtime",
    "localtimestamp",
    "clock_timestamp",
    "statement_timestamp",
    "transaction_timestamp",
    "timeofday",
    "sysdate",
    "curdate",
    "curtime",
    "utc_timestamp",
    "utc_date",
    "utc_time",
    "unix_timestamp",
    "last_insert_id",
    "last_insert_rowid",
    "changes",
    "total_changes",
    "connection_id",
    "current_user",
    "session_user",
    "system_user",
    "user",
    "current_role",
    "current_setting",
    "current_database",
    "current_schema",
    "database",
    "schema",
    "version",
    "found_rows",
    "row_count",
    "inet_client_addr",
];

/// `sql` trimmed, refused when empty or when it holds a control character other than a
/// newline or a tab (the first checks of [`check_fragment`] and [`check_fragment_in`]).
fn plain_lines(sql: &str) -> Result<&str, String> {
    let trimmed = sql.trim();
    if trimmed.is_empty() {
        return Err("the SQL expression is empty".into());
    }
    if let Some(c) = trimmed
        .chars()
        .find(|c| c.is_control() && *c != '\n' && *c != '\t')
    {
        return Err(format!(
            "`{}` contains the control character U+{:04X}: write the expression on plain lines",
            trimmed.escape_debug(),
            u32::from(c)
        ));
    }
    Ok(trimmed)
}

/// Checks that `sql` is exactly one safe SQL expression of kind `kind` for every engine the
/// tool renders. Returns the trimmed text, or a message saying what is wrong, for which engine
/// and why.
pub fn check_fragment(sql: &str, kind: FragmentKind) -> Result<String, String> {
    let trimmed = plain_lines(sql)?;
    for engine in Engine::ALL {
        check_for_engine(trimmed, kind, engine)
            .map_err(|e| format!("{e} (parsed as {} SQL)", engine.display_name()))?;
    }
    Ok(trimmed.to_string())
}

/// [`check_fragment`] for a fragment that refers to the table's `columns` by their bare names,
/// checked the way each engine's DDL will carry it: with those references quoted for that
/// engine ([`quote_columns`], what [`crate::dialect::Dialect::user_sql`] renders). For imported
/// fragments, whose column references the importer unquoted (`user >= 1` is a column named
/// `user`, not the `USER` function, once the DDL quotes it).
pub fn check_fragment_in(
    sql: &str,
    kind: FragmentKind,
    columns: &[String],
) -> Result<String, String> {
    let trimmed = plain_lines(sql)?;
    for engine in Engine::ALL {
        let d = crate::dialect::dialect_for(engine);
        let rendered = quote_columns(trimmed, engine, columns, &|s| d.quote_ident(s));
        check_for_engine(&rendered, kind, engine)
            .map_err(|e| format!("{e} (parsed as {} SQL)", engine.display_name()))?;
    }
    Ok(trimmed.to_string())
}

/// [`check_fragment`] for one engine only, without the engine named (the caller names it).
fn check_for_engine(sql: &str, kind: FragmentKind, engine: Engine) -> Result<(), String> {
    let dialect = parser_dialect(engine);
    let expr = check_one(sql, dialect.as_ref())?;
    check_calls(sql, &expr, kind)
}

/// Checks that `sql` is exactly one SQL expression for every engine in `engines` (PostgreSQL
/// when empty), without the call and subquery rules of [`check_fragment`]. Returns the
/// trimmed text, or a message saying what is wrong.
pub fn single_expression(sql: &str, engines: &[Engine]) -> Result<String, String> {
    let trimmed = sql.trim();
    if trimmed.is_empty() {
        return Err("the SQL expression is empty".into());
    }
    let default = [Engine::DEFAULT];
    let engines: &[Engine] = if engines.is_empty() {
        &default
    } else {
        engines
    };
    for &engine in engines {
        let dialect = parser_dialect(engine);
        check_one(trimmed, dialect.as_ref())
            .map_err(|e| format!("{e} (parsed as {} SQL)", engine.display_name()))?;
    }
    Ok(trimmed.to_string())
}

fn check_one(sql: &str, dialect: &dyn Dialect) -> Result<Expr, String> {
    if dialect.supports_string_literal_backslash_escape() && sql.contains('\\') {
        return Err(format!(
            "`{sql}` contains a backslash, which this engine reads as an escape character in strings (unless `NO_BACKSLASH_ESCAPES` is set), so the fragment would not mean what it says: write the text without `\\`"
        ));
    }
    let tokens = Tokenizer::new(dialect, sql)
        .tokenize()
        .map_err(|e| format!("`{sql}` is not valid SQL: {e}"))?;
    for (i, t) in tokens.iter().enumerate() {
        match t {
            Token::Colon if matches!(tokens.get(i + 1), Some(Token::Word(_))) => {
                return Err(format!(
                    "`{sql}` contains a named parameter (`:name`): DDL takes literal values, not bind parameters"
                ))
            }
            Token::SemiColon => {
                return Err(format!(
                    "`{sql}` contains `;`: write one expression, not statements"
                ))
            }
            Token::Whitespace(Whitespace::SingleLineComment { prefix, .. }) => {
                return Err(format!(
                    "`{sql}` contains an SQL comment (`{}` starts one here): remove it",
                    prefix.trim()
                ))
            }
            Token::Whitespace(Whitespace::MultiLineComment(_)) => {
                return Err(format!(
                    "`{sql}` contains an SQL comment (`/* */`, which MySQL runs as SQL when written `/*! */`): remove it"
                ))
            }
            Token::DoubleQuotedString(_) => {
                return Err(format!(
                    "`{sql}` contains a double-quoted string, which this engine reads as a string and the others as a name: write strings in single quotes and column names unquoted (the DDL quotes them)"
                ))
            }
            // `?`, `$1`, `:name`, `@name`: DDL has nothing to bind them to.
            Token::Placeholder(p) => {
                return Err(format!(
                    "`{sql}` contains the parameter `{p}`: DDL takes literal values, not bind parameters or session variables"
                ))
            }
            Token::AtSign => {
                return Err(format!(
                    "`{sql}` contains `@` (a session variable): DDL takes literal values, not variables"
                ))
            }
            Token::Word(w) if w.quote_style.is_none() && w.value.starts_with('@') => {
                return Err(format!(
                    "`{sql}` contains the session variable `{}`: DDL takes literal values, not variables",
                    w.value
                ))
            }
            _ => {}
        }
    }
    let mut parser = Parser::new(dialect)
        .try_with_sql(sql)
        .map_err(|e| format!("`{sql}` is not valid SQL: {e}"))?;
    let expr = parser
        .parse_expr()
        .map_err(|e| format!("`{sql}` is not a single SQL expression: {e}"))?;
    let next = parser.peek_token();
    if next.token != Token::EOF {
        return Err(format!(
            "`{sql}` is not a single SQL expression: unexpected `{}` after the expression",
            next.token
        ));
    }
    Ok(expr)
}

/// Walks the parsed expression: the first subquery or disallowed call it meets, as a message.
struct CallRules {
    kind: FragmentKind,
}

impl Visitor for CallRules {
    type Break = String;

    fn pre_visit_query(&mut self, _query: &Query) -> ControlFlow<String> {
        ControlFlow::Break(format!(
            "contains a subquery (`SELECT`): a {} may only use the row's own columns, literals and functions",
            self.kind.describe()
        ))
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<String> {
        match expr {
            // Subqueries (`(SELECT ..)`, `EXISTS`, `IN (SELECT ..)`, `f(SELECT ..)`) are
            // refused by `pre_visit_query` as the walk enters them.
            Expr::Function(f) => {
                let full = f.name.to_string().to_ascii_lowercase();
                let name = full
                    .rsplit('.')
                    .next()
                    .unwrap_or(&full)
                    .trim_matches(|c| c == '"' || c == '`')
                    .to_string();
                if SIDE_EFFECT_CALLS.contains(&name.as_str())
                    || SIDE_EFFECT_PREFIXES.iter().any(|p| name.starts_with(p))
                {
                    return ControlFlow::Break(format!(
                        "calls `{name}`, which acts on the server (waits, reads files, changes settings or sequences): a {} must not have side effects",
                        self.kind.describe()
                    ));
                }
                if !self.kind.allows_volatile() && VOLATILE_CALLS.contains(&name.as_str()) {
                    return ControlFlow::Break(format!(
                        "calls `{name}`, whose result changes from one evaluation to the next: a {} must give the same answer whenever a row is checked (engines reject it or check it only once); put time- or session-dependent rules in the application",
                        self.kind.describe()
                    ));
                }
                ControlFlow::Continue(())
            }
            _ => ControlFlow::Continue(()),
        }
    }
}

fn check_calls(sql: &str, expr: &Expr, kind: FragmentKind) -> Result<(), String> {
    match expr.visit(&mut CallRules { kind }) {
        ControlFlow::Break(why) => Err(format!("`{sql}` {why}")),
        ControlFlow::Continue(()) => Ok(()),
    }
}

/// The property the SQL guard promises, checked by its unit tests and the fuzz target: an
/// accepted fragment, embedded as `CHECK (<fragment>)` in a `CREATE TABLE`, is exactly one
/// statement with exactly one CHECK for `engine`'s parser, and carries no comment. Returns
/// why not.
pub fn check_is_one_statement(fragment: &str, engine: Engine) -> Result<(), String> {
    let dialect = parser_dialect(engine);
    let sql = format!("CREATE TABLE t (c INTEGER, CONSTRAINT k CHECK ({fragment}))");
    let tokens = Tokenizer::new(dialect.as_ref(), &sql)
        .tokenize()
        .map_err(|e| format!("{engine}: `{sql}` does not tokenize: {e}"))?;
    if tokens.iter().any(|t| {
        matches!(
            t,
            Token::SemiColon
                | Token::Whitespace(Whitespace::SingleLineComment { .. })
                | Token::Whitespace(Whitespace::MultiLineComment(_))
        )
    }) {
        return Err(format!("{engine}: `{sql}` holds a `;` or a comment"));
    }
    let statements = Parser::parse_sql(dialect.as_ref(), &sql)
        .map_err(|e| format!("{engine}: `{sql}` does not parse: {e}"))?;
    match statements.as_slice() {
        [Statement::CreateTable(ct)] => {
            let checks = ct
                .constraints
                .iter()
                .filter(|c| matches!(c, TableConstraint::Check(_)))
                .count();
            if ct.columns.len() == 1 && checks == 1 && ct.constraints.len() == 1 {
                Ok(())
            } else {
                Err(format!(
                    "{engine}: `{sql}` is one CREATE TABLE but with {} columns and {} constraints",
                    ct.columns.len(),
                    ct.constraints.len()
                ))
            }
        }
        other => Err(format!(
            "{engine}: `{sql}` is {} statements, not one CREATE TABLE",
            other.len()
        )),
    }
}

/// Quotes, with `quote`, every bare word of `sql` that names one of `columns` (not a
/// function name, not already quoted), so a user expression like `key = upper(key)` runs on
/// an engine where `key` is reserved. Words are found by sqlparser's tokenizer for `engine`
/// and replaced at their exact spans; everything else is kept byte for byte. Returns `sql`
/// unchanged if it does not tokenize (it was validated before, so that does not happen).
pub fn quote_columns(
    sql: &str,
    engine: Engine,
    columns: &[String],
    quote: &dyn Fn(&str) -> String,
) -> String {
    let dialect = parser_dialect(engine);
    let Ok(tokens) = Tokenizer::new(dialect.as_ref(), sql).tokenize_with_location() else {
        return sql.to_string();
    };
    // Byte offset of each line start.
    let mut line_starts = vec![0usize];
    for (i, b) in sql.bytes().enumerate() {
        if b == b'\n' {
            line_starts.push(i + 1);
        }
    }
    let offset = |line: u64, column: u64| -> Option<usize> {
        let start = *line_starts.get(usize::try_from(line).ok()?.checked_sub(1)?)?;
        let col = usize::try_from(column).ok()?.checked_sub(1)?;
        let rest = &sql[start..];
        Some(start + rest.char_indices().nth(col).map_or(rest.len(), |(i, _)| i))
    };
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let significant: Vec<usize> = (0..tokens.len())
        .filter(|&i| !matches!(tokens[i].token, Token::Whitespace(_)))
        .collect();
    for (k, &i) in significant.iter().enumerate() {
        let Token::Word(w) = &tokens[i].token else {
            continue;
        };
        if w.quote_style.is_some() || !columns.contains(&w.value) {
            continue;
        }
        let next = significant.get(k + 1).map(|&j| &tokens[j].token);
        let prev = k.checked_sub(1).map(|p| &tokens[significant[p]].token);
        if matches!(next, Some(Token::LParen)) || matches!(prev, Some(Token::Period)) {
            continue;
        }
        let span = tokens[i].span;
        if let (Some(a), Some(b)) = (
            offset(span.start.line, span.start.column),
            offset(span.end.line, span.end.column),
        ) {
            if sql.get(a..b) == Some(w.value.as_str()) {
                edits.push((a, b, quote(&w.value)));
            }
        }
    }
    let mut out = sql.to_string();
    for (a, b, q) in edits.into_iter().rev() {
        out.replace_range(a..b, &q);
    }
    out
}

/// Is `sql` (already accepted by [`single_expression`]) a plain literal (number, string,
/// boolean, NULL, optionally negated)? Engines accept literals as bare defaults; anything else
/// must be parenthesised on MySQL and SQLite.
pub fn is_literal(sql: &str) -> bool {
    // Most defaults are plain (`0`, `'draft'`, `true`): answered without building a parser,
    // which every column of every table would otherwise cost.
    if plainly_literal(sql) {
        return true;
    }
    let dialect = PostgreSqlDialect {};
    let Ok(mut parser) = Parser::new(&dialect).try_with_sql(sql) else {
        return false;
    };
    match parser.parse_expr() {
        Ok(expr) => literal_expr(&expr),
        Err(_) => false,
    }
}

/// A literal the parser would read as one, recognised by its text alone: an unsigned or
/// signed integer or decimal (`12`, `-3.5`), a single-quoted string without quotes or
/// backslashes inside, `true`, `false` or `null`. `false` means "ask the parser", not "no".
fn plainly_literal(sql: &str) -> bool {
    let t = sql.trim();
    if ["true", "false", "null"]
        .iter()
        .any(|w| t.eq_ignore_ascii_case(w))
    {
        return true;
    }
    if let Some(inner) = t.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        return !inner.contains(['\'', '\\']);
    }
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    let mut parts = digits.split('.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    parts.next().is_none()
        && !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

fn literal_expr(expr: &Expr) -> bool {
    match expr {
        Expr::Value(v) => matches!(
            v.value,
            Value::Number(..) | Value::SingleQuotedString(_) | Value::Boolean(_) | Value::Null
        ),
        Expr::UnaryOp {
            op: UnaryOperator::Minus | UnaryOperator::Plus,
            expr,
        } => literal_expr(expr),
        _ => false,
    }
}

/// Is `sql` a numeric literal (optionally negated), as `min`/`max` bounds must be?
pub fn is_number(sql: &str) -> bool {
    let dialect = PostgreSqlDialect {};
    let Ok(mut parser) = Parser::new(&dialect).try_with_sql(sql.trim()) else {
        return false;
    };
    let ok = match parser.parse_expr() {
        Ok(Expr::Value(v)) => matches!(v.value, Value::Number(..)),
        Ok(Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        }) => matches!(*expr, Expr::Value(ref v) if matches!(v.value, Value::Number(..))),
        _ => false,
    };
    ok && parser.peek_token().token == Token::EOF
}

#[cfg(test)]
mod tests;
