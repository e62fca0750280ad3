//! The gate every piece of SQL a user wrote passes before it reaches a DDL file.
//!
//! CHECK expressions, column defaults and partial-index predicates come from attribute strings.
//! Each one is tokenized and parsed with sqlparser, for the dialect of every configured engine,
//! and must be exactly one expression: no `;`, no comment (a `--` inside `CHECK (...)` would
//! swallow the closing parenthesis), nothing after the expression. `1); DROP TABLE users; --`
//! therefore never gets spliced into a `CREATE TABLE`. The accepted text is emitted as written
//! (trimmed); this module never rewrites SQL.

use crate::config::Engine;
use sqlparser::ast::{Expr, UnaryOperator, Value};
use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};

/// The sqlparser dialect matching an engine.
fn parser_dialect(engine: Engine) -> Box<dyn Dialect> {
    match engine {
        Engine::Postgres => Box::new(PostgreSqlDialect {}),
        Engine::Mysql => Box::new(MySqlDialect {}),
        Engine::Sqlite => Box::new(SQLiteDialect {}),
    }
}

/// Checks that `sql` is exactly one SQL expression for every engine in `engines` (PostgreSQL
/// when empty). Returns the trimmed text, or a message saying what is wrong.
pub fn single_expression(sql: &str, engines: &[Engine]) -> Result<String, String> {
    let trimmed = sql.trim();
    if trimmed.is_empty() {
        return Err("the SQL expression is empty".into());
    }
    let engines: &[Engine] = if engines.is_empty() {
        &[Engine::Postgres]
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

fn check_one(sql: &str, dialect: &dyn Dialect) -> Result<(), String> {
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
            Token::Whitespace(Whitespace::SingleLineComment { .. })
            | Token::Whitespace(Whitespace::MultiLineComment(_)) => {
                return Err(format!("`{sql}` contains an SQL comment: remove it"))
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
    parser
        .parse_expr()
        .map_err(|e| format!("`{sql}` is not a single SQL expression: {e}"))?;
    let next = parser.peek_token();
    if next.token != Token::EOF {
        return Err(format!(
            "`{sql}` is not a single SQL expression: unexpected `{}` after the expression",
            next.token
        ));
    }
    Ok(())
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
    let dialect = PostgreSqlDialect {};
    let Ok(mut parser) = Parser::new(&dialect).try_with_sql(sql) else {
        return false;
    };
    match parser.parse_expr() {
        Ok(expr) => literal_expr(&expr),
        Err(_) => false,
    }
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
mod tests {
    use super::*;

    const ALL: &[Engine] = &Engine::ALL;

    #[test]
    fn accepts_single_expressions() {
        for ok in [
            "price > 0",
            "now()",
            "status IN ('a','b')",
            "  age BETWEEN 0 AND 150 ",
            "'it''s'",
            "false",
            "-1.5",
            "deleted_at IS NULL",
        ] {
            assert!(single_expression(ok, ALL).is_ok(), "{ok}");
        }
        assert_eq!(single_expression(" price > 0 ", ALL).unwrap(), "price > 0");
    }

    #[test]
    fn rejects_injection_and_statements() {
        for bad in [
            "1); DROP TABLE users; --",
            "a; b",
            "",
            "   ",
            "price > 0 -- trailing comment",
            "price > 0 /* c */",
            "1) OR (1",
            "SELECT 1",
            "price >",
            "price > ?",
            "price > $1",
            "price > :min",
            "price > @min",
            "price > @@max_allowed_packet",
        ] {
            let e = single_expression(bad, ALL);
            assert!(e.is_err(), "accepted {bad:?}");
        }
        let e = single_expression("1); DROP TABLE users; --", ALL).unwrap_err();
        assert!(e.contains(';') || e.contains("single"), "{e}");
    }

    #[test]
    fn column_words_are_quoted_in_place() {
        let cols = vec!["key".to_string(), "order".to_string(), "price".to_string()];
        let bq = |s: &str| format!("`{s}`");
        assert_eq!(
            quote_columns("key = upper(key)", Engine::Mysql, &cols, &bq),
            "`key` = upper(`key`)"
        );
        let dq = |s: &str| format!("\"{s}\"");
        assert_eq!(
            quote_columns(
                "price > 0 AND \"order\" < 'key'",
                Engine::Postgres,
                &cols,
                &dq
            ),
            "\"price\" > 0 AND \"order\" < 'key'"
        );
        // A function named like a column stays a function.
        let cols = vec!["upper".to_string()];
        assert_eq!(
            quote_columns("upper(x) = x", Engine::Sqlite, &cols, &dq),
            "upper(x) = x"
        );
    }

    #[test]
    fn literals() {
        assert!(is_literal("0"));
        assert!(is_literal("-1"));
        assert!(is_literal("'draft'"));
        assert!(is_literal("false"));
        assert!(!is_literal("now()"));
        assert!(!is_literal("1 + 1"));
        assert!(is_number("150"));
        assert!(is_number("-0.5"));
        assert!(!is_number("'1'"));
        assert!(!is_number("1; DROP"));
    }
}
