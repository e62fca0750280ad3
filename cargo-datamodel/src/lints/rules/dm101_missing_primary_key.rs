//! DM101 `missing-primary-key`: see [`DOC`].

use crate::lints::{Checks, Rule, Subject};
use crate::schema::Schema;

rule_doc! {r#"## What it does
Checks that every table has a primary key.

## Why is this bad?
Without a primary key a row cannot be addressed: updates and deletes hit every duplicate,
foreign keys have nothing to reference, logical replication (PostgreSQL) refuses UPDATE and
DELETE on the table, and InnoDB silently adds a hidden 6-byte key that no query can use.

## Example
```sql
CREATE TABLE audit_entries (message TEXT NOT NULL);
```

## Use instead
```sql
CREATE TABLE audit_entries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message TEXT NOT NULL
);
```
With the derive, name a field `id` or mark one `#[datamodel(primary_key)]`.
"#}

const RULE: Rule = Rule::MissingPrimaryKey;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        let failure = t.primary_key.columns.is_empty().then(|| {
            (
                format!("table `{}` has no primary key", t.name),
                "add a bigint identity `id` column as primary key (or `#[datamodel(primary_key)]` on a field)".to_string(),
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
    fn fires_on_a_table_without_primary_key() {
        let mut s = clean();
        tbl(&mut s, "posts").primary_key.columns.clear();
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].table, "posts");
        assert!(v[0].message.contains("no primary key"));
    }

    #[test]
    fn quiet_when_every_table_has_one() {
        assert!(failures(check, &clean()).is_empty());
        assert_eq!(applicable(check, &clean()), 2);
    }
}
