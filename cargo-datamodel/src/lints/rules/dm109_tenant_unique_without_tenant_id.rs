//! DM109 `tenant-unique-without-tenant-id`: see [`DOC`].

use crate::lints::{column_list, Checks, Rule, Subject};
use crate::schema::Schema;

use super::support::business_unique_keys;

rule_doc! {r#"## What it does
On a tenant-scoped table, checks that every unique key includes `tenant_id` (keys over the
primary key or the public UUID are globally unique anyway and are not checked).

## Why is this bad?
`UNIQUE (email)` in a shared multi-tenant table means two tenants can never have a user with the
same email: the second tenant's sign-up fails with a constraint error that leaks the existence
of the first tenant's user. It is the most common mistake in generated schemas. The business
rule is "unique within a tenant".

## Example
```sql
CREATE UNIQUE INDEX uq_users_on_email ON users (email);
```

## Use instead
```sql
CREATE UNIQUE INDEX uq_users_on_tenant_id_email ON users (tenant_id, email);
```
The derive adds `tenant_id` to `unique` keys of tenant-scoped entities itself.
"#}

const RULE: Rule = Rule::TenantUniqueWithoutTenantId;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in schema.tables.iter().filter(|t| t.tenant_scoped) {
        for (ix, cols) in business_unique_keys(t) {
            let column = cols.first().and_then(|c| t.column(c));
            let failure = (!cols.contains(&"tenant_id")).then(|| {
                let mut fixed = vec!["tenant_id"];
                fixed.extend(&cols);
                (
                    format!(
                        "unique key `{}` {} on tenant-scoped table `{}` does not include `tenant_id`",
                        ix.name,
                        column_list(&cols),
                        t.name
                    ),
                    format!("make it unique per tenant: {}", column_list(&fixed)),
                )
            });
            out.record(RULE, Subject::object(t, column, &ix.name), failure);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::lints::testing::*;
    use datamodel::model::ColumnType;

    fn scoped() -> Fixture {
        let mut s = clean();
        let users = tbl(&mut s, "users");
        users.tenant_scoped = true;
        users.columns.push(column("tenant_id", ColumnType::BigInt));
        s
    }

    #[test]
    fn fires_on_global_unique_in_scoped_table() {
        let v = failures(check, &scoped());
        assert_eq!(v.len(), 1);
        assert!(v[0].help.contains("(tenant_id, email)"), "{}", v[0].help);
    }

    #[test]
    fn quiet_with_tenant_id_or_unscoped() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = scoped();
        tbl(&mut s, "users").indexes[0] = unique("users", &["tenant_id", "email"]);
        assert!(failures(check, &s).is_empty());
        assert_eq!(applicable(check, &s), 1);
    }
}
