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
    /// An imported CHECK, default or index predicate is not a safe SQL fragment.
    UNSAFE_FRAGMENT = "DM054", "an imported SQL fragment was dropped",
        "The CHECK conditions, column defaults and partial-index predicates `cargo datamodel import` reads are SQL written for (or printed by) one engine, and the document renders them for every engine it describes. Each goes through the same guard as a fragment written in a struct (DM020): one expression, no statement separator or comment, and nothing an engine reads differently, such as a backslash in a string literal (MySQL reads it as an escape, PostgreSQL and SQLite as a character), which could end the literal early on one engine. A fragment the guard refuses is dropped from the imported schema with this warning, naming the file and the line of the statement it came from, rather than rendered where it would mean something else: the default or the CHECK goes; an index whose predicate goes stays as a full index when it is a plain one, and goes too when it is unique (without its predicate it would refuse rows the database accepts). Column references are checked the way each engine's DDL quotes them, so a column named `user` is a column, not the `USER` function.\n\nFix: nothing, when the constraint doesn't matter for the document. Otherwise rewrite it in the source without the hazard (a string literal without backslashes: `CHR(92)`, or `E'...'` on PostgreSQL) and import again.";
}
