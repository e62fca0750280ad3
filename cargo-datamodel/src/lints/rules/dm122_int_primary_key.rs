//! DM122 `int-primary-key`: see [`DOC`].

use crate::lints::{Checks, Rule, Subject};
use crate::schema::Schema;
use datamodel::model::ColumnType;

rule_doc! {r#"## What it does
Checks for single-column primary keys of a 32-bit (or 16-bit) integer type, on PostgreSQL and
MySQL (SQLite's `INTEGER PRIMARY KEY` is 64-bit already). Keys that are foreign keys to a
parent (subtype tables) follow the parent and are not checked.

## Why is this bad?
2,147,483,647 ids run out sooner than anyone plans for, often on an events or audit table, and
the fix (changing the type of the primary key and of every column referencing it) is one of the
most expensive migrations there is. A bigint costs four more bytes per row.

## Example
```sql
CREATE TABLE events (id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
```

## Use instead
```sql
CREATE TABLE events (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
```
With the derive: make the `id` field `i64` (or use `pk = "uuid"`).
"#}

const RULE: Rule = Rule::IntPrimaryKey;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    if !crate::lints::any_target(out.target(), |d| d.int_key_can_overflow()) {
        return;
    }
    for t in &schema.tables {
        let Some(pk) = t.row_key() else {
            continue;
        };
        let Some(c) = t.column(pk) else { continue };
        if t.foreign_keys
            .iter()
            .any(|fk| fk.columns.iter().any(|c| c == pk))
        {
            continue;
        }
        let narrow = matches!(c.ty, ColumnType::Integer | ColumnType::SmallInt);
        let failure = narrow.then(|| {
            (
                format!(
                    "primary key `{}.{}` is a 32-bit integer or smaller",
                    t.name, c.name
                ),
                "use BIGINT (an `i64` field) so the key cannot run out".to_string(),
            )
        });
        out.record(RULE, Subject::column(t, c), failure);
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::config::Engine;
    use crate::lints::testing::*;
    use datamodel::model::ColumnType;

    #[test]
    fn fires_on_integer_key() {
        let mut s = clean();
        col(&mut s, "posts", "id").ty = ColumnType::Integer;
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].column.as_deref(), Some("id"));
    }

    #[test]
    fn quiet_on_bigint_and_on_sqlite_only() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = clean();
        col(&mut s, "posts", "id").ty = ColumnType::Integer;
        let s = on_engines(s, &[Engine::Sqlite]);
        assert!(failures(check, &s).is_empty());
    }
}
