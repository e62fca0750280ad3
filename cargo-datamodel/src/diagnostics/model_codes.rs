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
    /// A primary key or unique index of a distributed table lacks `tenant_id`.
    DISTRIBUTED_UNIQUE_WITHOUT_TENANT = "DM033", "a unique index of a distributed table lacks `tenant_id`",
        "When an engine that distributes tables (Citus) is a target, every tenant-scoped table is sharded on `tenant_id`. Each shard checks uniqueness on its own rows only, so Citus refuses a primary key or unique index (partial ones too) that doesn't include the distribution column (anywhere in it):\n\n    ERROR:  cannot create constraint on \"users\"\n    DETAIL:  Distributed relations cannot have UNIQUE, EXCLUDE, or PRIMARY KEY constraints that do not include the partition column (with an equality operator if EXCLUDE).\n\nor, on a table already distributed, `creating unique indexes on non-partition columns is currently unsupported`. The primary key is never the problem there (the distributing DDL makes the tenant key `(tenant_id, id)` the primary key), and shared tenancy puts `tenant_id` first in every unique key of a tenant-scoped table, so this comes from a Schema built otherwise.\n\nFix: make the key unique per tenant, `unique(tenant_id, email)`; a value unique across all tenants belongs in a global entity (`tenancy = \"global\"`, a reference table).";
    /// A global (reference) table has a foreign key to a tenant-scoped (distributed) table.
    REFERENCE_TO_DISTRIBUTED = "DM034", "a global table references a tenant-scoped table",
        "When an engine that distributes tables (Citus) is a target, a global table (`tenancy = \"global\"`, the tenants table) is a reference table, copied to every node, and a tenant-scoped table is distributed on `tenant_id`. A reference table can't check a foreign key against rows spread over the nodes:\n\n    ERROR:  cannot create foreign key constraint since foreign keys from reference tables and local tables to distributed tables are not supported\n    DETAIL:  Reference tables and local tables can only have foreign keys to reference tables and local tables\n\nThe model produces it with a `belongs_to` from a global entity to a tenant-scoped one (a `Plan` with an `owner_id` to `User`, a `Tenant` with its owner), and with `audit` on a global entity whose actor is tenant-scoped (its `created_by` / `updated_by`); the single-column foreign key it renders fails even earlier there, since the tenant-scoped key is `(tenant_id, id)` (`there is no unique constraint matching given keys for referenced table \"users\"`).\n\nFix: make the referencing entity tenant-scoped (remove its `tenancy = \"global\"`; the foreign key then becomes `(tenant_id, x_id)`), or make the referenced entity global (`#[datamodel(tenancy = \"global\")]`); for the audit columns, a global actor or no `audit` on the global entity. The other direction, tenant-scoped to global, is fine.";
    /// A foreign key between distributed tables doesn't pair `tenant_id` on both sides.
    DISTRIBUTED_FK_WITHOUT_TENANT = "DM035", "a foreign key between distributed tables doesn't pair `tenant_id`",
        "When an engine that distributes tables (Citus) is a target, tenant-scoped tables are sharded on `tenant_id` and co-located, so a row and the row it references are on the same node only when the foreign key includes `tenant_id` on both sides at the same position. Citus refuses any other foreign key between distributed tables:\n\n    ERROR:  cannot create foreign key constraint\n    DETAIL:  Foreign keys are supported in two cases, either in between two colocated tables including partition column in the same ordinal in the both tables or from distributed to reference tables\n\nShared tenancy makes every `belongs_to` between tenant-scoped entities the composite `(tenant_id, x_id) -> (tenant_id, id)`, so this comes from a Schema built otherwise.\n\nFix: reference `(tenant_id, x_id) -> parent(tenant_id, id)` (`(x_id, tenant_id) -> (id, tenant_id)` is accepted too), or make the referenced entity global.";
    /// ON DELETE SET NULL or ON UPDATE CASCADE / SET NULL on a foreign key with `tenant_id`.
    DISTRIBUTED_FK_ACTION = "DM036", "a foreign key with `tenant_id` has an action Citus refuses",
        "When an engine that distributes tables (Citus) is a target, a foreign key of a distributed table that includes the distribution column `tenant_id` (the composite `(tenant_id, x_id)` between tenant-scoped entities, or `tenant_id` to the tenants table) may not set it to NULL or change it:\n\n    ERROR:  cannot create foreign key constraint\n    DETAIL:  SET NULL or SET DEFAULT is not supported in ON DELETE operation when distribution key is included in the foreign key constraint\n\n(`ON DELETE SET NULL (x_id)`, which leaves `tenant_id` alone, is refused the same way) and\n\n    DETAIL:  SET NULL, SET DEFAULT or CASCADE is not supported in ON UPDATE operation when distribution key included in the foreign constraint.\n\nThe model produces it with `on_delete = \"set_null\"` on a `belongs_to` between tenant-scoped entities, with `on_update = \"cascade\"` / `\"set_null\"` on one, and with `audit` (its `created_by` / `updated_by` reference a tenant-scoped actor with ON DELETE SET NULL). ON DELETE CASCADE / RESTRICT and a foreign key to a global entity without `tenant_id` are accepted.\n\nFix: `on_delete = \"restrict\"` or `\"cascade\"` (the application clears the reference before deleting the parent); drop `on_update` (a key isn't updated in place) or say `\"restrict\"`; or make the referenced entity global (a foreign key from a distributed table to a reference table without `tenant_id` may SET NULL). For `audit`: a global actor entity, or no `audit` on that table.";
    /// A tenant-scoped table can't join the co-location group.
    NOT_COLOCATED = "DM037", "a tenant-scoped table can't be co-located on `tenant_id`",
        "When an engine that distributes tables (Citus) is a target, every tenant-scoped table is distributed on `tenant_id` and co-located with the first one (`colocate_with`), so that a tenant's rows of every table are on one node and its joins and foreign keys stay there. That needs a `tenant_id` column of one type (the type, not its length: `VARCHAR(36)` and `VARCHAR(64)` co-locate, `TEXT` and `VARCHAR` or `BIGINT` and `INTEGER` don't), NOT NULL:\n\n    ERROR:  cannot colocate tables users and widgets\n    DETAIL:  Distribution column types don't match for users and widgets.\n\nand a nullable `tenant_id` distributes, but every row with NULL there fails (`cannot perform an INSERT with NULL in the partition column`). Shared tenancy adds `tenant_id` NOT NULL with the tenants key's type, so this comes from a declared `tenant_id` or a Schema built otherwise.\n\nFix: let shared tenancy add `tenant_id`, or declare it as a non-optional `#[datamodel(belongs_to = Tenant)] tenant_id` (the tenants key's type); or make the entity global (`tenancy = \"global\"`).";
}

/// Every non-lint code: validate, resolve, migrations, then import.
pub fn all() -> impl Iterator<Item = &'static CodeDoc> {
    VALIDATE
        .iter()
        .chain(RESOLVE.iter())
        .chain(super::migrate_codes::MIGRATE.iter())
        .chain(super::import_codes::IMPORT.iter())
}
