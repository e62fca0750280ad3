//! DM103 `table-name-not-plural-snake-case`: see [`DOC`].

use crate::lints::{Checks, Rule, Subject};
use crate::schema::Schema;
use datamodel::naming::{is_plural_snake_case, is_snake_case, snake_case, table_name};

rule_doc! {r#"## What it does
Checks that table names are plural snake_case (`users`, `order_items`).

## Why is this bad?
Mixed conventions (`User`, `order_item`, `OrderItems`) make every query a guess, force quoting
of mixed-case identifiers on PostgreSQL, and break tools and ORMs that derive names by
convention. One convention, applied everywhere, is cheaper than any particular one.

## Example
```sql
CREATE TABLE "OrderItem" (id BIGINT PRIMARY KEY);
```

## Use instead
```sql
CREATE TABLE order_items (id BIGINT PRIMARY KEY);
```
The derive names tables this way unless `table = "..."` overrides it.
"#}

const RULE: Rule = Rule::TableNameNotPluralSnakeCase;

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        // A name the resolver shortened with a hash is judged by the name the user chose; an
        // imported table of a namespace by its name inside it (`orders` of `sales.orders`).
        let chosen = t.unhashed_name.as_deref().unwrap_or(t.local_name());
        let failure = (!is_plural_snake_case(chosen)).then(|| {
            let suggestion = if is_snake_case(chosen) {
                match chosen.rsplit_once('_') {
                    Some((head, last)) => {
                        format!("{head}_{}", datamodel::naming::pluralize_word(last))
                    }
                    None => datamodel::naming::pluralize_word(chosen),
                }
            } else {
                table_name(&snake_case(chosen))
            };
            (
                format!("table name `{chosen}` is not plural snake_case"),
                format!("rename the table to `{suggestion}` (`table = \"{suggestion}\"`)"),
            )
        });
        out.record(RULE, Subject::table(t), failure);
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::lints::testing::*;

    #[test]
    fn fires_on_singular_and_camel_case_names() {
        let mut s = clean();
        tbl(&mut s, "posts").name = "post".into();
        tbl(&mut s, "users").name = "UserAccount".into();
        let v = failures(check, &s);
        assert_eq!(v.len(), 2);
        assert!(v[0].help.contains("`user_accounts`"), "{}", v[0].help);
        assert!(v[1].help.contains("`posts`"), "{}", v[1].help);
    }

    #[test]
    fn judges_a_namespaced_table_by_its_name_inside_the_namespace() {
        let mut s = clean();
        let t = tbl(&mut s, "posts");
        t.name = "sales.orders".into();
        t.namespace = Some("sales".into());
        assert!(failures(check, &s).is_empty());
        tbl(&mut s, "sales.orders").name = "sales.order".into();
        let v = failures(check, &s);
        assert!(v[0].help.contains("`orders`"), "{}", v[0].help);
    }

    #[test]
    fn quiet_on_plural_snake_case() {
        let mut s = clean();
        tbl(&mut s, "posts").name = "order_items".into();
        assert!(failures(check, &s).is_empty());
    }
}
