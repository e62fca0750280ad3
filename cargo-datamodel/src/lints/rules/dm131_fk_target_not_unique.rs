//! DM131 `fk-target-not-unique`: see [`DOC`].

use crate::lints::{column_list, Checks, Rule, Subject};
use crate::schema::Schema;
use std::collections::BTreeSet;

rule_doc! {r#"## What it does
Checks that every foreign key references an existing table, on its primary key or on the
exact columns of a (non-partial) unique key.

## Why is this bad?
A foreign key must identify one parent row. PostgreSQL and MySQL refuse to create a key whose
target columns are not unique ("there is no unique constraint matching given keys"), and a key
to a missing table fails the whole migration. In an imported schema this usually means a
unique constraint was lost along the way.

## Example
```sql
CREATE TABLE orders (customer_email VARCHAR(255) REFERENCES customers (email)); -- email not unique
```

## Use instead
```sql
ALTER TABLE customers ADD CONSTRAINT uq_customers_on_email UNIQUE (email);
-- or reference the primary key: customer_id BIGINT REFERENCES customers (id)
```
"#}

const RULE: Rule = Rule::FkTargetNotUnique;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        for fk in &t.foreign_keys {
            let column = fk.columns.first().and_then(|c| t.column(c));
            let failure = match schema.table(&fk.ref_table) {
                None => Some((
                    format!(
                        "foreign key `{}` references table `{}`, which does not exist",
                        fk.name, fk.ref_table
                    ),
                    format!(
                        "create `{}` or point the key at an existing table",
                        fk.ref_table
                    ),
                )),
                Some(parent) => {
                    let target: BTreeSet<&str> =
                        fk.ref_columns.iter().map(String::as_str).collect();
                    let pk: BTreeSet<&str> = parent
                        .primary_key
                        .columns
                        .iter()
                        .map(String::as_str)
                        .collect();
                    let unique = parent
                        .indexes
                        .iter()
                        .filter(|i| i.unique && i.predicate.is_none())
                        .any(|i| {
                            i.columns
                                .iter()
                                .map(|c| c.name.as_str())
                                .collect::<BTreeSet<_>>()
                                == target
                        });
                    (target != pk && !unique).then(|| {
                        (
                            format!(
                                "foreign key `{}` references `{}` {}, which is neither its primary key nor a unique key",
                                fk.name,
                                parent.name,
                                column_list(&fk.ref_columns)
                            ),
                            format!("reference `{}`'s primary key, or add a unique key on {}", parent.name, column_list(&fk.ref_columns)),
                        )
                    })
                }
            };
            out.record(RULE, Subject::object(t, column, &fk.name), failure);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::lints::testing::*;

    #[test]
    fn fires_on_non_unique_target_and_missing_table() {
        let mut s = clean();
        let posts = tbl(&mut s, "posts");
        posts.foreign_keys[0].ref_columns = vec!["active".into()];
        let mut dangling = fk("posts", "title", "titles");
        dangling.ref_columns = vec!["id".into()];
        posts.foreign_keys.push(dangling);
        let v = failures(check, &s);
        assert_eq!(v.len(), 2);
        assert!(v[0]
            .message
            .contains("neither its primary key nor a unique key"));
        assert!(v[1].message.contains("does not exist"));
    }

    #[test]
    fn quiet_on_primary_key_or_full_unique_key() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = clean();
        tbl(&mut s, "users")
            .indexes
            .push(unique("users", &["active"]));
        tbl(&mut s, "posts").foreign_keys[0].ref_columns = vec!["active".into()];
        assert!(failures(check, &s).is_empty());
    }
}
