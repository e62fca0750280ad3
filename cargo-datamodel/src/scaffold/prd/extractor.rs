//! The rules applied sentence by sentence: relationships, uniqueness, checks, nullability,
//! retention and compliance, then the "has many" pairs once every sentence is read.

use super::ctx::Ctx;
use super::rules::{column, entity_name, subject, type_for, Rules};
use super::Confidence;
use crate::scaffold::draft::{DraftEntity, DraftField, FieldType};
use crate::scaffold::infer::{fk, pascal_case, singular};
use crate::scaffold::nouns;

/// Pass 1: the entities (relationship nouns, "each X", "no two X", known nouns).
pub(super) fn known_entities(rules: &Rules, lower: &[String]) -> Vec<String> {
    let mut known: Vec<String> = Vec::new();
    let add = |w: &str, known: &mut Vec<String>| {
        if let Some(n) = entity_name(w) {
            if !known.contains(&n) {
                known.push(n);
            }
        }
    };
    for l in lower {
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
    known
}

/// The rules' state over one text: the draft being built, the entities known after pass 1,
/// the "has many" sentences (decided once all are read), and whether GDPR was mentioned.
pub(super) struct Extractor {
    pub(super) rules: Rules,
    pub(super) ctx: Ctx,
    pub(super) known: Vec<String>,
    pub(super) has_many: Vec<(String, String, usize)>,
    pub(super) gdpr: bool,
}

impl Extractor {
    /// Applies every rule to sentence `i` (`l` lower-cased, `s` as written); true when one
    /// used it.
    pub(super) fn sentence(&mut self, i: usize, l: &str, s: &str) -> bool {
        let mut used = self.relationships(i, l, s);
        let subj = subject(l, &self.ctx, &self.known).or_else(|| {
            // "an employee must be ...": the word before the verb is the entity itself
            self.rules
                .must_be
                .captures(l)
                .and_then(|c| entity_name(&c[1]))
                .filter(|e| self.known.contains(e))
        });
        used |= self.uniqueness(l, s, &subj);
        used |= self.checks(l, s, &subj);
        used |= self.nullability(l, s, &subj);
        used |= self.retention(l, s, &subj);
        if !used {
            if let Some(c) = self.rules.each.captures(l) {
                if let Some(e) = entity_name(&c[1]) {
                    if self.known.contains(&e) {
                        self.ctx.entity_mut(&e);
                    }
                }
            }
        }
        used
    }

    pub(super) fn relationships(&mut self, i: usize, l: &str, s: &str) -> bool {
        let mut used = false;
        // -- relationships --
        if let Some(c) = self.rules.many_both.captures(l) {
            if let (Some(a), Some(b)) = (entity_name(&c[1]), entity_name(&c[2])) {
                self.ctx.entity_mut(&b);
                let e = self.ctx.entity_mut(&a);
                if !e.many_to_many.contains(&b) {
                    e.many_to_many.push(b.clone());
                }
                self.ctx.find(
                    Confidence::Explicit,
                    format!(
                        "{a} M:N {b}: junction table {}",
                        datamodel::naming::junction_table(&a, &datamodel::naming::table_name(&b))
                    ),
                    s,
                );
                used = true;
            }
        } else if let Some(c) = self.rules.enrolled.captures(l) {
            if let (Some(a), Some(b)) = (entity_name(&c[1]), entity_name(&c[2])) {
                let attr = column(&c[3]);
                let j = format!("{a}{b}");
                self.ctx.entity_mut(&b);
                self.ctx
                    .entity_mut(&a)
                    .many_to_many_through
                    .push((b.clone(), j.clone()));
                let mut je = DraftEntity {
                    name: j.clone(),
                    doc: format!(
                        "The {} <-> {} junction, with its {attr}.",
                        crate::scaffold::writer::words(&a),
                        crate::scaffold::writer::words(&b)
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
                        &format!("The {}.", crate::scaffold::writer::words(side)),
                    ));
                }
                let mut g = DraftField::new(
                    &attr,
                    type_for(&attr),
                    &format!("The {}, once known.", attr.replace('_', " ")),
                );
                g.optional = true;
                je.fields.push(g);
                self.ctx.draft.entities.push(je);
                self.ctx.find(
                    Confidence::Explicit,
                    format!("{a} M:N {b} through junction {j} with attribute `{attr}`"),
                    s,
                );
                used = true;
            }
        } else {
            used = self.one_way_relationships(i, l, s);
        }
        used
    }

    /// "belongs to", "has many" (decided later), "has one", "is a".
    fn one_way_relationships(&mut self, i: usize, l: &str, s: &str) -> bool {
        let mut used = false;
        for c in self.rules.belongs.captures_iter(l) {
            let (child, parent) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
                (Some(a), Some(b), _, _) | (_, _, Some(a), Some(b)) => (a.as_str(), b.as_str()),
                _ => continue,
            };
            if let (Some(a), Some(b)) = (entity_name(child), entity_name(parent)) {
                let optional = l.contains("optionally") || l.contains(" may belong");
                if self.ctx.add_fk(&a, &b, false, optional) {
                    self.ctx.find(
                        Confidence::Explicit,
                        format!("{a} N:1 {b}: FK {}_id on {a}", column(&b)),
                        s,
                    );
                }
                used = true;
            }
        }
        for c in self.rules.has_many.captures_iter(l) {
            let (p, ch) = match (c.get(1), c.get(2), c.get(3), c.get(4)) {
                (Some(a), Some(b), _, _) | (_, _, Some(a), Some(b)) => (a.as_str(), b.as_str()),
                _ => continue,
            };
            if let (Some(a), Some(b)) = (entity_name(p), entity_name(ch)) {
                self.ctx.entity_mut(&a);
                self.ctx.entity_mut(&b);
                self.has_many.push((a, b, i));
                used = true;
            }
        }
        if let Some(c) = self.rules.has_one.captures(l) {
            if let (Some(a), Some(b)) = (entity_name(&c[1]), entity_name(&c[2])) {
                if self.known.contains(&b) && self.ctx.add_fk(&b, &a, true, false) {
                    self.ctx.find(
                        Confidence::Explicit,
                        format!("{a} 1:1 {b}: FK {}_id on {b}, unique", column(&a)),
                        s,
                    );
                    used = true;
                }
            }
        }
        if let Some(c) = self.rules.is_a.captures(l) {
            if let (Some(a), Some(b)) = (entity_name(&c[1]), entity_name(&c[2])) {
                if a != b && self.known.contains(&a) && self.known.contains(&b) {
                    self.ctx.entity_mut(&b);
                    self.ctx.entity_mut(&a).extends = Some(b.clone());
                    self.ctx.find(
                        Confidence::Explicit,
                        format!("{a} extends {b}: inheritance (table per type)"),
                        s,
                    );
                    used = true;
                }
            }
        }
        used
    }

    pub(super) fn uniqueness(&mut self, l: &str, s: &str, subj: &Option<String>) -> bool {
        let mut used = false;
        // -- uniqueness --
        if let Some(c) = self.rules.no_two.captures(l) {
            if let Some(e) = entity_name(&c[1]) {
                let col = column(&c[2]);
                self.ctx.field_mut(&e, &col).unique = true;
                self.ctx
                    .find(Confidence::Explicit, format!("UNIQUE({e}.{col})"), s);
                used = true;
            }
        } else if let Some(c) = self.rules.one_per.captures(l) {
            if let (Some(a), Some(b)) = (entity_name(&c[1]), entity_name(&c[2])) {
                self.ctx.add_fk(&a, &b, false, false);
                self.ctx.field_mut(&a, "number").unique = false;
                let key = vec![format!("{}_id", column(&b)), "number".to_string()];
                let e = self.ctx.entity_mut(&a);
                if !e.unique.contains(&key) {
                    e.unique.push(key.clone());
                }
                self.ctx.find(
                    Confidence::Composite,
                    format!("UNIQUE({a}.{})", key.join(", ")),
                    s,
                );
                used = true;
            }
        } else if let Some(c) = self.rules.each_has.captures(l) {
            if let (Some(e), false) = (
                entity_name(&c[1]),
                self.known.contains(&singular(&pascal_case(&c[2]))),
            ) {
                let col = column(&c[2]);
                self.ctx.field_mut(&e, &col).unique = true;
                self.ctx.find(
                    Confidence::Implicit,
                    format!("UNIQUE({e}.{col}), per the seed's \"each X has a Y\""),
                    s,
                );
                used = true;
            }
        }
        for c in self.rules.unique.captures_iter(l) {
            if let Some(e) = &subj {
                let col = column(&c[1]);
                if self.known.contains(&singular(&pascal_case(&col))) {
                    continue;
                }
                self.ctx.field_mut(e, &col).unique = true;
                self.ctx
                    .find(Confidence::Explicit, format!("UNIQUE({e}.{col})"), s);
                used = true;
            }
        }
        used
    }

    pub(super) fn checks(&mut self, l: &str, s: &str, subj: &Option<String>) -> bool {
        let mut used = false;
        // -- checks --
        if let (Some(c), Some(e)) = (self.rules.must_be.captures(l), &subj) {
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
            let f = self.ctx.field_mut(e, &col);
            f.ty = FieldType::Enum(values.clone());
            self.ctx.find(
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
            used = true;
        }
        if let (Some(c), Some(e)) = (self.rules.compare.captures(l), &subj) {
            let col = column(&c[1]);
            let expr = format!("{col} {} {}", &c[2], &c[3]);
            let f = self.ctx.field_mut(e, &col);
            // a comparison with a number makes the column a number
            if !matches!(f.ty, FieldType::Int { .. } | FieldType::Money) {
                f.ty = FieldType::Int {
                    min: None,
                    max: None,
                    default: None,
                };
            }
            f.check = Some(expr.clone());
            self.ctx
                .find(Confidence::Explicit, format!("CHECK ({e}.{expr})"), s);
            used = true;
        }
        if let (Some(c), Some(e)) = (self.rules.between.captures(l), &subj) {
            let col = column(&c[1]);
            let (lo, hi) = (c[2].parse::<i64>().ok(), c[3].parse::<i64>().ok());
            let f = self.ctx.field_mut(e, &col);
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
            self.ctx.find(
                Confidence::Explicit,
                format!("CHECK ({e}.{col} BETWEEN {} AND {})", &c[2], &c[3]),
                s,
            );
            used = true;
        }
        used
    }

    pub(super) fn nullability(&mut self, l: &str, s: &str, subj: &Option<String>) -> bool {
        let mut used = false;
        // -- nullability --
        for re in [&self.rules.optional, &self.rules.if_available] {
            if let (Some(c), Some(e)) = (re.captures(l), &subj) {
                let Some(w) = c.iter().skip(1).flatten().next() else {
                    continue;
                };
                let col = column(w.as_str());
                if self.known.contains(&singular(&pascal_case(&col))) {
                    continue;
                }
                let f = self.ctx.field_mut(e, &col);
                f.optional = true;
                if matches!(f.ty, FieldType::Enum(_)) {
                    f.optional = false;
                }
                self.ctx
                    .find(Confidence::Explicit, format!("{e}.{col} nullable"), s);
                used = true;
            }
        }
        used
    }

    pub(super) fn retention(&mut self, l: &str, s: &str, subj: &Option<String>) -> bool {
        let mut used = false;
        // -- retention and compliance --
        if let Some(c) = self.rules.retention.captures(l) {
            let unit = match &c[2] {
                "day" => "d",
                "week" => "w",
                "month" => "m",
                _ => "y",
            };
            let ttl = format!("{}{unit}", &c[1]);
            if let Some(e) = &subj {
                self.ctx.entity_mut(e).retention = Some(ttl.clone());
                self.ctx.find(
                    Confidence::Explicit,
                    format!("retention of {e}: ttl {ttl}"),
                    s,
                );
            } else {
                self.ctx.find(
                    Confidence::Explicit,
                    format!("retention {ttl} (no entity named: set `retention` yourself)"),
                    s,
                );
            }
            used = true;
        }
        if self.rules.gdpr.is_match(l) {
            self.ctx.find(
            Confidence::Implicit,
            "GDPR / personal data: e-mail, name and phone fields marked pii; set `retention = \"gdpr\"` in [package.metadata.datamodel]".into(),
            s,
        );
            self.gdpr = true;
            used = true;
        }
        used
    }

    /// "has many" both ways -> M:N (plural on both sides); else 1:N (doubt -> 1:N).
    pub(super) fn has_many_both_ways(&mut self, sents: &[String]) {
        let has_many = std::mem::take(&mut self.has_many);
        for (a, b, i) in &has_many {
            let s = &sents[*i];
            let reverse = has_many.iter().any(|(x, y, _)| x == b && y == a);
            if reverse {
                if a < b
                    && !self
                        .ctx
                        .draft
                        .entity(a)
                        .is_some_and(|e| e.many_to_many.contains(b))
                {
                    self.ctx.entity_mut(a).many_to_many.push(b.clone());
                    self.ctx.find(
                        Confidence::Implicit,
                        format!("{a} M:N {b}: plural on both sides"),
                        s,
                    );
                }
            } else if self.ctx.add_fk(b, a, false, false) {
                self.ctx.find(
                    Confidence::Explicit,
                    format!(
                        "{a} 1:N {b}: FK {}_id on {b} (1:N, the default in doubt)",
                        column(a)
                    ),
                    s,
                );
            }
        }
    }
}
