//! DM135 `query-pattern-fans-out`: see [`DOC`].

use crate::ddl::distributed::{placement, Placement};
use crate::lints::{any_target, Checks, Rule, Subject};
use crate::schema::{QueryPatternColumns, Schema, TENANT_COLUMN};

rule_doc! {r#"## What it does
When an engine that distributes tables over nodes (Citus) is a target, checks that every
declared query pattern (`#[datamodel(query(..))]`) of a tenant-scoped table, which is
distributed on `tenant_id`, filters `tenant_id` with equality (`eq(tenant_id, ..)`). It reads
the pattern as declared: the index the resolver plans for it starts with `tenant_id` either way.

## Why is this bad?
Citus sends a query to one shard only when its `WHERE` says `tenant_id = ...`; without it the
query runs on every shard of the table (32 by default, over all the workers) and the results
are merged on the coordinator: one tenant's page costs a round trip to every node, and gets
slower as the cluster grows. The row-level security policy does not help: its
`tenant_id = current_setting(..)` is applied on each shard after the routing decision (on
Citus 13.2, `EXPLAIN` of `SELECT .. WHERE status = 'open'` under the policy shows
`Task Count: 32`; with `AND tenant_id = '..'` it shows `Task Count: 1`).

## Example
```rust,ignore
#[derive(DataModel)]
#[datamodel(query(name = "open_invoices", eq(status), range(due_on)))]
struct Invoice { /* ... */ }
```

## Use instead
```rust,ignore
#[derive(DataModel)]
#[datamodel(query(name = "open_invoices", eq(tenant_id, status), range(due_on)))]
struct Invoice { /* ... */ }
```
and write `WHERE tenant_id = $1 AND status = $2 ...` in the query. A query that really spans
tenants (an operator's report) fans out by design: `allow = "query-pattern-fans-out"` on the
struct says so. (Two patterns of one struct that both say `eq(tenant_id, ..)` trip clippy's
`duplicated_attributes`, which reads them as one attribute written twice; they are not:
`#![allow(clippy::duplicated_attributes)]` in the crate.)
"#}

const RULE: Rule = Rule::QueryPatternFansOut;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    if !any_target(out.target(), |d| d.distributes_tables()) {
        return;
    }
    for t in &schema.tables {
        if !matches!(placement(schema, t), Placement::Distributed { .. }) {
            continue;
        }
        for p in &t.query_patterns {
            let routed = p.filters_tenant();
            let column = p
                .equality
                .iter()
                .chain(&p.range)
                .chain(&p.sort)
                .find_map(|c| t.column(c));
            let failure = (!routed).then(|| {
                (
                    format!(
                        "query pattern `{}` on `{}` doesn't filter `{TENANT_COLUMN}` with equality: the table is distributed on `{TENANT_COLUMN}`, so the query runs on every shard instead of one",
                        p.name, t.name
                    ),
                    format!(
                        "add `eq({TENANT_COLUMN})` and filter by it in the query: `{}` (Citus routes by `{TENANT_COLUMN} = ..` in the query, not by the row-level security policy); if the query really spans tenants, `allow = \"{}\"` on the struct",
                        routed_pattern(p),
                        RULE.name()
                    ),
                )
            });
            out.record(RULE, Subject::object(t, column, &p.name), failure);
        }
    }
}

/// The pattern with `tenant_id` first among its equality columns, as an attribute.
fn routed_pattern(p: &QueryPatternColumns) -> String {
    let mut parts = vec![format!("name = {:?}", p.name)];
    let eq: Vec<&str> = std::iter::once(TENANT_COLUMN)
        .chain(p.equality.iter().map(String::as_str))
        .collect();
    parts.push(format!("eq({})", eq.join(", ")));
    if !p.sort.is_empty() {
        parts.push(format!("sort({})", p.sort.join(", ")));
    }
    if !p.range.is_empty() {
        parts.push(format!("range({})", p.range.join(", ")));
    }
    format!("query({})", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::config::Engine;
    use crate::lints::testing::*;
    use crate::schema::{Column, ColumnOrigin, Schema};
    use datamodel::model::ColumnType;

    /// The clean fixture with `posts` tenant-scoped, rendered for PostgreSQL and Citus.
    fn distributed() -> Fixture {
        let mut s = on_engines(clean(), &[Engine::Postgres, Engine::Citus]);
        scope(&mut s, "posts");
        s
    }

    fn scope(s: &mut Schema, table: &str) {
        let t = tbl(s, table);
        t.tenant_scoped = true;
        t.columns.insert(
            1,
            Column::new("tenant_id", ColumnOrigin::TenantId, ColumnType::Uuid),
        );
    }

    #[test]
    fn fires_on_a_pattern_without_tenant_id() {
        let v = failures(check, &distributed());
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].table, "posts");
        assert_eq!(v[0].object.as_deref(), Some("user_posts_by_status"));
        assert_eq!(v[0].column.as_deref(), Some("user_id"));
        assert!(v[0].message.contains("every shard"), "{}", v[0].message);
        assert_eq!(
            v[0].help,
            "add `eq(tenant_id)` and filter by it in the query: `query(name = \"user_posts_by_status\", eq(tenant_id, user_id, status), sort(created_at))` (Citus routes by `tenant_id = ..` in the query, not by the row-level security policy); if the query really spans tenants, `allow = \"query-pattern-fans-out\"` on the struct"
        );
    }

    #[test]
    fn quiet_with_tenant_id_or_without_a_distributing_target() {
        // `eq(tenant_id, ..)` in any position.
        let mut s = distributed();
        tbl(&mut s, "posts").query_patterns[0]
            .equality
            .push("tenant_id".into());
        assert!(failures(check, &s).is_empty());
        assert_eq!(applicable(check, &s), 1);
        // A pattern on a global (reference) table: every node has all of it.
        let mut s = distributed();
        tbl(&mut s, "posts").tenant_scoped = false;
        assert_eq!(applicable(check, &s), 0);
        // Only PostgreSQL: one node, nothing fans out.
        let mut s = clean();
        scope(&mut s, "posts");
        assert_eq!(applicable(check, &s), 0);
    }

    #[test]
    fn a_tenant_id_in_the_planned_index_does_not_count() {
        // The resolver leads the planned index with tenant_id; the declared pattern decides.
        let mut s = distributed();
        let posts = tbl(&mut s, "posts");
        posts.indexes[0]
            .columns
            .insert(0, crate::schema::IndexColumn::asc("tenant_id"));
        posts.query_patterns[0].range = vec!["tenant_id".into()];
        assert_eq!(failures(check, &s).len(), 1);
    }
}
