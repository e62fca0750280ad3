//! DM118 `polymorphic-association`: see [`DOC`].

use crate::lints::{Checks, Rule, Subject};
use crate::schema::Schema;

rule_doc! {r#"## What it does
Checks for polymorphic associations: a `<x>_type` column next to an `<x>_id` column that is
not a foreign key (`commentable_type` + `commentable_id`). `allow_polymorphic` on the entity
waives it.

## Why is this bad?
`<x>_id` points into a table chosen at run time by `<x>_type`, so no foreign key can protect
it: orphans appear on every parent delete, cascades must be written in application code, and
every join needs a `CASE` or a UNION. GitLab's guidelines ban the pattern for these reasons.

## Example
```sql
CREATE TABLE comments (
    id BIGINT PRIMARY KEY,
    commentable_type VARCHAR(50) NOT NULL,
    commentable_id BIGINT NOT NULL
);
```

## Use instead
```sql
-- one table per parent, each with a real foreign key
CREATE TABLE post_comments  (id BIGINT PRIMARY KEY, post_id  BIGINT NOT NULL REFERENCES posts  (id) ON DELETE CASCADE);
CREATE TABLE issue_comments (id BIGINT PRIMARY KEY, issue_id BIGINT NOT NULL REFERENCES issues (id) ON DELETE CASCADE);
```
"#}

const RULE: Rule = Rule::PolymorphicAssociation;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        let is_fk = |c: &str| {
            t.foreign_keys
                .iter()
                .any(|fk| fk.columns.iter().any(|x| x == c))
        };
        let pairs: Vec<&str> = t
            .columns
            .iter()
            .filter_map(|c| c.name.strip_suffix("_type"))
            .filter(|x| !x.is_empty())
            .filter(|x| {
                let id = format!("{x}_id");
                t.column(&id).is_some() && !is_fk(&id)
            })
            .collect();
        let type_col = pairs.first().and_then(|x| t.column(&format!("{x}_type")));
        let failure = pairs.first().map(|x| {
            (
                format!(
                    "table `{}` has a polymorphic association `{x}_type` + `{x}_id` (no foreign key can protect it)",
                    t.name
                ),
                format!("use one table (or one nullable FK column) per parent type instead of `{x}_type`; or mark the entity `allow_polymorphic`"),
            )
        });
        let subject = match type_col {
            Some(c) => Subject::column(t, c),
            None => Subject::table(t),
        };
        out.record(RULE, subject, failure);
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::lints::testing::*;
    use datamodel::model::ColumnType;

    fn polymorphic() -> Fixture {
        let mut s = clean();
        let posts = tbl(&mut s, "posts");
        posts
            .columns
            .push(column("attachable_type", ColumnType::String));
        posts
            .columns
            .push(column("attachable_id", ColumnType::BigInt));
        s
    }

    #[test]
    fn fires_on_type_and_id_pair() {
        let v = failures(check, &polymorphic());
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].column.as_deref(), Some("attachable_type"));
    }

    #[test]
    fn quiet_when_the_id_is_a_real_foreign_key() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = polymorphic();
        tbl(&mut s, "posts")
            .foreign_keys
            .push(fk("posts", "attachable_id", "users"));
        assert!(failures(check, &s).is_empty());
    }
}
