//! DM114 `soft-delete-without-active-index`: see [`DOC`].

use crate::lints::{is_active_rows_predicate, Checks, Rule, Subject};
use crate::schema::Schema;

rule_doc! {r#"## What it does
Checks that every soft-delete table has a (non-unique) partial index over its active rows,
`WHERE deleted_at IS NULL`.

## Why is this bad?
Every query of a soft-delete table filters `deleted_at IS NULL`. As deleted rows pile up, an
index over all rows makes those queries read and discard dead entries; the partial index holds
only live rows, stays small, and lets the planner answer "active rows" directly.

## Example
```sql
CREATE TABLE users (id BIGINT PRIMARY KEY, deleted_at TIMESTAMPTZ);
```

## Use instead
```sql
CREATE INDEX idx_users_on_id_active ON users (id) WHERE deleted_at IS NULL;
```
The resolver adds this index to every soft-delete entity.
"#}

const RULE: Rule = Rule::SoftDeleteWithoutActiveIndex;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in schema.tables.iter().filter(|t| t.soft_delete) {
        let has = t
            .indexes
            .iter()
            .any(|i| !i.unique && is_active_rows_predicate(i.predicate.as_deref()));
        let failure = (!has).then(|| {
            (
                format!(
                    "soft-delete table `{}` has no partial index over active rows",
                    t.name
                ),
                format!(
                    "add `CREATE INDEX idx_{}_on_id_active ON {} (id) WHERE deleted_at IS NULL`",
                    t.name, t.name
                ),
            )
        });
        out.record(RULE, Subject::table(t), failure);
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::lints::testing::*;

    #[test]
    fn fires_without_active_rows_index() {
        let mut s = clean();
        tbl(&mut s, "users").indexes.retain(|i| i.unique);
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].table, "users");
    }

    #[test]
    fn quiet_with_it_and_on_hard_delete_tables() {
        assert!(failures(check, &clean()).is_empty());
        assert_eq!(
            applicable(check, &clean()),
            1,
            "only `users` is soft-delete"
        );
    }

    #[test]
    fn a_partial_unique_key_is_not_the_active_rows_index() {
        let mut s = clean();
        tbl(&mut s, "users").indexes.retain(|i| i.unique);
        assert!(s.tables[0].indexes[0].predicate.is_some());
        assert_eq!(failures(check, &s).len(), 1);
    }
}
