//! The seed's six design questions (Step 2) as data, and how `init` settles each answer:
//! a flag, else the value already in `[package.metadata.datamodel]`, else (engine only) what
//! the dependencies say, else the option the seed recommends.
//!
//! Question texts, option labels and one-line descriptions are the seed's words; the values are
//! the configuration values of [`crate::config`].

use crate::collect::engine::from_dependency;
use crate::config::Engine;
use crate::dialect::dialect_for;
use std::sync::LazyLock;
use toml_edit::{DocumentMut, Item};

#[derive(Debug, Clone, Copy)]
pub struct Choice {
    /// The configuration value (`multiple` is the engine list of all three).
    pub value: &'static str,
    pub label: &'static str,
    pub description: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub struct Question {
    /// The configuration key (`engines` for the engine question).
    pub key: &'static str,
    pub header: &'static str,
    pub question: &'static str,
    pub choices: &'static [Choice],
    /// The seed's "(Recommended)" option, if it names one.
    pub recommended: Option<usize>,
}

const fn c(value: &'static str, label: &'static str, description: &'static str) -> Choice {
    Choice {
        value,
        label,
        description,
    }
}

/// The engine answers: each engine as its dialect describes it (`Dialect::init_choice`), in
/// registry order, then `multiple`.
static ENGINE_CHOICES: LazyLock<Vec<Choice>> = LazyLock::new(|| {
    Engine::ALL
        .into_iter()
        .map(|e| {
            let (label, description) = dialect_for(e).init_choice();
            c(e.name(), label, description)
        })
        .chain([c(
            "multiple",
            "Multiple engines",
            "Generate engine-specific variants",
        )])
        .collect()
});

/// The six questions in the seed's order.
pub static QUESTIONS: LazyLock<[Question; 6]> = LazyLock::new(|| {
    [
        Question {
            key: "engines",
            header: "Engine",
            question: "Which database engine(s) should the model target?",
            choices: &ENGINE_CHOICES,
            recommended: Engine::ALL.iter().position(|e| *e == Engine::DEFAULT),
        },
        Question {
            key: "migration",
            header: "Migration",
            question: "Is this a greenfield schema or extending existing tables?",
            choices: const {
                &[
                    c(
                        "greenfield",
                        "Greenfield",
                        "New schema, CREATE TABLE statements",
                    ),
                    c(
                        "brownfield",
                        "Brownfield",
                        "Extending existing tables, zero-downtime migration notes",
                    ),
                    c("mixed", "Mixed", "Some new tables, some alterations"),
                ]
            },
            recommended: Some(0),
        },
        Question {
            key: "tenancy",
            header: "Tenancy",
            question: "Does this system require multi-tenancy?",
            choices: const {
                &[
                    c("none", "No multi-tenancy", "Single-tenant application"),
                    c(
                        "shared",
                        "Shared tables + tenant_id",
                        "Discriminator column with RLS",
                    ),
                    c("schema", "Schema-per-tenant", "Separate schemas per tenant"),
                    c(
                        "database",
                        "Database-per-tenant",
                        "Full isolation, regulated industries",
                    ),
                ]
            },
            recommended: Some(1),
        },
        Question {
            key: "deletes",
            header: "Deletes",
            question: "What delete strategy for records?",
            choices: const {
                &[
                    c(
                        "soft",
                        "Soft delete via deleted_at",
                        "Preserves data, supports undelete",
                    ),
                    c("hard", "Hard delete", "Permanent removal, simpler queries"),
                    c("archival", "Archival", "Move to cold storage tables"),
                    c(
                        "mixed",
                        "Mixed per entity",
                        "Different strategy per entity type",
                    ),
                ]
            },
            recommended: Some(0),
        },
        Question {
            key: "retention",
            header: "Retention",
            question: "Are there data retention or GDPR requirements?",
            choices: const {
                &[
                    c("none", "No requirements", "Standard data lifecycle"),
                    c(
                        "gdpr",
                        "GDPR compliance needed",
                        "Right-to-deletion, crypto-shredding options",
                    ),
                    c(
                        "ttl",
                        "TTL-based cleanup",
                        "Automatic expiration of old records",
                    ),
                    c(
                        "custom",
                        "Custom retention policy",
                        "Per-entity retention rules",
                    ),
                ]
            },
            recommended: None,
        },
        Question {
            key: "depth",
            header: "Depth",
            question: "What level of detail should the output include?",
            choices: const {
                &[
                    c(
                        "production",
                        "Production",
                        "Full tables, indexes, migrations, retention, quality scorecard",
                    ),
                    c(
                        "mvp",
                        "MVP",
                        "Core tables and constraints only, minimal migration notes",
                    ),
                    c(
                        "schema",
                        "Schema only",
                        "Tables and relationships, no migration or retention notes",
                    ),
                ]
            },
            recommended: Some(0),
        },
    ]
});

impl Question {
    /// `PostgreSQL (Recommended) — Full constraint support, ...`, the line a prompt shows.
    pub fn option_line(&self, i: usize, current: Option<usize>) -> String {
        let ch = &self.choices[i];
        let mut label = ch.label.to_string();
        if self.recommended == Some(i) {
            label.push_str(" (Recommended)");
        }
        if current == Some(i) {
            label.push_str(" (current)");
        }
        format!("{label} — {}", ch.description)
    }

    pub fn index_of(&self, value: &str) -> Option<usize> {
        self.choices.iter().position(|c| c.value == value)
    }

    /// The preselected option when nothing is configured.
    pub fn default_index(&self) -> usize {
        self.recommended.unwrap_or(0)
    }
}

/// Where an answer came from, printed next to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag,
    Current,
    Inferred(String),
    Default,
    Chosen,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Flag => write!(f, "from the flag"),
            Source::Current => write!(f, "kept from Cargo.toml"),
            Source::Inferred(why) => write!(f, "inferred from {why}"),
            Source::Default => write!(f, "the seed's default"),
            Source::Chosen => write!(f, "chosen"),
        }
    }
}

/// The current value of `q` in `[package.metadata.datamodel]`, as a choice index.
pub fn current(doc: &DocumentMut, q: &Question) -> Option<usize> {
    let dm = doc.get("package")?.get("metadata")?.get("datamodel")?;
    if q.key == "engines" {
        let list: Vec<String> = match dm.get("engines").or_else(|| dm.get("engine"))? {
            Item::Value(toml_edit::Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            item => vec![item.as_str()?.to_string()],
        };
        return match list.as_slice() {
            [one] => Engine::parse(one).and_then(|e| q.index_of(e.name())),
            [] => None,
            _ => q.index_of("multiple"),
        };
    }
    q.index_of(dm.get(q.key)?.as_str()?)
}

/// The engine the `[dependencies]` imply (one engine only; several -> `multiple`), and the
/// dependency that says so.
pub fn inferred_engine(doc: &DocumentMut, q: &Question) -> Option<(usize, String)> {
    let deps = doc.get("dependencies")?.as_table_like()?;
    let mut found: Vec<Engine> = Vec::new();
    let mut names = Vec::new();
    for (name, item) in deps.iter() {
        let features: Vec<String> = item
            .as_table_like()
            .and_then(|t| t.get("features"))
            .and_then(Item::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let engines = from_dependency(name, &features);
        if !engines.is_empty() {
            names.push(format!("the `{name}` dependency"));
        }
        for e in engines {
            if !found.contains(&e) {
                found.push(e);
            }
        }
    }
    let idx = match found.as_slice() {
        [] => return None,
        [one] => q.index_of(one.name())?,
        _ => q.index_of("multiple")?,
    };
    Some((idx, names.join(", ")))
}

/// The configuration value of engine answer `value`: the `engines` list.
pub fn engines_value(value: &str) -> Vec<&'static str> {
    match value {
        // Every single-node engine: a distributing one (Citus) implies shared tenancy and
        // is chosen on its own.
        "multiple" => Engine::ALL
            .iter()
            .filter(|e| !dialect_for(**e).distributes_tables())
            .map(|e| e.name())
            .collect(),
        other => Engine::parse(other)
            .map(|e| vec![e.name()])
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_is_a_valid_configuration_value() {
        use crate::config::{Deletes, Depth, Migration, RetentionPolicy, Tenancy};
        for q in QUESTIONS.iter() {
            for ch in q.choices {
                let ok = match q.key {
                    "engines" => !engines_value(ch.value).is_empty(),
                    "migration" => Migration::parse(ch.value).is_some(),
                    "tenancy" => Tenancy::parse(ch.value).is_some(),
                    "deletes" => Deletes::parse(ch.value).is_some(),
                    "retention" => RetentionPolicy::parse(ch.value).is_some(),
                    "depth" => Depth::parse(ch.value).is_some(),
                    _ => false,
                };
                assert!(ok, "{} = {}", q.key, ch.value);
            }
        }
    }

    #[test]
    fn engine_is_inferred_from_dependencies_and_current_values_win() {
        let doc: DocumentMut = "[package]\nname = \"x\"\n[dependencies]\nsqlx = { version = \"0.8\", features = [\"sqlite\"] }\n"
            .parse()
            .unwrap();
        let q = &QUESTIONS[0];
        assert_eq!(
            inferred_engine(&doc, q),
            Some((2, "the `sqlx` dependency".to_string()))
        );
        let doc: DocumentMut = "[package]\nname = \"x\"\n[package.metadata.datamodel]\nengines = [\"mysql\", \"sqlite\"]\ntenancy = \"schema\"\n"
            .parse()
            .unwrap();
        assert_eq!(current(&doc, q), q.index_of("multiple"));
        assert_eq!(current(&doc, &QUESTIONS[2]), Some(2));
        assert_eq!(current(&doc, &QUESTIONS[1]), None);
    }

    #[test]
    fn option_lines_label_the_recommendation() {
        assert_eq!(
            QUESTIONS[2].option_line(1, Some(1)),
            "Shared tables + tenant_id (Recommended) (current) — Discriminator column with RLS"
        );
    }
}
