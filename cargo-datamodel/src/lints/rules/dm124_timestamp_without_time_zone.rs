//! DM124 `timestamp-without-time-zone`: see [`DOC`].

use crate::lints::{any_target, qualified, Checks, Rule, Subject};
use crate::schema::Schema;
use datamodel::model::ColumnType;

rule_doc! {r#"## What it does
When PostgreSQL is a target, checks that timestamp columns are `TIMESTAMPTZ`, not `TIMESTAMP`
(without time zone).

## Why is this bad?
`TIMESTAMP` stores a wall-clock reading with no zone: the same instant written from servers in
two zones (or across a daylight-saving change) becomes two different values, and `now()` is
silently converted to the session's zone. `TIMESTAMPTZ` stores an instant (in UTC) and costs
the same 8 bytes.

## Example
```sql
CREATE TABLE events (id BIGINT PRIMARY KEY, happened_at TIMESTAMP NOT NULL);
```

## Use instead
```sql
CREATE TABLE events (id BIGINT PRIMARY KEY, happened_at TIMESTAMPTZ NOT NULL);
```
With the derive: `chrono::DateTime<Utc>` (or `time::OffsetDateTime`) rather than a naive type.
"#}

const RULE: Rule = Rule::TimestampWithoutTimeZone;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    if !any_target(out.target(), |d| d.distinguishes_time_zones()) {
        return;
    }
    for t in &schema.tables {
        for c in &t.columns {
            let ColumnType::Timestamp { with_time_zone } = c.ty else {
                continue;
            };
            let failure = (!with_time_zone).then(|| {
                (
                    format!("column {} is TIMESTAMP without time zone", qualified(t, c)),
                    "use TIMESTAMPTZ (a `DateTime<Utc>` / `OffsetDateTime` field)".to_string(),
                )
            });
            out.record(RULE, Subject::column(t, c), failure);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::config::Engine;
    use crate::lints::testing::*;
    use datamodel::model::ColumnType;

    fn naive() -> Fixture {
        let mut s = clean();
        tbl(&mut s, "posts").columns.push(column(
            "published_at",
            ColumnType::Timestamp {
                with_time_zone: false,
            },
        ));
        s
    }

    #[test]
    fn fires_on_postgres() {
        let v = failures(check, &naive());
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].column.as_deref(), Some("published_at"));
    }

    #[test]
    fn quiet_on_timestamptz_and_without_postgres() {
        assert!(failures(check, &clean()).is_empty());
        let s = on_engines(naive(), &[Engine::Mysql]);
        assert!(failures(check, &s).is_empty());
    }
}
