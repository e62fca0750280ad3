//! Many-to-many junction tables: generated, or described by a `junction` struct
//! (`through = ...`).

use super::*;

impl<'m> Resolver<'m> {
    /// The junction tables of an entity's `many_to_many` declarations.
    pub(super) fn junctions(&mut self, e: &'m Entity) {
        for m in &e.many_to_many {
            let (Some(owner), Some(target)) = (
                self.infos.get(&e.type_path).cloned(),
                self.infos.get(&m.target).cloned(),
            ) else {
                continue;
            };
            let Some(target_entity) = self.by_path.get(m.target.as_str()).copied() else {
                continue;
            };
            let wanted = if m.junction_table.is_empty() {
                datamodel::naming::junction_table(&e.rust_name, &target.table)
            } else {
                m.junction_table.clone()
            };
            if self.junction_names.contains(&wanted) {
                continue;
            }
            let name = self.names.claim(&wanted);
            let through = m
                .through
                .as_deref()
                .and_then(|p| self.by_path.get(p).copied());
            let mut t = self.empty_table(e, &name, TableKind::Junction);
            t.unhashed_name = unhashed(&wanted);
            t.delete = DeleteStrategy::Hard;
            t.soft_delete = false;
            t.append_only = false;
            t.retention = None;
            t.rust_name = through
                .map(|th| th.rust_name.clone())
                .unwrap_or_else(|| format!("{}{}", e.rust_name, target_entity.rust_name));
            t.comment = through.and_then(|th| th.comment.clone()).or_else(|| {
                Some(format!(
                    "Links {} and {} (many-to-many).",
                    owner.table, target.table
                ))
            });
            let (a_wanted, b_wanted) = key_column_names(
                through,
                &e.type_path,
                &e.rust_name,
                m,
                &target_entity.rust_name,
            );
            let a = self.column_name(&name, &a_wanted);
            let b = self.column_name(&name, &b_wanted);
            // The `through` struct's own key fields may say how their FK acts; without them
            // (or without a `through` struct) a junction row goes with either side: CASCADE.
            let mut key_fields = through
                .map(|th| {
                    th.fields
                        .iter()
                        .filter_map(|f| f.belongs_to.as_ref())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            let mut declared = |target_path: &str| {
                let i = key_fields.iter().position(|bt| bt.target == target_path)?;
                Some(key_fields.remove(i))
            };
            let a_decl = declared(&e.type_path);
            let b_decl = declared(&m.target);
            for (col, info, decl) in [(&a, &owner, a_decl), (&b, &target, b_decl)] {
                junction_key(&mut t, col, info, decl);
            }
            t.primary_key.columns = vec![a.clone(), b.clone()];
            let mut rev = index(
                asc(std::slice::from_ref(&b)),
                false,
                IndexOrigin::JunctionReverse,
            );
            rev.rationale = format!(
                "Second PK column: finds the {} of one {} row",
                owner.table, target.table
            );
            t.indexes.push(rev);
            if let Some(th) = through {
                let keys = [e.type_path.as_str(), m.target.as_str()];
                self.through_columns(&mut t, th, [&a, &b], keys);
            }
            self.relationships.push(Relationship {
                from_table: owner.table.clone(),
                to_table: target.table.clone(),
                cardinality: Cardinality::ManyToMany,
                columns: Vec::new(),
                optional: true,
                identifying: false,
                junction: Some(name.clone()),
                label: format!("has many {} through {name}", target.table),
            });
            self.push_table(t);
        }
    }

    /// The `through` struct's own columns (beyond the two keys and the timestamps), with
    /// their CHECKs and any further reference of the junction row (who added the tag, ...).
    fn through_columns(
        &mut self,
        t: &mut Table,
        th: &'m Entity,
        [a, b]: [&String; 2],
        keys: [&str; 2],
    ) {
        let name = t.name.clone();
        for f in &th.fields {
            let is_key = f.primary_key
                || f.column == *a
                || f.column == *b
                || f.belongs_to
                    .as_ref()
                    .is_some_and(|bt| keys.contains(&bt.target.as_str()));
            if is_key || f.column == "created_at" || f.column == "updated_at" {
                continue;
            }
            let col_name = self.column_name(&name, &f.column);
            let c = columns::field_column(f, &col_name, th, &mut self.diags);
            // A further reference of the junction row (who added the tag, ...).
            if let Some((bt, info)) = f
                .belongs_to
                .as_ref()
                .and_then(|bt| Some((bt, self.infos.get(&bt.target)?)))
            {
                let on_delete = bt.on_delete.unwrap_or(RefAction::Restrict);
                if on_delete == RefAction::SetNull && !f.nullable {
                    self.diags.push(error(
                        codes::SET_NULL_ON_NOT_NULL,
                        th,
                        Some(&f.rust_name),
                        format!(
                            "`{}.{}` is NOT NULL but `on_delete = \"set_null\"` would set it to NULL",
                            th.rust_name, f.rust_name
                        ),
                        "make the field an `Option<...>`, or use `on_delete = \"cascade\"` / `\"restrict\"`",
                    ));
                }
                t.foreign_keys.push(ForeignKey {
                    on_update: bt.on_update.unwrap_or(RefAction::NoAction),
                    on_delete_explicit: bt.on_delete.is_some(),
                    ..ForeignKey::new(
                        vec![col_name.clone()],
                        info.table.clone(),
                        vec![info.pk_column.clone()],
                        on_delete,
                    )
                });
                self.relationships.push(Relationship {
                    from_table: name.clone(),
                    to_table: info.table.clone(),
                    cardinality: Cardinality::ManyToOne,
                    columns: vec![col_name.clone()],
                    optional: f.nullable,
                    identifying: false,
                    junction: None,
                    label: format!("belongs to {}", info.table),
                });
            }
            t.checks
                .extend(columns::field_checks(f, &col_name, th, &mut self.diags));
            t.columns.push(c);
        }
    }
}

/// One key column of a junction table and its foreign key to `info`'s table: CASCADE unless
/// the `through` struct's field (`decl`) says otherwise.
fn junction_key(
    t: &mut Table,
    col: &str,
    info: &Info,
    decl: Option<&datamodel::model::ForeignKeyDef>,
) {
    let mut c = columns::added(col, ColumnOrigin::JunctionKey, info.pk.ty.clone(), false);
    c.max_length = info.pk.max_length;
    c.comment = Some(format!("References {}.{}.", info.table, info.pk_column));
    t.columns.push(c);
    let on_delete = decl.and_then(|d| d.on_delete);
    t.foreign_keys.push(ForeignKey {
        on_update: decl
            .and_then(|d| d.on_update)
            .unwrap_or(RefAction::NoAction),
        on_delete_explicit: on_delete.is_some(),
        ..ForeignKey::new(
            vec![col.to_string()],
            &info.table,
            vec![info.pk_column.clone()],
            on_delete.unwrap_or(RefAction::Cascade),
        )
    });
}

/// The junction's two key columns: named by the `through` struct's key fields (`column =
/// ".."` or the field name) when it has them, else `{entity}_id`; the second is
/// `related_...` when both would be the same (a many-to-many of an entity with itself).
fn key_column_names(
    through: Option<&Entity>,
    owner_path: &str,
    owner_rust_name: &str,
    m: &datamodel::model::ManyToMany,
    target_rust_name: &str,
) -> (String, String) {
    let key_columns: Vec<(&str, &str)> = through
        .map(|th| {
            (th.fields.iter())
                .filter_map(|f| Some((f.belongs_to.as_ref()?.target.as_str(), f.column.as_str())))
                .collect()
        })
        .unwrap_or_default();
    let a_key = key_columns.iter().position(|(t, _)| *t == owner_path);
    let b_key =
        (key_columns.iter().enumerate()).position(|(i, (t, _))| *t == m.target && Some(i) != a_key);
    let a = a_key.map_or_else(
        || format!("{}_id", snake_case(owner_rust_name)),
        |i| key_columns[i].1.to_string(),
    );
    let b = b_key.map_or_else(
        || format!("{}_id", snake_case(target_rust_name)),
        |i| key_columns[i].1.to_string(),
    );
    if b == a {
        return (a, format!("related_{b}"));
    }
    (a, b)
}
