//! DM134 `sensitive-table-without-audit`: see [`DOC`].

use crate::lints::{Checks, Rule, Subject};
use crate::schema::Schema;

rule_doc! {r#"## What it does
When the model keeps an audit trail (some table has `audit`), checks that every table holding
personal data (a `pii` column) or money (a column named like `price`, `amount`, `total`,
`balance`, `cost`, `fee`, `tax` or `salary`) is audited too.

## Why is this bad?
The tables an auditor, a regulator or an incident review asks about first are the ones with
personal data and money: who changed this customer's address, who refunded this order. An
audit trail that covers some tables but not those answers the easy questions only.

## Example
```rust,ignore
#[derive(DataModel)]
#[datamodel(audit(actor = User))]
struct Project { id: i64 }

#[derive(DataModel)]
struct Invoice {
    id: i64,
    #[datamodel(precision = 12, scale = 2)]
    total: rust_decimal::Decimal,
}
```

## Use instead
```rust,ignore
#[derive(DataModel)]
#[datamodel(audit(actor = User, history))]
struct Invoice {
    id: i64,
    #[datamodel(precision = 12, scale = 2)]
    total: rust_decimal::Decimal,
}
```
Or `audit = true` in `[package.metadata.datamodel]` for every table.
"#}

const RULE: Rule = Rule::SensitiveTableWithoutAudit;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    if !schema.tables.iter().any(|t| t.audit.is_some()) {
        return;
    }
    for t in schema
        .tables
        .iter()
        .filter(|t| t.append_only_guard.is_none())
    {
        let sensitive: Vec<&str> = t
            .columns
            .iter()
            .filter(|c| c.pii || super::support::is_money_like(&c.name))
            .map(|c| c.name.as_str())
            .collect();
        if sensitive.is_empty() {
            continue;
        }
        let failure = t.audit.is_none().then(|| {
            (
                format!(
                    "table `{}` holds personal data or money ({}) but is not audited, while the model keeps an audit trail",
                    t.name,
                    sensitive.join(", ")
                ),
                format!(
                    "add `#[datamodel(audit(history))]` (with `actor = ...` as on the other audited structs) to the struct of `{}`",
                    t.name
                ),
            )
        });
        out.record(RULE, Subject::table(t), failure);
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::lints::testing::*;
    use crate::schema::TableAudit;

    fn audit() -> Option<TableAudit> {
        Some(TableAudit {
            actor_table: None,
            setting: "app.current_actor_id".into(),
            refuse_without_actor: false,
            trigger_name: None,
            history: None,
        })
    }

    #[test]
    fn quiet_when_the_model_keeps_no_audit_trail() {
        let s = clean();
        assert!(failures(check, &s).is_empty());
        assert_eq!(applicable(check, &s), 0);
    }

    #[test]
    fn fires_on_an_unaudited_pii_table_when_another_is_audited() {
        let mut s = clean();
        let other = s
            .tables
            .iter()
            .position(|t| t.name != "users")
            .expect("a second table");
        s.tables[other].audit = audit();
        let v = failures(check, &s);
        assert!(v.iter().any(|v| v.table == "users"), "{v:?}");
        tbl(&mut s, "users").audit = audit();
        assert!(failures(check, &s).iter().all(|v| v.table != "users"));
    }
}
