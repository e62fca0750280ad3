//! `cargo datamodel new --from prd.md`: the seed's Step 3 constraint extraction as a rule
//! engine over the sentences of a PRD or feature description. No model, no network: each rule
//! is a regular expression over one lower-cased sentence, and every match becomes a
//! [`Finding`] with the seed's confidence and the sentence it came from.
//!
//! | rule | pattern | result | confidence |
//! |---|---|---|---|
//! | uniqueness | "unique email" / "distinct slug" | `unique` column | Explicit |
//! | uniqueness | "each user has an email" | `unique` column | Implicit |
//! | uniqueness | "no two orders share the same number" | `unique` column | Explicit |
//! | uniqueness | "one license per driver" | `unique(driver_id, number)` | Composite |
//! | relation | "X belongs to Y" / "X is owned by Y" | FK on X | Explicit |
//! | relation | "X has many Y" / "X contains Y" | FK on Y (1:N; doubt -> 1:N) | Explicit |
//! | relation | "X has one Y" / "X has a single Y" | FK on Y, `one_to_one` | Explicit |
//! | relation | "X can have many Y and Y can have many X" | M:N junction | Explicit |
//! | relation | "X has many Y" and "Y has many X" | M:N (plural on both sides) | Implicit |
//! | relation | "X enrolled in Y with a grade" | junction struct with `grade` | Explicit |
//! | inheritance | "X is a Y" / "X is a type of Y" (Y an entity) | `extends = Y` | Explicit |
//! | check | "status must be active or inactive" | enum (VARCHAR + CHECK) | Explicit |
//! | check | "price > 0" | column CHECK | Explicit |
//! | check | "age between 0 and 150" | `min` / `max` | Explicit |
//! | nullability | "optionally ... a bio" / "phone if available" | `Option<T>` | Explicit |
//! | retention | "deleted after 90 days" / "kept for 2 years" | `retention(ttl)` | Explicit |
//! | compliance | "GDPR" / "personal data" | e-mail/name/phone fields marked `pii` | Implicit |
//!
//! Entities are the nouns of relationship and "is a" sentences, of sentences starting "Each X" /
//! "Every X", of "no two X", and the
//! nouns of the table in [`super::nouns`] that the text mentions. A sentence no rule uses is
//! reported as unused.

mod ctx;
mod extractor;
mod rules;
mod sentences;

pub use sentences::sentences;

use super::draft::{Draft, DraftField, FieldType};
use crate::report::Error;
use ctx::Ctx;
use extractor::{known_entities, Extractor};
use rules::rules;
use std::fmt;

/// The seed's confidence levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    Explicit,
    Implicit,
    Composite,
}

/// One extracted constraint and its source sentence.
#[derive(Debug, Clone)]
pub struct Finding {
    pub confidence: Confidence,
    pub what: String,
    pub sentence: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{:?}] {} <- \"{}\"",
            self.confidence, self.what, self.sentence
        )
    }
}

/// What the extraction produced.
#[derive(Debug, Default)]
pub struct Extraction {
    pub draft: Draft,
    pub findings: Vec<Finding>,
    pub unused: Vec<String>,
}

/// Runs every rule on `text`.
pub fn extract(text: &str) -> Result<Extraction, Error> {
    let rules = rules();
    let sents = sentences(text);
    if sents.is_empty() {
        return Err(Error::new("the description has no sentences").help(
            "write the requirements as sentences, e.g. \"Each user has a unique email. A post belongs to a user.\"",
        ));
    }
    let lower: Vec<String> = sents.iter().map(|s| s.to_lowercase()).collect();
    let known = known_entities(&rules, &lower);
    // "has one" / "has a" objects that are attributes, not entities, are dropped below by
    // checking `known` (only relationship slots and known nouns are entities).
    let mut x = Extractor {
        rules,
        ctx: Ctx {
            draft: Draft::default(),
            findings: Vec::new(),
        },
        known,
        has_many: Vec::new(),
        gdpr: false,
    };
    let used: Vec<bool> = lower
        .iter()
        .zip(&sents)
        .enumerate()
        .map(|(i, (l, s))| x.sentence(i, l, s))
        .collect();
    x.has_many_both_ways(&sents);
    let mut ctx = x.ctx;
    if x.gdpr {
        for e in &mut ctx.draft.entities {
            for f in &mut e.fields {
                if ["email", "name", "phone", "address"].contains(&f.name.as_str()) {
                    f.pii = true;
                }
            }
        }
    }
    // Entities without a field get a placeholder, so every struct has a column to review.
    for e in &mut ctx.draft.entities {
        if e.fields.is_empty() && e.extends.is_none() {
            e.fields.push(DraftField::new(
                "name",
                FieldType::Str(200),
                "Display name.",
            ));
        }
    }
    let unused = sents
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(s, _)| s.clone())
        .collect();
    Ok(Extraction {
        draft: ctx.draft,
        findings: ctx.findings,
        unused,
    })
}

/// The report printed by `new --from`: findings, then the sentences no rule used.
pub fn report(x: &Extraction) -> String {
    let mut s = String::new();
    for f in &x.findings {
        s.push_str(&format!("finding {f}\n"));
    }
    for u in &x.unused {
        s.push_str(&format!("unused \"{u}\"\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_drop_markdown() {
        assert_eq!(
            sentences("# Title\n- A user **has** a unique email. Posts belong to users.\n\n1. Tags; more tags"),
            vec![
                "A user has a unique email",
                "Posts belong to users",
                "more tags"
            ]
        );
    }

    #[test]
    fn an_empty_description_is_refused() {
        let e = extract("# only a heading\n").unwrap_err();
        assert_eq!(e.message, "the description has no sentences");
    }
}
