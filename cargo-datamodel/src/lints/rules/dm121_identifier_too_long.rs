//! DM121 `identifier-too-long`: see [`DOC`].

use crate::lints::{identifier_limit, Checks, Rule, Subject};
use crate::schema::Schema;

rule_doc! {r#"## What it does
Reports identifiers longer than the strictest configured engine allows (PostgreSQL 63 bytes,
MySQL 64; SQLite has no limit), measured *before* the resolver shortened a generated name by
hashing. A warning: the emitted name is valid, but it is not the one a person would guess (or wrote).

## Why is this bad?
PostgreSQL silently truncates long identifiers (two long index names can then collide), MySQL
rejects them. The resolver avoids both by replacing the tail of a long generated name with a
hash, which is safe but unreadable in error messages and `\d` output. A table or column name
over the limit cannot be hashed and fails outright.

## Example
```rust,ignore
#[datamodel(index(fields(organization_membership_id, notification_preference_category, created_at)))]
```

## Use instead
```rust,ignore
#[datamodel(index(fields(organization_membership_id, notification_preference_category, created_at),
                  name = "idx_prefs_by_membership"))]
```
"#}

const RULE: Rule = Rule::IdentifierTooLong;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    let Some(limit) = identifier_limit(out.target()) else {
        return;
    };
    let too_long = |full: &str, emitted: &str, kind: &str| {
        (full.len() > limit).then(|| {
            if full == emitted {
                (
                    format!("{kind} name `{full}` is {} bytes, over the {limit}-byte identifier limit", full.len()),
                    format!("shorten the {kind} name to at most {limit} bytes"),
                )
            } else {
                (
                    format!(
                        "{kind} name `{full}` is {} bytes, over the {limit}-byte identifier limit; it is emitted as `{emitted}`",
                        full.len()
                    ),
                    format!("give the {kind} a shorter explicit name (`name = \"...\"`) if the hashed one is hard to read"),
                )
            }
        })
    };
    for t in &schema.tables {
        let full = t.unhashed_name.as_deref().unwrap_or(&t.name);
        let kind = format!("table (of `{}`)", t.rust_name);
        out.record(RULE, Subject::table(t), too_long(full, &t.name, &kind));
        for c in &t.columns {
            let full = c.unhashed_name.as_deref().unwrap_or(&c.name);
            let kind = match &c.field {
                Some(f) => format!("column (field `{}.{f}`)", t.rust_name),
                None => "column".to_string(),
            };
            out.record(RULE, Subject::column(t, c), too_long(full, &c.name, &kind));
        }
        let pk = &t.primary_key;
        if !pk.columns.is_empty() {
            let full = pk.unhashed_name.as_deref().unwrap_or(&pk.name);
            out.record(
                RULE,
                Subject::object(t, None, &pk.name),
                too_long(full, &pk.name, "primary key"),
            );
        }
        for fk in &t.foreign_keys {
            let full = fk.unhashed_name.as_deref().unwrap_or(&fk.name);
            let column = fk.columns.first().and_then(|c| t.column(c));
            out.record(
                RULE,
                Subject::object(t, column, &fk.name),
                too_long(full, &fk.name, "foreign key"),
            );
        }
        for ix in &t.indexes {
            let full = ix.unhashed_name.as_deref().unwrap_or(&ix.name);
            out.record(
                RULE,
                Subject::object(t, None, &ix.name),
                too_long(full, &ix.name, "index"),
            );
        }
        for ck in &t.checks {
            let full = ck.unhashed_name.as_deref().unwrap_or(&ck.name);
            let column = ck.column.as_deref().and_then(|c| t.column(c));
            out.record(
                RULE,
                Subject::object(t, column, &ck.name),
                too_long(full, &ck.name, "check"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::config::Engine;
    use crate::lints::testing::*;

    #[test]
    fn fires_on_a_hashed_index_name() {
        let mut s = clean();
        let ix = &mut tbl(&mut s, "posts").indexes[0];
        ix.unhashed_name = Some(format!("idx_posts_on_{}", "x".repeat(60)));
        ix.name = "idx_posts_on_xxxxxxxx_3f2a9c".into();
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert!(
            v[0].message.contains("73 bytes, over the 63-byte"),
            "{}",
            v[0].message
        );
        assert!(v[0]
            .message
            .contains("emitted as `idx_posts_on_xxxxxxxx_3f2a9c`"));
    }

    #[test]
    fn quiet_on_short_names_and_on_sqlite_only() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = on_engines(clean(), &[Engine::Sqlite]);
        tbl(&mut s, "posts").name = "p".repeat(80);
        assert!(failures(check, &s).is_empty());
        assert_eq!(applicable(check, &s), 0);
    }

    #[test]
    fn mysql_allows_sixty_four() {
        let mut s = on_engines(clean(), &[Engine::Mysql]);
        tbl(&mut s, "posts").name = "p".repeat(64);
        assert!(failures(check, &s).is_empty());
        let s = on_engines(s, &[Engine::Mysql, Engine::Postgres]);
        assert_eq!(failures(check, &s).len(), 1);
    }
}
