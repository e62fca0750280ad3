//! The import codes (`DM050` and up): why `cargo datamodel import` could not read an existing
//! schema, or what it left out of it.

use super::model_codes::code_registry;
use super::CodeDoc;

code_registry! {
    IMPORT;
    /// No `--dialect` and the SQL doesn't say which engine it was written for.
    AMBIGUOUS_DIALECT = "DM050", "the SQL's engine can't be inferred",
        "`cargo datamodel import` reads types, quoting and identifier case the way the SQL's engine does (`DATETIME` is MySQL's, `TIMESTAMPTZ` PostgreSQL's; PostgreSQL folds unquoted names to lower case). It infers the engine from what betrays it (pg_dump headers, `nextval`, `::` casts; backticks, `AUTO_INCREMENT`, `ENGINE=`; `PRAGMA`, `AUTOINCREMENT`, `STRICT`), and refuses to guess when nothing does or two engines match equally.\n\nFix: say it: `--dialect postgres`, `--dialect mysql` (MariaDB too) or `--dialect sqlite`.";
    /// A file or directory given to `import` can't be read.
    UNREADABLE_INPUT = "DM051", "an import input can't be read",
        "Every path given to `cargo datamodel import` must be a readable SQL file or a migrations directory (sqlx `<version>_<name>.up.sql`, diesel `<version>_<name>/up.sql`, refinery `V<n>__<name>.sql`). Nothing is imported when one can't be read: a schema missing the tables of one file would look complete.\n\nFix: correct the path (relative paths are read from the current directory) or its permissions.";
    /// A statement was skipped: no table structure, or not parsable.
    SKIPPED_STATEMENT = "DM052", "an imported statement was skipped",
        "`cargo datamodel import` models tables, columns, keys, indexes, checks, enum types and domains. Statements that carry no table structure (GRANT, OWNER TO, SET, functions, triggers, sequences, data), and statements the SQL parser can't read, are skipped with one warning each (`file:line: reason`) and counted in the summary; the rest of the file is still imported.\n\nFix: nothing, when the statement carries no schema. When a CREATE TABLE or ALTER TABLE was skipped as unparsable, the tables it defines are missing: check the dialect (`--dialect`), or simplify the statement (vendor options) in a copy of the file.";
    /// `--database-url` names a database that can't be reached or read.
    UNREADABLE_DATABASE = "DM053", "the database can't be read",
        "`cargo datamodel import --database-url` connects to the database and reads its catalog (read-only: SQLite is opened read-only, the servers are only queried). When the URL's scheme is not an engine's, the server refuses the connection or the credentials, or the SQLite file doesn't exist, nothing is imported.\n\nFix: check the URL (`postgres://user@host:5432/db`, `mysql://user:password@host:3306/db`, `sqlite://path/to/file.db`), that the server is running and reachable from here, and that the user may read the catalog.";
}
