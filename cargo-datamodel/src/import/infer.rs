//! Which engine a SQL file was written for, when the user did not say (`--dialect`).
//!
//! Each dialect lists the words that betray it ([`Dialect::dump_markers`]: pg_dump headers,
//! `nextval`, `::` casts for PostgreSQL; backticks, `AUTO_INCREMENT`, `ENGINE=` for MySQL;
//! `PRAGMA`, `AUTOINCREMENT`, `STRICT` for SQLite). The engine with the most distinct
//! markers wins; a tie or no marker at all is an error naming `--dialect`, because guessing
//! wrong silently changes types (`DATETIME` vs `TIMESTAMPTZ`) and identifier case.

use crate::config::Engine;
use crate::dialect::{dialect_for, Dialect};

/// Why no engine could be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguous {
    /// The engines with the best score (empty: no marker found).
    pub candidates: Vec<Engine>,
}

impl std::fmt::Display for Ambiguous {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.candidates.is_empty() {
            write!(f, "nothing in the SQL says which engine it was written for")
        } else {
            let names: Vec<&str> = self.candidates.iter().map(|e| e.name()).collect();
            write!(f, "the SQL looks equally like {}", names.join(" and "))
        }
    }
}

/// How many distinct markers of `dialect` occur in `text`.
pub fn score(dialect: &dyn Dialect, text: &str) -> usize {
    let lower = text.to_ascii_lowercase();
    dialect
        .dump_markers()
        .iter()
        .filter(|m| contains_marker(&lower, &m.to_ascii_lowercase()))
        .count()
}

/// The engine `text` was written for, or why that is unclear.
pub fn infer(text: &str) -> Result<Engine, Ambiguous> {
    let scores: Vec<(Engine, usize)> = Engine::ALL
        .iter()
        .map(|e| (*e, score(dialect_for(*e), text)))
        .collect();
    let best = scores.iter().map(|(_, s)| *s).max().unwrap_or(0);
    let top: Vec<Engine> = scores
        .iter()
        .filter(|(_, s)| *s == best)
        .map(|(e, _)| *e)
        .collect();
    match (best, top.as_slice()) {
        (0, _) => Err(Ambiguous {
            candidates: Vec::new(),
        }),
        (_, [one]) => Ok(*one),
        _ => Err(Ambiguous { candidates: top }),
    }
}

/// `marker` in `hay` (both lower case); a marker starting or ending with a letter must not
/// be part of a longer word there (`strict` is not in `restrict`).
fn contains_marker(hay: &str, marker: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let check_start = marker.chars().next().is_some_and(word);
    let check_end = marker.chars().last().is_some_and(word);
    hay.match_indices(marker).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + marker.len()..].chars().next();
        let glued_before = check_start && before.is_some_and(word);
        let glued_after = check_end && after.is_some_and(word);
        !(glued_before || glued_after)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_decide() {
        let pg = "-- PostgreSQL database dump\nCREATE TABLE a (id serial);";
        assert_eq!(infer(pg).unwrap().name(), "postgres");
        let my = "CREATE TABLE `a` (id int AUTO_INCREMENT) ENGINE=InnoDB;";
        assert_eq!(infer(my).unwrap().name(), "mysql");
        let lite =
            "PRAGMA foreign_keys = ON; CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT);";
        assert_eq!(infer(lite).unwrap().name(), "sqlite");
    }

    #[test]
    fn nothing_or_a_tie_is_ambiguous() {
        let none = infer("CREATE TABLE a (id int);").unwrap_err();
        assert!(none.candidates.is_empty());
        assert!(none.to_string().contains("nothing"), "{none}");
        let tie = infer("CREATE TABLE `a` (b text); PRAGMA x;").unwrap_err();
        assert_eq!(tie.candidates.len(), 2, "{tie:?}");
    }

    #[test]
    fn whole_words_only() {
        assert!(!contains_marker("on delete restrict", "strict"));
        assert!(contains_marker(") strict;", "strict"));
        assert!(contains_marker("x::text", "::"));
    }
}
