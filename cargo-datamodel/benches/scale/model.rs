//! A realistic generated Model of any size, for the scaling benchmark.
//!
//! Every entity looks like a table of a real application: a bigint key, one or two foreign
//! keys (one NOT NULL to the previous entity, one optional to an entity far away, so FK
//! coverage, cycles and table ordering have work to do), strings with lengths, a nullable
//! unique email marked `pii`, an enum, a decimal with a range check, a boolean with a default,
//! a timestamp, JSON, a table check, two declared query patterns (ESR planning), an explicit
//! index on every other entity, a composite unique on every fifth, soft delete on a third
//! (the configured default covers the rest), retention on the `pii` ones and a many-to-many
//! every fiftieth. Entities are spread over modules of 25 (doc groups).

use datamodel::model::{
    CheckDef, ColumnType, DeleteStrategy, Entity, Field, ForeignKeyDef, IndexDef, ManyToMany,
    QueryPattern, RefAction, Retention, SourceLocation, TenantScope, UniqueKey,
    DUMP_FORMAT_VERSION,
};
use datamodel::naming::{snake_case, table_name};
use datamodel::Model;

const NOUNS: &[&str] = &[
    "Account",
    "Order",
    "Invoice",
    "Shipment",
    "Product",
    "Customer",
    "Payment",
    "Ticket",
    "Project",
    "Task",
    "Comment",
    "Document",
    "Report",
    "Contract",
    "Vendor",
    "Warehouse",
    "Campaign",
    "Lead",
    "Subscription",
    "Event",
];

/// A model of `n` entities: the tenants table (shared tenancy needs one) and `n - 1` others.
pub fn model(n: usize) -> Model {
    let mut entities = vec![tenant()];
    entities.extend((1..n.max(1)).map(|i| entity(i, n)));
    Model {
        format_version: DUMP_FORMAT_VERSION,
        entities,
    }
}

fn tenant() -> Entity {
    Entity {
        type_path: "bench::Tenant".into(),
        rust_name: "Tenant".into(),
        module_path: "bench".into(),
        crate_name: "bench".into(),
        source: SourceLocation {
            file: "src/lib.rs".into(),
            line: 1,
        },
        table: "tenants".into(),
        comment: Some("Customers of the SaaS.".into()),
        tenancy: Some(TenantScope::Global),
        fields: vec![
            Field {
                primary_key: true,
                ..field("id", "i64", ColumnType::BigInt, false)
            },
            Field {
                max_length: Some(120),
                unique: true,
                ..field("name", "String", ColumnType::String, false)
            },
        ],
        ..Entity::default()
    }
}

fn rust_name(i: usize) -> String {
    format!("{}{i}", NOUNS[i % NOUNS.len()])
}

fn module(i: usize) -> String {
    format!("bench::m{}", i / 25)
}

fn type_path(i: usize) -> String {
    if i == 0 {
        return "bench::Tenant".into();
    }
    format!("{}::{}", module(i), rust_name(i))
}

fn fk_field(name: String, target: usize, on_delete: RefAction, nullable: bool) -> Field {
    Field {
        rust_name: name.clone(),
        column: name,
        rust_type: if nullable { "Option<i64>" } else { "i64" }.into(),
        ty: ColumnType::BigInt,
        nullable,
        belongs_to: Some(ForeignKeyDef {
            target: type_path(target),
            on_delete: Some(on_delete),
            on_update: None,
            one_to_one: false,
        }),
        ..Field::default()
    }
}

fn field(name: &str, rust_type: &str, ty: ColumnType, nullable: bool) -> Field {
    Field {
        rust_name: name.into(),
        column: name.into(),
        rust_type: rust_type.into(),
        ty,
        nullable,
        ..Field::default()
    }
}

fn strings(s: &[&str]) -> Vec<String> {
    s.iter().map(|s| s.to_string()).collect()
}

fn entity(i: usize, n: usize) -> Entity {
    let name = rust_name(i);
    let mut fields = vec![Field {
        primary_key: true,
        comment: Some("Surrogate key.".into()),
        ..field("id", "i64", ColumnType::BigInt, false)
    }];
    let parent = (i > 1).then(|| format!("{}_id", snake_case(&rust_name(i - 1))));
    if let Some(p) = &parent {
        fields.push(fk_field(p.clone(), i - 1, RefAction::Cascade, false));
    }
    if i >= 10 {
        // Optional link to an entity far away (a back edge through the graph).
        let mut f = fk_field("owner_id".into(), (i * 7 + 3) % n, RefAction::SetNull, true);
        f.index = i.is_multiple_of(2);
        fields.push(f);
    }
    fields.push(Field {
        max_length: Some(120),
        comment: Some("Display name.".into()),
        ..field("name", "String", ColumnType::String, false)
    });
    fields.push(Field {
        max_length: Some(32),
        ..field("code", "String", ColumnType::String, false)
    });
    fields.push(Field {
        max_length: Some(255),
        unique: i.is_multiple_of(4),
        pii: true,
        ..field("email", "Option<String>", ColumnType::String, true)
    });
    fields.push(field(
        "status",
        "Status",
        ColumnType::Enum {
            name: "Status".into(),
            values: strings(&["active", "suspended", "archived"]),
        },
        false,
    ));
    fields.push(Field {
        precision: Some(12),
        scale: Some(2),
        min: Some("0".into()),
        ..field("amount", "Decimal", ColumnType::Decimal, false)
    });
    fields.push(Field {
        positive: true,
        ..field("quantity", "i32", ColumnType::Integer, false)
    });
    fields.push(Field {
        default: Some("true".into()),
        ..field("is_visible", "bool", ColumnType::Boolean, false)
    });
    fields.push(Field {
        text: true,
        ..field("notes", "Option<String>", ColumnType::String, true)
    });
    fields.push(field(
        "published_at",
        "Option<DateTime<Utc>>",
        ColumnType::Timestamp {
            with_time_zone: true,
        },
        true,
    ));
    fields.push(field("payload", "Option<Json>", ColumnType::Json, true));
    fields.push(field("score", "f64", ColumnType::Double, false));
    for (line, f) in fields.iter_mut().enumerate() {
        f.line = 10 + line as u32;
    }

    let mut patterns = vec![QueryPattern {
        name: "recent_by_status".into(),
        equality: strings(&["status"]),
        sort: strings(&["created_at"]),
        range: Vec::new(),
    }];
    if let Some(p) = &parent {
        patterns.push(QueryPattern {
            name: "children_of_parent".into(),
            equality: vec![p.clone(), "status".into()],
            sort: Vec::new(),
            range: strings(&["published_at"]),
        });
    }
    let indexes = if i.is_multiple_of(2) {
        vec![IndexDef {
            fields: strings(&["name", "code"]),
            ..IndexDef::default()
        }]
    } else {
        Vec::new()
    };
    let uniques = match (&parent, i % 5) {
        (Some(p), 0) => vec![UniqueKey {
            name: None,
            fields: vec![p.clone(), "code".into()],
        }],
        _ => Vec::new(),
    };
    let many_to_many = if i > 1 && i.is_multiple_of(50) {
        vec![ManyToMany {
            target: type_path(i - 1),
            junction_table: format!("{}_{}", snake_case(&name), table_name(&rust_name(i - 1))),
            through: None,
        }]
    } else {
        Vec::new()
    };
    Entity {
        type_path: type_path(i),
        rust_name: name.clone(),
        module_path: module(i),
        crate_name: "bench".into(),
        source: SourceLocation {
            file: format!("src/m{}.rs", i / 25),
            line: 1 + (i % 25) as u32 * 30,
        },
        table: table_name(&name),
        comment: Some(format!("{name}s of the benchmark application.")),
        delete: match i % 3 {
            0 => Some(DeleteStrategy::Soft),
            1 => Some(DeleteStrategy::Hard),
            _ => None,
        },
        fields,
        uniques,
        indexes,
        query_patterns: patterns,
        checks: vec![CheckDef {
            name: None,
            expr: "quantity <= 100000".into(),
        }],
        retention: (i.is_multiple_of(4)).then(|| Retention {
            ttl: Some("365d".into()),
            // Soft-deleted tables (explicit or the configured default) purge a year after the
            // delete: a TTL from `created_at` would delete live rows (DM030).
            after_delete: i % 3 != 1,
            ..Retention::default()
        }),
        group: Some(format!("m{}", i / 25)),
        many_to_many,
        ..Entity::default()
    }
}
