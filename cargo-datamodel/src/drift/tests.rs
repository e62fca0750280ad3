//! Unit tests of drift: the normaliser, the comparison and the baseline.

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
