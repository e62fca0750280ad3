//! The draft being built from the findings: entities and fields created on first mention
//! (seeded from the noun table), foreign keys added once.

use super::rules::type_for;
use super::{Confidence, Finding};
use crate::scaffold::draft::{Draft, DraftEntity, DraftField, FieldType};
use crate::scaffold::infer::{attr_field, fk};
use crate::scaffold::nouns;

pub(super) struct Ctx {
    pub(super) draft: Draft,
    pub(super) findings: Vec<Finding>,
}

impl Ctx {
    pub(super) fn entity_mut(&mut self, name: &str) -> &mut DraftEntity {
        if self.draft.entity(name).is_none() {
            let mut e = DraftEntity {
                name: name.to_string(),
                ..Default::default()
            };
            match nouns::lookup(name) {
                Some(noun) => {
                    e.doc = noun.doc.to_string();
                    e.fields.extend(noun.attrs.iter().map(attr_field));
                }
                None => {
                    let w = crate::scaffold::writer::words(name);
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

    pub(super) fn field_mut(&mut self, entity: &str, field: &str) -> &mut DraftField {
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

    pub(super) fn find(&mut self, confidence: Confidence, what: String, sentence: &str) {
        self.findings.push(Finding {
            confidence,
            what,
            sentence: sentence.to_string(),
        });
    }

    pub(super) fn has_fk(&self, from: &str, to: &str) -> bool {
        self.draft.entity(from).is_some_and(|e| {
            e.fields
                .iter()
                .any(|f| matches!(&f.ty, FieldType::ForeignKey { entity, .. } if entity == to))
        })
    }

    pub(super) fn add_fk(
        &mut self,
        child: &str,
        parent: &str,
        one_to_one: bool,
        optional: bool,
    ) -> bool {
        if child == parent || self.has_fk(child, parent) {
            return false;
        }
        self.entity_mut(parent);
        let field = format!("{}_id", datamodel::naming::snake_case(parent));
        let (on_delete, doc) = if optional {
            (
                "set_null",
                format!("The {}, if any.", crate::scaffold::writer::words(parent)),
            )
        } else {
            (
                "restrict",
                format!("The {}.", crate::scaffold::writer::words(parent)),
            )
        };
        let mut f = fk(&field, parent, on_delete, optional, &doc);
        f.one_to_one = one_to_one;
        let e = self.entity_mut(child);
        e.fields.retain(|x| x.name != field);
        e.fields.push(f);
        true
    }
}
