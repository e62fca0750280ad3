//! How each engine changes a live table: the vocabulary the migration renderer
//! (`migrate::render`) asks the dialects in. The renderer knows the changes; the dialect says,
//! per kind of change, which online method its engine has ([`Online`]) and how it spells the
//! statements that differ between engines ([`ColumnChange`], dropping a foreign key or an
//! index).

/// A kind of change to an existing table, as far as the engine's online method depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlterOp {
    /// A column whose default is stored once (a literal or none).
    AddColumn,
    /// A column the engine fills row by row (a per-row default, identity, a stored generated
    /// column).
    AddComputedColumn,
    DropColumn,
    RenameColumn,
    SetDefault,
    DropNotNull,
    SetNotNull,
    /// A longer string: `from` and `to` are the maximum lengths in characters.
    WidenString {
        from: u32,
        to: u32,
    },
    /// Any other type change (wider integers and decimals, narrowing, another type).
    ChangeType,
    AddForeignKey,
    AddCheck,
    DropForeignKey,
    DropCheck,
    AddIndex,
    DropIndex,
    ChangePrimaryKey,
    /// The primary key constraint gets another name (its table was renamed).
    RenamePrimaryKey,
    /// Start or stop keeping `updated_at` current in the column definition (`ON UPDATE`).
    UpdatedAtClause,
}

/// How the engine makes one change to a live table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Online {
    /// One statement, metadata-only or online as written.
    Direct,
    /// One `ALTER TABLE` ending with the clause the engine enforces (`ALGORITHM=INSTANT`):
    /// the engine refuses the statement rather than silently taking a stronger lock.
    Clause(&'static str),
    /// Only a table copy works (it blocks writes for the copy's duration): the clause states
    /// it, and the step says to use an online schema-change tool on a large table.
    Copy(&'static str),
    /// `CREATE INDEX CONCURRENTLY` / `DROP INDEX CONCURRENTLY`, outside a transaction.
    Concurrently,
    /// `ADD CONSTRAINT ... NOT VALID`, then `VALIDATE CONSTRAINT` (no long lock while every
    /// row is checked).
    NotValidThenValidate,
    /// `SET NOT NULL` proven by a validated `CHECK (col IS NOT NULL)` first, so the engine
    /// doesn't scan the table under an exclusive lock.
    CheckedSetNotNull,
    /// A type change through a shadow column kept in sync by a trigger, filled in committed
    /// batches, then swapped in (`migrate/render/shadow.rs`); a column other objects depend
    /// on keeps `ALTER COLUMN ... TYPE`.
    ShadowColumn,
    /// A rename in two releases: the new column kept in sync with the old by a trigger now,
    /// the old one dropped by a later migration (`migrate/render/expand.rs`).
    ExpandContract,
    /// The engine's `ALTER TABLE` can't do it: the table is rebuilt (new table, copy, drop,
    /// rename, indexes and triggers again) in one transaction.
    Rebuild,
}

impl Online {
    /// The playbook's "method" column.
    pub fn label(self) -> String {
        match self {
            Online::Direct => "Direct".into(),
            Online::Clause(c) => c.into(),
            Online::Copy(c) => format!("{c} (large table: gh-ost / pt-online-schema-change)"),
            Online::Concurrently => "CONCURRENTLY".into(),
            Online::NotValidThenValidate => "NOT VALID + VALIDATE".into(),
            Online::CheckedSetNotNull => "validated CHECK, then SET NOT NULL".into(),
            Online::ExpandContract => {
                "expand now (new column, sync trigger, batched copy), contract later".into()
            }
            Online::ShadowColumn => {
                "shadow column, trigger, batched backfill, swap (expand-contract)".into()
            }
            Online::Rebuild => "table rebuild".into(),
        }
    }
}

/// How the engine spells a change to one column's type, nullability or default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnChange {
    /// `ALTER COLUMN c TYPE t USING c::t`, `SET NOT NULL`, `SET DEFAULT x`: one clause per
    /// property.
    AlterClauses,
    /// `MODIFY COLUMN <the whole new definition>`: every property restated at once.
    ModifyDefinition,
    /// No column alteration: the table is rebuilt.
    Rebuild,
}
