//! Cross-field rules of one struct, checked before any code is generated.
//!
//! One function per rule; each pushes its errors into the accumulator so the user sees every
//! mistake of the struct in one compile. Rules that need type information the macro cannot
//! see (FK type equals the target's primary key type, `max_length` only on strings,
//! `set_null` only on `Option`) are not here: `expand.rs` emits them as trait-bound
//! assertions the compiler checks. Rules here look at names and the type *as written*.

use crate::ast::{Column, Entity};
use crate::attr::{InheritanceOpt, RefAction};
use crate::suggest;
use darling::error::Accumulator;
use darling::Error;
use std::collections::BTreeMap;

/// Runs every rule on `e`, adding what it finds to `acc`.
pub fn check(acc: &mut Accumulator, e: &Entity) {
    for f in e.fields.iter().filter(|f| f.opts_ok) {
        skip_conflicts(acc, f);
        if f.opts.skip.is_present() {
            continue;
        }
        string_needs_length(acc, f);
        text_and_max_length(acc, f);
        max_length_not_zero(acc, f);
        bool_needs_default(acc, f);
        relation_keys(acc, f);
        no_native_enum(acc, f);
        precision_and_scale(acc, f);
        range_bounds(acc, f);
        primary_key_not_optional(acc, f);
        default_is_sql(acc, f);
    }
    identifiers_are_printable(acc, e);
    if e.opts_ok {
        primary_key(acc, e);
        field_references(acc, e);
        polymorphic_pair(acc, e);
        inheritance(acc, e);
        retention_ttl(acc, e);
    }
    column_collision(acc, e);
}

/// Exactly one primary key: a field marked `primary_key`, or a field named `id`. Subtypes
/// (`extends`) inherit the parent's key and junction structs use the pair of foreign keys, so
/// both may have none.
fn primary_key(acc: &mut Accumulator, e: &Entity) {
    let marked: Vec<&Column> = e
        .columns()
        .filter(|f| f.opts.primary_key.is_present())
        .collect();
    if let [first, rest @ ..] = marked.as_slice() {
        for other in rest {
            acc.push(
                Error::custom(format!(
                    "two primary keys: `{}` and `{}` are both marked `primary_key`; keep it on one \
                     and mark the other `#[datamodel(unique)]` (a natural key)",
                    first.name, other.name
                ))
                .with_span(&other.opts.primary_key.span()),
            );
        }
        return;
    }
    if e.opts.extends.is_some() || e.opts.junction.is_present() || e.primary_key().is_some() {
        return;
    }
    acc.push(
        Error::custom(format!(
            "`{}` has no primary key: mark a field `#[datamodel(primary_key)]` or add a field `id: i64`",
            e.rust_name()
        ))
        .with_span(e.ident),
    );
}

/// A primary key column is never NULL.
fn primary_key_not_optional(acc: &mut Accumulator, f: &Column) {
    if f.opts.primary_key.is_present() && f.optional {
        acc.push(
            Error::custom(
                "a primary key cannot be `Option`: remove the `Option<..>` around its type",
            )
            .with_span(f.ty),
        );
    }
}

/// A `String` column must say how long it may be: a bare VARCHAR has no length constraint.
fn string_needs_length(acc: &mut Accumulator, f: &Column) {
    if f.inner_is("String") && f.opts.max_length.is_none() && !f.opts.text.is_present() {
        acc.push(
            Error::custom(format!(
                "`{}: {}` needs a length: add `#[datamodel(max_length = 255)]` (VARCHAR(255)) \
                 or `#[datamodel(text)]` (unbounded TEXT)",
                f.name,
                crate::ast::type_string(f.ty)
            ))
            .with_span(f.ident),
        );
    }
}

/// `text` (unbounded) and `max_length` (bounded) contradict each other.
fn text_and_max_length(acc: &mut Accumulator, f: &Column) {
    if f.opts.text.is_present() && f.opts.max_length.is_some() {
        acc.push(
            Error::custom(
                "`text` and `max_length` contradict each other: keep `max_length = N` for VARCHAR(N) \
                 or `text` for unbounded TEXT",
            )
            .with_span(&f.opts.text.span()),
        );
    }
}

/// VARCHAR(0) holds nothing.
fn max_length_not_zero(acc: &mut Accumulator, f: &Column) {
    if let Some(len) = &f.opts.max_length {
        if **len == 0 {
            acc.push(
                Error::custom("`max_length = 0` allows no characters: use a positive length, e.g. `max_length = 255`")
                    .with_span(&len.span()),
            );
        }
    }
}

/// A NOT NULL boolean needs a DEFAULT, or every insert must name it.
fn bool_needs_default(acc: &mut Accumulator, f: &Column) {
    if f.inner_is("bool") && !f.optional && f.opts.default.is_none() {
        acc.push(
            Error::custom(format!(
                "`{}: bool` needs a default: add `#[datamodel(default = false)]` (or `default = true`)",
                f.name
            ))
            .with_span(f.ident),
        );
    }
}

/// `on_delete` is required with `belongs_to`; relation keys need `belongs_to`.
fn relation_keys(acc: &mut Accumulator, f: &Column) {
    match &f.opts.belongs_to {
        Some(target) => {
            if f.opts.on_delete.is_none() {
                let choices = RefAction::ALL.join("\" | \"");
                acc.push(
                    Error::custom(format!(
                        "`belongs_to` needs `on_delete`: say what happens to this row when the referenced \
                         row is deleted, e.g. `on_delete = \"cascade\"` (one of \"{choices}\")"
                    ))
                    .with_span(target),
                );
            }
        }
        None => {
            let orphan = [
                ("on_delete", f.opts.on_delete.as_ref().map(|v| v.span())),
                ("on_update", f.opts.on_update.as_ref().map(|v| v.span())),
                (
                    "one_to_one",
                    f.opts
                        .one_to_one
                        .is_present()
                        .then(|| f.opts.one_to_one.span()),
                ),
            ];
            for (key, span) in orphan {
                if let Some(span) = span {
                    acc.push(
                        Error::custom(format!(
                            "`{key}` only applies to a foreign key: add `belongs_to = Entity` to this field or remove `{key}`"
                        ))
                        .with_span(&span),
                    );
                }
            }
        }
    }
}

/// Native ENUM types are never emitted (they need a migration for every new value).
fn no_native_enum(acc: &mut Accumulator, f: &Column) {
    if f.opts.native_enum.is_present() {
        acc.push(native_enum_error().with_span(&f.opts.native_enum.span()));
    }
}

/// The error shared by both derives for `native_enum`.
pub fn native_enum_error() -> Error {
    Error::custom(
        "native ENUM types are not supported (adding a value needs a table rewrite on MySQL and \
         cannot run in a transaction on PostgreSQL): remove `native_enum`; a `DataModelEnum` is \
         stored as VARCHAR(n) with CHECK (col IN (...))",
    )
}

/// `precision`/`scale` describe NUMERIC(p, s): scale needs precision and fits inside it.
/// (That the field is a decimal type is checked by the compiler, see `expand.rs`.)
fn precision_and_scale(acc: &mut Accumulator, f: &Column) {
    let (p, s) = (&f.opts.precision, &f.opts.scale);
    if let Some(p) = p {
        if **p == 0 || **p > 1000 {
            acc.push(
                Error::custom("`precision` must be between 1 and 1000 digits, e.g. `precision = 12, scale = 2`")
                    .with_span(&p.span()),
            );
        }
    }
    match (p, s) {
        (None, Some(s)) => acc.push(
            Error::custom("`scale` needs `precision`: write `precision = 12, scale = 2` (NUMERIC(12,2))")
                .with_span(&s.span()),
        ),
        (Some(p), Some(s)) if **s > **p => acc.push(
            Error::custom(format!(
                "`scale = {}` is larger than `precision = {}`: the scale counts digits after the point \
                 and must be <= precision",
                **s, **p
            ))
            .with_span(&s.span()),
        ),
        _ => {}
    }
}

/// `min` must not be above `max` when both are numbers.
fn range_bounds(acc: &mut Accumulator, f: &Column) {
    let (Some(min), Some(max)) = (&f.opts.min, &f.opts.max) else {
        return;
    };
    if let (Ok(lo), Ok(hi)) = (min.text.parse::<f64>(), max.text.parse::<f64>()) {
        if lo > hi {
            acc.push(
                Error::custom(format!(
                    "`min = {}` is above `max = {}`: no value could be stored; swap them",
                    min.text, max.text
                ))
                .with_span(&min.span),
            );
        }
    }
}

/// A skipped field is not a column, so column keys on it are mistakes.
fn skip_conflicts(acc: &mut Accumulator, f: &Column) {
    if !f.opts.skip.is_present() {
        return;
    }
    let o = &f.opts;
    let keys = [
        ("primary_key", o.primary_key.is_present()),
        ("belongs_to", o.belongs_to.is_some()),
        ("max_length", o.max_length.is_some()),
        ("unique", o.unique.is_present()),
        ("index", o.index.is_present()),
        ("default", o.default.is_some()),
        ("column", o.column.is_some()),
    ];
    for (key, _) in keys.iter().filter(|(_, set)| *set) {
        acc.push(
            Error::custom(format!(
                "`{key}` on a `skip`ped field has no effect (the field is not persisted): remove `{key}` or `skip`"
            ))
            .with_span(&o.skip.span()),
        );
    }
}

/// Columns `cargo datamodel` adds that `index(..)` and `query(..)` may name although no field
/// declares them (timestamps, soft delete's `deleted_at`, shared tenancy's `tenant_id`, the
/// generated `id`). Whether the entity really gets the column is checked when the model is
/// resolved (e.g. `deleted_at` needs soft delete).
pub const ADDED_COLUMNS: &[&str] = &["id", "created_at", "updated_at", "deleted_at", "tenant_id"];

/// Field names inside `unique(..)`, `index(..)` and `query(..)` must exist and be persisted;
/// `index(..)` and `query(..)` may also name a column the tool adds ([`ADDED_COLUMNS`]).
fn field_references(acc: &mut Accumulator, e: &Entity) {
    let o = &e.opts;
    let mut lists: Vec<(&str, Vec<&syn::Path>)> = Vec::new();
    for u in &o.unique {
        lists.push(("unique", u.iter().collect()));
    }
    for i in &o.index {
        lists.push(("index", i.fields.iter().collect()));
        lists.push(("index include", i.include.iter().collect()));
    }
    for q in &o.query {
        lists.push(("query eq", q.eq.iter().collect()));
        lists.push(("query sort", q.sort.paths().collect()));
        lists.push(("query range", q.range.iter().collect()));
    }
    for (what, list) in lists {
        for path in list {
            let name = path.get_ident().map(crate::ast::unraw);
            let known = name.as_deref().and_then(|n| e.field(n));
            let msg = match (name.as_deref(), known) {
                (Some(_), Some(f)) if !f.opts.skip.is_present() => continue,
                (Some(n), None) if what != "unique" && ADDED_COLUMNS.contains(&n) => continue,
                (Some(n), Some(_)) => {
                    format!("`{what}` names field `{n}`, which is `skip`ped (not a column): remove it or the `skip`")
                }
                (Some(n), None) => format!(
                    "`{what}` names field `{n}`, which `{}` does not have{}",
                    e.rust_name(),
                    suggest::hint(n, e.columns().map(|f| f.name.as_str()))
                ),
                (None, _) => {
                    format!("`{what}` lists Rust field names: write a field name, not a path")
                }
            };
            acc.push(Error::custom(msg).with_span(path));
        }
    }
    for (what, empty) in o.unique.iter().map(|u| ("unique(..)", u.is_empty())).chain(
        o.index
            .iter()
            .map(|i| ("index(fields(..))", i.fields.is_empty())),
    ) {
        if empty {
            acc.push(
                Error::custom(format!(
                    "`{what}` needs at least one field, e.g. `{what}` with `a, b` inside"
                ))
                .with_span(e.ident),
            );
        }
    }
}

/// `<x>_type` + `<x>_id` is a polymorphic association: the database cannot enforce a foreign
/// key on it (GitLab rule). Use one table per target, or opt out with `allow_polymorphic`.
fn polymorphic_pair(acc: &mut Accumulator, e: &Entity) {
    if e.opts.allow_polymorphic.is_present() {
        return;
    }
    for f in e.columns() {
        let name = f.column_name();
        let Some(prefix) = name.strip_suffix("_type") else {
            continue;
        };
        let id = format!("{prefix}_id");
        if prefix.is_empty() || !e.columns().any(|g| g.column_name() == id) {
            continue;
        }
        acc.push(
            Error::custom(format!(
                "`{name}` + `{id}` form a polymorphic association, which no foreign key can enforce: \
                 use one nullable `belongs_to` field per target entity (or a separate table per target), \
                 or add `#[datamodel(allow_polymorphic)]` to the struct if this is intended"
            ))
            .with_span(f.ident),
        );
    }
}

/// `inheritance` and `discriminator_value` describe a subtype, so they need `extends`;
/// `discriminator_value` only applies to single-table inheritance.
fn inheritance(acc: &mut Accumulator, e: &Entity) {
    let o = &e.opts;
    if o.abstract_parent.is_present() && o.discriminator.is_none() {
        acc.push(
            Error::custom(
                "`abstract_parent` marks a single-table inheritance parent: add \
                 `discriminator = \"kind\"` (and subtypes with `extends = ThisStruct, \
                 inheritance = \"single_table\"`), or remove it",
            )
            .with_span(&o.abstract_parent.span()),
        );
    }
    if o.extends.is_none() {
        if let Some(i) = &o.inheritance {
            acc.push(
                Error::custom(
                    "`inheritance` describes a subtype: add `extends = Parent` or remove it",
                )
                .with_span(&i.span()),
            );
        }
        if let Some(v) = &o.discriminator_value {
            acc.push(
                Error::custom("`discriminator_value` describes a subtype: add `extends = Parent, inheritance = \"single_table\"` or remove it")
                    .with_span(&v.span()),
            );
        }
        return;
    }
    let strategy = o
        .inheritance
        .as_deref()
        .copied()
        .unwrap_or(InheritanceOpt::TablePerType);
    if let (InheritanceOpt::TablePerType, Some(v)) = (strategy, &o.discriminator_value) {
        acc.push(
            Error::custom(
                "`discriminator_value` only applies to `inheritance = \"single_table\"` \
                 (table-per-type subtypes have their own table): add it or remove `discriminator_value`",
            )
            .with_span(&v.span()),
        );
    }
}

/// `retention(ttl = "90d")`: a positive number followed by one unit of h, d, w, m, y.
fn retention_ttl(acc: &mut Accumulator, e: &Entity) {
    if let Some(r) = e.opts.retention.as_ref() {
        if r.after_delete.is_present() && r.ttl.is_none() {
            acc.push(
                Error::custom(
                    "`after_delete` needs a `ttl`: write how long deleted rows are kept, \
                     e.g. `retention(ttl = \"30d\", after_delete)`",
                )
                .with_span(&r.after_delete.span()),
            );
        }
    }
    let Some(ttl) = e.opts.retention.as_ref().and_then(|r| r.ttl.as_ref()) else {
        return;
    };
    if !valid_ttl(ttl) {
        acc.push(
            Error::custom(format!(
                "invalid ttl \"{}\": write a number and one unit, h (hours), d (days), w (weeks), \
                 m (months) or y (years), e.g. \"90d\"",
                ttl.as_str()
            ))
            .with_span(&ttl.span()),
        );
    }
}

fn valid_ttl(ttl: &str) -> bool {
    let Some(unit) = ttl.chars().last() else {
        return false;
    };
    let digits = &ttl[..ttl.len() - unit.len_utf8()];
    "hdwmy".contains(unit)
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.bytes().any(|b| b != b'0')
}

/// A String default is SQL text: a bare word (`default = "draft"`) is a column reference to
/// SQL, which every engine rejects in a DEFAULT. Say how to write the string literal.
fn default_is_sql(acc: &mut Accumulator, f: &Column) {
    let Some(d) = &f.opts.default else {
        return;
    };
    let text = d.text.trim();
    let bare_word = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ')
        && !text.chars().all(|c| c.is_ascii_digit() || c == '-')
        && !KNOWN_DEFAULT_WORDS.contains(&text.to_ascii_lowercase().as_str());
    if (f.inner_is("String") || f.inner_is("str")) && bare_word {
        acc.push(
            Error::custom(format!(
                "`default = \"{text}\"` on `{}` is SQL, where a bare word names a column: write \
                 the string literal with single quotes inside, `default = \"'{}'\"`",
                f.name,
                text.replace('\'', "''")
            ))
            .with_span(&d.span),
        );
    }
}

/// Defaults written as a bare word that are SQL keywords, not column names.
const KNOWN_DEFAULT_WORDS: &[&str] = &[
    "null",
    "true",
    "false",
    "current_timestamp",
    "current_date",
    "current_time",
    "localtimestamp",
    "now",
];

/// Names written in attributes become SQL identifiers (and enum values SQL literals): a
/// newline, NUL or other control character in them would break the DDL, the document and
/// every script, so they are refused where they are written.
fn identifiers_are_printable(acc: &mut Accumulator, e: &Entity) {
    let bad = |s: &str| s.chars().any(char::is_control);
    let message = |key: &str, s: &str| {
        format!(
            "`{key} = {s:?}` contains a control character (newline, tab, NUL, ...): SQL names \
             must be printable; remove it"
        )
    };
    if let Some(t) = &e.opts.table {
        if bad(t) {
            acc.push(Error::custom(message("table", t)).with_span(&t.span()));
        }
    }
    for (key, value) in [
        ("discriminator", e.opts.discriminator.as_deref()),
        (
            "discriminator_value",
            e.opts.discriminator_value.as_ref().map(|v| v.as_str()),
        ),
    ] {
        if let Some(v) = value.filter(|v| bad(v)) {
            acc.push(Error::custom(message(key, v)).with_span(e.ident));
        }
    }
    for i in &e.opts.index {
        if let Some(n) = i.name.as_deref().filter(|n| bad(n)) {
            acc.push(Error::custom(message("index(name)", n)).with_span(e.ident));
        }
    }
    for m in &e.opts.many_to_many {
        if let Some(n) = m.junction.as_deref().filter(|n| bad(n)) {
            acc.push(Error::custom(message("junction", n)).with_span(e.ident));
        }
    }
    for f in e.fields.iter().filter(|f| f.opts_ok) {
        if let Some(c) = &f.opts.column {
            if bad(c) {
                acc.push(Error::custom(message("column", c)).with_span(&c.span()));
            }
        }
    }
}

/// Two fields may not map to the same column (a `column = ".."` rename colliding with another
/// field's name).
fn column_collision(acc: &mut Accumulator, e: &Entity) {
    let mut seen: BTreeMap<String, &Column> = BTreeMap::new();
    for f in e.columns() {
        let name = f.column_name();
        if let Some(first) = seen.get(&name) {
            let span = f
                .opts
                .column
                .as_ref()
                .map(|c| c.span())
                .unwrap_or_else(|| f.ident.span());
            acc.push(
                Error::custom(format!(
                    "fields `{}` and `{}` both map to column `{name}`: give one of them another \
                     name with `#[datamodel(column = \"...\")]`",
                    first.name, f.name
                ))
                .with_span(&span),
            );
        } else {
            seen.insert(name, f);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ttl_format() {
        for ok in ["90d", "1y", "12h", "2w", "6m"] {
            assert!(super::valid_ttl(ok), "{ok}");
        }
        for bad in ["", "d", "0d", "90", "90 d", "-1d", "1x", "1.5d"] {
            assert!(!super::valid_ttl(bad), "{bad}");
        }
    }
}
