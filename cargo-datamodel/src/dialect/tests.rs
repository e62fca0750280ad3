use super::*;
use crate::schema::columns::added as added_column;
use crate::schema::ColumnOrigin;
use datamodel::model::ColumnType;

fn col(ty: ColumnType) -> Column {
    added_column("c", ColumnOrigin::Field, ty, false)
}

#[test]
fn quoting_escapes_embedded_quotes() {
    assert_eq!(
        dialect_for(Engine::Postgres).quote_ident("a\"b"),
        "\"a\"\"b\""
    );
    assert_eq!(dialect_for(Engine::Sqlite).quote_ident("user"), "\"user\"");
    assert_eq!(
        dialect_for(Engine::Mysql).quote_ident("or`der"),
        "`or``der`"
    );
    assert_eq!(
        dialect_for(Engine::Mysql).string_literal("it's \\"),
        "'it''s \\\\'"
    );
    assert_eq!(
        dialect_for(Engine::Postgres).string_literal("it's"),
        "'it''s'"
    );
    // Quotes at either end, consecutive, or nothing at all.
    assert_eq!(enclose("", '"'), "\"\"");
    assert_eq!(enclose("\"", '"'), "\"\"\"\"");
    assert_eq!(enclose("\"a\"\"b\"", '"'), "\"\"\"a\"\"\"\"b\"\"\"");
    assert_eq!(enclose("'x'", '`'), "`'x'`");
}

#[test]
fn line_comments_never_let_text_out() {
    assert_eq!(line_comment("t: ", "one\ntwo"), "-- t: one\n--   two\n");
    // CR ends a `--` comment on PostgreSQL: it starts a new comment line too.
    assert_eq!(
        line_comment("", "a\rDROP TABLE x;\r\nb\0c\x1b"),
        "-- a\n--   DROP TABLE x;\n--   bc\n"
    );
    for line in line_comment("na\nme: ", "x\n\r\n\rDROP\u{85}y").lines() {
        assert!(line.starts_with("--"), "{line}");
    }
}

#[test]
fn mysql_scripts_pin_backslash_escapes() {
    let my = dialect_for(Engine::Mysql);
    assert!(my.script_preamble().contains("NO_BACKSLASH_ESCAPES"));
    assert_eq!(my.string_literal(r"a\'b"), r"'a\\''b'");
    assert_eq!(dialect_for(Engine::Postgres).script_preamble(), "");
    assert_eq!(
        dialect_for(Engine::Postgres).default_sql(&DefaultValue::Text("it's".into())),
        "'it''s'"
    );
    assert_eq!(
        my.default_sql(&DefaultValue::Text(r"c:\".into())),
        r"'c:\\'"
    );
}

#[test]
fn identity_types() {
    let mut c = col(ColumnType::BigInt);
    c.identity = true;
    assert_eq!(
        dialect_for(Engine::Postgres).column_type(&c),
        "BIGINT GENERATED ALWAYS AS IDENTITY"
    );
    assert_eq!(
        dialect_for(Engine::Mysql).column_type(&c),
        "BIGINT AUTO_INCREMENT"
    );
    assert_eq!(dialect_for(Engine::Sqlite).column_type(&c), "INTEGER");
}

#[test]
fn type_table() {
    let cases: Vec<(Column, [&str; 3])> = vec![
        (
            {
                let mut c = col(ColumnType::String);
                c.max_length = Some(255);
                c
            },
            ["VARCHAR(255)", "VARCHAR(255)", "TEXT"],
        ),
        (col(ColumnType::String), ["TEXT", "LONGTEXT", "TEXT"]),
        (
            {
                let mut c = col(ColumnType::Decimal);
                c.precision = Some(12);
                c.scale = Some(2);
                c
            },
            ["NUMERIC(12,2)", "DECIMAL(12,2)", "REAL"],
        ),
        (
            col(ColumnType::Timestamp {
                with_time_zone: true,
            }),
            ["TIMESTAMPTZ", "DATETIME(6)", "TEXT"],
        ),
        (col(ColumnType::Json), ["JSONB", "JSON", "TEXT"]),
        (
            col(ColumnType::Boolean),
            ["BOOLEAN", "TINYINT(1)", "INTEGER"],
        ),
        (col(ColumnType::Bytes), ["BYTEA", "LONGBLOB", "BLOB"]),
        (col(ColumnType::Uuid), ["UUID", "CHAR(36)", "TEXT"]),
    ];
    for (c, want) in cases {
        for (e, w) in Engine::ALL.iter().zip(want) {
            assert_eq!(dialect_for(*e).column_type(&c), w, "{e} {:?}", c.ty);
        }
    }
}

#[test]
fn generated_names_fit_the_strictest_engine() {
    // Generated names are the same on every engine, so they are shortened to the
    // strictest limit; schema::MAX_IDENT_LEN is that limit.
    assert_eq!(
        dialects().filter_map(|d| d.max_ident_len()).min(),
        Some(crate::schema::MAX_IDENT_LEN)
    );
}

#[test]
fn defaults() {
    let pg = dialect_for(Engine::Postgres);
    let my = dialect_for(Engine::Mysql);
    let lite = dialect_for(Engine::Sqlite);
    assert_eq!(pg.default_sql(&DefaultValue::Now), "now()");
    assert_eq!(my.default_sql(&DefaultValue::Now), "CURRENT_TIMESTAMP(6)");
    assert!(lite.default_sql(&DefaultValue::Now).contains("strftime"));
    assert_eq!(my.default_sql(&DefaultValue::Expr("0".into())), "0");
    assert_eq!(
        lite.default_sql(&DefaultValue::Expr("1 + 1".into())),
        "(1 + 1)"
    );
}

#[test]
fn check_rules_use_dialect_quoting() {
    let check = Check {
        name: "c".into(),
        expr: String::new(),
        column: Some("order".into()),
        kind: "enum".into(),
        rule: CheckRule::In {
            column: "order".into(),
            values: vec!["a".into(), "b'c".into()],
        },
        unhashed_name: None,
    };
    assert_eq!(
        dialect_for(Engine::Mysql).check_sql(&check),
        "`order` IN ('a', 'b''c')"
    );
    assert_eq!(
        dialect_for(Engine::Postgres).check_sql(&check),
        "\"order\" IN ('a', 'b''c')"
    );
}

/// Citus is PostgreSQL on every node: every method `postgres.rs` overrides must be overridden
/// in `citus.rs` too (forwarded, or answered for Citus), or Citus would silently get the
/// trait's default (another engine's answer) for it.
#[test]
fn citus_answers_every_question_postgres_answers() {
    fn methods(src: &str) -> Vec<&str> {
        let body = &src[src.find("impl Dialect for").expect("an impl")..];
        body.match_indices("\n    fn ")
            .map(|(i, m)| {
                let rest = &body[i + m.len()..];
                &rest[..rest.find(['(', '<']).expect("a signature")]
            })
            .collect()
    }
    let pg = methods(include_str!("postgres.rs"));
    let citus = methods(include_str!("citus.rs"));
    assert!(pg.len() > 30, "{pg:?}");
    let missing: Vec<&&str> = pg.iter().filter(|m| !citus.contains(m)).collect();
    assert!(missing.is_empty(), "citus.rs doesn't answer: {missing:?}");
}

/// Citus's notes on a live table are labelled Citus (PostgreSQL's methods, said for the
/// cluster) and say where the table lives.
#[test]
fn citus_live_table_notes_are_labelled_citus() {
    let mut t = Table::new("posts", crate::schema::TableKind::Entity, "Post");
    t.tenant_scoped = true;
    let notes = dialect_for(Engine::Citus).live_table_notes(&t, &["title".to_string()]);
    assert!(notes.len() >= 3, "{notes:?}");
    assert!(notes.iter().all(|n| n.starts_with("Citus: ")), "{notes:?}");
    assert!(
        notes
            .iter()
            .any(|n| n.contains("distributed on `tenant_id`")),
        "{notes:?}"
    );
}
