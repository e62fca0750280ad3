//! DM126 `pii-without-retention`: see [`DOC`].

use crate::lints::{qualified, Checks, Rule, Subject};
use crate::schema::Schema;

rule_doc! {r#"## What it does
Checks that a table with personal data (a column marked `pii`) has a retention policy.

## Why is this bad?
GDPR and most privacy laws require personal data to be kept no longer than needed, and a data
subject's erasure request to be honoured. Without a stated retention the data is kept forever
by default, nobody writes the clean-up job, and the document cannot tell an auditor what
happens to it.

## Example
```rust,ignore
#[derive(DataModel)]
struct Customer {
    #[datamodel(max_length = 255, pii)]
    email: String,
}
```

## Use instead
```rust,ignore
#[derive(DataModel)]
#[datamodel(retention(ttl = "2y", legal_hold))]
struct Customer {
    #[datamodel(max_length = 255, pii)]
    email: String,
}
```
"#}

const RULE: Rule = Rule::PiiWithoutRetention;

/// The retention to add, chosen so that the job it creates never deletes a live row: on a
/// soft-deleted table the TTL counts from the deletion; a hard-deleted table that others
/// reference with RESTRICT keeps its rows (soft delete, then anonymized); an archival table's
/// job only marks rows.
fn suggestion(schema: &Schema, t: &crate::schema::Table) -> String {
    use crate::schema::retention_rules::restricting_references;
    let attr = if t.soft_delete {
        "`#[datamodel(retention(ttl = \"2y\", after_delete))]` (counted from the soft delete: live rows are never touched)".to_string()
    } else if t.delete != datamodel::model::DeleteStrategy::Archival
        && !restricting_references(t, &schema.tables).is_empty()
    {
        "`#[datamodel(delete = \"soft\", retention(ttl = \"2y\", after_delete))]` (other tables reference its rows with RESTRICT, so they are kept and their personal data erased)".to_string()
    } else {
        "`#[datamodel(retention(ttl = \"2y\"))]`".to_string()
    };
    format!("state how long `{}` rows are kept: {attr}", t.name)
}

pub(crate) fn check(schema: &Schema, out: &mut Checks) {
    for t in &schema.tables {
        for c in t.columns.iter().filter(|c| c.pii) {
            let failure = t.retention.is_none().then(|| {
                (
                    format!(
                        "PII column {} is in a table with no retention policy",
                        qualified(t, c)
                    ),
                    suggestion(schema, t),
                )
            });
            out.record(RULE, Subject::column(t, c), failure);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::lints::testing::*;
    use crate::schema::retention_rules::{job_kind, problems, Cascades, JobKind};
    use datamodel::model::{DeleteStrategy, RefAction, Retention};

    /// Applies the help of every DM126 failure the way a user would, then checks the result:
    /// the retention rules accept it, and no job deletes a soft-deleted table's live rows.
    #[test]
    fn applying_the_help_never_gives_a_job_that_deletes_live_rows() {
        let mut cases = Vec::new();
        // Soft-deleted users; hard-deleted users referenced with RESTRICT; archival users.
        for (soft, delete, restrict) in [
            (true, DeleteStrategy::Soft, false),
            (false, DeleteStrategy::Hard, true),
            (false, DeleteStrategy::Archival, true),
            (false, DeleteStrategy::Hard, false),
        ] {
            let mut s = clean();
            let users = tbl(&mut s, "users");
            users.retention = None;
            users.soft_delete = soft;
            users.delete = delete;
            if restrict {
                for t in s.tables.iter_mut() {
                    for fk in t.foreign_keys.iter_mut().filter(|f| f.ref_table == "users") {
                        fk.on_delete = RefAction::Restrict;
                    }
                }
            }
            cases.push(s);
        }
        for mut s in cases {
            let help = failures(check, &s)
                .into_iter()
                .find(|v| v.table == "users")
                .map(|v| v.help)
                .expect("DM126 fires on users");
            let users = tbl(&mut s, "users");
            if help.contains("delete = \"soft\"") {
                users.soft_delete = true;
                users.delete = DeleteStrategy::Soft;
            }
            users.retention = Some(Retention {
                ttl: Some("2y".into()),
                legal_hold: false,
                after_delete: help.contains("after_delete"),
            });
            let users = s.table("users").unwrap();
            assert!(
                problems(users, &s.tables, &Cascades::new(&s.tables), "users").is_empty(),
                "{help}: {:?}",
                problems(users, &s.tables, &Cascades::new(&s.tables), "users")
            );
            if users.soft_delete {
                assert!(users.retention.as_ref().unwrap().after_delete, "{help}");
            }
            if users.delete == DeleteStrategy::Archival {
                assert_eq!(job_kind(users), JobKind::Archive, "{help}");
            }
        }
    }

    #[test]
    fn fires_without_retention() {
        let mut s = clean();
        tbl(&mut s, "users").retention = None;
        let v = failures(check, &s);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].column.as_deref(), Some("email"));
    }

    #[test]
    fn quiet_with_retention_or_without_pii() {
        assert!(failures(check, &clean()).is_empty());
        let mut s = clean();
        tbl(&mut s, "users").retention = None;
        col(&mut s, "users", "email").pii = false;
        assert!(failures(check, &s).is_empty());
        assert_eq!(applicable(check, &s), 0);
    }
}
