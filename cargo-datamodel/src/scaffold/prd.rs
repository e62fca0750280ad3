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

use super::draft::{Draft, DraftEntity, DraftField, FieldType};
use super::infer::{field_type, fk, pascal_case, singular};
use super::nouns;
use crate::report::Error;
use regex::Regex;
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

/// The sentences of a Markdown text: headings and blank lines end sentences, list markers and
/// emphasis are dropped.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.starts_with("```") {
            continue;
        }
        let line = line
            .trim_start_matches(['-', '*', '+', '>'])
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches(['.', ')'])
            .replace(['*', '`', '_'], " ");
        let mut cur = String::new();
        let chars: Vec<char> = line.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            cur.push(*c);
            let end = matches!(c, '.' | '!' | '?' | ';')
                && chars.get(i + 1).is_none_or(|n| n.is_whitespace());
            if end {
                push_sentence(&mut out, &cur);
                cur.clear();
            }
        }
        push_sentence(&mut out, &cur);
    }
    out
}

fn push_sentence(out: &mut Vec<String>, s: &str) {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let s = s.trim_end_matches(['.', '!', '?', ';']).trim().to_string();
    if s.split_whitespace().count() >= 2 {
        out.push(s);
    }
}

struct Rules {
    belongs: Regex,
    has_many: Regex,
    has_one: Regex,
    many_both: Regex,
    enrolled: Regex,
    is_a: Regex,
    each: Regex,
    unique: Regex,
    no_two: Regex,
    one_per: Regex,
    each_has: Regex,
    must_be: Regex,
    compare: Regex,
    between: Regex,
    optional: Regex,
    if_available: Regex,
    retention: Regex,
    gdpr: Regex,
}

const ART: &str = r"(?:(?:a|an|the|each|every|one|exactly one|many|multiple|zero or more)\s+)?";
const W: &str = r"([a-z][a-z0-9]*)";

fn rules() -> Rules {
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
const NOT_ENTITIES: &[&str] = &[
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

struct Ctx {
    draft: Draft,
    findings: Vec<Finding>,
}

impl Ctx {
    fn entity_mut(&mut self, name: &str) -> &mut DraftEntity {
        if self.draft.entity(name).is_none() {
            let mut e = DraftEntity {
                name: name.to_string(),
                ..Default::default()
            };
            match nouns::lookup(name) {
                Some(noun) => {
                    e.doc = noun.doc.to_string();
                    for x in noun.attrs {
                        e.fields.push(DraftField {
                            unique: x.unique,
                            optional: x.optional,
                            pii: x.pii,
                            ..DraftField::new(x.name, field_type(&x.kind), x.doc)
                        });
                    }
                }
                None => {
                    let w = super::writer::words(name);
                    let article = if w.starts_with(['a', 'e', 'i', 'o', 'u']) {
                        "An"
                    } else {
                        "A"
                    };
                    e.doc = format!("{article} {w}.");
                }
            }
            self.draft.entities.push(e);
        }
        self.draft
            .entities
            .iter_mut()
            .find(|e| e.name == name)
            .expect("just added")
    }

    fn field_mut(&mut self, entity: &str, field: &str) -> &mut DraftField {
        let e = self.entity_mut(entity);
        if !e.fields.iter().any(|f| f.name == field) {
            e.fields.push(DraftField::new(
                field,
                type_for(field),
                &format!("The {}.", field.replace('_', " ")),
            ));
        }
        e.fields
            .iter_mut()
            .find(|f| f.name == field)
            .expect("just added")
    }

    fn find(&mut self, confidence: Confidence, what: String, sentence: &str) {
        self.findings.push(Finding {
            confidence,
            what,
            sentence: sentence.to_string(),
        });
    }

    fn has_fk(&self, from: &str, to: &str) -> bool {
        self.draft.entity(from).is_some_and(|e| {
            e.fields
                .iter()
                .any(|f| matches!(&f.ty, FieldType::ForeignKey { entity, .. } if entity == to))
        })
    }

    fn add_fk(&mut self, child: &str, parent: &str, one_to_one: bool, optional: bool) -> bool {
        if child == parent || self.has_fk(child, parent) {
            return false;
        }
        self.entity_mut(parent);
        let field = format!("{}_id", datamodel::naming::snake_case(parent));
        let (on_delete, doc) = if optional {
            (
                "set_null",
                format!("The {}, if any.", super::writer::words(parent)),
            )
        } else {
            ("restrict", format!("The {}.", super::writer::words(parent)))
        };
        let mut f = fk(&field, parent, on_delete, optional, &doc);
        f.one_to_one = one_to_one;
        let e = self.entity_mut(child);
        e.fields.retain(|x| x.name != field);
        e.fields.push(f);
        true
    }
}

/// A column type from the column's name.
fn type_for(field: &str) -> FieldType {
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
fn entity_name(word: &str) -> Option<String> {
    if NOT_ENTITIES.contains(&word) || word.len() < 2 {
        return None;
    }
    Some(singular(&pascal_case(word)))
}

fn column(word: &str) -> String {
    datamodel::naming::snake_case(word)
}

/// The first known entity named in the sentence (the subject of a column rule).
fn subject(s: &str, ctx: &Ctx, known: &[String]) -> Option<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter_map(entity_name)
        .find(|n| known.contains(n) || ctx.draft.entity(n).is_some())
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
    let mut ctx = Ctx {
        draft: Draft::default(),
        findings: Vec::new(),
    };
    let lower: Vec<String> = sents.iter().map(|s| s.to_lowercase()).collect();

    // Pass 1: entities (relationship nouns, "each X", "no two X", known nouns).
    let mut known: Vec<String> = Vec::new();
    let add = |w: &str, known: &mut Vec<String>| {
        if let Some(n) = entity_name(w) {
            if !known.contains(&n) {
                known.push(n);
            }
        }
    };
    for l in &lower {
        for re in [
            &rules.belongs,
            &rules.has_many,
            &rules.has_one,
            &rules.many_both,
            &rules.enrolled,
        ] {
            for c in re.captures_iter(l) {
                for (i, m) in c.iter().enumerate().skip(1) {
                    // the enrolled rule's third word is the junction attribute
                    if std::ptr::eq(re, &rules.enrolled) && i == 3 {
                        continue;
                    }
                    if let Some(m) = m {
                        add(m.as_str(), &mut known);
                    }
                }
            }
        }
        if let Some(c) = rules.is_a.captures(l) {
            add(&c[1], &mut known);
            add(&c[2], &mut known);
        }
        for re in [&rules.each, &rules.no_two] {
            if let Some(c) = re.captures(l) {
                add(&c[1], &mut known);
            }
        }
        for w in l.split(|c: char| !c.is_ascii_alphanumeric()) {
            if let Some(n) = entity_name(w) {
                if nouns::lookup(&n).is_some() && !known.contains(&n) {
                    known.push(n);
                }
            }
        }
    }
    // "has one" / "has a" objects that are attributes, not entities, are dropped below by
    // checking `known` (only relationship slots and known nouns are entities).
    let mut used = vec![false; sents.len()];
    let mut has_many: Vec<(String, String, usize)> = Vec::new();
    let mut gdpr = false;

    for (i, l) in lower.iter().enumerate() {
        let s = &sents[i];
        // -- relationships --
        if let Some(c) = rules.many_both.captures(l) {
            if let (Some(a), Some(b)) = (entity_name(&c[1]), entity_name(&c[2])) {
                ctx.entity_mut(&b);
                let e = ctx.entity_mut(&a);
                if !e.many_to_many.contains(&b) {
                    e.many_to_many.push(b.clone());
                }
                ctx.find(
                    Confidence::Explicit,
                    format!(
                        "{a} M:N {b}: junction table {}_{}",
                        column(&a),
                        datamodel::naming::table_name(&b)
                    ),
                    s,
                );
                used[i] = true;
            }
        } else if let Some(c) = rules.enrolled.captures(l) {
            if let (Some(a), Some(b)) = (entity_name(&c[1]), entity_name(&c[2])) {
                let attr = column(&c[3]);
                let j = format!("{a}{b}");
                ctx.entity_mut(&b);
                ctx.entity_mut(&a)
                    .many_to_many_through
                    .push((b.clone(), j.clone()));
                let mut je = DraftEntity {
                    name: j.clone(),
                    doc: format!(
                        "The {} <-> {} junction, with its {attr}.",
                        super::writer::words(&a),
                        super::writer::words(&b)
                    ),
                    junction: true,
                    ..Default::default()
                };
                for side in [&a, &b] {
                    let f = format!("{}_id", datamodel::naming::snake_case(side));
                    je.fields.push(fk(
                        &f,
                        side,
                        "cascade",
                        false,
                        &format!("The {}.", super::writer::words(side)),
                    ));
                }
                let mut g = DraftField::new(
                    &attr,
                    type_for(&attr),
                    &format!("The {}, once known.", attr.replace('_', " ")),
                );
                g.optional = true;
                je.fields.push(g);
                ctx.draft.entities.push(je);
                ctx.find(
                    Confidence::Explicit,
                    format!("{a} M:N {b} through junction {j} with attribute `{attr}`"),
                    s,
                );
                used[i] = true;
            }
        } else {
            for c in rules.belongs.captures_iter(l) {
                let (child, parent) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
                    (Some(a), Some(b), _, _) | (_, _, Some(a), Some(b)) => (a.as_str(), b.as_str()),
                    _ => continue,
                };
                if let (Some(a), Some(b)) = (entity_name(child), entity_name(parent)) {
                    let optional = l.contains("optionally") || l.contains(" may belong");
                    if ctx.add_fk(&a, &b, false, optional) {
                        ctx.find(
                            Confidence::Explicit,
                            format!("{a} N:1 {b}: FK {}_id on {a}", column(&b)),
                            s,
                        );
                    }
                    used[i] = true;
                }
            }
            for c in rules.has_many.captures_iter(l) {
                let (p, ch) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
                    (Some(a), Some(b), _, _) | (_, _, Some(a), Some(b)) => (a.as_str(), b.as_str()),
                    _ => continue,
                };
                if let (Some(a), Some(b)) = (entity_name(p), entity_name(ch)) {
                    ctx.entity_mut(&a);
                    ctx.entity_mut(&b);
                    has_many.push((a, b, i));
                    used[i] = true;
                }
            }
            if let Some(c) = rules.has_one.captures(l) {
                if let (Some(a), Some(b)) = (entity_name(&c[1]), entity_name(&c[2])) {
                    if known.contains(&b) && ctx.add_fk(&b, &a, true, false) {
                        ctx.find(
                            Confidence::Explicit,
                            format!("{a} 1:1 {b}: FK {}_id on {b}, unique", column(&a)),
                            s,
                        );
                        used[i] = true;
                    }
                }
            }
            if let Some(c) = rules.is_a.captures(l) {
                if let (Some(a), Some(b)) = (entity_name(&c[1]), entity_name(&c[2])) {
                    if a != b && known.contains(&a) && known.contains(&b) {
                        ctx.entity_mut(&b);
                        ctx.entity_mut(&a).extends = Some(b.clone());
                        ctx.find(
                            Confidence::Explicit,
                            format!("{a} extends {b}: inheritance (table per type)"),
                            s,
                        );
                        used[i] = true;
                    }
                }
            }
        }
        // -- uniqueness --
        let subj = subject(l, &ctx, &known).or_else(|| {
            // "an employee must be ...": the word before the verb is the entity itself
            rules
                .must_be
                .captures(l)
                .and_then(|c| entity_name(&c[1]))
                .filter(|e| known.contains(e))
        });
        if let Some(c) = rules.no_two.captures(l) {
            if let Some(e) = entity_name(&c[1]) {
                let col = column(&c[2]);
                ctx.field_mut(&e, &col).unique = true;
                ctx.find(Confidence::Explicit, format!("UNIQUE({e}.{col})"), s);
                used[i] = true;
            }
        } else if let Some(c) = rules.one_per.captures(l) {
            if let (Some(a), Some(b)) = (entity_name(&c[1]), entity_name(&c[2])) {
                ctx.add_fk(&a, &b, false, false);
                ctx.field_mut(&a, "number").unique = false;
                let key = vec![format!("{}_id", column(&b)), "number".to_string()];
                let e = ctx.entity_mut(&a);
                if !e.unique.contains(&key) {
                    e.unique.push(key.clone());
                }
                ctx.find(
                    Confidence::Composite,
                    format!("UNIQUE({a}.{})", key.join(", ")),
                    s,
                );
                used[i] = true;
            }
        } else if let Some(c) = rules.each_has.captures(l) {
            if let (Some(e), false) = (
                entity_name(&c[1]),
                known.contains(&singular(&pascal_case(&c[2]))),
            ) {
                let col = column(&c[2]);
                ctx.field_mut(&e, &col).unique = true;
                ctx.find(
                    Confidence::Implicit,
                    format!("UNIQUE({e}.{col}), per the seed's \"each X has a Y\""),
                    s,
                );
                used[i] = true;
            }
        }
        for c in rules.unique.captures_iter(l) {
            if let Some(e) = &subj {
                let col = column(&c[1]);
                if known.contains(&singular(&pascal_case(&col))) {
                    continue;
                }
                ctx.field_mut(e, &col).unique = true;
                ctx.find(Confidence::Explicit, format!("UNIQUE({e}.{col})"), s);
                used[i] = true;
            }
        }
        // -- checks --
        if let (Some(c), Some(e)) = (rules.must_be.captures(l), &subj) {
            let word = &c[1];
            let col = if entity_name(word).as_ref() == Some(e) || word == "be" {
                "status".to_string()
            } else {
                column(word)
            };
            let values: Vec<String> = c[2]
                .split([',', ' '])
                .map(str::trim)
                .filter(|v| !v.is_empty() && *v != "or")
                .map(str::to_string)
                .collect();
            let f = ctx.field_mut(e, &col);
            f.ty = FieldType::Enum(values.clone());
            ctx.find(
                Confidence::Explicit,
                format!(
                    "CHECK ({e}.{col} IN ({}))",
                    values
                        .iter()
                        .map(|v| format!("'{v}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                s,
            );
            used[i] = true;
        }
        if let (Some(c), Some(e)) = (rules.compare.captures(l), &subj) {
            let col = column(&c[1]);
            let expr = format!("{col} {} {}", &c[2], &c[3]);
            let f = ctx.field_mut(e, &col);
            // a comparison with a number makes the column a number
            if !matches!(f.ty, FieldType::Int { .. } | FieldType::Money) {
                f.ty = FieldType::Int {
                    min: None,
                    max: None,
                    default: None,
                };
            }
            f.check = Some(expr.clone());
            ctx.find(Confidence::Explicit, format!("CHECK ({e}.{expr})"), s);
            used[i] = true;
        }
        if let (Some(c), Some(e)) = (rules.between.captures(l), &subj) {
            let col = column(&c[1]);
            let (lo, hi) = (c[2].parse::<i64>().ok(), c[3].parse::<i64>().ok());
            let f = ctx.field_mut(e, &col);
            if !matches!(f.ty, FieldType::Int { .. } | FieldType::Money) {
                f.ty = FieldType::Int {
                    min: None,
                    max: None,
                    default: None,
                };
            }
            match &mut f.ty {
                FieldType::Int { min, max, .. } => {
                    *min = lo;
                    *max = hi;
                }
                _ => f.check = Some(format!("{col} BETWEEN {} AND {}", &c[2], &c[3])),
            }
            ctx.find(
                Confidence::Explicit,
                format!("CHECK ({e}.{col} BETWEEN {} AND {})", &c[2], &c[3]),
                s,
            );
            used[i] = true;
        }
        // -- nullability --
        for re in [&rules.optional, &rules.if_available] {
            if let (Some(c), Some(e)) = (re.captures(l), &subj) {
                let Some(w) = c.iter().skip(1).flatten().next() else {
                    continue;
                };
                let col = column(w.as_str());
                if known.contains(&singular(&pascal_case(&col))) {
                    continue;
                }
                let f = ctx.field_mut(e, &col);
                f.optional = true;
                if matches!(f.ty, FieldType::Enum(_)) {
                    f.optional = false;
                }
                ctx.find(Confidence::Explicit, format!("{e}.{col} nullable"), s);
                used[i] = true;
            }
        }
        // -- retention and compliance --
        if let Some(c) = rules.retention.captures(l) {
            let unit = match &c[2] {
                "day" => "d",
                "week" => "w",
                "month" => "m",
                _ => "y",
            };
            let ttl = format!("{}{unit}", &c[1]);
            if let Some(e) = &subj {
                ctx.entity_mut(e).retention = Some(ttl.clone());
                ctx.find(
                    Confidence::Explicit,
                    format!("retention of {e}: ttl {ttl}"),
                    s,
                );
            } else {
                ctx.find(
                    Confidence::Explicit,
                    format!("retention {ttl} (no entity named: set `retention` yourself)"),
                    s,
                );
            }
            used[i] = true;
        }
        if rules.gdpr.is_match(l) {
            ctx.find(
                Confidence::Implicit,
                "GDPR / personal data: e-mail, name and phone fields marked pii; set `retention = \"gdpr\"` in [package.metadata.datamodel]".into(),
                s,
            );
            gdpr = true;
            used[i] = true;
        }
        if !used[i] {
            if let Some(c) = rules.each.captures(l) {
                if let Some(e) = entity_name(&c[1]) {
                    if known.contains(&e) {
                        ctx.entity_mut(&e);
                    }
                }
            }
        }
    }
    // "has many" both ways -> M:N (plural on both sides); else 1:N (doubt -> 1:N).
    for (a, b, i) in &has_many {
        let s = &sents[*i];
        let reverse = has_many.iter().any(|(x, y, _)| x == b && y == a);
        if reverse {
            if a < b
                && !ctx
                    .draft
                    .entity(a)
                    .is_some_and(|e| e.many_to_many.contains(b))
            {
                ctx.entity_mut(a).many_to_many.push(b.clone());
                ctx.find(
                    Confidence::Implicit,
                    format!("{a} M:N {b}: plural on both sides"),
                    s,
                );
            }
        } else if ctx.add_fk(b, a, false, false) {
            ctx.find(
                Confidence::Explicit,
                format!(
                    "{a} 1:N {b}: FK {}_id on {b} (1:N, the default in doubt)",
                    column(a)
                ),
                s,
            );
        }
    }
    if gdpr {
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
