//! DM128 `missing-column-comment`: see [`DOC`].

use crate::lints::{qualified, Checks, Rule, Subject};
use crate::schema::{ColumnOrigin, Schema};

rule_doc! {r#"## What it does
Checks that every column that comes from a struct field has a comment (allowed by default:
turn it on with `missing-column-comment = "warn"`). Generated columns (`id`, timestamps,
`deleted_at`, `tenant_id`) are documented by the tool and not checked.

## Why is this bad?
Units, meaning and edge cases (`amount`: in cents? gross or net?) live in people's heads
unless they are in the comment the document and database tools show.

## Example
```rust,ignore
#[datamodel(precision = 12, scale = 2)]
amount: Decimal,
```

## Use instead
```rust,ignore
/// Gross amount in the invoice currency, tax included.
#[datamodel(precision = 12, scale = 2)]
amount: Decimal,
```
"#}

const RULE: Rule = Rule::MissingColumnComment;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        for c in t.columns.iter().filter(|c| c.origin == ColumnOrigin::Field) {
            let missing = c.comment.as_deref().is_none_or(|s| s.trim().is_empty());
            let failure = missing.then(|| {
                (
                    format!("column {} has no comment", qualified(t, c)),
                    "add a doc comment on the field (or `comment = \"...\"`)".to_string(),
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
    fn fires_without_comment() {
        let mut s = clean();
        col(&mut s, "posts", "title").comment = None;
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].column.as_deref(), Some("title"));
    }

    #[test]
    fn quiet_with_comments_and_on_generated_columns() {
        let mut s = clean();
        col(&mut s, "posts", "created_at").comment = None;
        assert!(failures(check, &s).is_empty());
        assert_eq!(
            applicable(check, &s),
            5,
            "email, active, user_id, status, title"
        );
    }
}
