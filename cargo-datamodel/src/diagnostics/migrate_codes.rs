//! The migration codes (`DM040` and up): why `cargo datamodel migrate` refuses to write a
//! migration, or `check` fails for one. Each is reported before anything is written.

use super::model_codes::code_registry;
use super::CodeDoc;

code_registry! {
    MIGRATE;
    /// A drop or a narrowing without `--allow-destructive`.
    DESTRUCTIVE = "DM040", "the migration would destroy data",
        "Dropping a column or a table, or narrowing a column's type (a shorter string, a smaller integer, an enum without a value), loses data that no down migration can bring back, and breaks the running application if it still reads the column.\n\nFix: ship it in releases (expand-contract): first stop reading and writing the column in the application and deploy, then run `cargo datamodel migrate --name ... --allow-destructive`. If you meant a rename, declare it (`#[datamodel(renamed_from = \"old_name\")]` on the field, or on the struct for a table): renames are never guessed from similar names.";
    /// A change one engine can't make to a live table without data the tool doesn't have.
    UNSUPPORTED = "DM041", "a change can't be made to a live table on this engine",
        "Some changes need a value or a decision the structs don't carry: a NOT NULL column without a default gives existing rows no value, a new primary key must be chosen for rows that already exist, an identity column can't be added to a table with rows on every engine.\n\nFix: the message names the change and what to do. For a NOT NULL column, give existing rows a value with `--backfill TABLE.COLUMN=EXPR` (the column is added, filled, then made NOT NULL online; this is how an existing table becomes tenant-scoped: `--backfill posts.tenant_id=...`), or add it as `Option<...>` (or with a `default`), fill it yourself, then make it required in the next migration.";
    /// `renamed_from` names a column that doesn't exist, still exists, or is claimed twice.
    AMBIGUOUS_RENAME = "DM042", "a declared rename doesn't match the snapshot",
        "`renamed_from` must name exactly one column (or table) that the snapshot has and the current structs no longer have. Otherwise the tool can't tell a rename from a drop and an add, and never guesses.\n\nFix: correct the old name, remove `renamed_from` when the old column still exists, or give each old name to one new column only.";
    /// A `--backfill` that names no added NOT NULL column, or is not one expression.
    BAD_BACKFILL = "DM044", "a backfill doesn't fit the migration",
        "`--backfill TABLE.COLUMN=EXPR` gives the rows a table already has a value for a NOT NULL column the migration adds without a default. It must name such a column of this migration, and `EXPR` must be one SQL expression (a literal, the row's other columns, or a parenthesised subquery such as `(SELECT tenant_id FROM users WHERE users.id = posts.user_id)`).\n\nFix: check the names against `cargo datamodel migrate --dry-run`, or write the expression as one expression.";
    /// `check` found structs that changed since the snapshot without a migration.
    MIGRATION_MISSING = "DM043", "the structs changed and no migration was generated",
        "The committed schema snapshot is the Schema the last migration moved the database to. When the structs describe another Schema, the database your migrations produce differs from the one the code expects.\n\nFix: run `cargo datamodel migrate --name <what changed>` and commit the migration files and the snapshot together.";
    /// `check --database-url` found the live database different from the structs.
    DATABASE_DRIFT = "DM045", "the database differs from the model",
        "`cargo datamodel check --database-url URL` reads the live database's catalog and compares it with the DDL the tool renders for the structs on that engine, both read by the same importer (so spellings the engine chooses, such as `int(11)` or `'draft'::character varying`, are not differences). Each table, column, index, foreign key, check, primary key, type, nullability or default that differs is one DM045 line, named after the change a migration would make: `in the model but not in the database` (the migration would create it), `in the database but not in the model` (someone added it by hand, or the structs lost it), or both values. The migration tools' history tables (`_sqlx_migrations`, `__diesel_schema_migrations`, `refinery_schema_history`, `seaql_migrations`, `flyway_schema_history`, `schema_migrations`, `goose_db_version`, `atlas_schema_revisions`, `knex_migrations`) are not the model's and are ignored. Not compared: comments, row-level security policies and `updated_at` triggers (no catalog reader reads them back).\n\nFix: when the database is right, change the structs to match it; when the structs are right, write the migration (`cargo datamodel migrate --name ...`) and apply it. To adopt an existing database, seed the snapshot from it (`cargo datamodel migrate --baseline-from-database URL`) so the next migration starts from what is deployed.";
    /// `migrate --baseline-from-database` would replace a snapshot.
    SNAPSHOT_EXISTS = "DM046", "a schema snapshot already exists",
        "`cargo datamodel migrate --baseline-from-database URL` writes the schema snapshot (the baseline the next `migrate` diffs against) from a live database. When a snapshot is already committed, replacing it changes what every later migration is computed from, so it is refused unless asked for.\n\nFix: add `--force` when the database is the truth (the old snapshot is replaced; the change history records the baseline), or run `cargo datamodel migrate --name ...` to migrate from the committed snapshot instead.";
}
