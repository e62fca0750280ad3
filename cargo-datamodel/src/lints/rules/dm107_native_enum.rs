//! DM107 `native-enum`: see [`DOC`].

use crate::lints::{qualified, Checks, Rule, Subject};
use crate::schema::{ImportedType, Schema};
use datamodel::model::ColumnType;

rule_doc! {r#"## What it does
Checks for columns of a native ENUM type (imported DDL; the derive never emits one).

## Why is this bad?
Native enums are hard to change: PostgreSQL cannot remove or rename a value without rebuilding
the type and every column using it, and MySQL rewrites the whole table to change an `ENUM(...)`
list (beyond appending). A `VARCHAR` with a `CHECK (... IN (...))` constraint gives the same
guarantee and changes with a quick constraint swap.

## Example
```sql
CREATE TYPE order_status AS ENUM ('pending', 'paid');
CREATE TABLE orders (id BIGINT PRIMARY KEY, status order_status NOT NULL);
```

## Use instead
```sql
CREATE TABLE orders (
    id BIGINT PRIMARY KEY,
    status VARCHAR(20) NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'paid'))
);
```
With the derive: `#[derive(DataModelEnum)]` on the Rust enum.
"#}

const RULE: Rule = Rule::NativeEnum;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        for c in &t.columns {
            let native = c.imported_type == Some(ImportedType::NativeEnum);
            if !native && !matches!(c.ty, ColumnType::Enum { .. }) {
                continue;
            }
            let failure = native.then(|| {
                (
                    format!("column {} uses a native ENUM type", qualified(t, c)),
                    "use VARCHAR(n) with CHECK (column IN (...)) instead (`#[derive(DataModelEnum)]`)"
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
    fn fires_on_native_enum() {
        let mut s = clean();
        col(&mut s, "posts", "status").imported_type = Some(ImportedType::NativeEnum);
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert!(v[0].message.contains("`posts.status`"));
    }

    #[test]
    fn quiet_on_check_based_enum() {
        assert!(failures(check, &clean()).is_empty());
        assert_eq!(applicable(check, &clean()), 1);
    }
}
