//! DM113 `query-pattern-not-indexed`: see [`DOC`].

use crate::lints::{column_list, Checks, Rule, Subject};
use crate::schema::Schema;

use super::support::Esr;

rule_doc! {r#"## What it does
Checks that every declared query pattern is served by an index (or the primary key): its
equality columns leading, then its sort columns in order, then a range column. A pattern whose
columns are indexed in the wrong order is reported by `index-not-esr-order` (DM112) instead.

## Why is this bad?
A query pattern is a promise that the application runs this query; with no index behind it the
query is a full scan that gets slower with every row, usually discovered in production.

## Example
```rust,ignore
#[derive(DataModel)]
#[datamodel(query(name = "recent_orders", eq(customer_id), range(created_at)))]
#[datamodel(allow = "query-pattern-not-indexed")] // or an index that does not fit
struct Order { /* ... */ }
```

## Use instead
```sql
CREATE INDEX idx_orders_on_customer_id_created_at ON orders (customer_id, created_at);
```
The derive's planner creates this index from the pattern; the rule matters for imported
schemas and hand-written `index(...)` lists.
"#}

const RULE: Rule = Rule::QueryPatternNotIndexed;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        let pk = t.primary_key.as_index();
        for p in &t.query_patterns {
            let esr = Esr::of(t, p);
            let served = t.indexes.iter().chain([&pk]).any(|i| esr.served_by(i));
            let misordered = t.indexes.iter().any(|i| esr.targeted_by(i, &p.name));
            if !served && misordered {
                continue; // DM112's subject
            }
            let column = esr.equality.first().and_then(|c| t.column(c));
            let failure = (!served).then(|| {
                (
                    format!(
                        "query pattern `{}` on `{}` is not served by any index",
                        p.name, t.name
                    ),
                    format!("add an index on {} (ESR order)", column_list(&esr.ideal())),
                )
            });
            out.record(RULE, Subject::object(t, column, &p.name), failure);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::lints::testing::*;

    #[test]
    fn fires_when_no_index_serves_the_pattern() {
        let mut s = clean();
        tbl(&mut s, "posts").indexes = vec![index("posts", &["user_id"])];
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].object.as_deref(), Some("user_posts_by_status"));
        assert!(
            v[0].help.contains("(user_id, status, created_at)"),
            "{}",
            v[0].help
        );
    }

    #[test]
    fn quiet_when_served_and_leaves_misordered_to_dm112() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = clean();
        tbl(&mut s, "posts").indexes = vec![index("posts", &["created_at", "status", "user_id"])];
        assert!(failures(check, &s).is_empty());
        assert_eq!(applicable(check, &s), 0);
    }
}
