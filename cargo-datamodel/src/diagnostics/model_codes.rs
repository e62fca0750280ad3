//! The model error codes: `DM001`-`DM006` from the runtime's `validate` pass (their constants
//! live in `datamodel::validate::codes`, which the runtime reports with), `DM020` and up from
//! the resolver (their constants are defined here, in [`codes`]).

use super::CodeDoc;
use datamodel::validate::codes as runtime;

/// Declares a step's codes: a constant in module `codes` and an entry of the documented list
/// (`RESOLVE` here, `MIGRATE` in [`super::migrate_codes`]) each.
macro_rules! code_registry {
    ($list:ident; $( $(#[$m:meta])* $name:ident = $code:literal, $summary:literal, $explanation:literal; )*) => {
        /// The codes (the constants diagnostics are reported with).
        pub mod codes {
            $( $(#[$m])* pub const $name: &str = $code; )*
        }
        /// The codes, documented.
        pub const $list: &[CodeDoc] = &[
            $( CodeDoc { code: $code, summary: $summary, explanation: $explanation }, )*
        ];
    };
}
pub(crate) use code_registry;

/// The runtime's `validate` codes, documented.
pub const VALIDATE: &[CodeDoc] = &[
    CodeDoc {
        code: runtime::DUPLICATE_TABLE,
        summary: "two structs map to the same table",
        explanation: "Two `#[derive(DataModel)]` structs have the same table name (by default the plural snake_case of the struct name, or `table = \"...\"`). One table can't have two definitions: the DDL would create it twice and the document would describe it twice.\n\nFix: rename one table with `#[datamodel(table = \"...\")]`, or remove the duplicate struct (two crates of a workspace may both define it).",
    },
    CodeDoc {
        code: runtime::UNKNOWN_ENTITY,
        summary: "a relation points at an entity that was not collected",
        explanation: "A `belongs_to`, `many_to_many` or `extends` names a struct whose entity is not in the collected model, so its table would be missing from the DDL and the foreign key could not be created.\n\nFix: collect the crate that defines it (`-p other`, `--workspace`), or list it with `datamodel::entities!` when you use `collect = \"explicit\"`.",
    },
    CodeDoc {
        code: runtime::NOT_NULL_FK_CYCLE,
        summary: "NOT NULL foreign keys form a cycle",
        explanation: "Each table of the cycle needs a row of the next one before it can be inserted, so no first row can ever be inserted (without deferring constraints everywhere). The error lists the cycle edge by edge.\n\nFix: make one foreign key of the cycle optional (`Option<...>`).",
    },
    CodeDoc {
        code: runtime::JUNCTION_COLLISION,
        summary: "a junction table has the name of an entity's table",
        explanation: "A `many_to_many` junction table (named `{this_singular}_{other_table}` or `junction = \"...\"`) would have the same name as an entity's table.\n\nFix: give the junction another name with `many_to_many(target = X, junction = \"...\")`, or describe it with a `junction` struct and `through = ThatStruct`.",
    },
    CodeDoc {
        code: runtime::EMPTY_MODEL,
        summary: "the model has no entities",
        explanation: "Nothing derives `DataModel` in the collected crates, so there is nothing to render.\n\nFix: add `#[derive(DataModel)]` to a struct of the crate's library target (entities in a bin-only crate can't be collected), or select the right package with `-p`.",
    },
    CodeDoc {
        code: runtime::NO_PRIMARY_KEY,
        summary: "an entity has no primary key",
        explanation: "Every table needs a primary key: rows must be addressable for foreign keys, updates and the retention jobs.\n\nFix: add a field named `id`, or mark the key field with `#[datamodel(primary_key)]`.",
    },
];

code_registry! {
    RESOLVE;
    /// A SQL fragment (CHECK, default, partial WHERE) is not one safe expression.
    UNSAFE_SQL = "DM020", "a SQL fragment is not one safe expression for every engine",
        "A `check`, `default` or index `where` fragment is embedded in the DDL of every engine the tool can render (not only the configured ones). It must be exactly one SQL expression as each engine's parser reads it: no `;`, no comments (`--`, `#`, `/* */`, `/*! */`), no backslash escapes MySQL would read differently, no bind parameters or variables. CHECKs and partial-index predicates may not call volatile or side-effecting functions (`now()`, `random()`, `nextval`, `pg_sleep`, ...) or contain subqueries: the engines reject or misapply them. Defaults may use the usual `now()`, `CURRENT_TIMESTAMP`, `gen_random_uuid()`.\n\nFix: write one expression, e.g. `check = \"price > 0\"`; the message names the engine and the reason.";
    /// A `String` column with neither `max_length` nor `text`.
    STRING_WITHOUT_LENGTH = "DM021", "a String column has no length",
        "Every VARCHAR needs a bound (and MySQL indexes need one): a `String` field must say `max_length = N` or `text` (unbounded TEXT, explicitly). The derive catches this for fields written as `String`; this code covers types it can't see through (aliases).\n\nFix: `#[datamodel(max_length = 255)]` or `#[datamodel(text)]`.";
    /// An attribute names a field the struct does not have.
    UNKNOWN_FIELD = "DM022", "an attribute names a field or column the table doesn't have",
        "`unique(..)`, `index(..)` or `query(..)` names a field the struct doesn't have, or a column the tool adds that this table doesn't get (`deleted_at` without soft delete, `tenant_id` without shared tenancy).\n\nFix: name a Rust field of the struct, or enable what adds the column.";
    /// Shared tenancy, but no tenants table.
    NO_TENANT_TABLE = "DM023", "shared tenancy without a tenants table",
        "`tenancy = \"shared\"` adds a `tenant_id` foreign key to every tenant-scoped table; it must reference a tenants table.\n\nFix: add a `Tenant` struct (table `tenants`) with `#[datamodel(tenancy = \"global\")]`, or choose another tenancy.";
    /// `min`/`max` is not a number.
    BAD_BOUND = "DM024", "a `min`/`max` bound is not a number",
        "`min` and `max` become `CHECK (col >= min)` / `CHECK (col <= max)`: they must be number literals.\n\nFix: write a number, e.g. `min = 0`, or use `check = \"...\"` for anything else.";
    /// `on_delete = "set_null"` on a NOT NULL column.
    SET_NULL_ON_NOT_NULL = "DM025", "`on_delete = \"set_null\"` on a NOT NULL column",
        "SET NULL can't succeed on a NOT NULL column: PostgreSQL fails the parent's delete, MySQL refuses the constraint.\n\nFix: make the field `Option<...>`, or choose `cascade` / `restrict`.";
    /// `retention(after_delete)` on an entity that is not soft-deleted.
    AFTER_DELETE_WITHOUT_SOFT_DELETE = "DM026", "`retention(after_delete)` without soft delete",
        "`after_delete` counts the TTL from `deleted_at`, which only soft-deleted tables have.\n\nFix: add `delete = \"soft\"` to the struct, or drop `after_delete` to count from `created_at`.";
    /// A field collides with a column the resolver adds, or redeclares one with the wrong shape.
    ADDED_COLUMN_COLLISION = "DM027", "a field collides with a column the tool adds",
        "The tool adds `created_at`, `updated_at`, `deleted_at` (soft delete), `archived_at` (archival), `tenant_id` (shared tenancy), `uuid` (`public_uuid`) and `dm_live*` helper columns. Declaring `created_at`/`updated_at` (non-optional timestamps), `deleted_at` (an optional timestamp) or `tenant_id` (a non-optional `belongs_to` the tenants entity) yourself customises them; any other shape, or `uuid` with `public_uuid`, or a `dm_live*` column, would give a duplicate or a silently broken column.\n\nFix: remove the field, give it the shape the message names, or rename it with `column = \"...\"`.";
    /// Two table names, or two column names of one table, differ only in letter case.
    CASE_ONLY_NAMES = "DM028", "two names differ only in letter case",
        "MySQL/MariaDB (on most systems) and SQLite compare table and column names case-insensitively, so `users` and `Users`, or `email` and `Email`, are one name there and the DDL fails (or, worse, one table is used for both).\n\nFix: rename one of them with `table = \"...\"` / `column = \"...\"`.";
    /// A default no engine accepts as meant.
    BAD_DEFAULT = "DM029", "a default is not a literal of the column",
        "Defaults are SQL text. A bare word (`default = \"draft\"`) is a column reference to SQL and fails on every engine; `2024-01-01` unquoted is arithmetic; an enum default outside the enum's values violates its CHECK on the first insert.\n\nFix: quote text, date, time and uuid defaults (`default = \"'draft'\"`), or use a known expression (`now()`, `CURRENT_TIMESTAMP`, `gen_random_uuid()`); pick one of the enum's values.";
    /// A retention job would destroy what it shouldn't.
    RETENTION_DESTROYS = "DM030", "a retention job would delete live, referenced or held rows",
        "The retention jobs run unattended. Refused: a TTL counted from `created_at` on a soft-deleted table (it deletes live rows), a purge of rows other tables reference with ON DELETE RESTRICT / NO ACTION (it fails at the first referenced row), `legal_hold` without a `legal_holds` table (`table_name`, `row_id` as text, `released_at`) for the jobs to consult, `legal_hold` with a TTL on a table whose primary key has several columns (a hold names one `row_id`, so the job could not skip held rows), and a purge whose delete cascades into a table with `legal_hold` (the hold check covers the purged table only).\n\nFix: `retention(ttl = \"...\", after_delete)` on soft-deleted tables; `cascade`/`set_null` on the referencing fields, or soft delete plus `after_delete`, or `delete = \"archival\"` (its job only sets `archived_at`); add the `LegalHold` struct the message shows; give a held table a single-column key; `on_delete = \"set_null\"` on a held table's reference to a purged one.";
    /// `abstract_parent` without a single-table subtype.
    ABSTRACT_WITHOUT_SUBTYPES = "DM031", "an abstract single-table parent has no subtype",
        "An `abstract_parent` allows only its subtypes' discriminator values; with no subtype no row could be stored.\n\nFix: add a subtype (`extends = Parent, inheritance = \"single_table\"`), or remove `abstract_parent`.";
    /// The configured `audit-actor` names no collected entity.
    UNKNOWN_AUDIT_ACTOR = "DM032", "the audit actor is not a collected entity",
        "`created_by` / `updated_by` hold the key of the actor entity (`audit(actor = User)`, or `audit-actor = \"User\"` in `[package.metadata.datamodel]`) and reference it with a foreign key; the configured name matches no struct `cargo datamodel` collected, so neither the key's type nor the table is known.\n\nFix: name a struct that derives `DataModel` (its name or type path), or remove `audit-actor` (the columns are then BIGINT without a foreign key).";
}

/// Every non-lint code: validate, resolve, migrations, then import.
pub fn all() -> impl Iterator<Item = &'static CodeDoc> {
    VALIDATE
        .iter()
        .chain(RESOLVE.iter())
        .chain(super::migrate_codes::MIGRATE.iter())
        .chain(super::import_codes::IMPORT.iter())
}
