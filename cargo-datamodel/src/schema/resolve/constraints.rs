//! Keys and constraints an entity declares: foreign keys (with their relationships),
//! unique keys, declared indexes and table CHECKs.

use super::*;

impl<'m> Resolver<'m> {
    /// FKs, unique keys, declared indexes, table checks and query patterns of an entity.
    /// What an entity declares beyond its columns, on its table: foreign keys, unique keys,
    /// indexes, checks and query patterns (in that order, as the diagnostics are reported).
    pub(super) fn entity_relations(&mut self, e: &'m Entity) {
        let Some(table) = self.infos.get(&e.type_path).map(|i| i.table.clone()) else {
            return;
        };
        let (fks, mut new_indexes) = self.field_keys(e);
        new_indexes.extend(self.declared_uniques(e));
        new_indexes.extend(self.declared_indexes(e));
        let checks = self.table_checks(e);
        let declared = self.query_patterns(e, &table);
        if let Some(t) = self.table_mut(&table) {
            t.query_patterns.extend(declared);
            t.foreign_keys.extend(fks);
            t.indexes.extend(new_indexes);
            t.checks.extend(checks);
        }
    }

    /// The foreign keys, single-field unique keys and indexes an entity's fields declare (with
    /// their relationships), in field order.
    pub(super) fn field_keys(&mut self, e: &'m Entity) -> (Vec<ForeignKey>, Vec<Index>) {
        // Borrowed, not cloned: `Info` holds a column and a map of every field.
        let Some(info) = self.infos.get(&e.type_path) else {
            return (Vec::new(), Vec::new());
        };
        let table = info.table.clone();
        let mut fks = Vec::new();
        let mut new_indexes = Vec::new();
        for f in &e.fields {
            let Some(col) = info.cols.get(&f.rust_name).cloned() else {
                continue;
            };
            if f.unique {
                let mut ix = index(
                    asc(std::slice::from_ref(&col)),
                    true,
                    IndexOrigin::UniqueKey,
                );
                ix.rationale = format!("`{}` is unique", col);
                new_indexes.push(ix);
            }
            if f.index {
                let mut ix = index(
                    asc(std::slice::from_ref(&col)),
                    false,
                    IndexOrigin::Declared,
                );
                ix.rationale = "Declared on the field".into();
                new_indexes.push(ix);
            }
            let Some(bt) = &f.belongs_to else { continue };
            let Some(target) = self.infos.get(&bt.target) else {
                continue;
            };
            let on_delete = bt.on_delete.unwrap_or(RefAction::Restrict);
            let nullable = f.nullable || is_sti_child(e);
            if on_delete == RefAction::SetNull && !nullable {
                self.diags.push(error(
                    codes::SET_NULL_ON_NOT_NULL,
                    e,
                    Some(&f.rust_name),
                    format!(
                        "`{}.{}` is NOT NULL but `on_delete = \"set_null\"` would set it to NULL",
                        e.rust_name, f.rust_name
                    ),
                    "make the field an `Option<...>`, or use `on_delete = \"cascade\"` / `\"restrict\"`",
                ));
            }
            fks.push(ForeignKey {
                on_update: bt.on_update.unwrap_or(RefAction::NoAction),
                on_delete_explicit: bt.on_delete.is_some(),
                one_to_one: bt.one_to_one,
                ..ForeignKey::new(
                    vec![col.clone()],
                    target.table.clone(),
                    vec![target.pk_column.clone()],
                    on_delete,
                )
            });
            if bt.one_to_one {
                let mut ix = index(
                    asc(std::slice::from_ref(&col)),
                    true,
                    IndexOrigin::UniqueKey,
                );
                ix.rationale = format!("1:1: at most one row per `{}` row", target.table);
                new_indexes.push(ix);
            }
            let target_rust = self
                .by_path
                .get(bt.target.as_str())
                .map(|t| t.rust_name.clone())
                .unwrap_or_default();
            self.relationships.push(Relationship {
                from_table: table.clone(),
                to_table: target.table.clone(),
                cardinality: if bt.one_to_one {
                    Cardinality::OneToOne
                } else {
                    Cardinality::ManyToOne
                },
                columns: vec![col.clone()],
                optional: nullable,
                identifying: info.pk_column == col,
                junction: None,
                label: if bt.one_to_one {
                    format!("has one {target_rust}")
                } else {
                    format!("belongs to {target_rust}")
                },
            });
        }
        (fks, new_indexes)
    }

    /// `unique(a, b)`: composite unique keys.
    pub(super) fn declared_uniques(&mut self, e: &'m Entity) -> Vec<Index> {
        let mut new_indexes = Vec::new();
        for u in &e.uniques {
            if let Some(cols) = self.map_fields(e, &u.fields, "`unique(...)`") {
                let cols = names(&cols);
                let mut ix = index(asc(&cols), true, IndexOrigin::UniqueKey);
                if let Some(n) = &u.name {
                    ix.name = n.clone();
                }
                ix.rationale = format!("({}) is unique together", cols.join(", "));
                new_indexes.push(ix);
            }
        }
        new_indexes
    }

    /// `index(fields(..), ..)`: declared indexes.
    pub(super) fn declared_indexes(&mut self, e: &'m Entity) -> Vec<Index> {
        let mut new_indexes = Vec::new();
        for d in &e.indexes {
            let Some(cols) = self.map_fields(e, &d.fields, "`index(fields(...))`") else {
                continue;
            };
            let Some(include) = self.map_fields(e, &d.include, "`index(include(...))`") else {
                continue;
            };
            let include = names(&include);
            let columns = cols;
            // Only B-tree indexes have an order: PostgreSQL rejects ASC/DESC on hash, GIN and
            // BRIN ("access method does not support ASC/DESC options"; property tests).
            let columns = if d.method == IndexMethod::Btree {
                columns
            } else {
                columns
                    .into_iter()
                    .map(|c| IndexColumn {
                        descending: false,
                        ..c
                    })
                    .collect()
            };
            let mut ix = index(columns, d.unique, IndexOrigin::Declared);
            ix.method = d.method;
            // Covering columns are a B-tree feature ("access method hash does not support
            // included columns"; property tests): other methods go without them.
            ix.include = if d.method == IndexMethod::Btree {
                include
            } else {
                Vec::new()
            };
            if let Some(n) = &d.name {
                ix.name = n.clone();
            }
            if let Some(w) = &d.where_clause {
                match guard(
                    w,
                    "index `where`",
                    FragmentKind::IndexWhere,
                    e,
                    None,
                    &mut self.diags,
                ) {
                    Some(p) => ix.predicate = Some(p),
                    None => continue,
                }
            }
            ix.rationale = "Declared".into();
            new_indexes.push(ix);
        }
        new_indexes
    }

    /// `check = "..."`: table-level CHECKs.
    pub(super) fn table_checks(&mut self, e: &'m Entity) -> Vec<Check> {
        let mut checks = Vec::new();
        for c in &e.checks {
            if let Some(expr) = guard(
                &c.expr,
                "table check",
                FragmentKind::Check,
                e,
                None,
                &mut self.diags,
            ) {
                checks.push(Check {
                    name: c.name.clone().unwrap_or_default(),
                    expr,
                    column: None,
                    kind: "custom".into(),
                    rule: CheckRule::Custom,
                    unhashed_name: None,
                });
            }
        }
        checks
    }
}
