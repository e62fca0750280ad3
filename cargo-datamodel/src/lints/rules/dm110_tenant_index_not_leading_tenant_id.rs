//! DM110 `tenant-index-not-leading-tenant-id`: see [`DOC`].

use crate::lints::{column_list, Checks, Rule, Subject};
use crate::schema::Schema;

use super::support::index_columns;

rule_doc! {r#"## What it does
On a tenant-scoped table, checks that every composite index starts with `tenant_id`.

## Why is this bad?
Every query of a shared multi-tenant table filters by `tenant_id` (and row-level security adds
that filter to every query anyway). An index `(status, created_at)` makes the engine read the
matching rows of *all* tenants and discard the others'; with `tenant_id` first the scan stays
inside one tenant's slice, and one large tenant cannot slow down the rest.

## Example
```sql
CREATE INDEX idx_orders_on_status_created_at ON orders (status, created_at);
```

## Use instead
```sql
CREATE INDEX idx_orders_on_tenant_id_status_created_at ON orders (tenant_id, status, created_at);
```
"#}

const RULE: Rule = Rule::TenantIndexNotLeadingTenantId;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in schema.tables.iter().filter(|t| t.tenant_scoped) {
        for ix in t.indexes.iter().filter(|i| i.columns.len() > 1) {
            let cols = index_columns(ix);
            let column = cols.first().and_then(|c| t.column(c));
            let failure = (cols.first() != Some(&"tenant_id")).then(|| {
                let mut fixed = vec!["tenant_id"];
                fixed.extend(cols.iter().filter(|c| **c != "tenant_id"));
                (
                    format!(
                        "composite index `{}` {} on tenant-scoped table `{}` does not start with `tenant_id`",
                        ix.name,
                        column_list(&cols),
                        t.name
                    ),
                    format!("put `tenant_id` first: {}", column_list(&fixed)),
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

    fn scoped(index_cols: &[&str]) -> Fixture {
        let mut s = clean();
        let posts = tbl(&mut s, "posts");
        posts.tenant_scoped = true;
        posts.columns.push(column("tenant_id", ColumnType::BigInt));
        posts.indexes = vec![index("posts", index_cols), index("posts", &["user_id"])];
        s
    }

    #[test]
    fn fires_when_tenant_id_is_not_first() {
        let v = failures(check, &scoped(&["status", "tenant_id"]));
        assert_eq!(v.len(), 1);
        assert!(v[0].help.contains("(tenant_id, status)"), "{}", v[0].help);
    }

    #[test]
    fn quiet_when_first_or_single_column() {
        let s = scoped(&["tenant_id", "status"]);
        assert!(failures(check, &s).is_empty());
        assert_eq!(
            applicable(check, &s),
            1,
            "single-column indexes are not composite"
        );
        assert!(failures(check, &clean()).is_empty());
    }
}
