//! Items the derive's expansion refers to. Not a public API: names may change in any release.

pub use inventory;

pub use crate::model::{
    Audit, CheckDef, ColumnType, DeleteStrategy, Entity, Field, ForeignKeyDef, IndexDef,
    IndexMethod, Inheritance, InheritanceStrategy, ManyToMany, PkStrategy, QueryPattern, RefAction,
    Retention, SourceLocation, TenantScope, UniqueKey,
};
use crate::SqlType;

/// One registered entity: the derive submits one of these per struct.
pub struct Registration {
    pub build: fn() -> Entity,
}

inventory::collect!(Registration);

/// Every entity registered in the linked crates, sorted by type path.
pub fn registered_entities() -> Vec<Entity> {
    let mut entities: Vec<Entity> = inventory::iter::<Registration>
        .into_iter()
        .map(|r| (r.build)())
        .collect();
    entities.sort_by(|a, b| a.type_path.cmp(&b.type_path));
    entities
}

/// `Self` may hold a foreign key to a primary key of type `Pk`.
#[diagnostic::on_unimplemented(
    message = "foreign key type `{Self}` does not match the referenced primary key type `{Pk}`",
    label = "this field has type `{Self}`, the referenced primary key has type `{Pk}`",
    note = "change the field's type to `{Pk}` (or `Option<{Pk}>` for an optional relation)"
)]
pub trait ForeignKeyOf<Pk: ?Sized> {}
impl<T: ?Sized> ForeignKeyOf<T> for T {}

/// Compile-time check that a foreign key field's (non-`Option`) type equals the primary key type.
pub const fn assert_foreign_key<F: ForeignKeyOf<Pk> + ?Sized, Pk: ?Sized>() {}

/// Compile-time check of a `belongs_to`: the target derives `DataModel` and the field's
/// (non-`Option`) type `F` equals its primary key type. One function, so a target that is not
/// an entity gives one error, not a second one about its primary key.
pub const fn assert_belongs_to<
    T: crate::DataModel + ?Sized,
    F: ForeignKeyOf<T::PrimaryKey> + ?Sized,
>() {
}

/// Compile-time check that a `belongs_to` / `many_to_many` / `extends` target derives `DataModel`.
pub const fn assert_entity<T: crate::DataModel + ?Sized>() {}

/// Compile-time check that a field type is storable.
pub const fn assert_sql_type<T: crate::SqlType + ?Sized>() {}

/// A column that can hold NULL (`Option<T>`), as `on_delete = "set_null"` needs.
#[diagnostic::on_unimplemented(
    message = "`on_delete = \"set_null\"` needs a nullable field, but `{Self}` is not an `Option`",
    label = "the database would set this NOT NULL column to NULL",
    note = "make the field `Option<{Self}>`, or choose `on_delete = \"cascade\"` or `\"restrict\"`"
)]
pub trait Nullable {}
impl<T> Nullable for Option<T> {}

/// Compile-time check for `on_delete = "set_null"`.
pub const fn assert_nullable<T: Nullable + ?Sized>() {}

/// Compile-time check that `max_length` / `text` sit on a string column.
pub const fn assert_string<T: crate::types::StringColumn + ?Sized>() {}

/// Compile-time check that `precision` / `scale` sit on a decimal column.
pub const fn assert_decimal<T: crate::types::DecimalColumn + ?Sized>() {}

/// Builds the entity's type path the same way for its own registration and for references.
pub fn type_path<T: ?Sized>() -> String {
    std::any::type_name::<T>().to_string()
}

/// Default table name of a struct.
pub fn default_table_name(struct_name: &str) -> String {
    crate::naming::table_name(struct_name)
}

/// Default junction table of a many-to-many: `{this_singular}_{other_table}` (`post_tags`).
pub fn junction_name(struct_name: &str, other_table: &str) -> String {
    crate::naming::junction_table(struct_name, other_table)
}

/// The entity skeleton every derive starts from.
pub fn entity<T: ?Sized>(
    rust_name: &str,
    module_path: &str,
    file: &str,
    line: u32,
    table: String,
) -> Entity {
    Entity {
        type_path: type_path::<T>(),
        rust_name: rust_name.to_string(),
        module_path: module_path.to_string(),
        crate_name: module_path
            .split("::")
            .next()
            .unwrap_or(module_path)
            .to_string(),
        source: SourceLocation {
            file: file.replace('\\', "/"),
            line,
        },
        table,
        ..Entity::default()
    }
}

/// The field skeleton: names, type and nullability; the derive sets the rest.
pub fn field<T: SqlType>(rust_name: &str, column: &str, rust_type: &str, line: u32) -> Field {
    Field {
        rust_name: rust_name.to_string(),
        column: column.to_string(),
        rust_type: rust_type.to_string(),
        ty: T::column_type(),
        nullable: T::NULLABLE,
        line,
        ..Field::default()
    }
}

/// A foreign key to entity `T`.
pub fn fk<T: ?Sized>(
    on_delete: Option<RefAction>,
    on_update: Option<RefAction>,
    one_to_one: bool,
) -> Option<ForeignKeyDef> {
    Some(ForeignKeyDef {
        target: type_path::<T>(),
        on_delete,
        on_update,
        one_to_one,
    })
}

/// `Some(s.to_string())`, to keep the expansion short.
pub fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

/// Owned copies of field names.
pub fn strings(s: &[&str]) -> Vec<String> {
    s.iter().map(|s| s.to_string()).collect()
}

/// The column type of a `#[derive(DataModelEnum)]`.
pub fn enum_type(name: &str, values: &[&str]) -> ColumnType {
    ColumnType::Enum {
        name: name.to_string(),
        values: strings(values),
    }
}

/// Entry point of the dumper crate generated by `cargo datamodel`: writes the collected model
/// as JSON to the file named by the first argument (never to stdout, which user code may
/// print to).
pub fn dump_main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("datamodel dumper: expected the output path as the first argument");
        std::process::exit(2);
    };
    let model = crate::model::Model {
        format_version: crate::model::DUMP_FORMAT_VERSION,
        entities: registered_entities(),
    };
    let json = match serde_json::to_string(&model) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("datamodel dumper: could not serialize the model: {e}");
            std::process::exit(3);
        }
    };
    if let Err(e) = std::fs::write(&path, json) {
        eprintln!(
            "datamodel dumper: could not write {}: {e}",
            std::path::Path::new(&path).display()
        );
        std::process::exit(4);
    }
}

/// Entry point of the collector generated by `cargo datamodel`: writes, to the file named by
/// the first argument, every registered entity of the linked crates (the selected crates and
/// their dependencies) except those of `explicit_crates`, plus the `explicit` entities (from
/// `entities!` of the crates configured with `collect = "explicit"`), sorted by type path.
pub fn dump_collected(explicit_crates: &[&str], explicit: Vec<Entity>) {
    let mut entities: Vec<Entity> = registered_entities()
        .into_iter()
        .filter(|e| !explicit_crates.contains(&e.crate_name.as_str()))
        .collect();
    for e in explicit {
        if !entities.iter().any(|known| known.type_path == e.type_path) {
            entities.push(e);
        }
    }
    entities.sort_by(|a, b| a.type_path.cmp(&b.type_path));
    write_dump(crate::model::Model {
        format_version: crate::model::DUMP_FORMAT_VERSION,
        entities,
    });
}

fn write_dump(model: crate::model::Model) {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("datamodel collector: expected the output path as the first argument");
        std::process::exit(2);
    };
    let json = match serde_json::to_string(&model) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("datamodel collector: could not serialize the model: {e}");
            std::process::exit(3);
        }
    };
    if let Err(e) = std::fs::write(&path, json) {
        eprintln!(
            "datamodel collector: could not write {}: {e}",
            std::path::Path::new(&path).display()
        );
        std::process::exit(4);
    }
}
