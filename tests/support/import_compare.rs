//! What of a Schema an engine keeps, as comparable lines: the round-trip tests of `import`
//! (`import_properties.rs` through DDL text, `import_live.rs` through live databases) compare
//! the Schema they started from with the one imported back. Defaults, checks and predicates
//! are folded by the normaliser `check --database-url` uses (`cargo_datamodel::drift`), so
//! the round trips and drift agree on what is the same. Each rule that leaves something
//! out says why; see `import_properties.rs` for the list.

use cargo_datamodel::config::Engine;
use cargo_datamodel::dialect::{dialect_for, CommentStyle};
use cargo_datamodel::drift;
use cargo_datamodel::schema::{IndexOrigin, Schema, Table};
use datamodel::model::{IndexMethod, RefAction};

/// How the imported Schema got its SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The DDL text the tool rendered.
    Ddl,
    /// A live database's catalog, which keeps less (and a little more): MySQL/MariaDB report
    /// `RESTRICT` as the default (`NO ACTION`, the same behaviour in InnoDB) and don't say it,
    /// MariaDB keeps comments in utf8mb3 (an emoji comes back as `?`), and InnoDB lists the
    /// index it made itself for a foreign key no index starts with.
    Catalog,
}

/// SQL text compared without quotes, blanks, outer parentheses or case.
pub fn norm(sql: &str) -> String {
    let mut s: String = sql
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '"' | '`'))
        .collect::<String>()
        .to_ascii_lowercase();
    while s.starts_with('(') && s.ends_with(')') {
        s = s[1..s.len() - 1].to_string();
    }
    s
}

/// One table as the engine keeps it, one line per part (see the module doc for each rule).
pub fn comparable(t: &Table, engine: Engine, via: Via) -> Vec<String> {
    let d = dialect_for(engine);
    let action = |a: RefAction| match (via, engine, a) {
        (Via::Catalog, Engine::Mysql, RefAction::Restrict) => RefAction::NoAction,
        _ => a,
    };
    let mut v = vec![format!("table {}", t.name)];
    for c in &t.columns {
        let comment = match d.comment_style() {
            CommentStyle::SqlComment => None,
            _ => c.comment.clone(),
        };
        // MariaDB keeps comments in utf8mb3: a character outside the BMP comes back as `?`.
        let comment = match (via, engine) {
            (Via::Catalog, Engine::Mysql) => comment.map(|t| {
                t.chars()
                    .map(|ch| if ch.len_utf8() == 4 { '?' } else { ch })
                    .collect::<String>()
            }),
            _ => comment,
        };
        let default = c
            .default
            .as_ref()
            .map(|x| norm_default(&d.default_sql(x), engine));
        v.push(format!(
            "column {} {} null={} default={default:?} comment={comment:?}",
            c.name,
            d.column_type(c),
            c.nullable
        ));
    }
    v.push(format!(
        "pk {} {:?}",
        t.primary_key.name, t.primary_key.columns
    ));
    let mut keys = Vec::new();
    for f in &t.foreign_keys {
        keys.push(format!(
            "fk {} {:?} -> {} {:?} {:?}/{:?}",
            f.name,
            f.columns,
            f.ref_table,
            f.ref_columns,
            action(f.on_delete),
            action(f.on_update)
        ));
    }
    for i in &t.indexes {
        // Not rendered: GIN where the engine has none, and the active-rows index where it
        // would duplicate the primary key (no partial indexes).
        let gin = i.method == IndexMethod::Gin && !d.supports_index_method(i.method);
        if gin || (i.origin == IndexOrigin::ActiveRows && !d.supports_partial_index()) {
            continue;
        }
        // InnoDB's own index of a foreign key no index starts with (named after the
        // constraint): the catalog lists it, the DDL never made it.
        if via == Via::Catalog && drift::is_engine_s_foreign_key_index(t, i, engine) {
            continue;
        }
        let keeps_predicate = i.unique || d.supports_partial_index();
        let predicate = i
            .predicate
            .as_deref()
            .filter(|_| keeps_predicate)
            .map(|p| drift::expr_text(p, engine));
        // An engine renders a method it doesn't have as its B-tree.
        let method = if d.supports_index_method(i.method) {
            i.method
        } else {
            IndexMethod::Btree
        };
        let include = if d.supports_include() {
            i.include.clone()
        } else {
            Vec::new()
        };
        keys.push(format!(
            "index {} {:?} unique={} where={predicate:?} method={method:?} include={include:?}",
            i.name, i.columns, i.unique
        ));
    }
    for c in &t.checks {
        keys.push(format!(
            "check {} {}",
            c.name,
            norm_check(&d.check_sql(c), engine)
        ));
    }
    // Keys, indexes and checks are sets: the DDL orders them its own way (deferred FKs last).
    keys.sort();
    v.extend(keys);
    v
}

pub fn comparable_schema(s: &Schema, engine: Engine, via: Via) -> Vec<String> {
    let mut tables: Vec<&Table> = s.tables.iter().collect();
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    tables
        .iter()
        .flat_map(|t| comparable(t, engine, via))
        .collect()
}

/// A default as its value, compared the way `check --database-url` compares it: one
/// normaliser for the round trips and drift (`cargo_datamodel::drift`). MySQL/MariaDB report a
/// stored default the way they keep it (`true` as `1`, `0` as `0.00000000` in a
/// DECIMAL(10,8), `'12:30:00'` as `'12:30:00.000000'`), so booleans, numbers and times compare
/// by value.
fn norm_default(sql: &str, engine: Engine) -> String {
    drift::default_text(sql, engine)
}

/// A check as compared (drift's normaliser): engines fold a one-value `IN` to `=` in their
/// catalogs (PostgreSQL, MariaDB), the same condition.
fn norm_check(sql: &str, engine: Engine) -> String {
    drift::check_text(sql, engine)
}

/// The lines only `want` has (`- `) and those only `got` has (`+ `), for a failure message.
pub fn line_diff(want: &[String], got: &[String]) -> Vec<String> {
    want.iter()
        .filter(|l| !got.contains(l))
        .map(|l| format!("- {l}"))
        .chain(
            got.iter()
                .filter(|l| !want.contains(l))
                .map(|l| format!("+ {l}")),
        )
        .collect()
}
