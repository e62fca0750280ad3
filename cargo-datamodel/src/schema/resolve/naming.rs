//! Constraint names: every key, index, check and trigger gets its conventional name,
//! shortened with a hash where it is too long (the unhashed name is kept for DM121).

use super::*;

impl<'m> Resolver<'m> {
    /// Gives every constraint, index and trigger of `t` its final, registered name.
    pub(super) fn name_constraints(&mut self, t: &mut Table) {
        let pk = names::primary_key(&t.name);
        t.primary_key.name = self.names.claim(&pk);
        t.primary_key.unhashed_name = unhashed(&pk);
        for fk in &mut t.foreign_keys {
            let cols: Vec<String> = fk
                .columns
                .iter()
                .filter(|c| fk.columns.len() == 1 || *c != TENANT_COLUMN)
                .cloned()
                .collect();
            let wanted = names::foreign_key(&t.name, &cols, &fk.ref_table);
            fk.name = self.names.claim(&wanted);
            fk.unhashed_name = unhashed(&wanted);
            if !fk.set_null_columns.is_empty() {
                // The composite guard of a SET NULL tenant FK (engines without `SET NULL
                // (col)`): named after all its columns, `fk_{table}_tenant_id_{x}_{ref}`.
                let guard = names::foreign_key(&t.name, &fk.columns, &fk.ref_table);
                fk.tenant_guard_name = Some(self.names.claim(&guard));
            }
        }
        for ix in &mut t.indexes {
            let wanted = if ix.name.is_empty() {
                let cols: Vec<String> = ix.columns.iter().map(|c| c.name.clone()).collect();
                let suffix = match (ix.origin.clone(), ix.method) {
                    (IndexOrigin::ActiveRows, _) => Some("active"),
                    (_, IndexMethod::Gin) => Some("gin"),
                    (_, IndexMethod::Brin) => Some("brin"),
                    (_, IndexMethod::Hash) => Some("hash"),
                    _ if ix.predicate.is_some() && ix.origin == IndexOrigin::Declared => {
                        Some("partial")
                    }
                    _ => None,
                };
                names::index(&t.name, &cols, ix.unique, suffix)
            } else {
                ix.name.clone()
            };
            ix.name = self.names.claim(&wanted);
            ix.unhashed_name = unhashed(&wanted);
        }
        for c in &mut t.checks {
            let wanted = if c.name.is_empty() {
                names::check(&t.name, c.column.as_deref(), &c.kind)
            } else {
                c.name.clone()
            };
            c.name = self.names.claim(&wanted);
            c.unhashed_name = unhashed(&wanted);
        }
        if t.updated_at_trigger {
            t.updated_at_trigger_name = Some(self.names.claim(&names::updated_at_trigger(&t.name)));
        }
        if t.has_version() {
            t.version_trigger_name = Some(self.names.claim(&names::version_trigger(&t.name)));
        }
        if let Some(a) = &mut t.audit {
            a.trigger_name = Some(self.names.claim(&names::actor_trigger(&t.name)));
            if let Some(h) = &mut a.history {
                h.function = self.names.claim(&names::history_function(&t.name));
                h.insert_trigger = self.names.claim(&names::history_trigger(&t.name, "insert"));
                h.update_trigger = self.names.claim(&names::history_trigger(&t.name, "update"));
                h.delete_trigger = self.names.claim(&names::history_trigger(&t.name, "delete"));
            }
        }
        if let Some(g) = &mut t.append_only_guard {
            g.function = self.names.claim(&names::history_function(&t.name));
            g.update_trigger = self.names.claim(&names::history_trigger(&t.name, "update"));
            g.delete_trigger = self.names.claim(&names::history_trigger(&t.name, "delete"));
        }
    }
}

/// The wanted name when it is too long to be used as is (it is emitted hashed), for the
/// `identifier-too-long` lint.
pub(super) fn unhashed(wanted: &str) -> Option<String> {
    (wanted.len() > crate::schema::MAX_IDENT_LEN).then(|| wanted.to_string())
}
