//! Hand-built Schemas for the tests of the library and of the workspace `tests/` crate, in one
//! place: a table builder ([`TableBuilder`]) with models that exercise every document section
//! (a blog, a multi-tenant SaaS, a large generated model, awkward names, a subtype), and the
//! lint rules' clean schema with the helpers their tests break it with ([`clean`]).
//!
//! Test data only: the renderer never uses this; real Schemas come from the resolver. The names
//! built here imitate the resolver's conventions so the snapshots read like real output.

pub mod clean;
mod models;
mod table;

pub use models::{awkward, blog, large, saas, with_subtype};
pub use table::TableBuilder;

use crate::config::{Config, Depth, Engine, Migration, Tenancy};
use crate::schema::{Cardinality, Relationship, Schema, SCHEMA_FORMAT_VERSION};
use crate::target::Target;

/// A Schema with the target it is rendered for: what every fixture returns. It dereferences
/// to the Schema, so `&fixture` is a `&Schema` and `fixture.tables` its tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixture {
    pub schema: Schema,
    pub target: Target,
}

impl std::ops::Deref for Fixture {
    type Target = Schema;
    fn deref(&self) -> &Schema {
        &self.schema
    }
}

impl std::ops::DerefMut for Fixture {
    fn deref_mut(&mut self) -> &mut Schema {
        &mut self.schema
    }
}

/// Collects tables and relationships into a Schema.
#[derive(Debug, Clone)]
pub struct SchemaBuilder {
    schema: Schema,
    target: Target,
}

impl SchemaBuilder {
    pub fn new(config: Config) -> Self {
        SchemaBuilder {
            schema: Schema {
                format_version: SCHEMA_FORMAT_VERSION,
                tenancy: config.tenancy,
                tables: Vec::new(),
                relationships: Vec::new(),
                tenant_table: None,
            },
            target: Target::from_config(&config),
        }
    }

    pub fn table(mut self, t: TableBuilder) -> Self {
        self.schema.relationships.extend(t.rels);
        self.schema.tables.push(t.table);
        self
    }

    pub fn many_to_many(mut self, from: &str, to: &str, junction: &str, label: &str) -> Self {
        self.schema.relationships.push(Relationship {
            from_table: from.into(),
            to_table: to.into(),
            cardinality: Cardinality::ManyToMany,
            columns: Vec::new(),
            optional: true,
            identifying: false,
            junction: Some(junction.into()),
            label: label.into(),
        });
        self
    }

    pub fn tenant_table(mut self, t: &str) -> Self {
        self.schema.tenant_table = Some(t.into());
        self
    }

    pub fn build(self) -> Fixture {
        Fixture {
            schema: self.schema,
            target: self.target,
        }
    }
}

fn config(engines: &[Engine], migration: Migration, tenancy: Tenancy, depth: Depth) -> Config {
    Config {
        engines: engines.to_vec(),
        engines_inferred: false,
        migration,
        tenancy,
        depth,
        ..Config::default()
    }
}
