//! DM125 `json-instead-of-jsonb`: see [`DOC`].

use crate::lints::{any_target, qualified, Checks, Rule, Subject};
use crate::schema::{ImportedType, Schema};
use datamodel::model::ColumnType;

rule_doc! {r#"## What it does
When PostgreSQL is a target, checks that JSON columns are `jsonb`, not `json` (imported DDL;
the PostgreSQL dialect always emits `jsonb`).

## Why is this bad?
`json` is text: it is reparsed on every access, keeps duplicate keys and whitespace, has no
equality operator (so no `DISTINCT`, no unique index) and cannot use a GIN index. `jsonb` is
parsed once, compact, indexable and comparable.

## Example
```sql
CREATE TABLE events (id BIGINT PRIMARY KEY, payload JSON NOT NULL);
```

## Use instead
```sql
CREATE TABLE events (id BIGINT PRIMARY KEY, payload JSONB NOT NULL);
```
"#}

const RULE: Rule = Rule::JsonInsteadOfJsonb;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    if !any_target(out.target(), |d| d.has_binary_json()) {
        return;
    }
    for t in &schema.tables {
        for c in &t.columns {
            let plain = c.imported_type == Some(ImportedType::PlainJson);
            if c.ty != ColumnType::Json && !plain {
                continue;
            }
            let failure = plain.then(|| {
                (
                    format!("column {} is `json` rather than `jsonb`", qualified(t, c)),
                    format!(
                        "change it to jsonb: `ALTER TABLE {} ALTER COLUMN {} TYPE jsonb`",
                        t.name, c.name
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
    use crate::schema::ImportedType;
    use datamodel::model::ColumnType;

    #[test]
    fn fires_on_plain_json() {
        let mut s = clean();
        let mut c = column("payload", ColumnType::Json);
        c.imported_type = Some(ImportedType::PlainJson);
        tbl(&mut s, "posts").columns.push(c);
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert!(v[0].help.contains("TYPE jsonb"));
    }

    #[test]
    fn quiet_on_jsonb() {
        let mut s = clean();
        tbl(&mut s, "posts")
            .columns
            .push(column("payload", ColumnType::Json));
        assert!(failures(check, &s).is_empty());
        assert_eq!(applicable(check, &s), 1);
    }
}
