//! DM120 `orphan-table`: see [`DOC`].

use crate::lints::{Checks, Rule, Subject};
use crate::schema::Schema;

rule_doc! {r#"## What it does
In a schema of more than one table, checks that every table has a foreign key to or from some
table.

## Why is this bad?
A table no foreign key touches is usually a missing relationship (an `owner_id` kept as a plain
number, so nothing stops it from pointing at a deleted row) or a leftover nobody uses. Truly
standalone tables (settings, lookups) exist: allow the rule on them so the exception is on
record.

## Example
```sql
CREATE TABLE invoices (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL); -- no REFERENCES
```

## Use instead
```sql
CREATE TABLE invoices (
    id BIGINT PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE RESTRICT
);
```
"#}

const RULE: Rule = Rule::OrphanTable;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    if schema.tables.len() < 2 {
        return;
    }
    for t in &schema.tables {
        let related = !t.foreign_keys.is_empty()
            || schema
                .tables
                .iter()
                .any(|o| o.foreign_keys.iter().any(|fk| fk.ref_table == t.name));
        let failure = (!related).then(|| {
            (
                format!("table `{}` has no foreign key to or from another table", t.name),
                "add the missing relation (`belongs_to = ...`), or `allow = \"orphan-table\"` on a deliberately standalone table".to_string(),
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
    fn fires_on_unrelated_table() {
        let mut s = clean();
        s.tables.push(table("settings", "Setting", 50));
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].table, "settings");
    }

    #[test]
    fn quiet_when_related_or_alone() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = clean();
        s.tables.truncate(1);
        assert_eq!(applicable(check, &s), 0);
    }
}
