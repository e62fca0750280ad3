//! DM123 `float-for-money`: see [`DOC`].

use crate::lints::{qualified, Checks, Rule, Subject};
use crate::schema::Schema;
use datamodel::model::ColumnType;

rule_doc! {r#"## What it does
Checks that money-like columns (a name containing the word `price`, `amount`, `total`,
`balance`, `cost`, `fee`, `tax` or `salary`) are not floating point.

## Why is this bad?
Binary floating point cannot represent 0.10 exactly: sums drift by fractions of a cent,
`0.1 + 0.2 = 0.30000000000000004`, equality comparisons fail and reports disagree with the
ledger. Money needs exact arithmetic.

## Example
```sql
CREATE TABLE orders (id BIGINT PRIMARY KEY, total DOUBLE PRECISION NOT NULL);
```

## Use instead
```sql
CREATE TABLE orders (id BIGINT PRIMARY KEY, total NUMERIC(12,2) NOT NULL);
-- or integer minor units: total_cents BIGINT NOT NULL
```
With the derive: a decimal type with `precision = 12, scale = 2`, or an integer of cents.
"#}

const RULE: Rule = Rule::FloatForMoney;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        for c in &t.columns {
            if !super::support::is_money_like(&c.name) {
                continue;
            }
            let float = matches!(c.ty, ColumnType::Real | ColumnType::Double);
            let failure = float.then(|| {
                (
                    format!("money-like column {} is floating point", qualified(t, c)),
                    "use an exact type: NUMERIC(12,2) (a decimal field with `precision`/`scale`) or integer cents".to_string(),
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
    use datamodel::model::ColumnType;

    #[test]
    fn fires_on_double_price() {
        let mut s = clean();
        tbl(&mut s, "posts")
            .columns
            .push(column("unit_price", ColumnType::Double));
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].column.as_deref(), Some("unit_price"));
    }

    #[test]
    fn quiet_on_decimal_money_and_float_non_money() {
        let mut s = clean();
        let posts = tbl(&mut s, "posts");
        posts.columns.push(column("total", ColumnType::Decimal));
        posts.columns.push(column("latitude", ColumnType::Double));
        posts.columns.push(column("costume", ColumnType::Double));
        assert!(failures(check, &s).is_empty());
        assert_eq!(applicable(check, &s), 1);
    }
}
