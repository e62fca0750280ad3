//! Arbitrary text -> the SQL-expression guard. It must never panic, and whatever it accepts
//! must be free of statement separators and comments (what would let a fragment escape its
//! `CHECK (...)`): for every engine, an accepted fragment embedded in a `CREATE TABLE`'s
//! CHECK is one statement as that engine's sqlparser dialect sees it
//! (`sql_guard::check_is_one_statement`, also exercised by the guard's unit tests).
#![no_main]

use cargo_datamodel::config::Engine;
use cargo_datamodel::dialect::dialect_for;
use cargo_datamodel::schema::sql_guard;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(sql) = std::str::from_utf8(data) else {
        return;
    };
    for engines in [
        &Engine::ALL[..],
        &[Engine::Postgres],
        &[Engine::Mysql],
        &[Engine::Sqlite],
        &[],
    ] {
        if let Ok(accepted) = sql_guard::single_expression(sql, engines) {
            assert_eq!(accepted, sql.trim());
            assert!(!accepted.is_empty());
        }
    }
    // Accepted text stays one expression once column names are quoted per dialect (what the
    // DDL renderer does with a CHECK naming a reserved-word column). Bind parameters and
    // session variables (`?`, `$1`, `:name`, `@name`) are rejected by the guard itself.
    let columns: Vec<String> = ["a", "b", "key", "order", "x"].map(String::from).to_vec();
    for engine in Engine::ALL {
        if sql_guard::single_expression(sql, &[engine]).is_ok() {
            let d = dialect_for(engine);
            let quoted =
                sql_guard::quote_columns(sql.trim(), engine, &columns, &|s| d.quote_ident(s));
            if let Err(e) = sql_guard::single_expression(&quoted, &[engine]) {
                panic!("{engine}: quoting columns broke `{sql}` into `{quoted}`: {e}");
            }
        }
    }
    for kind in [
        sql_guard::FragmentKind::Check,
        sql_guard::FragmentKind::Default,
        sql_guard::FragmentKind::IndexWhere,
    ] {
        if let Ok(accepted) = sql_guard::check_fragment(sql, kind) {
            assert_eq!(accepted, sql.trim());
            for engine in Engine::ALL {
                if let Err(e) = sql_guard::check_is_one_statement(&accepted, engine) {
                    panic!("{kind:?} fragment `{sql}` accepted, but {e}");
                }
            }
        }
    }
    let _ = sql_guard::is_literal(sql);
    let _ = sql_guard::is_number(sql);
});
