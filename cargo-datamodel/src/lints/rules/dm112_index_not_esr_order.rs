//! DM112 `index-not-esr-order`: see [`DOC`].

use crate::lints::{column_list, Checks, Rule, Subject};
use crate::schema::Schema;

use super::support::{index_columns, Esr};

rule_doc! {r#"## What it does
For every declared query pattern, checks that the composite index meant for it (planned from
it, or whose leading columns are exactly the pattern's columns) orders its columns by ESR:
Equality columns first, then Sort columns (in the pattern's order), then the Range column.
On a tenant-scoped table `tenant_id` counts as an equality column.

## Why is this bad?
A b-tree is only usable left to right. With a range column before an equality column the
engine scans every entry of the range and filters the rest; with the sort column after a range
column it has to sort the result instead of reading it in order. The same columns in ESR order
turn the query into one seek and an ordered read.

## Example
```sql
-- WHERE user_id = ? AND created_at > ? ORDER BY title
CREATE INDEX idx_posts_on_created_at_user_id_title ON posts (created_at, user_id, title);
```

## Use instead
```sql
CREATE INDEX idx_posts_on_user_id_title_created_at ON posts (user_id, title, created_at);
```
With the derive: `query(name = "...", eq(user_id), sort(title), range(created_at))` and let the
planner build the index.
"#}

const RULE: Rule = Rule::IndexNotEsrOrder;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        for p in &t.query_patterns {
            let esr = Esr::of(t, p);
            for ix in t.indexes.iter().filter(|i| esr.targeted_by(i, &p.name)) {
                let cols = index_columns(ix);
                let column = cols.first().and_then(|c| t.column(c));
                let failure = (!esr.served_by(ix)).then(|| {
                    (
                        format!(
                            "index `{}` {} for query pattern `{}` is not in ESR order",
                            ix.name,
                            column_list(&cols),
                            p.name
                        ),
                        format!(
                            "order it equality, sort, range: {}",
                            column_list(&esr.ideal())
                        ),
                    )
                });
                out.record(RULE, Subject::object(t, column, &ix.name), failure);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::lints::testing::*;
    use crate::schema::IndexOrigin;

    #[test]
    fn fires_on_range_before_equality() {
        let mut s = clean();
        let posts = tbl(&mut s, "posts");
        posts.query_patterns[0].equality = vec!["user_id".into()];
        posts.query_patterns[0].sort.clear();
        posts.query_patterns[0].range = vec!["created_at".into()];
        posts.indexes = vec![index("posts", &["created_at", "user_id"])];
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert!(v[0].help.contains("(user_id, created_at)"), "{}", v[0].help);
    }

    #[test]
    fn fires_on_planned_index_with_sort_after_equality_missing() {
        let mut s = clean();
        let mut ix = index("posts", &["created_at", "user_id", "status"]);
        ix.origin = IndexOrigin::QueryPattern(vec!["user_posts_by_status".into()]);
        tbl(&mut s, "posts").indexes = vec![ix];
        assert_eq!(failures(check, &s).len(), 1);
    }

    #[test]
    fn quiet_on_esr_order_with_equality_in_any_order() {
        assert!(failures(check, &clean()).is_empty());
        assert_eq!(applicable(check, &clean()), 1);
        let mut s = clean();
        tbl(&mut s, "posts").indexes = vec![index("posts", &["status", "user_id", "created_at"])];
        assert!(failures(check, &s).is_empty());
    }
}
