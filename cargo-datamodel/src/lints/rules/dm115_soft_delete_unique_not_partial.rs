//! DM115 `soft-delete-unique-not-partial`: see [`DOC`].

use crate::lints::{column_list, normalize_predicate, Checks, Rule, Subject};
use crate::schema::Schema;

use super::support::business_unique_keys;

rule_doc! {r#"## What it does
On a soft-delete table, checks that every unique key is partial, `WHERE deleted_at IS NULL`
(keys over the primary key or the public UUID are not checked: those values are never reused).

## Why is this bad?
A soft-deleted row still holds its values. With a plain `UNIQUE (email)` a user who deleted
their account can never sign up again with the same email, and "undelete" collides with any
newer row. Uniqueness is a rule about *live* rows.

## Example
```sql
CREATE UNIQUE INDEX uq_users_on_email ON users (email);
```

## Use instead
```sql
CREATE UNIQUE INDEX uq_users_on_email ON users (email) WHERE deleted_at IS NULL;
```
MySQL has no partial indexes; the MySQL dialect emulates this with a generated column.
"#}

const RULE: Rule = Rule::SoftDeleteUniqueNotPartial;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in schema.tables.iter().filter(|t| t.soft_delete) {
        for (ix, cols) in business_unique_keys(t) {
            let partial = ix
                .predicate
                .as_deref()
                .is_some_and(|p| normalize_predicate(p).contains("deleted_at is null"));
            let column = cols.first().and_then(|c| t.column(c));
            let failure = (!partial).then(|| {
                (
                    format!(
                        "unique key `{}` {} on soft-delete table `{}` also covers deleted rows",
                        ix.name,
                        column_list(&cols),
                        t.name
                    ),
                    "make it partial: `WHERE deleted_at IS NULL`".to_string(),
                )
            });
            out.record(RULE, Subject::object(t, column, &ix.name), failure);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::lints::testing::*;

    #[test]
    fn fires_on_full_unique_key() {
        let mut s = clean();
        tbl(&mut s, "users").indexes[0].predicate = None;
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].object.as_deref(), Some("uq_users_on_email"));
    }

    #[test]
    fn quiet_on_partial_key_and_hard_delete_tables() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = clean();
        tbl(&mut s, "posts")
            .indexes
            .push(unique("posts", &["title"]));
        assert!(failures(check, &s).is_empty());
        assert_eq!(applicable(check, &s), 1);
    }
}
