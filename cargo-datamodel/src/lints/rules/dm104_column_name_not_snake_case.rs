//! DM104 `column-name-not-snake-case`: see [`DOC`].

use crate::lints::{qualified, Checks, Rule, Subject};
use crate::schema::Schema;
use datamodel::naming::{is_snake_case, snake_case};

rule_doc! {r#"## What it does
Checks that column names are snake_case (lowercase letters, digits, single underscores).

## Why is this bad?
A camelCase column must be quoted on PostgreSQL forever (`"createdAt"`), an unquoted reference
silently folds to lowercase and fails, and one odd column makes every query against the table
a guess about spelling.

## Example
```sql
CREATE TABLE users (id BIGINT PRIMARY KEY, "firstName" VARCHAR(100) NOT NULL);
```

## Use instead
```sql
CREATE TABLE users (id BIGINT PRIMARY KEY, first_name VARCHAR(100) NOT NULL);
```
With the derive, drop a `column = "..."` override that is not snake_case.
"#}

const RULE: Rule = Rule::ColumnNameNotSnakeCase;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        for c in &t.columns {
            let failure = (!is_snake_case(&c.name)).then(|| {
                let fixed = snake_case(&c.name)
                    .replace(|ch: char| !ch.is_ascii_alphanumeric() && ch != '_', "_");
                (
                    format!("column name {} is not snake_case", qualified(t, c)),
                    format!("rename the column to `{}`", fixed.to_ascii_lowercase()),
                )
            });
            out.record(RULE, Subject::column(t, c), failure);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::lints::testing::*;

    #[test]
    fn fires_on_camel_case() {
        let mut s = clean();
        col(&mut s, "posts", "title").name = "postTitle".into();
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].column.as_deref(), Some("postTitle"));
        assert!(v[0].help.contains("`post_title`"));
    }

    #[test]
    fn quiet_on_snake_case() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = clean();
        col(&mut s, "posts", "title").name = "title_v2".into();
        assert!(failures(check, &s).is_empty());
    }
}
