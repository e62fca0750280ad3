//! DM132 `constraint-name-not-conventional`: see [`DOC`].

use crate::lints::{Checks, Rule, Subject};
use crate::schema::Schema;

rule_doc! {r#"## What it does
Checks that constraint and index names follow the convention: `pk_{table}`,
`fk_{table}_{column}_{ref_table}`, `check_{table}_{column}_{type}`, `idx_{table}_on_{columns}`
(`uq_` or `idx_` for unique indexes). Only the prefix is checked, so hashed names pass.

## Why is this bad?
Engine-generated names (`posts_user_id_fkey`, `posts_ibfk_1`) differ between PostgreSQL and
MySQL and between environments, so a migration that drops a constraint by name works in one
place and fails in the next. A fixed convention makes names predictable from the schema alone
and tells the reader what kind of object an error message is about.

## Example
```sql
ALTER TABLE posts ADD CONSTRAINT posts_author FOREIGN KEY (user_id) REFERENCES users (id);
```

## Use instead
```sql
ALTER TABLE posts ADD CONSTRAINT fk_posts_user_id_users FOREIGN KEY (user_id) REFERENCES users (id);
```
With the derive, drop the explicit `name = "..."` and let the resolver name it.
"#}

const RULE: Rule = Rule::ConstraintNameNotConventional;

fn verdict(name: &str, prefixes: &[&str], kind: &str, example: &str) -> Option<(String, String)> {
    (!prefixes.iter().any(|p| name.starts_with(p))).then(|| {
        (
            format!(
                "{kind} `{name}` does not follow the naming convention (`{}...`)",
                prefixes.join("...` / `")
            ),
            format!("name it like `{example}` (or drop the explicit name)"),
        )
    })
}

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        let pk = &t.primary_key;
        if !pk.columns.is_empty() {
            let v = verdict(&pk.name, &["pk_"], "primary key", &format!("pk_{}", t.name));
            out.record(RULE, Subject::object(t, None, &pk.name), v);
        }
        for fk in &t.foreign_keys {
            let column = fk.columns.first().and_then(|c| t.column(c));
            let example = format!("fk_{}_{}_{}", t.name, fk.columns.join("_"), fk.ref_table);
            out.record(
                RULE,
                Subject::object(t, column, &fk.name),
                verdict(&fk.name, &["fk_"], "foreign key", &example),
            );
        }
        for ix in &t.indexes {
            let cols: Vec<&str> = ix.columns.iter().map(|c| c.name.as_str()).collect();
            let column = cols.first().and_then(|c| t.column(c));
            let (prefixes, example): (&[&str], String) = if ix.unique {
                (
                    &["uq_", "idx_"],
                    format!("uq_{}_on_{}", t.name, cols.join("_")),
                )
            } else {
                (&["idx_"], format!("idx_{}_on_{}", t.name, cols.join("_")))
            };
            out.record(
                RULE,
                Subject::object(t, column, &ix.name),
                verdict(&ix.name, prefixes, "index", &example),
            );
        }
        for ck in &t.checks {
            let column = ck.column.as_deref().and_then(|c| t.column(c));
            let example = format!(
                "check_{}_{}_{}",
                t.name,
                ck.column.as_deref().unwrap_or("rule"),
                ck.kind
            );
            out.record(
                RULE,
                Subject::object(t, column, &ck.name),
                verdict(&ck.name, &["check_"], "check", &example),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::lints::testing::*;

    #[test]
    fn fires_on_engine_style_names() {
        let mut s = clean();
        tbl(&mut s, "posts").foreign_keys[0].name = "posts_user_id_fkey".into();
        tbl(&mut s, "posts").indexes[0].name = "posts_by_status".into();
        let v = failures(check, &s);
        assert_eq!(v.len(), 2);
        assert!(
            v[0].help.contains("fk_posts_user_id_users"),
            "{}",
            v[0].help
        );
        assert!(
            v[1].help.contains("idx_posts_on_user_id_status_created_at"),
            "{}",
            v[1].help
        );
    }

    #[test]
    fn quiet_on_conventional_names() {
        assert!(failures(check, &clean()).is_empty());
        // pk x2, fk, 3 indexes, 1 check
        assert_eq!(applicable(check, &clean()), 7);
    }
}
