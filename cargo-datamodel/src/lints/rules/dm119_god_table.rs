//! DM119 `god-table`: see [`DOC`].

use crate::lints::{Checks, Rule, Subject};
use crate::schema::Schema;

rule_doc! {r#"## What it does
Checks that no table has 50 columns or more.

## Why is this bad?
A table that wide is several entities sharing a primary key: most rows leave most columns
NULL, every write rewrites a wide row, each feature's migration locks everyone's table, and
nobody can say what a row *is*.

## Example
```sql
CREATE TABLE users (id BIGINT PRIMARY KEY, email ..., billing_street ..., billing_vat ...,
                    pref_theme ..., pref_locale ..., /* 60 more */);
```

## Use instead
```sql
CREATE TABLE users             (id BIGINT PRIMARY KEY, email VARCHAR(255) NOT NULL);
CREATE TABLE billing_profiles  (user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE, ...);
CREATE TABLE user_preferences  (user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE, ...);
```
"#}

const RULE: Rule = Rule::GodTable;

/// A table with this many columns or more is a god table.
pub(crate) const GOD_TABLE_COLUMNS: usize = 50;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        let n = t.columns.len();
        let failure = (n >= GOD_TABLE_COLUMNS).then(|| {
            (
                format!(
                    "table `{}` has {n} columns (god table: {GOD_TABLE_COLUMNS} or more)",
                    t.name
                ),
                "split it into 1:1 tables by concern (`one_to_one` relations)".to_string(),
            )
        });
        out.record(RULE, Subject::table(t), failure);
    }
}

#[cfg(test)]
mod tests {
    use super::{check, GOD_TABLE_COLUMNS};
    use crate::lints::testing::*;
    use datamodel::model::ColumnType;

    fn with_columns(n: usize) -> Fixture {
        let mut s = clean();
        let posts = tbl(&mut s, "posts");
        while posts.columns.len() < n {
            let name = format!("c{}", posts.columns.len());
            posts.columns.push(column(&name, ColumnType::Integer));
        }
        s
    }

    #[test]
    fn fires_at_fifty_columns() {
        let v = failures(check, &with_columns(GOD_TABLE_COLUMNS));
        assert_eq!(v.len(), 1);
        assert!(v[0].message.contains("50 columns"));
    }

    #[test]
    fn quiet_below() {
        assert!(failures(check, &with_columns(GOD_TABLE_COLUMNS - 1)).is_empty());
    }
}
