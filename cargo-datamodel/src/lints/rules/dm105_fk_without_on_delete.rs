//! DM105 `fk-without-on-delete`: see [`DOC`].

use crate::lints::{Checks, Rule, Subject};
use crate::schema::{ColumnOrigin, Schema};

rule_doc! {r#"## What it does
Checks that every foreign key the user wrote says what happens to child rows when the parent is
deleted (`ON DELETE CASCADE | RESTRICT | SET NULL | NO ACTION`). Keys the resolver generates
(junction, tenant and subtype keys) carry a documented policy and are not checked.

## Why is this bad?
The engine default (`NO ACTION`) is rarely a decision anyone made: the first parent delete in
production fails, or the team adds an ad-hoc cascade in application code that misses some path.
Whether children die with the parent, block its deletion or lose the link is a business rule;
write it down where the engine enforces it.

## Example
```sql
ALTER TABLE comments ADD FOREIGN KEY (post_id) REFERENCES posts (id);
```

## Use instead
```sql
ALTER TABLE comments ADD FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE;
```
The derive requires `on_delete = "..."` next to `belongs_to`.
"#}

const RULE: Rule = Rule::FkWithoutOnDelete;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        for fk in &t.foreign_keys {
            let user_written = fk.columns.iter().any(|c| {
                t.column(c)
                    .is_none_or(|col| col.origin == ColumnOrigin::Field)
            });
            if !user_written {
                continue;
            }
            let column = fk.columns.first().and_then(|c| t.column(c));
            let failure = (!fk.on_delete_explicit).then(|| {
                (
                    format!(
                        "foreign key `{}` ({} -> {}) does not say what ON DELETE does",
                        fk.name,
                        crate::lints::column_list(&fk.columns),
                        fk.ref_table
                    ),
                    "state the policy: `on_delete = \"cascade\" | \"restrict\" | \"set_null\" | \"no_action\"`".to_string(),
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
    use crate::schema::ColumnOrigin;

    #[test]
    fn fires_on_implicit_on_delete() {
        let mut s = clean();
        tbl(&mut s, "posts").foreign_keys[0].on_delete_explicit = false;
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].object.as_deref(), Some("fk_posts_user_id_users"));
        assert_eq!(v[0].column.as_deref(), Some("user_id"));
    }

    #[test]
    fn quiet_on_explicit_or_generated_keys() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = clean();
        tbl(&mut s, "posts").foreign_keys[0].on_delete_explicit = false;
        col(&mut s, "posts", "user_id").origin = ColumnOrigin::JunctionKey;
        assert!(failures(check, &s).is_empty());
        assert_eq!(applicable(check, &s), 0);
    }
}
