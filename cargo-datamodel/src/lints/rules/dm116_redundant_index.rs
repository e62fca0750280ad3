//! DM116 `redundant-index`: see [`DOC`].

use crate::lints::{column_list, normalize_predicate, Checks, Rule, Subject};
use crate::schema::{Index, Schema};

use super::support::index_columns;

rule_doc! {r#"## What it does
Checks for non-unique indexes whose columns (and directions) are a prefix of another index of
the same table with the same method and the same partial predicate, or of the primary key.
Unique indexes are never redundant: they enforce a rule.

## Why is this bad?
Any lookup the shorter index answers, the longer one answers too. The extra index still costs
on every insert, update and delete, takes memory away from useful pages, and adds to vacuum and
backup time.

## Example
```sql
CREATE INDEX idx_posts_on_user_id ON posts (user_id);
CREATE INDEX idx_posts_on_user_id_created_at ON posts (user_id, created_at);
```

## Use instead
```sql
CREATE INDEX idx_posts_on_user_id_created_at ON posts (user_id, created_at);
```
"#}

const RULE: Rule = Rule::RedundantIndex;

fn same_scope(a: &Index, b: &Index) -> bool {
    a.method == b.method
        && a.predicate.as_deref().map(normalize_predicate)
            == b.predicate.as_deref().map(normalize_predicate)
}

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        let pk = t.primary_key.as_index();
        for (ai, a) in t.indexes.iter().enumerate().filter(|(_, i)| !i.unique) {
            let covering = t
                .indexes
                .iter()
                .enumerate()
                .chain([(usize::MAX, &pk)])
                .find(|(bi, b)| {
                    *bi != ai
                    && !b.columns.is_empty()
                    && same_scope(a, b)
                    && b.columns.starts_with(&a.columns)
                    && a.include.iter().all(|c| {
                        b.include.contains(c) || b.columns.iter().any(|bc| &bc.name == c)
                    })
                    // Of two identical non-unique indexes, only the later one is redundant.
                    && (b.columns.len() > a.columns.len() || b.unique || *bi < ai)
                });
            let cols = index_columns(a);
            let column = cols.first().and_then(|c| t.column(c));
            let failure = covering.map(|(_, b)| {
                (
                    format!(
                        "index `{}` {} is redundant with `{}` {}",
                        a.name,
                        column_list(&cols),
                        b.name,
                        column_list(&index_columns(b))
                    ),
                    format!("drop `{}`: `{}` answers the same lookups", a.name, b.name),
                )
            });
            out.record(RULE, Subject::object(t, column, &a.name), failure);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::lints::testing::*;

    #[test]
    fn fires_on_prefix_of_another_index() {
        let mut s = clean();
        tbl(&mut s, "posts")
            .indexes
            .push(index("posts", &["user_id"]));
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].object.as_deref(), Some("idx_posts_on_user_id"));
    }

    #[test]
    fn fires_on_prefix_of_the_primary_key_and_on_duplicates_once() {
        let mut s = clean();
        let posts = tbl(&mut s, "posts");
        posts.indexes.push(index("posts", &["id"]));
        posts.indexes.push(index("posts", &["title"]));
        posts.indexes.push(index("posts", &["title"]));
        assert_eq!(failures(check, &s).len(), 2);
    }

    #[test]
    fn quiet_with_different_predicate_or_direction() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = clean();
        let mut partial = index("posts", &["user_id"]);
        partial.predicate = Some("status = 'draft'".into());
        let mut desc = index("posts", &["user_id", "status"]);
        desc.columns[1].descending = true;
        desc.name = "idx_posts_desc".into();
        tbl(&mut s, "posts").indexes.extend([partial, desc]);
        assert!(failures(check, &s).is_empty());
    }
}
