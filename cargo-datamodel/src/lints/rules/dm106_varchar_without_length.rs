//! DM106 `varchar-without-length`: see [`DOC`].

use crate::lints::{qualified, Checks, Rule, Subject};
use crate::schema::{ImportedType, Schema};
use datamodel::model::ColumnType;

rule_doc! {r#"## What it does
Checks for `VARCHAR` columns declared without a length (imported DDL; the derive requires
`max_length` or an explicit `text`).

## Why is this bad?
A bare `VARCHAR` says "this is bounded" and then bounds nothing: on PostgreSQL it is unlimited
text, MySQL rejects it outright, and the application loses the database's guard against a
10 MB "name". Either the value has a business maximum (write it) or it is free text (say so).

## Example
```sql
CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR NOT NULL);
```

## Use instead
```sql
CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(255) NOT NULL);
```
With the derive: `#[datamodel(max_length = 255)]`, or `#[datamodel(text)]` for free text.
"#}

const RULE: Rule = Rule::VarcharWithoutLength;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        for c in &t.columns {
            let bare = c.imported_type == Some(ImportedType::VarcharWithoutLength);
            if c.ty != ColumnType::String && !bare {
                continue;
            }
            let failure = bare.then(|| {
                (
                    format!("column {} is VARCHAR without a length", qualified(t, c)),
                    "give it a length (`max_length = 255`) or make it TEXT explicitly (`text`)"
                        .to_string(),
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
    use crate::schema::ImportedType;

    #[test]
    fn fires_on_bare_varchar() {
        let mut s = clean();
        let c = col(&mut s, "users", "email");
        c.max_length = None;
        c.imported_type = Some(ImportedType::VarcharWithoutLength);
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].column.as_deref(), Some("email"));
    }

    #[test]
    fn quiet_on_varchar_with_length_and_on_text() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = clean();
        col(&mut s, "posts", "title").max_length = None; // TEXT, on purpose
        assert!(failures(check, &s).is_empty());
        assert_eq!(applicable(check, &s), 2);
    }
}
