//! DM117 `too-many-indexes`: see [`DOC`].

use crate::lints::{Checks, Rule, Subject};
use crate::schema::Schema;

rule_doc! {r#"## What it does
Checks that no table has more than 15 indexes (the primary key not counted).

## Why is this bad?
Every index is written on every insert and on every update of its columns. Past a dozen or so
the write cost, the memory they compete for and the planner's choices get out of hand, and
usually several of them are redundant or serve queries nobody runs any more.

## Example
```sql
-- orders with 22 indexes, one per report anyone ever asked for
```

## Use instead
Keep the indexes that serve declared query patterns, foreign keys and unique rules; fold the
rest into composite indexes in ESR order, and drop what no query uses (`pg_stat_user_indexes`).
"#}

const RULE: Rule = Rule::TooManyIndexes;

/// The most indexes a table may have before the rule fires.
pub(crate) const MAX_INDEXES: usize = 15;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        let n = t.indexes.len();
        let failure = (n > MAX_INDEXES).then(|| {
            (
                format!("table `{}` has {n} indexes (more than {MAX_INDEXES})", t.name),
                "drop redundant or unused indexes; combine the rest into composite indexes in ESR order".to_string(),
            )
        });
        out.record(RULE, Subject::table(t), failure);
    }
}

#[cfg(test)]
mod tests {
    use super::{check, MAX_INDEXES};
    use crate::lints::testing::*;

    fn with_indexes(n: usize) -> Fixture {
        let mut s = clean();
        let posts = tbl(&mut s, "posts");
        posts.indexes = (0..n)
            .map(|i| index("posts", &[&format!("c{i}")]))
            .collect();
        s
    }

    #[test]
    fn fires_above_the_limit() {
        let v = failures(check, &with_indexes(MAX_INDEXES + 1));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].message, "table `posts` has 16 indexes (more than 15)");
    }

    #[test]
    fn quiet_at_the_limit() {
        assert!(failures(check, &with_indexes(MAX_INDEXES)).is_empty());
    }
}
