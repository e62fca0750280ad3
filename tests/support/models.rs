//! Hand-built `datamodel::Model` values for engine tests, written with small builders so the
//! tests do not depend on the derive. Each model exercises one set of rules.

use datamodel::model::{
    CheckDef, ColumnType, DeleteStrategy, Entity, Field, ForeignKeyDef, IndexDef, Inheritance,
    InheritanceStrategy, ManyToMany, QueryPattern, RefAction, TenantScope, UniqueKey,
};
use datamodel::naming::table_name;
use datamodel::Model;

/// Entity builder.
pub struct E(pub Entity);

impl E {
    /// An entity `t::{name}` with the default table name and an `id: i64` primary key.
    pub fn new(name: &str) -> E {
        E(Entity {
            type_path: format!("t::{name}"),
            rust_name: name.into(),
            module_path: "t".into(),
            crate_name: "t".into(),
            table: table_name(name),
            fields: vec![Field {
                primary_key: true,
                ..f("id", ColumnType::BigInt)
            }],
            ..Default::default()
        })
    }
    pub fn table(mut self, t: &str) -> E {
        self.0.table = t.into();
        self.0.table_overridden = true;
        self
    }
    pub fn comment(mut self, c: &str) -> E {
        self.0.comment = Some(c.into());
        self
    }
    pub fn field(mut self, fld: Field) -> E {
        self.0.fields.push(fld);
        self
    }
    pub fn delete(mut self, d: DeleteStrategy) -> E {
        self.0.delete = Some(d);
        self
    }
    pub fn global(mut self) -> E {
        self.0.tenancy = Some(TenantScope::Global);
        self
    }
    pub fn unique(mut self, fields: &[&str]) -> E {
        self.0.uniques.push(UniqueKey {
            name: None,
            fields: fields.iter().map(|s| s.to_string()).collect(),
        });
        self
    }
    pub fn index(mut self, ix: IndexDef) -> E {
        self.0.indexes.push(ix);
        self
    }
    pub fn query(mut self, name: &str, eq: &[&str], sort: &[&str], range: &[&str]) -> E {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect();
        self.0.query_patterns.push(QueryPattern {
            name: name.into(),
            equality: v(eq),
            sort: v(sort),
            range: v(range),
        });
        self
    }
    pub fn check(mut self, expr: &str) -> E {
        self.0.checks.push(CheckDef {
            name: None,
            expr: expr.into(),
        });
        self
    }
    pub fn public_uuid(mut self) -> E {
        self.0.public_uuid = true;
        self
    }
    /// Optimistic locking (`#[datamodel(version)]`).
    pub fn version(mut self) -> E {
        self.0.version = true;
        self
    }
    /// `audit` (`audit(actor = ..)` with `actor`, a struct name of this model).
    pub fn audit(mut self, actor: Option<&str>) -> E {
        self.0.audit = Some(datamodel::model::Audit {
            actor: actor.map(|a| format!("t::{a}")),
            history: false,
        });
        self
    }
    /// `audit(history)` (`audit(actor = .., history)` with `actor`).
    pub fn history(mut self, actor: Option<&str>) -> E {
        self.0.audit = Some(datamodel::model::Audit {
            actor: actor.map(|a| format!("t::{a}")),
            history: true,
        });
        self
    }
    pub fn append_only(mut self) -> E {
        self.0.append_only = true;
        self
    }
    pub fn many_to_many(mut self, target: &str, junction: &str, through: Option<&str>) -> E {
        self.0.many_to_many.push(ManyToMany {
            target: format!("t::{target}"),
            junction_table: junction.into(),
            through: through.map(|t| format!("t::{t}")),
        });
        self
    }
    pub fn junction(mut self) -> E {
        self.0.junction = true;
        self.0.fields.retain(|f| !f.primary_key);
        self
    }
    pub fn discriminator(mut self, col: &str) -> E {
        self.0.discriminator = Some(col.into());
        self
    }
    pub fn extends(mut self, parent: &str, strategy: InheritanceStrategy) -> E {
        self.0.inheritance = Some(Inheritance {
            strategy,
            parent: format!("t::{parent}"),
            discriminator_value: None,
        });
        if strategy == InheritanceStrategy::SingleTable {
            self.0.fields.retain(|f| !f.primary_key);
        }
        self
    }
}

/// A NOT NULL field.
pub fn f(name: &str, ty: ColumnType) -> Field {
    Field {
        rust_name: name.into(),
        column: name.into(),
        rust_type: String::new(),
        ty,
        ..Default::default()
    }
}

pub fn string(name: &str, len: u32) -> Field {
    Field {
        max_length: Some(len),
        ..f(name, ColumnType::String)
    }
}

pub fn text(name: &str) -> Field {
    Field {
        text: true,
        ..f(name, ColumnType::String)
    }
}

pub fn enumeration(name: &str, values: &[&str]) -> Field {
    f(
        name,
        ColumnType::Enum {
            name: "E".into(),
            values: values.iter().map(|s| s.to_string()).collect(),
        },
    )
}

pub fn belongs_to(name: &str, target: &str, on_delete: RefAction) -> Field {
    Field {
        belongs_to: Some(ForeignKeyDef {
            target: format!("t::{target}"),
            on_delete: Some(on_delete),
            on_update: None,
            one_to_one: false,
        }),
        nullable: on_delete == RefAction::SetNull,
        ..f(name, ColumnType::BigInt)
    }
}

pub fn nullable(mut fld: Field) -> Field {
    fld.nullable = true;
    fld
}

pub fn model(entities: Vec<E>) -> Model {
    let mut entities: Vec<Entity> = entities.into_iter().map(|e| e.0).collect();
    entities.sort_by(|a, b| a.type_path.cmp(&b.type_path));
    Model {
        format_version: 1,
        entities,
    }
}

/// The main engine-test model: users/posts/comments with every kind of FK action, enum and
/// range checks, soft delete, 1:1, M:N with extra columns, both inheritance strategies, an FK
/// cycle, JSON, decimals, query patterns and a public uuid.
pub fn shop() -> Model {
    model(vec![
        E::new("User")
            .comment("A person with an account. It's \"quoted\"; ends with a backslash C:\\")
            .public_uuid()
            .field(Field {
                unique: true,
                comment: Some("Login; unique among live users.".into()),
                pii: true,
                ..string("email", 255)
            })
            .field(string("name", 100))
            .field(Field {
                default: Some("active".into()),
                ..enumeration("status", &["active", "suspended", "closed"])
            })
            .field(Field {
                min: Some("0".into()),
                max: Some("150".into()),
                nullable: true,
                ..f("age", ColumnType::Integer)
            })
            .field(Field {
                default: Some("false".into()),
                ..f("is_admin", ColumnType::Boolean)
            }),
        E::new("Profile")
            .delete(DeleteStrategy::Hard)
            .field(Field {
                belongs_to: Some(ForeignKeyDef {
                    target: "t::User".into(),
                    on_delete: Some(RefAction::Cascade),
                    on_update: None,
                    one_to_one: true,
                }),
                ..f("user_id", ColumnType::BigInt)
            })
            .field(nullable(text("bio"))),
        E::new("Post")
            .delete(DeleteStrategy::Hard)
            .field(belongs_to("user_id", "User", RefAction::Cascade))
            .field(string("title", 200))
            .field(Field {
                default: Some("draft".into()),
                ..enumeration("state", &["draft", "published"])
            })
            .field(Field {
                precision: Some(12),
                scale: Some(2),
                positive: true,
                ..f("price", ColumnType::Decimal)
            })
            .field(nullable(f("meta", ColumnType::Json)))
            .field(nullable(f(
                "published_at",
                ColumnType::Timestamp {
                    with_time_zone: true,
                },
            )))
            .unique(&["user_id", "title"])
            .query("feed", &["state"], &["-published_at"], &[])
            .query("by_state", &["state"], &[], &[])
            .query("by_meta", &["meta"], &[], &[])
            .check("price < 1000000")
            .many_to_many("Tag", "post_tags", Some("PostTag")),
        E::new("Tag").delete(DeleteStrategy::Hard).field(Field {
            unique: true,
            ..string("label", 50)
        }),
        E::new("PostTag").junction().field(Field {
            default: Some("0".into()),
            ..f("position", ColumnType::Integer)
        }),
        E::new("Comment")
            .delete(DeleteStrategy::Hard)
            .field(belongs_to("post_id", "Post", RefAction::Cascade))
            .field(belongs_to("author_id", "User", RefAction::Restrict))
            .field(belongs_to("editor_id", "User", RefAction::SetNull))
            .field(text("body")),
        // Table-per-type subtype of User.
        E::new("Admin")
            .delete(DeleteStrategy::Hard)
            .extends("User", InheritanceStrategy::TablePerType)
            .field(Field {
                default: Some("1".into()),
                min: Some("1".into()),
                ..f("level", ColumnType::SmallInt)
            }),
        // Single-table inheritance.
        E::new("Vehicle")
            .delete(DeleteStrategy::Hard)
            .discriminator("kind")
            .field(string("plate", 20)),
        E::new("Car")
            .extends("Vehicle", InheritanceStrategy::SingleTable)
            .field(f("doors", ColumnType::SmallInt)),
        E::new("Truck")
            .extends("Vehicle", InheritanceStrategy::SingleTable)
            .field(Field {
                precision: Some(8),
                scale: Some(1),
                ..f("payload_tons", ColumnType::Decimal)
            }),
        // FK cycle: departments.manager_id -> employees, employees.department_id -> departments.
        E::new("Department")
            .delete(DeleteStrategy::Hard)
            .field(string("name", 80))
            .field(belongs_to("manager_id", "Employee", RefAction::SetNull)),
        E::new("Employee")
            .delete(DeleteStrategy::Hard)
            .field(string("name", 80))
            .field(belongs_to(
                "department_id",
                "Department",
                RefAction::Cascade,
            )),
        E::new("Event")
            .delete(DeleteStrategy::Hard)
            .append_only()
            .field(Field {
                default: Some("'{}'".into()),
                ..f("payload", ColumnType::Json)
            })
            .field(nullable(f("blob", ColumnType::Bytes)))
            .field(f("score", ColumnType::Double))
            .index(IndexDef {
                name: None,
                fields: vec!["score".into()],
                unique: false,
                where_clause: Some("score > 0".into()),
                method: Default::default(),
                include: vec!["blob".into()],
            }),
    ])
}

/// 80-character names and reserved words everywhere.
pub fn names() -> Model {
    let long_entity = format!("Very{}", "Long".repeat(19)); // 80 chars
    let long_col_a = format!("{}_alpha", "c".repeat(73));
    let long_col_b = format!("{}_omega", "c".repeat(73));
    model(vec![
        E::new("User").table("user").field(Field {
            unique: true,
            ..string("select", 40)
        }),
        E::new("Order")
            .table("order")
            .field(belongs_to("user", "User", RefAction::Cascade))
            .field(Field {
                index: true,
                ..string("group", 40)
            })
            .field(Field {
                min: Some("0".into()),
                ..f("from", ColumnType::Integer)
            }),
        E::new("Group")
            .table("group")
            .field(belongs_to("order", "Order", RefAction::SetNull))
            .field(enumeration("where", &["in", "out"]))
            .many_to_many("User", "select", None),
        E::new(&long_entity)
            .field(Field {
                unique: true,
                ..string(&long_col_a, 10)
            })
            .field(Field {
                unique: true,
                ..string(&long_col_b, 10)
            })
            .field(Field {
                min: Some("1".into()),
                ..f(&format!("{}_number", "n".repeat(73)), ColumnType::Integer)
            })
            .field(belongs_to(
                &format!("{}_user_id", "u".repeat(72)),
                "User",
                RefAction::Cascade,
            ))
            .unique(&[&long_col_a, &long_col_b]),
    ])
}

/// Shared tenancy: tenants, projects, tasks (task -> project composite FK).
pub fn tenancy() -> Model {
    model(vec![
        E::new("Tenant")
            .global()
            .delete(DeleteStrategy::Hard)
            .field(string("name", 100)),
        E::new("Project").delete(DeleteStrategy::Hard).field(Field {
            unique: true,
            ..string("slug", 50)
        }),
        E::new("Task")
            .field(belongs_to("project_id", "Project", RefAction::Cascade))
            .field(nullable(belongs_to(
                "parent_id",
                "Task",
                RefAction::SetNull,
            )))
            .field(string("title", 100))
            .query("open", &["project_id"], &["-created_at"], &[]),
    ])
}
