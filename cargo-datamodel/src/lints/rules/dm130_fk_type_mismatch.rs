//! DM130 `fk-type-mismatch`: see [`DOC`].

use crate::lints::{Checks, Rule, Subject};
use crate::schema::Schema;

rule_doc! {r#"## What it does
Checks that each foreign key column has the same type as the column it references.

## Why is this bad?
An `INTEGER` column referencing a `BIGINT` key overflows once the parent's ids pass 2^31; a
`VARCHAR` referencing a `UUID` makes every join cast, which defeats the index. MySQL refuses to
create most mismatched keys; PostgreSQL accepts them and the failure comes later.

## Example
```sql
CREATE TABLE comments (post_id INTEGER NOT NULL REFERENCES posts (id)); -- posts.id is BIGINT
```

## Use instead
```sql
CREATE TABLE comments (post_id BIGINT NOT NULL REFERENCES posts (id));
```
The derive compares the field's Rust type with the referenced primary key's at compile time.
"#}

const RULE: Rule = Rule::FkTypeMismatch;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        for fk in &t.foreign_keys {
            let Some(parent) = schema.table(&fk.ref_table) else {
                continue; // fk-target-not-unique reports a missing table
            };
            for (c, rc) in fk.columns.iter().zip(&fk.ref_columns) {
                let (Some(col), Some(ref_col)) = (t.column(c), parent.column(rc)) else {
                    continue;
                };
                let failure = (col.ty != ref_col.ty).then(|| {
                    (
                        format!(
                            "foreign key column `{}.{}` is {:?} but references `{}.{}` of type {:?}",
                            t.name, col.name, col.ty, parent.name, ref_col.name, ref_col.ty
                        ),
                        format!("give `{}` the type of `{}.{}`", col.name, parent.name, ref_col.name),
                    )
                });
                out.record(RULE, Subject::object(t, Some(col), &fk.name), failure);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::lints::testing::*;
    use datamodel::model::ColumnType;

    #[test]
    fn fires_on_integer_referencing_bigint() {
        let mut s = clean();
        col(&mut s, "posts", "user_id").ty = ColumnType::Integer;
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert!(
            v[0].message.contains("Integer") && v[0].message.contains("BigInt"),
            "{}",
            v[0].message
        );
    }

    #[test]
    fn quiet_on_equal_types() {
        assert!(failures(check, &clean()).is_empty());
        assert_eq!(applicable(check, &clean()), 1);
    }
}
