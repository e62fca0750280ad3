//! DM126 `pii-without-retention`: see [`DOC`].

use crate::lints::{qualified, Checks, Rule, Subject};
use crate::schema::Schema;

rule_doc! {r#"## What it does
Checks that a table with personal data (a column marked `pii`) has a retention policy.

## Why is this bad?
GDPR and most privacy laws require personal data to be kept no longer than needed, and a data
subject's erasure request to be honoured. Without a stated retention the data is kept forever
by default, nobody writes the clean-up job, and the document cannot tell an auditor what
happens to it.

## Example
```rust,ignore
#[derive(DataModel)]
struct Customer {
    #[datamodel(max_length = 255, pii)]
    email: String,
}
```

## Use instead
```rust,ignore
#[derive(DataModel)]
#[datamodel(retention(ttl = "2y", legal_hold))]
struct Customer {
    #[datamodel(max_length = 255, pii)]
    email: String,
}
```
"#}

const RULE: Rule = Rule::PiiWithoutRetention;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        for c in t.columns.iter().filter(|c| c.pii) {
            let failure = t.retention.is_none().then(|| {
                (
                    format!("PII column {} is in a table with no retention policy", qualified(t, c)),
                    format!("state how long `{}` rows are kept: `#[datamodel(retention(ttl = \"2y\"))]`", t.name),
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
    fn fires_without_retention() {
        let mut s = clean();
        tbl(&mut s, "users").retention = None;
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].column.as_deref(), Some("email"));
    }

    #[test]
    fn quiet_with_retention_or_without_pii() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = clean();
        tbl(&mut s, "users").retention = None;
        col(&mut s, "users", "email").pii = false;
        assert!(failures(check, &s).is_empty());
        assert_eq!(applicable(check, &s), 0);
    }
}
