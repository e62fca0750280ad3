//! [`TableBuilder`]: one table with the resolver's naming conventions (keys, timestamps, soft
//! delete, tenant column, foreign keys with their relationship, indexes, checks).

use crate::schema::{
    Cardinality, Check, CheckRule, Column, ColumnOrigin, DefaultValue, ForeignKey, Index,
    IndexColumn, IndexOrigin, PrimaryKey, Relationship, Table, TableKind,
};
use datamodel::model::{ColumnType, DeleteStrategy, IndexMethod, RefAction, Retention};

/// Builds one table.
#[derive(Debug, Clone)]
pub struct TableBuilder {
    pub table: Table,
    pub(super) rels: Vec<Relationship>,
}

fn column(name: &str, origin: ColumnOrigin, ty: ColumnType, nullable: bool) -> Column {
    Column {
        field: (origin == ColumnOrigin::Field).then(|| name.to_string()),
        ..crate::schema::columns::added(name, origin, ty, nullable)
    }
}

impl TableBuilder {
    /// An entity table with a bigint identity `id` primary key.
    pub fn entity(rust_name: &str, name: &str) -> Self {
        let mut id = column("id", ColumnOrigin::PrimaryKey, ColumnType::BigInt, false);
        id.identity = true;
        TableBuilder {
            table: Table {
                entity: Some(format!("app::{rust_name}")),
                group: "app".into(),
                columns: vec![id],
                primary_key: PrimaryKey {
                    name: format!("pk_{name}"),
                    columns: vec!["id".into()],
                    unhashed_name: None,
                },
                updated_at_trigger: true,
                updated_at_trigger_name: Some(format!("trg_{name}_updated_at")),
                ..Table::new(name, TableKind::Entity, rust_name)
            },
            rels: Vec::new(),
        }
    }

    /// A junction table `name` between `a` and `b` (composite primary key of both references).
    pub fn junction(rust_name: &str, name: &str, a: (&str, &str), b: (&str, &str)) -> Self {
        let mut t = TableBuilder::entity(rust_name, name);
        t.table.kind = TableKind::Junction;
        t.table.columns.clear();
        t.table.primary_key.columns = vec![a.0.into(), b.0.into()];
        for (col, target) in [a, b] {
            t.table.columns.push(column(
                col,
                ColumnOrigin::JunctionKey,
                ColumnType::BigInt,
                false,
            ));
            t.table.foreign_keys.push(ForeignKey {
                name: format!("fk_{name}_{col}_{target}"),
                on_update: RefAction::Cascade,
                ..ForeignKey::new(
                    vec![col.into()],
                    target,
                    vec!["id".into()],
                    RefAction::Cascade,
                )
            });
        }
        t.table.indexes.push(Index {
            name: format!("idx_{name}_on_{}", b.0),
            rationale: format!("Reverse lookups: rows of `{}` for one `{}`", name, b.1),
            ..Index::new(
                vec![IndexColumn::asc(b.0)],
                false,
                IndexOrigin::JunctionReverse,
            )
        });
        t
    }

    pub fn group(mut self, g: &str) -> Self {
        self.table.group = g.into();
        self
    }

    pub fn comment(mut self, c: &str) -> Self {
        self.table.comment = Some(c.into());
        self
    }

    pub fn uuid_pk(mut self) -> Self {
        let id = &mut self.table.columns[0];
        id.ty = ColumnType::Uuid;
        id.identity = false;
        id.default = Some(DefaultValue::NewUuid);
        self
    }

    fn push(mut self, c: Column) -> Self {
        self.table.columns.push(c);
        self
    }

    fn last(&mut self) -> &mut Column {
        let n = self.table.columns.len() - 1;
        &mut self.table.columns[n]
    }

    pub fn col(self, name: &str, ty: ColumnType, nullable: bool) -> Self {
        self.push(column(name, ColumnOrigin::Field, ty, nullable))
    }

    pub fn varchar(mut self, name: &str, len: u32, nullable: bool) -> Self {
        self = self.col(name, ColumnType::String, nullable);
        self.last().max_length = Some(len);
        self
    }

    pub fn decimal(mut self, name: &str, p: u32, s: u32) -> Self {
        self = self.col(name, ColumnType::Decimal, false);
        self.last().precision = Some(p);
        self.last().scale = Some(s);
        self
    }

    /// An enum column with its `IN (...)` check.
    pub fn enumeration(
        mut self,
        name: &str,
        type_name: &str,
        values: &[&str],
        default: &str,
    ) -> Self {
        let len = values.iter().map(|v| v.len()).max().unwrap_or(1) as u32;
        self = self.col(
            name,
            ColumnType::Enum {
                name: type_name.into(),
                values: values.iter().map(|v| v.to_string()).collect(),
            },
            false,
        );
        self.last().max_length = Some(len);
        self.last().default = Some(DefaultValue::Text(default.into()));
        let list = values
            .iter()
            .map(|v| format!("'{v}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let t = self.table.name.clone();
        self.check(
            &format!("check_{t}_{name}_enum"),
            &format!("{name} IN ({list})"),
            Some(name),
            "enum",
        )
    }

    pub fn default(mut self, expr: &str) -> Self {
        self.last().default = Some(DefaultValue::Expr(expr.into()));
        self
    }

    pub fn describe(mut self, comment: &str) -> Self {
        self.last().comment = Some(comment.into());
        self
    }

    pub fn pii(mut self) -> Self {
        self.last().pii = true;
        self
    }

    pub fn renamed_from(mut self, old: &str) -> Self {
        self.last().renamed_from = Some(old.into());
        self
    }

    pub fn timestamps(mut self) -> Self {
        for (name, origin) in [
            ("created_at", ColumnOrigin::CreatedAt),
            ("updated_at", ColumnOrigin::UpdatedAt),
        ] {
            let mut c = column(
                name,
                origin,
                ColumnType::Timestamp {
                    with_time_zone: true,
                },
                false,
            );
            c.default = Some(DefaultValue::Now);
            self.table.columns.push(c);
        }
        self
    }

    /// `deleted_at` plus the active-rows partial index.
    pub fn soft_delete(mut self) -> Self {
        self.table.delete = DeleteStrategy::Soft;
        self.table.soft_delete = true;
        self.table.columns.push(column(
            "deleted_at",
            ColumnOrigin::DeletedAt,
            ColumnType::Timestamp {
                with_time_zone: true,
            },
            true,
        ));
        let t = self.table.name.clone();
        self.index(
            &format!("idx_{t}_on_id_active"),
            &["id"],
            IndexOrigin::ActiveRows,
            "Active rows: every query filters `deleted_at IS NULL`",
        )
        .predicate("deleted_at IS NULL")
    }

    /// `tenant_id` referencing `tenants`, first column after `id`.
    pub fn tenant_scoped(mut self) -> Self {
        self.table.tenant_scoped = true;
        let c = column("tenant_id", ColumnOrigin::TenantId, ColumnType::Uuid, false);
        self.table.columns.insert(1, c);
        let t = self.table.name.clone();
        self.table.foreign_keys.push(ForeignKey {
            name: format!("fk_{t}_tenant_id_tenants"),
            on_update: RefAction::Cascade,
            on_delete_explicit: true,
            ..ForeignKey::new(
                vec!["tenant_id".into()],
                "tenants",
                vec!["id".into()],
                RefAction::Restrict,
            )
        });
        self.rels.push(Relationship {
            from_table: t,
            to_table: "tenants".into(),
            cardinality: Cardinality::ManyToOne,
            columns: vec!["tenant_id".into()],
            optional: false,
            identifying: false,
            junction: None,
            label: "belongs to tenant".into(),
        });
        self
    }

    /// A bigint FK column `col` -> `target.id`, its covering index and its relationship.
    pub fn belongs_to(
        mut self,
        col: &str,
        target: &str,
        on_delete: RefAction,
        nullable: bool,
        label: &str,
    ) -> Self {
        self = self.col(col, ColumnType::BigInt, nullable);
        let t = self.table.name.clone();
        self.table.foreign_keys.push(ForeignKey {
            name: format!("fk_{t}_{col}_{target}"),
            on_update: RefAction::Cascade,
            on_delete_explicit: true,
            ..ForeignKey::new(vec![col.into()], target, vec!["id".into()], on_delete)
        });
        self.rels.push(Relationship {
            from_table: t.clone(),
            to_table: target.into(),
            cardinality: Cardinality::ManyToOne,
            columns: vec![col.into()],
            optional: nullable,
            identifying: false,
            junction: None,
            label: label.into(),
        });
        self.index(
            &format!("idx_{t}_on_{col}"),
            &[col],
            IndexOrigin::ForeignKey,
            "FK lookup: joins and parent deletes",
        )
    }

    /// Makes the last FK 1:1 (unique).
    pub fn one_to_one(mut self) -> Self {
        let t = self.table.name.clone();
        let Some(fk) = self.table.foreign_keys.last_mut() else {
            return self;
        };
        fk.one_to_one = true;
        let col = fk.columns[0].clone();
        if let Some(r) = self.rels.last_mut() {
            r.cardinality = Cardinality::OneToOne;
        }
        self.table
            .indexes
            .retain(|i| i.name != format!("idx_{t}_on_{col}"));
        self.unique(&format!("uq_{t}_on_{col}"), &[&col])
    }

    /// Marks the last FK as closing a cycle (added after all tables).
    pub fn deferred(mut self) -> Self {
        if let Some(fk) = self.table.foreign_keys.last_mut() {
            fk.deferred = true;
        }
        self
    }

    pub fn index(mut self, name: &str, cols: &[&str], origin: IndexOrigin, why: &str) -> Self {
        // The fixtures write a descending column as `col DESC`.
        let columns = cols.iter().map(|c| IndexColumn::parse(c)).collect();
        self.table.indexes.push(Index {
            name: name.into(),
            rationale: why.into(),
            ..Index::new(columns, false, origin)
        });
        self
    }

    pub fn unique(self, name: &str, cols: &[&str]) -> Self {
        let mut s = self.index(name, cols, IndexOrigin::UniqueKey, "Business rule: unique");
        let soft = s.table.soft_delete;
        if let Some(i) = s.table.indexes.last_mut() {
            i.unique = true;
            if soft {
                i.predicate = Some("deleted_at IS NULL".into());
                i.rationale = "Business rule: unique among live rows".into();
            }
        }
        s
    }

    pub fn predicate(mut self, p: &str) -> Self {
        if let Some(i) = self.table.indexes.last_mut() {
            i.predicate = Some(p.into());
        }
        self
    }

    pub fn method(mut self, m: IndexMethod) -> Self {
        if let Some(i) = self.table.indexes.last_mut() {
            i.method = m;
        }
        self
    }

    pub fn include(mut self, cols: &[&str]) -> Self {
        if let Some(i) = self.table.indexes.last_mut() {
            i.include = cols.iter().map(|c| c.to_string()).collect();
        }
        self
    }

    pub fn check(mut self, name: &str, expr: &str, col: Option<&str>, kind: &str) -> Self {
        self.table.checks.push(Check {
            name: name.into(),
            expr: expr.into(),
            column: col.map(str::to_string),
            kind: kind.into(),
            rule: CheckRule::Custom,
            unhashed_name: None,
        });
        self
    }

    pub fn retention(mut self, ttl: Option<&str>, legal_hold: bool) -> Self {
        self.table.retention = Some(Retention {
            after_delete: false,
            ttl: ttl.map(str::to_string),
            legal_hold,
        });
        self
    }

    pub fn append_only(mut self) -> Self {
        self.table.append_only = true;
        self
    }

    pub fn archival(mut self) -> Self {
        self.table.delete = DeleteStrategy::Archival;
        self
    }
}

impl TableBuilder {
    /// The public `uuid` column and its unique index.
    pub fn public_uuid(mut self) -> Self {
        let mut c = column("uuid", ColumnOrigin::PublicUuid, ColumnType::Uuid, false);
        c.default = Some(DefaultValue::NewUuid);
        self.table.columns.push(c);
        let t = self.table.name.clone();
        let mut s = self.index(
            &format!("uq_{t}_on_uuid"),
            &["uuid"],
            IndexOrigin::PublicUuid,
            "Lookup by public id",
        );
        if let Some(i) = s.table.indexes.last_mut() {
            i.unique = true;
        }
        s
    }
}
