//! Every name the Schema gives a table, column, constraint, index or trigger, decided once.
//!
//! Naming follows GitLab's convention (the seed's Step 4): `pk_{table}`,
//! `fk_{table}_{column}_{ref_table}`, `check_{table}_{column}_{type}`,
//! `idx_{table}_on_{columns}` and `uq_{table}_on_{columns}` for unique indexes. A name longer
//! than [`MAX_IDENT_LEN`] bytes (PostgreSQL silently truncates at 63, MySQL rejects over 64)
//! becomes a readable prefix, `_`, and the first 10 hex chars of the SHA-256 of the full name,
//! so it stays stable across runs and distinct names stay distinct.
//!
//! [`NameRegistry`] hands out names and guarantees that no two objects of one namespace share a
//! name (MySQL and SQLite index names are schema-wide, PostgreSQL relations share one
//! namespace): a clash gets a numeric suffix. It is a hash set, O(1) per name. Names are
//! compared ASCII case-insensitively: SQLite treats `Title` and `title` as one identifier
//! everywhere, MySQL does for columns and indexes, so two names that differ only in case would
//! break those engines (found by the property tests); the name handed out keeps its case.
//!
//! This module only builds names; renderers quote them (see `dialect`).

use super::MAX_IDENT_LEN;
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// Hex chars of the SHA-256 kept in a shortened name.
pub const HASH_LEN: usize = 10;

/// Name of the generated column that engines without partial indexes (MySQL/MariaDB) add for a
/// partial unique index: `IF(<predicate>, 1, NULL)`, placed last in the unique key so rows
/// outside the predicate (NULL) never conflict. One column per distinct predicate of a table.
pub const LIVE_COLUMN: &str = "dm_live";

/// The generated column standing in for a partial unique index's predicate on engines
/// without partial indexes: [`LIVE_COLUMN`] for the soft-delete predicate
/// `deleted_at IS NULL`, `dm_live_` + 8 hex chars of the predicate's SHA-256 for any other.
pub fn live_column(predicate: &str) -> String {
    if predicate == super::SOFT_DELETE_PREDICATE {
        return LIVE_COLUMN.to_string();
    }
    let digest = Sha256::digest(predicate.as_bytes());
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("{LIVE_COLUMN}_{hex}")
}

/// `name` if it fits in [`MAX_IDENT_LEN`] bytes, else a readable prefix + `_` + 10 hex chars of
/// the SHA-256 of the full name.
pub fn shorten(name: &str) -> String {
    shorten_to(name, MAX_IDENT_LEN)
}

/// [`shorten`] with an explicit limit (at least `HASH_LEN + 2`).
pub fn shorten_to(name: &str, limit: usize) -> String {
    if name.len() <= limit {
        return name.to_string();
    }
    let digest = Sha256::digest(name.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let mut cut = limit.saturating_sub(HASH_LEN + 1);
    while cut > 0 && !name.is_char_boundary(cut) {
        cut -= 1;
    }
    let prefix = name[..cut].trim_end_matches('_');
    format!("{prefix}_{}", &hex[..HASH_LEN])
}

/// Hands out unique, length-limited names within one namespace.
#[derive(Debug, Default, Clone)]
pub struct NameRegistry {
    taken: HashSet<String>,
}

impl NameRegistry {
    pub fn new() -> Self {
        Self::default()
    }

    /// Is this name (compared case-insensitively) already handed out?
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(&name.to_ascii_lowercase())
    }

    /// Reserves `wanted` (shortened if too long); on a clash, including one that differs
    /// only in case, appends `_2`, `_3`, ...
    pub fn claim(&mut self, wanted: &str) -> String {
        let first = shorten(wanted);
        if self.taken.insert(first.to_ascii_lowercase()) {
            return first;
        }
        let mut n = 2u32;
        loop {
            let candidate = shorten(&format!("{wanted}_{n}"));
            if self.taken.insert(candidate.to_ascii_lowercase()) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// `pk_{table}`.
pub fn primary_key(table: &str) -> String {
    format!("pk_{table}")
}

/// `fk_{table}_{column}_{ref_table}` (columns joined with `_`).
pub fn foreign_key(table: &str, columns: &[String], ref_table: &str) -> String {
    format!("fk_{table}_{}_{ref_table}", columns.join("_"))
}

/// `check_{table}_{column}_{kind}`, or `check_{table}_{kind}` for a table check.
pub fn check(table: &str, column: Option<&str>, kind: &str) -> String {
    match column {
        Some(c) => format!("check_{table}_{c}_{kind}"),
        None => format!("check_{table}_{kind}"),
    }
}

/// `idx_{table}_on_{columns}` or `uq_{table}_on_{columns}`; a partial index gets `_active`
/// when its predicate is the soft-delete one, `_partial` otherwise (so a plain and a partial
/// index on the same columns never clash).
pub fn index(table: &str, columns: &[String], unique: bool, suffix: Option<&str>) -> String {
    let prefix = if unique { "uq" } else { "idx" };
    let mut name = format!("{prefix}_{table}_on_{}", columns.join("_and_"));
    if let Some(s) = suffix {
        name.push('_');
        name.push_str(s);
    }
    name
}

/// `trg_{table}_updated_at`: the trigger keeping `updated_at` current.
pub fn updated_at_trigger(table: &str) -> String {
    format!("trg_{table}_updated_at")
}

/// `trg_{table}_version`: the trigger incrementing `version` (optimistic locking), where it
/// is not folded into the `updated_at` trigger.
pub fn version_trigger(table: &str) -> String {
    format!("trg_{table}_version")
}

/// `trg_{table}_actor`: the trigger filling `created_by` / `updated_by` from the connection's
/// actor setting.
pub fn actor_trigger(table: &str) -> String {
    format!("trg_{table}_actor")
}

/// The shared audit log of `audit(history)`.
pub const AUDIT_LOG_TABLE: &str = "audit_log";

/// `dm_audit_{table}`: the trigger function writing a table's changes to the audit log.
pub fn history_function(table: &str) -> String {
    format!("dm_audit_{table}")
}

/// `trg_{table}_audit_{op}` (`insert`, `update`, `delete`): the audit log triggers.
pub fn history_trigger(table: &str, op: &str) -> String {
    format!("trg_{table}_audit_{op}")
}

/// The PostgreSQL trigger function filling `created_by` / `updated_by`.
pub const ACTOR_FUNCTION: &str = "dm_set_actor";

/// The PostgreSQL trigger function of the tables that keep only `version`.
pub const VERSION_FUNCTION: &str = "dm_set_version";

/// The PostgreSQL trigger function of the tables that keep `updated_at` and `version` (one
/// trigger per table).
pub const UPDATED_AT_VERSION_FUNCTION: &str = "dm_set_updated_at_and_version";

/// The PostgreSQL trigger function shared by every `updated_at` trigger.
pub const UPDATED_AT_FUNCTION: &str = "dm_set_updated_at";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_kept() {
        assert_eq!(shorten("idx_posts_on_user_id"), "idx_posts_on_user_id");
        let exact = "a".repeat(MAX_IDENT_LEN);
        assert_eq!(shorten(&exact), exact);
    }

    #[test]
    fn long_names_get_prefix_and_sha256() {
        let long = format!("fk_{}_user_id_users", "x".repeat(80));
        let s = shorten(&long);
        assert!(s.len() <= MAX_IDENT_LEN, "{s}");
        assert!(s.starts_with("fk_xxxx"), "{s}");
        let digest = Sha256::digest(long.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert!(s.ends_with(&format!("_{}", &hex[..10])), "{s}");
        // Stable.
        assert_eq!(shorten(&long), s);
    }

    #[test]
    fn names_sharing_a_long_prefix_stay_distinct() {
        let base = "idx_".to_string() + &"a".repeat(70);
        let a = shorten(&format!("{base}_one"));
        let b = shorten(&format!("{base}_two"));
        assert_ne!(a, b);
        assert!(a.len() <= MAX_IDENT_LEN && b.len() <= MAX_IDENT_LEN);
    }

    #[test]
    fn multibyte_names_are_cut_on_char_boundaries() {
        let long = "é".repeat(50);
        let s = shorten(&long);
        assert!(s.len() <= MAX_IDENT_LEN);
    }

    #[test]
    fn registry_never_hands_out_a_name_twice() {
        let mut r = NameRegistry::new();
        assert_eq!(r.claim("Title"), "Title");
        assert_eq!(
            r.claim("title"),
            "title_2",
            "case-insensitive, like SQLite and MySQL"
        );
        assert!(r.contains("TITLE"));
        assert_eq!(r.claim("idx_t_on_a"), "idx_t_on_a");
        assert_eq!(r.claim("idx_t_on_a"), "idx_t_on_a_2");
        assert_eq!(r.claim("idx_t_on_a"), "idx_t_on_a_3");
        let long = "q".repeat(100);
        let first = r.claim(&long);
        let second = r.claim(&long);
        assert_ne!(first, second);
        assert!(first.len() <= MAX_IDENT_LEN && second.len() <= MAX_IDENT_LEN);
    }

    #[test]
    fn many_names_no_collisions() {
        let mut r = NameRegistry::new();
        let mut seen = HashSet::new();
        for i in 0..2000 {
            let n = r.claim(&format!("{}_{}", "z".repeat(70), i % 500));
            assert!(n.len() <= MAX_IDENT_LEN);
            assert!(seen.insert(n));
        }
    }

    #[test]
    fn convention() {
        assert_eq!(primary_key("users"), "pk_users");
        assert_eq!(
            foreign_key("posts", &["user_id".into()], "users"),
            "fk_posts_user_id_users"
        );
        assert_eq!(
            check("posts", Some("status"), "enum"),
            "check_posts_status_enum"
        );
        assert_eq!(
            index(
                "posts",
                &["status".into(), "created_at".into()],
                false,
                None
            ),
            "idx_posts_on_status_and_created_at"
        );
        assert_eq!(
            index("users", &["email".into()], true, Some("active")),
            "uq_users_on_email_active"
        );
    }
}
