//! DM133 `enum-without-check`: see [`DOC`].

use crate::lints::{qualified, Checks, Rule, Subject};
use crate::schema::{ImportedType, Schema};
use datamodel::model::ColumnType;

rule_doc! {r#"## What it does
Checks that every enum column stored as VARCHAR has a CHECK constraint listing its values
(native ENUM columns are reported by `native-enum` instead).

## Why is this bad?
Without the CHECK the column accepts any string: a typo in a script (`'actve'`), an old
deploy writing a renamed value, or a manual fix puts a value in the table that the application
cannot parse, and every reader crashes on that row.

## Example
```sql
CREATE TABLE orders (id BIGINT PRIMARY KEY, status VARCHAR(20) NOT NULL);
```

## Use instead
```sql
CREATE TABLE orders (
    id BIGINT PRIMARY KEY,
    status VARCHAR(20) NOT NULL CHECK (status IN ('pending', 'paid', 'shipped'))
);
```
`#[derive(DataModelEnum)]` fields get this CHECK from the resolver.
"#}

const RULE: Rule = Rule::EnumWithoutCheck;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        for c in &t.columns {
            if !matches!(c.ty, ColumnType::Enum { .. })
                || c.imported_type == Some(ImportedType::NativeEnum)
            {
                continue;
            }
            let checked = t.checks.iter().any(|k| match &k.column {
                Some(col) => *col == c.name,
                None => k.expr.contains(&c.name),
            });
            let failure = (!checked).then(|| {
                (
                    format!(
                        "enum column {} has no CHECK limiting it to its values",
                        qualified(t, c)
                    ),
                    format!(
                        "add `CHECK ({} IN (...))` (a `#[derive(DataModelEnum)]` type does this)",
                        c.name
                    ),
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
    fn fires_without_check() {
        let mut s = clean();
        tbl(&mut s, "posts").checks.clear();
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].column.as_deref(), Some("status"));
    }

    #[test]
    fn quiet_with_column_or_table_check() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = clean();
        tbl(&mut s, "posts").checks[0].column = None;
        assert!(failures(check, &s).is_empty());
        assert_eq!(applicable(check, &s), 1);
    }
}
