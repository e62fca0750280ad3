//! Shared tenancy: the tenants table, and `schema::tenancy::apply` on every tenant-scoped
//! table.

use super::*;

impl<'m> Resolver<'m> {
    /// Shared tenancy: finds the tenants table and applies `tenancy::apply` to every
    /// tenant-scoped table.
    pub(super) fn apply_tenancy(&mut self) -> Option<TenantRef> {
        if self.config.tenancy != Tenancy::Shared {
            return None;
        }
        let Some(tenant) = tenancy::tenant_entity(self.model) else {
            self.diags.push(Diagnostic {
                code: codes::NO_TENANT_TABLE.into(),
                severity: Severity::Error,
                entity: None,
                field: None,
                message: "`tenancy = \"shared\"` needs a tenants table, and the model has none".into(),
                help: Some("add a `Tenant` struct (table `tenants`) with `#[derive(DataModel)]` and `#[datamodel(tenancy = \"global\")]`, or choose another tenancy".into()),
            });
            return None;
        };
        let info = self.infos.get(&tenant.type_path)?.clone();
        let tref = TenantRef {
            table: info.table.clone(),
            pk_column: info.pk_column.clone(),
            pk: info.pk.clone(),
        };
        // Which tables are scoped: entity tables by their entity; a junction when either side is.
        let mut scoped_entities: BTreeSet<String> = BTreeSet::new();
        for e in self.entities() {
            if tenancy::entity_is_scoped(e, &tenant.type_path) {
                if let Some(i) = self.infos.get(&e.type_path) {
                    scoped_entities.insert(i.table.clone());
                }
            }
        }
        let mut scoped = scoped_entities.clone();
        for t in &self.tables {
            if t.kind == TableKind::Junction
                && t.foreign_keys
                    .iter()
                    .any(|fk| scoped_entities.contains(&fk.ref_table))
            {
                scoped.insert(t.name.clone());
            }
        }
        for t in &mut self.tables {
            if scoped.contains(&t.name) {
                let had_tenant_fk = t
                    .foreign_keys
                    .iter()
                    .any(|fk| fk.columns == [TENANT_COLUMN]);
                tenancy::apply(t, &tref, &scoped, &self.config.tenant_setting);
                if !had_tenant_fk {
                    self.relationships.push(Relationship {
                        from_table: t.name.clone(),
                        to_table: tref.table.clone(),
                        cardinality: Cardinality::ManyToOne,
                        columns: vec![TENANT_COLUMN.into()],
                        optional: false,
                        identifying: false,
                        junction: None,
                        label: "belongs to tenant".into(),
                    });
                }
            }
        }
        Some(tref)
    }
}
