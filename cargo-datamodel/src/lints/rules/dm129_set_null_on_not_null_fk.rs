//! DM129 `set-null-on-not-null-fk`: see [`DOC`].

use crate::lints::{column_list, Checks, Rule, Subject};
use crate::schema::Schema;
use datamodel::model::RefAction;

rule_doc! {r#"## What it does
Checks that a foreign key with `ON DELETE SET NULL` (or `ON UPDATE SET NULL`) has only
nullable columns.

## Why is this bad?
The action can never succeed: PostgreSQL accepts the definition and then fails the parent's
delete with a NOT NULL violation, MySQL refuses to create the constraint. Either the child may
exist without its parent (make the column nullable) or it may not (use CASCADE or RESTRICT).

## Example
```sql
CREATE TABLE posts (
    id BIGINT PRIMARY KEY,
    author_id BIGINT NOT NULL REFERENCES users (id) ON DELETE SET NULL
);
```

## Use instead
```sql
CREATE TABLE posts (
    id BIGINT PRIMARY KEY,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL
);
```
With the derive: make the field an `Option<i64>`, or choose another `on_delete`.
"#}

const RULE: Rule = Rule::SetNullOnNotNullFk;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        for fk in &t.foreign_keys {
            if fk.on_delete != RefAction::SetNull && fk.on_update != RefAction::SetNull {
                continue;
            }
            // A composite tenant FK nulls only `set_null_columns` (`SET NULL (col)`, or the
            // split FK on engines without column lists); `tenant_id` stays.
            let nulled = if fk.set_null_columns.is_empty() {
                &fk.columns
            } else {
                &fk.set_null_columns
            };
            let not_null: Vec<&str> = nulled
                .iter()
                .filter(|c| t.column(c).is_some_and(|col| !col.nullable))
                .map(String::as_str)
                .collect();
            let column = not_null.first().and_then(|c| t.column(c));
            let failure = (!not_null.is_empty()).then(|| {
                (
                    format!(
                        "foreign key `{}` sets {} to NULL but the column is NOT NULL",
                        fk.name,
                        column_list(&not_null)
                    ),
                    "make the column nullable (`Option<...>`) or use `on_delete = \"cascade\"` / `\"restrict\"`".to_string(),
                )
            });
            out.record(RULE, Subject::object(t, column, &fk.name), failure);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::lints::testing::*;
    use datamodel::model::RefAction;

    #[test]
    fn fires_on_set_null_of_not_null_column() {
        let mut s = clean();
        tbl(&mut s, "posts").foreign_keys[0].on_delete = RefAction::SetNull;
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].column.as_deref(), Some("user_id"));
    }

    /// Shared tenancy: `(tenant_id, user_id)` with `SET NULL (user_id)`; `tenant_id` is NOT
    /// NULL and is never set to NULL, so the FK is fine.
    #[test]
    fn quiet_on_composite_tenant_fk_that_nulls_only_the_nullable_column() {
        let mut s = clean();
        let t = tbl(&mut s, "posts");
        let mut tenant = t.columns[0].clone();
        tenant.name = "tenant_id".into();
        tenant.nullable = false;
        t.columns.push(tenant);
        for c in t.columns.iter_mut().filter(|c| c.name == "user_id") {
            c.nullable = true;
        }
        let fk = &mut t.foreign_keys[0];
        fk.columns = vec!["tenant_id".into(), "user_id".into()];
        fk.on_delete = RefAction::SetNull;
        fk.set_null_columns = vec!["user_id".into()];
        assert!(failures(check, &s).is_empty());
        // Without the column list, `tenant_id` would be nulled: that one fires.
        tbl(&mut s, "posts").foreign_keys[0]
            .set_null_columns
            .clear();
        assert_eq!(failures(check, &s).len(), 1);
    }

    #[test]
    fn quiet_on_nullable_column_or_other_action() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = clean();
        tbl(&mut s, "posts").foreign_keys[0].on_delete = RefAction::SetNull;
        col(&mut s, "posts", "user_id").nullable = true;
        assert!(failures(check, &s).is_empty());
        assert_eq!(applicable(check, &s), 1);
    }
}
