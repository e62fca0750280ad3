//! DM111 `fk-without-index`: see [`DOC`].

use crate::lints::{column_list, Checks, Rule, Subject};
use crate::schema::Schema;

use super::support::{leads_with, lookup_paths};

rule_doc! {r#"## What it does
Checks that the columns of every foreign key are the *leading* columns of some index (or of the
primary key). An index that merely contains them further right does not count.

## Why is this bad?
PostgreSQL does not index foreign keys by itself. Without one, every delete or key update of a
parent row scans the whole child table to enforce the constraint (often while holding locks),
and the common join "children of this parent" is a sequential scan. A b-tree can only seek on
its leading columns: `(status, post_id)` does not help `WHERE post_id = ?`.

## Example
```sql
CREATE TABLE comments (
    id BIGINT PRIMARY KEY,
    post_id BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE
);
```

## Use instead
```sql
CREATE INDEX idx_comments_on_post_id ON comments (post_id);
```
With the derive: `#[datamodel(index)]` on the field, or a query pattern / index starting with it.
"#}

const RULE: Rule = Rule::FkWithoutIndex;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        let paths = lookup_paths(t);
        for fk in &t.foreign_keys {
            let column = fk.columns.first().and_then(|c| t.column(c));
            let covered = paths.iter().any(|p| leads_with(p, &fk.columns));
            let failure = (!covered).then(|| {
                (
                    format!(
                        "foreign key `{}` {} has no index that starts with its columns",
                        fk.name,
                        column_list(&fk.columns)
                    ),
                    format!(
                        "add an index on {} (`#[datamodel(index)]` on the field)",
                        column_list(&fk.columns)
                    ),
                )
            });
            out.record(RULE, Subject::object(t, column, &fk.name), failure);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::lints::testing::*;

    #[test]
    fn fires_when_fk_column_is_not_leading() {
        let mut s = clean();
        tbl(&mut s, "posts").indexes = vec![index("posts", &["status", "user_id"])];
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].column.as_deref(), Some("user_id"));
        assert!(v[0].help.contains("(user_id)"));
    }

    #[test]
    fn quiet_when_an_index_leads_with_it() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = clean();
        tbl(&mut s, "posts").indexes = vec![index("posts", &["user_id"])];
        assert!(failures(check, &s).is_empty());
    }

    #[test]
    fn partial_index_does_not_count() {
        let mut s = clean();
        let mut ix = index("posts", &["user_id"]);
        ix.predicate = Some("status = 'draft'".into());
        tbl(&mut s, "posts").indexes = vec![ix];
        assert_eq!(failures(check, &s).len(), 1);
    }
}
