//! DM102 `missing-timestamps`: see [`DOC`].

use crate::lints::{Checks, Rule, Subject};
use crate::schema::Schema;

rule_doc! {r#"## What it does
Checks that every table has `created_at` and `updated_at` columns (an append-only table needs
only `created_at`: its rows never change).

## Why is this bad?
Without them nobody can tell when a row appeared or last changed: incremental exports, cache
invalidation, audits, retention clean-up and debugging production data all need them, and
adding them later to a large table is a migration on every row.

## Example
```sql
CREATE TABLE invoices (id BIGINT PRIMARY KEY, total NUMERIC(12,2) NOT NULL);
```

## Use instead
```sql
CREATE TABLE invoices (
    id BIGINT PRIMARY KEY,
    total NUMERIC(12,2) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
```
Tables resolved from `#[derive(DataModel)]` get both columns automatically.
"#}

const RULE: Rule = Rule::MissingTimestamps;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        let required: &[&str] = if t.append_only {
            &["created_at"]
        } else {
            &["created_at", "updated_at"]
        };
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|c| t.column(c).is_none())
            .collect();
        let failure = (!missing.is_empty()).then(|| {
            (
                format!(
                    "table `{}` has no `{}` column",
                    t.name,
                    missing.join("` or `")
                ),
                format!(
                    "add `{}` (TIMESTAMPTZ NOT NULL DEFAULT now())",
                    missing.join("` and `")
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
    fn fires_when_updated_at_is_missing() {
        let mut s = clean();
        tbl(&mut s, "posts")
            .columns
            .retain(|c| c.name != "updated_at");
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].message, "table `posts` has no `updated_at` column");
    }

    #[test]
    fn quiet_when_present_or_append_only() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = clean();
        let posts = tbl(&mut s, "posts");
        posts.append_only = true;
        posts.columns.retain(|c| c.name != "updated_at");
        assert!(failures(check, &s).is_empty());
    }
}
