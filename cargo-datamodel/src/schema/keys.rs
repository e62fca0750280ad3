//! The keys of a table beyond its primary key's columns: the one column that names a row,
//! and the key an engine that distributes tables by tenant uses as the primary key. Both are
//! read off the Schema, so every renderer (DDL, retention jobs, migrations, the tests'
//! catalog expectation) asks the same question and gets the same answer.

use super::{Index, Table, TENANT_COLUMN};

impl Table {
    /// The one column that names a row of the table: the primary key's column, or the column
    /// after `tenant_id` when a tenant-scoped table's key is `(tenant_id, id)` (a distributing
    /// engine's key; the id alone still names the row within its tenant). `None` for a key of
    /// several columns otherwise.
    pub fn row_key(&self) -> Option<&str> {
        match self.primary_key.columns.as_slice() {
            [one] => Some(one),
            [tenant, one] if self.tenant_scoped && tenant == TENANT_COLUMN => Some(one),
            _ => None,
        }
    }

    /// The primary key on an engine that distributes tables by `tenant_id` (Citus, which
    /// refuses a primary or unique key without the distribution column): a tenant-scoped
    /// table's key with `tenant_id` first, which is its tenant key `UNIQUE (tenant_id, id)`
    /// (that index is then not created on its own: [`Table::is_distributed_key`]); the
    /// primary key itself otherwise.
    pub fn distributed_key(&self) -> Vec<String> {
        let pk = &self.primary_key.columns;
        if !self.tenant_scoped || pk.first().map(String::as_str) == Some(TENANT_COLUMN) {
            return pk.clone();
        }
        std::iter::once(TENANT_COLUMN.to_string())
            .chain(pk.iter().filter(|c| *c != TENANT_COLUMN).cloned())
            .collect()
    }

    /// `ix` is the unique key [`Table::distributed_key`] stands for on a distributing engine
    /// (the tenant key, or a unique index on exactly those columns).
    pub fn is_distributed_key(&self, ix: &Index) -> bool {
        ix.unique
            && ix.predicate.is_none()
            && self.tenant_scoped
            && ix
                .columns
                .iter()
                .map(|c| c.name.as_str())
                .eq(self.distributed_key().iter().map(String::as_str))
    }
}
