//! Each kind of step on each engine, as SQL to review (insta snapshots), and the refusals.
//! The engine matrix (`tests/tests/migrate_engines.rs`) runs the same kinds on real engines.

use super::*;
use crate::config::{Depth, Migration as Mode};
use crate::schema::{Column, ColumnOrigin, DefaultValue, Index, IndexColumn, IndexOrigin};
use crate::testkit::{blog, saas};
use datamodel::model::ColumnType;

fn scripts(old: &Schema, new: &Schema, allow: bool) -> String {
    Engine::ALL
        .iter()
        .map(|e| {
            let r = render(old, new, *e, allow).unwrap();
            let down = match r.down {
                Down::Migration(m) => m.script(),
                Down::Irreversible(why) => format!("-- irreversible: {why}\n"),
            };
            format!(
                "==== {} up ({} part(s))\n{}==== down\n{down}",
                e.name(),
                r.up.parts().len(),
                r.up.script()
            )
        })
        .collect()
}

fn changed(f: impl FnOnce(&mut Schema)) -> (Schema, Schema) {
    let old = blog(Depth::Production).schema.clone();
    let mut new = old.clone();
    f(&mut new);
    (old, new)
}

fn table<'a>(s: &'a mut Schema, name: &str) -> &'a mut crate::schema::Table {
    s.tables.iter_mut().find(|t| t.name == name).unwrap()
}

#[test]
fn no_change_is_an_empty_migration() {
    let s = saas(Depth::Production, Mode::Brownfield);
    let r = render(&s, &s, Engine::Postgres, false).unwrap();
    assert!(r.up.is_empty());
    assert!(r.up.parts().is_empty());
}

#[test]
fn column_steps() {
    let (old, new) = changed(|s| {
        let posts = table(s, "posts");
        let mut subtitle = Column::new("subtitle", ColumnOrigin::Field, ColumnType::String);
        subtitle.max_length = Some(120);
        subtitle.nullable = true;
        posts.columns.push(subtitle);
        let mut rank = Column::new("rank", ColumnOrigin::Field, ColumnType::Integer);
        rank.default = Some(DefaultValue::Expr("0".into()));
        posts.columns.push(rank);
        let title = posts
            .columns
            .iter_mut()
            .find(|c| c.name == "title")
            .unwrap();
        title.max_length = title.max_length.map(|n| n + 100);
    });
    insta::assert_snapshot!(scripts(&old, &new, false));
}

#[test]
fn index_and_not_null_steps() {
    let (old, new) = changed(|s| {
        let posts = table(s, "posts");
        let mut ix = Index::new(
            vec![IndexColumn::asc("title"), IndexColumn::desc("created_at")],
            false,
            IndexOrigin::Declared,
        );
        ix.name = "idx_posts_on_title_and_created_at".into();
        posts.indexes.push(ix);
        let nullable = posts.columns.iter_mut().find(|c| c.nullable).unwrap();
        nullable.nullable = false;
    });
    insta::assert_snapshot!(scripts(&old, &new, false));
}

#[test]
fn dropping_a_column_needs_the_flag_and_has_no_way_back() {
    let (old, new) = changed(|s| {
        let posts = table(s, "posts");
        let i = posts
            .columns
            .iter()
            .position(|c| c.name == "title")
            .unwrap();
        posts.columns.remove(i);
        posts
            .indexes
            .retain(|ix| ix.columns.iter().all(|c| c.name != "title"));
        posts
            .checks
            .retain(|c| c.column.as_deref() != Some("title"));
    });
    let refused = render(&old, &new, Engine::Postgres, false).unwrap_err();
    assert_eq!(refused.code, "DM040");
    assert!(refused.message.contains("posts.title"), "{refused:?}");
    let r = render(&old, &new, Engine::Postgres, true).unwrap();
    assert!(matches!(r.down, Down::Irreversible(why) if why.contains("posts.title")));
}

#[test]
fn a_rename_must_name_a_column_that_is_gone() {
    let (old, new) = changed(|s| {
        let posts = table(s, "posts");
        let mut c = Column::new("headline", ColumnOrigin::Field, ColumnType::String);
        c.nullable = true;
        c.renamed_from = Some("title".into());
        posts.columns.push(c);
    });
    let refused = render(&old, &new, Engine::Sqlite, true).unwrap_err();
    assert_eq!(refused.code, "DM042");
    assert!(
        refused.message.contains("`title` still exists"),
        "{refused:?}"
    );
    let (old, new) = changed(|s| {
        let posts = table(s, "posts");
        let mut c = Column::new("headline", ColumnOrigin::Field, ColumnType::String);
        c.nullable = true;
        c.renamed_from = Some("no_such_column".into());
        posts.columns.push(c);
    });
    let refused = render(&old, &new, Engine::Sqlite, true).unwrap_err();
    assert_eq!(refused.code, "DM042");
    assert!(
        refused.message.contains("no column `no_such_column`"),
        "{refused:?}"
    );
}

#[test]
fn parts_cut_where_a_statement_runs_alone_or_in_a_new_transaction() {
    let (old, new) = changed(|s| {
        let posts = table(s, "posts");
        let mut ix = Index::new(vec![IndexColumn::asc("title")], true, IndexOrigin::Declared);
        ix.name = "uq_posts_title".into();
        posts.indexes.push(ix);
    });
    let r = render(&old, &new, Engine::Postgres, false).unwrap();
    let parts = r.up.parts();
    // The settings, then the concurrent build alone, told to squawk why it has no settings.
    assert_eq!(parts.len(), 2, "{parts:#?}");
    assert!(parts[0].sql.starts_with("SET lock_timeout"));
    assert!(!parts[0].outside_transaction);
    assert!(parts[1]
        .sql
        .contains("squawk-ignore-file require-lock-timeout"));
    assert!(parts[1].sql.ends_with(
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"uq_posts_title\" ON \"posts\" (\"title\");\n"
    ));
    assert!(parts[1].outside_transaction);
    let sqlite = render(&old, &new, Engine::Sqlite, false).unwrap();
    assert_eq!(sqlite.up.parts().len(), 1);
}

#[test]
fn a_backfill_fills_the_rows_or_is_refused_with_its_code() {
    assert_eq!(
        Backfill::parse("users.country='NL'").unwrap(),
        Backfill {
            table: "users".into(),
            column: "country".into(),
            expr: "'NL'".into()
        }
    );
    assert!(Backfill::parse("country='NL'")
        .unwrap_err()
        .contains("names no table"));
    assert!(Backfill::parse("users.country")
        .unwrap_err()
        .contains("TABLE.COLUMN=EXPR"));
    let (old, new) = changed(|s| {
        let mut c = Column::new("country", ColumnOrigin::Field, ColumnType::String);
        c.max_length = Some(2);
        table(s, "users").columns.push(c);
    });
    let refused = render(&old, &new, Engine::Postgres, false).unwrap_err();
    assert_eq!(refused.code, "DM041");
    assert!(
        refused.help.contains("--backfill users.country=EXPR"),
        "{refused:?}"
    );
    let with = |raw: &str| Options {
        backfills: vec![Backfill::parse(raw).unwrap()],
        ..Options::default()
    };
    let wrong_column = render_with(&old, &new, Engine::Postgres, &with("users.nation='NL'"));
    assert_eq!(wrong_column.unwrap_err().code, "DM044");
    let two = render_with(
        &old,
        &new,
        Engine::Postgres,
        &with("users.country='NL'; DROP TABLE users"),
    );
    assert_eq!(two.unwrap_err().code, "DM044");
    // The rows get the value: an UPDATE, or the copy of a table rebuild.
    for engine in Engine::ALL {
        let r = render_with(&old, &new, engine, &with("users.country='NL'")).unwrap();
        let script = r.up.script();
        assert!(
            script.contains("= ('NL') WHERE") || script.contains(", ('NL') FROM"),
            "{engine}:\n{script}"
        );
    }
}
