//! DM108 `boolean-without-default`: see [`DOC`].

use crate::lints::{qualified, Checks, Rule, Subject};
use crate::schema::Schema;
use datamodel::model::ColumnType;

rule_doc! {r#"## What it does
Checks that every boolean column has a DEFAULT.

## Why is this bad?
A flag almost always has an obvious initial state (`active = true`, `verified = false`).
Without a default every insert must name it, adding the column to a live table needs a backfill,
and a nullable flag grows a third state (`NULL`) that every `WHERE NOT flag` silently skips.

## Example
```sql
ALTER TABLE users ADD COLUMN verified BOOLEAN NOT NULL;
```

## Use instead
```sql
ALTER TABLE users ADD COLUMN verified BOOLEAN NOT NULL DEFAULT false;
```
With the derive: `#[datamodel(default = "false")]`.
"#}

const RULE: Rule = Rule::BooleanWithoutDefault;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        for c in t.columns.iter().filter(|c| c.ty == ColumnType::Boolean) {
            let failure = c.default.is_none().then(|| {
                (
                    format!("boolean column {} has no DEFAULT", qualified(t, c)),
                    "add a default: `#[datamodel(default = \"false\")]` (or `\"true\"`)"
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

    #[test]
    fn fires_on_boolean_without_default() {
        let mut s = clean();
        col(&mut s, "users", "active").default = None;
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].column.as_deref(), Some("active"));
    }

    #[test]
    fn quiet_when_defaulted() {
        assert!(failures(check, &clean()).is_empty());
        assert_eq!(applicable(check, &clean()), 1);
    }
}
