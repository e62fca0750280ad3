//! DM127 `missing-table-comment`: see [`DOC`].

use crate::lints::{Checks, Rule, Subject};
use crate::schema::Schema;

rule_doc! {r#"## What it does
Checks that every table has a comment (allowed by default: turn it on with
`missing-table-comment = "warn"`).

## Why is this bad?
The comment is what the data-model document, `\d+` and every database browser show next to
the table. Without it the next engineer reverse-engineers meaning from column names.

## Example
```rust,ignore
#[derive(DataModel)]
struct Invoice { /* ... */ }
```

## Use instead
```rust,ignore
/// An invoice sent to a customer; immutable once issued.
#[derive(DataModel)]
struct Invoice { /* ... */ }
```
The struct's doc comment becomes the table comment (or `comment = "..."`).
"#}

const RULE: Rule = Rule::MissingTableComment;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        let missing = t.comment.as_deref().is_none_or(|c| c.trim().is_empty());
        let failure = missing.then(|| {
            (
                format!("table `{}` has no comment", t.name),
                format!(
                    "add a doc comment on `{}` (or `comment = \"...\"`)",
                    t.rust_name
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
    fn fires_without_comment() {
        let mut s = clean();
        tbl(&mut s, "posts").comment = Some("  ".into());
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert!(v[0].help.contains("`Post`"));
    }

    #[test]
    fn quiet_with_comments() {
        assert!(failures(check, &clean()).is_empty());
    }
}
