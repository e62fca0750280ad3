//! The differ on the SaaS fixture: one change at a time, its kind, order and safety.

use super::{diff, Change};
use crate::config::{Depth, Migration};
use crate::migrate::Safety;
use crate::schema::{Schema, Table};
use crate::testkit::{saas, Fixture, TableBuilder};
use datamodel::model::ColumnType;

fn base() -> Fixture {
    saas(Depth::Production, Migration::Brownfield)
}

fn table<'a>(s: &'a mut Schema, name: &str) -> &'a mut Table {
    s.tables.iter_mut().find(|t| t.name == name).unwrap()
}

fn changes(edit: impl FnOnce(&mut Schema)) -> Vec<Change> {
    let old = base();
    let mut new = base();
    edit(&mut new.schema);
    diff(&old, &new)
}

#[test]
fn the_same_schema_has_no_change() {
    assert_eq!(diff(&base(), &base()), []);
}

#[test]
fn columns_added_are_safe_unless_existing_rows_need_a_value() {
    let c = changes(|s| {
        let t = table(s, "projects");
        let mut note = t.columns[1].clone();
        note.name = "note".into();
        note.nullable = true;
        note.default = None;
        note.renamed_from = None;
        let mut code = note.clone();
        code.name = "code".into();
        code.nullable = false;
        t.columns.push(note);
        t.columns.push(code);
    });
    assert_eq!(
        c,
        [
            Change::AddColumn {
                table: "projects".into(),
                column: "note".into(),
                needs_backfill: false,
                rewrites_table: false
            },
            Change::AddColumn {
                table: "projects".into(),
                column: "code".into(),
                needs_backfill: true,
                rewrites_table: false
            },
        ]
    );
    assert_eq!(c[0].safety(), Safety::Safe);
    assert_eq!(c[1].safety(), Safety::Caution);
    assert_eq!(c[1].describe(), "ADD COLUMN projects.code");
}

#[test]
fn a_declared_rename_is_a_rename_and_an_undeclared_one_is_drop_and_add() {
    let old = base();
    // The fixture's `users.full_name` says `renamed_from = "name"`: v1 had `name`.
    let mut v1 = base();
    table(&mut v1.schema, "users")
        .columns
        .iter_mut()
        .find(|c| c.name == "full_name")
        .unwrap()
        .name = "name".into();
    let c = diff(&v1, &old);
    assert_eq!(
        c,
        [Change::RenameColumn {
            table: "users".into(),
            from: "name".into(),
            to: "full_name".into()
        }]
    );
    assert_eq!(c[0].safety(), Safety::Breaking);
    // Without `renamed_from` the same change is a drop and an add: never guessed.
    let mut undeclared = base();
    for col in &mut table(&mut undeclared.schema, "users").columns {
        col.renamed_from = None;
    }
    let c = diff(&v1, &undeclared);
    assert!(c.contains(&Change::DropColumn {
        table: "users".into(),
        column: "name".into()
    }));
    assert!(c
        .iter()
        .any(|x| matches!(x, Change::AddColumn { column, .. } if column == "full_name")));
}

#[test]
fn type_changes_know_widening_from_narrowing() {
    let widen = |edit: fn(&mut crate::schema::Column)| {
        changes(|s| {
            edit(
                table(s, "invoices")
                    .columns
                    .iter_mut()
                    .find(|c| c.name == "currency")
                    .unwrap(),
            )
        })
    };
    let longer = widen(|c| c.max_length = Some(10));
    assert!(
        matches!(longer[..], [Change::ChangeType { widening: true, .. }]),
        "{longer:?}"
    );
    assert_eq!(longer[0].safety(), Safety::Caution);
    let shorter = widen(|c| c.max_length = Some(2));
    assert!(
        matches!(
            shorter[..],
            [Change::ChangeType {
                widening: false,
                ..
            }]
        ),
        "{shorter:?}"
    );
    assert_eq!(shorter[0].safety(), Safety::Breaking);
    let other = widen(|c| c.ty = ColumnType::Uuid);
    assert!(
        matches!(
            other[..],
            [Change::ChangeType {
                widening: false,
                ..
            }]
        ),
        "{other:?}"
    );
    let amount = changes(|s| {
        let c = table(s, "invoices")
            .columns
            .iter_mut()
            .find(|c| c.name == "amount")
            .unwrap();
        c.precision = Some(14);
    });
    assert!(
        matches!(amount[..], [Change::ChangeType { widening: true, .. }]),
        "{amount:?}"
    );
    let role = changes(|s| {
        let c = table(s, "users")
            .columns
            .iter_mut()
            .find(|c| c.name == "role")
            .unwrap();
        if let ColumnType::Enum { values, .. } = &mut c.ty {
            values.push("guest".into());
        }
    });
    assert!(
        matches!(role[..], [Change::ChangeType { widening: true, .. }]),
        "{role:?}"
    );
}

#[test]
fn nullability_and_defaults() {
    let c = changes(|s| {
        let t = table(s, "users");
        let full_name = t
            .columns
            .iter_mut()
            .find(|c| c.name == "full_name")
            .unwrap();
        full_name.nullable = false;
        let email = t.columns.iter_mut().find(|c| c.name == "email").unwrap();
        email.nullable = true;
    });
    assert_eq!(
        c,
        [
            Change::DropNotNull {
                table: "users".into(),
                column: "email".into()
            },
            Change::SetNotNull {
                table: "users".into(),
                column: "full_name".into()
            },
        ]
    );
    assert_eq!(c[0].safety(), Safety::Safe);
    assert_eq!(
        c[1].safety(),
        Safety::Caution,
        "SET NOT NULL reads every row"
    );
}

#[test]
fn redefined_indexes_are_dropped_first_and_built_after_the_columns() {
    let c = changes(|s| {
        let t = table(s, "projects");
        let ix = t
            .indexes
            .iter_mut()
            .find(|i| i.name == "idx_projects_on_settings")
            .unwrap();
        ix.method = datamodel::model::IndexMethod::Btree;
        t.columns.push(crate::schema::Column {
            name: "archived".into(),
            nullable: true,
            renamed_from: None,
            ..t.columns[1].clone()
        });
    });
    let kinds: Vec<String> = c.iter().map(Change::describe).collect();
    assert_eq!(
        kinds,
        [
            "DROP INDEX idx_projects_on_settings ON projects",
            "ADD COLUMN projects.archived",
            "CREATE INDEX idx_projects_on_settings ON projects",
        ]
    );
}

#[test]
fn new_tables_come_in_order_and_dropped_ones_last_after_their_foreign_keys() {
    let old = base();
    let mut new = base();
    let audit = new
        .schema
        .tables
        .iter()
        .position(|t| t.name == "audit_events")
        .unwrap();
    new.schema.tables.remove(audit);
    new.schema.tables.push(
        TableBuilder::entity("Label", "labels")
            .varchar("name", 50, false)
            .table,
    );
    let c = diff(&old, &new);
    let first = &c[0];
    assert!(
        matches!(first, Change::DropForeignKey { table, .. } if table == "audit_events"),
        "{c:?}"
    );
    assert!(c.contains(&Change::AddTable {
        table: "labels".into()
    }));
    assert_eq!(
        c.last(),
        Some(&Change::DropTable {
            table: "audit_events".into()
        })
    );
    assert_eq!(c.last().unwrap().safety(), Safety::Breaking);
}

#[test]
fn a_default_computed_per_row_or_an_identity_rewrites_the_table() {
    let c = changes(|s| {
        let t = table(s, "projects");
        let mut key = t.columns[1].clone();
        key.name = "public_key".into();
        key.ty = ColumnType::Uuid;
        key.renamed_from = None;
        key.default = Some(crate::schema::DefaultValue::NewUuid);
        t.columns.push(key);
    });
    assert!(
        matches!(
            &c[..],
            [Change::AddColumn {
                rewrites_table: true,
                needs_backfill: false,
                ..
            }]
        ),
        "{c:?}"
    );
    assert_eq!(c[0].safety(), Safety::Caution);
}

#[test]
fn decimals_without_precision_are_the_widest() {
    let amount = |edit: fn(&mut crate::schema::Column)| {
        changes(|s| {
            edit(
                table(s, "invoices")
                    .columns
                    .iter_mut()
                    .find(|c| c.name == "amount")
                    .unwrap(),
            )
        })
    };
    // The fixture's amount is NUMERIC(12, 2).
    let unbounded = amount(|c| c.precision = None);
    assert!(
        matches!(unbounded[..], [Change::ChangeType { widening: true, .. }]),
        "{unbounded:?}"
    );
    let old = {
        let mut f = base();
        table(&mut f.schema, "invoices")
            .columns
            .iter_mut()
            .find(|c| c.name == "amount")
            .unwrap()
            .precision = None;
        f
    };
    let bounded = diff(&old, &base());
    assert!(
        matches!(
            bounded[..],
            [Change::ChangeType {
                widening: false,
                ..
            }]
        ),
        "{bounded:?}"
    );
}

#[test]
fn primary_keys_identity_and_dropped_indexes_are_not_safe() {
    let pk = changes(|s| {
        table(s, "projects")
            .primary_key
            .columns
            .insert(0, "tenant_id".into())
    });
    assert_eq!(
        pk,
        [Change::ChangePrimaryKey {
            table: "projects".into()
        }]
    );
    assert_eq!(pk[0].safety(), Safety::Breaking);
    let identity = changes(|s| table(s, "projects").columns[0].identity = false);
    assert!(
        matches!(
            identity[..],
            [Change::ChangeType {
                widening: false,
                ..
            }]
        ),
        "{identity:?}"
    );
    let dropped = changes(|s| {
        table(s, "projects")
            .indexes
            .retain(|i| i.name != "idx_projects_on_settings")
    });
    assert_eq!(dropped.len(), 1, "{dropped:?}");
    assert_eq!(dropped[0].safety(), Safety::Caution);
}

#[test]
fn policies_and_the_updated_at_upkeep_are_compared() {
    let policy = crate::schema::Policy {
        name: "tenant_isolation".into(),
        column: "tenant_id".into(),
        setting: "app.tenant_id".into(),
    };
    let c = changes(|s| {
        let t = table(s, "projects");
        t.policies.push(policy.clone());
        t.updated_at_trigger = !t.updated_at_trigger;
    });
    assert_eq!(
        c.iter().map(Change::describe).collect::<Vec<_>>(),
        [
            "DROP updated_at upkeep ON projects",
            "CREATE POLICY tenant_isolation ON projects"
        ]
    );
    assert_eq!(c[1].safety(), Safety::Caution);
    let mut with_policy = base();
    table(&mut with_policy.schema, "projects")
        .policies
        .push(policy);
    let dropped = diff(&with_policy, &base());
    assert_eq!(
        dropped,
        [Change::DropPolicy {
            table: "projects".into(),
            name: "tenant_isolation".into()
        }]
    );
    assert_eq!(dropped[0].safety(), Safety::Breaking);
}
