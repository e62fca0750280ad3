//! The guard on fragments from every angle: accepted and refused SQL per engine and kind,
//! quoting of column names, literal detection.

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
fn every_engine_is_checked_whatever_is_configured() {
    // Each of these is harmless or invisible to one parser and unsafe on another engine:
    // the guard refuses it, naming the engine where it breaks.
    for (bad, engine) in [
        ("note = 'a\\' OR 1=1", "MySQL"),
        ("price > 0 # comment", "MySQL"),
        ("price > 0 /*! OR 1=1 */", "PostgreSQL"),
        ("name = \"x\"", "MySQL"),
        ("price > 0 --x", "PostgreSQL"),
    ] {
        for kind in [
            FragmentKind::Check,
            FragmentKind::Default,
            FragmentKind::IndexWhere,
        ] {
            let e = check_fragment(bad, kind).expect_err(bad);
            assert!(e.contains(engine), "{bad}: {e}");
            assert!(e.contains(bad), "{bad}: {e}");
        }
    }
    let e = check_fragment("note <> 'a\\'", FragmentKind::Check).unwrap_err();
    assert!(e.contains("backslash") && e.contains("MySQL"), "{e}");
    let e = check_fragment("price > 0 # x", FragmentKind::Check).unwrap_err();
    assert!(e.contains("`#`"), "{e}");
    let e = check_fragment("a\0b > 0", FragmentKind::Check).unwrap_err();
    assert!(e.contains("U+0000"), "{e}");
}

#[test]
fn checks_and_predicates_refuse_subqueries_and_volatile_calls() {
    for bad in [
        "price > (SELECT max(price) FROM products)",
        "EXISTS (SELECT 1 FROM users)",
        "id IN (SELECT id FROM users)",
        "pg_sleep(10) IS NOT NULL",
        "nextval('s') > 0",
        "random() < 0.5",
        "created_at < now()",
        "created_at < CURRENT_TIMESTAMP",
        "created_at < pg_catalog.now()",
        "sleep(5) = 0",
        "length(pg_read_file('/etc/passwd')) > 0",
        "current_setting('app.tenant') = 'x'",
    ] {
        for kind in [FragmentKind::Check, FragmentKind::IndexWhere] {
            let e = check_fragment(bad, kind).expect_err(bad);
            assert!(
                e.contains("subquery") || e.contains("calls `"),
                "{bad}: {e}"
            );
        }
    }
    let e = check_fragment("random() < 0.5", FragmentKind::Check).unwrap_err();
    assert!(e.contains("`random`") && e.contains("CHECK"), "{e}");
    let e = check_fragment("pg_sleep(1) IS NULL", FragmentKind::IndexWhere).unwrap_err();
    assert!(
        e.contains("`pg_sleep`") && e.contains("side effects"),
        "{e}"
    );
    for ok in [
        "price > 0",
        "lower(email) = email",
        "length(name) BETWEEN 1 AND 100",
        "coalesce(a, 0) >= 0",
        "status IN ('a', 'b')",
    ] {
        assert!(check_fragment(ok, FragmentKind::Check).is_ok(), "{ok}");
        assert!(check_fragment(ok, FragmentKind::IndexWhere).is_ok(), "{ok}");
    }
}

#[test]
fn defaults_may_be_volatile_but_not_side_effecting() {
    for ok in [
        "now()",
        "CURRENT_TIMESTAMP",
        "gen_random_uuid()",
        "random()",
        "0",
        "'draft'",
        "(1 + 1)",
    ] {
        assert!(check_fragment(ok, FragmentKind::Default).is_ok(), "{ok}");
    }
    for bad in [
        "pg_sleep(10)",
        "(SELECT 1)",
        "set_config('a.b', 'c', false)",
        "setval('s', 1)",
        "load_file('/etc/passwd')",
        "benchmark(1000000, md5('a'))",
    ] {
        assert!(check_fragment(bad, FragmentKind::Default).is_err(), "{bad}");
    }
}

#[test]
fn accepted_checks_embed_as_one_statement_on_every_engine() {
    for ok in [
        "price > 0",
        "status IN ('a', 'b''c')",
        "a = 'x -- not a comment' AND b <> '/* nor this */'",
        "length(name) <= 10",
    ] {
        let accepted = check_fragment(ok, FragmentKind::Check).unwrap();
        for engine in Engine::ALL {
            check_is_one_statement(&accepted, engine).unwrap();
        }
    }
    // And the property does catch what the guard refuses.
    for bad in ["1) , CHECK (1", "1)); DROP TABLE t; --", "1 /* x */"] {
        assert!(
            Engine::ALL
                .iter()
                .any(|&e| check_is_one_statement(bad, e).is_err()),
            "{bad}"
        );
    }
}

/// The fuzz target's property over every 3-piece combination of tricky pieces: whatever
/// the guard accepts embeds as one CHECK statement on every engine.
#[test]
fn accepted_combinations_stay_one_statement() {
    let pieces = [
        "a",
        "1",
        "'x'",
        "'",
        ")",
        "(",
        ";",
        "--",
        "#",
        "/*",
        "*/",
        "/*!",
        "\\",
        "\"",
        "`",
        "$$",
        " OR ",
        " > ",
        ",",
        "CHECK",
        "now()",
        "(SELECT 1)",
        "e'",
        "N'",
        "X'",
        "$1",
        "?",
        "\n",
        "''",
        "E'\\'",
        "b",
        " IS NULL",
    ];
    let mut accepted = 0;
    for a in pieces {
        for b in pieces {
            for c in pieces {
                let sql = format!("{a}{b}{c}");
                for kind in [FragmentKind::Check, FragmentKind::Default] {
                    if let Ok(ok) = check_fragment(&sql, kind) {
                        accepted += 1;
                        for engine in Engine::ALL {
                            if let Err(e) = check_is_one_statement(&ok, engine) {
                                panic!("{kind:?} `{sql}` accepted, but {e}");
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(accepted > 100, "{accepted}");
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

#[test]
fn the_plain_literal_shortcut_agrees_with_the_parser() {
    for sql in [
        "0",
        "12",
        "-3",
        "+4",
        "1.5",
        "-0.25",
        "'draft'",
        "''",
        "true",
        "FALSE",
        "Null",
        " 7 ",
        "1.",
        ".5",
        "1.2.3",
        "--1",
        "- 1",
        "'it''s'",
        "'a\\b'",
        "now()",
        "1 + 2",
        "x",
        "'a' || 'b'",
        "",
        "-",
        "1e5",
        "0x10",
    ] {
        if super::plainly_literal(sql) {
            // What is_literal answered before the shortcut: the parser's reading.
            let dialect = sqlparser::dialect::PostgreSqlDialect {};
            let expr = sqlparser::parser::Parser::new(&dialect)
                .try_with_sql(sql)
                .unwrap()
                .parse_expr()
                .unwrap();
            assert!(
                super::literal_expr(&expr),
                "{sql:?}: the shortcut says literal, the parser not"
            );
        }
    }
    assert!(super::plainly_literal("-3.5"));
    assert!(!super::plainly_literal("1 + 2"));
}
