//! Inheritance: single-table (a discriminator column with its CHECK, the children's columns
//! in the parent's table, nullable) and table-per-type (the child's key is an FK to the parent's).

use super::*;

impl<'m> Resolver<'m> {
    /// The discriminator column of a single-table inheritance parent, with CHECK IN values.
    pub(super) fn discriminator(
        &mut self,
        parent: &Entity,
        t: &mut Table,
        disc: &str,
        cols: &mut BTreeMap<String, String>,
    ) {
        // An abstract parent has no rows of its own: only its subtypes' values are allowed.
        let mut values = if parent.abstract_parent {
            Vec::new()
        } else {
            vec![parent.rust_name.clone()]
        };
        for child in self.model.entities.iter() {
            if let Some(i) = &child.inheritance {
                if i.strategy == InheritanceStrategy::SingleTable && i.parent == parent.type_path {
                    let v = i
                        .discriminator_value
                        .clone()
                        .unwrap_or_else(|| child.rust_name.clone());
                    if !values.contains(&v) {
                        values.push(v);
                    }
                }
            }
        }
        let existing = parent
            .fields
            .iter()
            .find(|f| f.column == disc || f.rust_name == disc);
        let col_name = match existing {
            Some(f) => cols
                .get(&f.rust_name)
                .cloned()
                .unwrap_or_else(|| f.column.clone()),
            None => {
                let n = self.column_name(&t.name, disc);
                let mut c =
                    columns::added(&n, ColumnOrigin::Discriminator, ColumnType::String, false);
                c.max_length = Some(
                    values
                        .iter()
                        .map(|v| v.chars().count() as u32)
                        .max()
                        .unwrap_or(1),
                );
                c.comment = Some("Which subtype the row is (single-table inheritance).".into());
                t.columns.push(c);
                cols.insert(disc.to_string(), n.clone());
                n
            }
        };
        let rule = CheckRule::In {
            column: col_name.clone(),
            values,
        };
        t.checks
            .push(columns::check(&col_name, "discriminator", rule));
    }

    /// A single-table inheritance child: its fields join the parent's table, nullable.
    pub(super) fn sti_child(&mut self, e: &'m Entity) {
        let Some(parent) = e.inheritance.as_ref().map(|i| i.parent.clone()) else {
            return;
        };
        let Some(pinfo) = self.infos.get(&parent).cloned() else {
            return;
        };
        let table_name = pinfo.table.clone();
        let mut cols = BTreeMap::new();
        let mut new_cols = Vec::new();
        let mut checks = Vec::new();
        for f in &e.fields {
            if f.primary_key {
                cols.insert(f.rust_name.clone(), pinfo.pk_column.clone());
                continue;
            }
            if let Some(existing) = pinfo.cols.get(&f.rust_name) {
                cols.insert(f.rust_name.clone(), existing.clone());
                continue;
            }
            let col_name = self.column_name(&table_name, &f.column);
            let mut c = columns::field_column(f, &col_name, e, &mut self.diags);
            c.nullable = true;
            c.origin = ColumnOrigin::Subtype;
            checks.extend(columns::field_checks(f, &col_name, e, &mut self.diags));
            cols.insert(f.rust_name.clone(), col_name);
            new_cols.push(c);
        }
        if let Some(t) = self.table_mut(&table_name) {
            t.columns.extend(new_cols);
            t.checks.extend(checks);
        }
        self.infos.insert(
            e.type_path.clone(),
            Info {
                table: table_name,
                pk_column: pinfo.pk_column,
                pk: pinfo.pk,
                cols,
            },
        );
    }

    /// A table-per-type child: its PK is also an FK to the parent's PK (ON DELETE CASCADE).
    pub(super) fn table_per_type(&mut self, e: &'m Entity) {
        let Some(inh) = &e.inheritance else { return };
        if inh.strategy != InheritanceStrategy::TablePerType {
            return;
        }
        let (Some(child), Some(parent)) = (
            self.infos.get(&e.type_path).cloned(),
            self.infos.get(&inh.parent).cloned(),
        ) else {
            return;
        };
        let parent_rust = self
            .by_path
            .get(inh.parent.as_str())
            .map(|p| p.rust_name.clone())
            .unwrap_or_default();
        // The subtype's key takes the parent's type, in its table and in the bookkeeping that
        // junction tables read their key column types from (a M:N to a uuid-keyed subtype
        // otherwise got a bigint column: property tests).
        if let Some(info) = self.infos.get_mut(&e.type_path) {
            info.pk.ty = parent.pk.ty.clone();
            info.pk.max_length = parent.pk.max_length;
            info.pk.identity = false;
            info.pk.default = None;
        }
        if let Some(t) = self.table_mut(&child.table) {
            if let Some(c) = t.columns.iter_mut().find(|c| c.name == child.pk_column) {
                c.ty = parent.pk.ty.clone();
                c.max_length = parent.pk.max_length;
                c.identity = false;
                c.default = None;
            }
            t.foreign_keys.push(ForeignKey {
                one_to_one: true,
                ..ForeignKey::new(
                    vec![child.pk_column.clone()],
                    parent.table.clone(),
                    vec![parent.pk_column.clone()],
                    RefAction::Cascade,
                )
            });
        }
        self.relationships.push(Relationship {
            from_table: child.table.clone(),
            to_table: parent.table.clone(),
            cardinality: Cardinality::Inheritance,
            columns: vec![child.pk_column.clone()],
            optional: false,
            identifying: true,
            junction: None,
            label: format!("is a {parent_rust}"),
        });
    }
}
