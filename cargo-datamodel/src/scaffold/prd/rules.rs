//! The rules' regular expressions, and how a word of the text becomes an entity, a column
//! name and a column type.

use super::ctx::Ctx;
use crate::scaffold::draft::FieldType;
use crate::scaffold::infer::{pascal_case, singular};
use regex::Regex;

pub(super) struct Rules {
    pub(super) belongs: Regex,
    pub(super) has_many: Regex,
    pub(super) has_one: Regex,
    pub(super) many_both: Regex,
    pub(super) enrolled: Regex,
    pub(super) is_a: Regex,
    pub(super) each: Regex,
    pub(super) unique: Regex,
    pub(super) no_two: Regex,
    pub(super) one_per: Regex,
    pub(super) each_has: Regex,
    pub(super) must_be: Regex,
    pub(super) compare: Regex,
    pub(super) between: Regex,
    pub(super) optional: Regex,
    pub(super) if_available: Regex,
    pub(super) retention: Regex,
    pub(super) gdpr: Regex,
}

pub(super) const ART: &str =
    r"(?:(?:a|an|the|each|every|one|exactly one|many|multiple|zero or more)\s+)?";
pub(super) const W: &str = r"([a-z][a-z0-9]*)";

pub(super) fn rules() -> Rules {
    let r = |s: String| Regex::new(&s).expect("rule regex");
    Rules {
        belongs: r(format!(r"\b{W}s?\s+(?:belongs?|must belong|always belongs?) to\s+{ART}{W}|\b{W}s?\s+(?:is|are) owned by\s+{ART}{W}")),
        has_many: r(format!(r"\b{W}\s+(?:has|have|contains?|owns?) many\s+{W}|\b{W}\s+contains?\s+{ART}{W}")),
        has_one: r(format!(r"\b{W}\s+(?:has|have) (?:one|a single|exactly one)\s+{W}")),
        many_both: r(format!(r"\b{W}\s+can have many\s+{W}\s+and\s+{ART}{W}\s+can have many\s+{W}")),
        enrolled: r(format!(r"\b{W}\s+(?:is |are |can be |gets |get )?(?:enrolled|enrolls?|registered|registers?|assigned) (?:in|to|for)\s+{ART}{W}\s+with\s+(?:a|an)\s+{W}")),
        is_a: r(format!(r"^{ART}{W}\s+is\s+(?:a|an)\s+(?:type of\s+|kind of\s+|special\s+)?{W}\b")),
        each: r(format!(r"^(?:each|every)\s+{W}")),
        unique: r(format!(r"\b(?:unique|distinct)\s+{W}")),
        no_two: r(format!(r"\bno two\s+{W}\s+(?:share|have|use)\s+the same\s+{W}")),
        one_per: r(format!(r"\bone\s+{W}\s+per\s+{W}")),
        each_has: r(format!(r"^(?:each|every)\s+{W}\s+has\s+(?:a|an)\s+{W}$")),
        must_be: r(format!(r"\b{W}\s+(?:must|should|can only|may only) be\s+((?:[a-z_]+,\s*)*[a-z_]+,?\s+or\s+[a-z_]+)")),
        compare: r(format!(r"\b{W}(?:\s+of\s+{ART}[a-z0-9]+)?(?:\s+(?:must|should|has to|needs to) be)?\s*(>=|<=|>|<)\s*(-?\d+)")),
        between: r(format!(r"\b{W}(?:\s+of\s+{ART}[a-z0-9]+)?\s+(?:must be |is |should be )?between\s+(-?\d+)\s+and\s+(-?\d+)")),
        optional: r(format!(r"\boptionally\s+(?:\w+\s+)?(?:a|an|the|their|its|his|her)\s+{W}|\bcan optionally have\s+(?:a|an)\s+{W}")),
        if_available: r(format!(r"\b{W}\s+(?:(?:is|are|gets?)\s+)?(?:(?:stored|shown|given|recorded|kept|added)\s+)?[(,]?\s*if available")),
        retention: r(r"\b(?:deleted|purged|removed|kept|retained|stored)\s+(?:after|for)\s+(\d+)\s+(day|week|month|year)s?".to_string()),
        gdpr: r(r"\b(gdpr|personal data|right to be forgotten|right to erasure)\b".to_string()),
    }
}

/// Words that are never entities even when a pattern puts them in an entity slot.
pub(super) const NOT_ENTITIES: &[&str] = &[
    "it",
    "they",
    "them",
    "this",
    "that",
    "there",
    "which",
    "who",
    "system",
    "app",
    "application",
    "data",
    "time",
    "way",
    "same",
    "other",
    "one",
    "record",
    "records",
    "field",
    "value",
    "number",
    "email",
    "name",
    "status",
    "price",
    "date",
    "grade",
];

/// A column type from the column's name.
pub(super) fn type_for(field: &str) -> FieldType {
    let money = [
        "price", "amount", "total", "cost", "fee", "balance", "salary",
    ];
    let ints = [
        "age", "quantity", "count", "rating", "score", "capacity", "credits", "seats", "stock",
        "year", "level",
    ];
    let text = ["description", "body", "notes", "bio", "content", "comment"];
    if field == "email" {
        FieldType::Str(255)
    } else if field == "phone" {
        FieldType::Str(32)
    } else if field.ends_with("_at") {
        FieldType::Timestamp
    } else if money.contains(&field) {
        FieldType::Money
    } else if ints.contains(&field) {
        FieldType::Int {
            min: None,
            max: None,
            default: None,
        }
    } else if text.contains(&field) {
        FieldType::Text
    } else if ["number", "code", "slug", "sku"].contains(&field) || field.ends_with("_number") {
        FieldType::Str(64)
    } else {
        FieldType::Str(200)
    }
}

/// A word of the text as an entity name (`orders` -> `Order`), or `None` for non-entities.
pub(super) fn entity_name(word: &str) -> Option<String> {
    if NOT_ENTITIES.contains(&word) || word.len() < 2 {
        return None;
    }
    Some(singular(&pascal_case(word)))
}

pub(super) fn column(word: &str) -> String {
    datamodel::naming::snake_case(word)
}

/// The first known entity named in the sentence (the subject of a column rule).
pub(super) fn subject(s: &str, ctx: &Ctx, known: &[String]) -> Option<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter_map(entity_name)
        .find(|n| known.contains(n) || ctx.draft.entity(n).is_some())
}
