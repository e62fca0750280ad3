//! The table views (and the other long row lists) as template values without copying them.
//!
//! minijinja renders from its own `Value`s. Converting the view through serde copies every
//! string of every column, index and foreign-key row into a new value tree (at 2,000 tables
//! about 30,000 column rows), and both copies are dropped after rendering. Instead the
//! tables are shared with the template behind one `Arc` and exposed as objects that read a
//! row's field when the template asks for it: [`serialize_tables`] hands minijinja that
//! object when it serializes for a template, and the plain rows to any other serializer
//! (JSON), so the view's serialized shape is unchanged. The other long lists (the index
//! strategy's composite indexes, the playbook) are shared the same way through
//! [`serialize_rows`].

use super::index_strategy::CompositeRow;
use super::playbook::PlaybookRow;
use super::tables::{CheckRow, ColumnRow, FkRow, IndexRow, TableView};
use minijinja::value::{Enumerator, Object, ObjectRepr, Value};
use serde::{Serialize, Serializer};
use std::fmt;
use std::sync::Arc;

/// `DocumentView::tables` for serde: the shared object for a template, rows otherwise.
pub fn serialize_tables<S: Serializer>(
    tables: &Arc<[TableView]>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if minijinja::value::serializing_for_value() {
        tables_value(tables.clone(), 0..tables.len()).serialize(serializer)
    } else {
        tables.as_ref().serialize(serializer)
    }
}

/// A view field of type `Arc<[R]>` for serde (`#[serde(serialize_with = ...)]`): a shared
/// list object for a template, rows otherwise. For the long lists outside the tables (the
/// index strategy's composite indexes, the playbook), whose serde copy into template values
/// and its drop cost about as much as rendering them.
pub fn serialize_rows<R, S>(rows: &Arc<[R]>, serializer: S) -> Result<S::Ok, S::Error>
where
    R: Fields + Serialize + fmt::Debug,
    S: Serializer,
{
    if minijinja::value::serializing_for_value() {
        Value::from_object(List(rows.clone())).serialize(serializer)
    } else {
        rows.as_ref().serialize(serializer)
    }
}

/// A shared list of rows.
#[derive(Debug)]
struct List<R: 'static>(Arc<[R]>);

impl<R: Fields + fmt::Debug> Object for List<R> {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let i = key.as_usize().filter(|&i| i < self.0.len())?;
        Some(Value::from_object(Item {
            list: self.clone(),
            at: i,
        }))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.0.len())
    }
}

/// One row of a shared list.
struct Item<R: 'static> {
    list: Arc<List<R>>,
    at: usize,
}

impl<R: fmt::Debug> fmt::Debug for Item<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.list.0[self.at].fmt(f)
    }
}

impl<R: Fields + fmt::Debug> Object for Item<R> {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.list.0[self.at].field(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.list.0[self.at].field(key)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(R::KEYS)
    }
}

/// A row type whose fields the template reads by name.
pub trait Fields: Send + Sync + 'static {
    const KEYS: &'static [&'static str];
    fn field(&self, key: &str) -> Option<Value>;
}

fn text(s: &str) -> Value {
    Value::from(s)
}

fn opt(s: &Option<String>) -> Value {
    s.as_deref().map_or(Value::from(()), Value::from)
}

/// The tables `range` of the shared list as one template value (the whole list, or the half
/// of the per-table sections one thread renders).
pub fn tables_value(tables: Arc<[TableView]>, range: std::ops::Range<usize>) -> Value {
    Value::from_object(Tables { tables, range })
}

/// The tables of a range of the shared list, in view order.
#[derive(Debug)]
struct Tables {
    tables: Arc<[TableView]>,
    range: std::ops::Range<usize>,
}

impl Object for Tables {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let i = key.as_usize().filter(|&i| i < self.range.len())?;
        Some(Value::from_object(Table {
            tables: self.tables.clone(),
            at: self.range.start + i,
        }))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.range.len())
    }
}

/// One table of the shared list.
struct Table {
    tables: Arc<[TableView]>,
    at: usize,
}

impl fmt::Debug for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.tables[self.at].fmt(f)
    }
}

impl Table {
    fn rows<R: Fields + fmt::Debug>(&self, pick: fn(&TableView) -> &[R]) -> Value {
        Value::from_object(Rows {
            tables: self.tables.clone(),
            at: self.at,
            pick,
        })
    }
}

const TABLE_KEYS: &[&str] = &[
    "entity",
    "name",
    "kind",
    "group",
    "comment",
    "columns",
    "indexes",
    "foreign_keys",
    "checks",
    "migration_notes",
];

impl Object for Table {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let t = &self.tables[self.at];
        Some(match key {
            "entity" => text(&t.entity),
            "name" => text(&t.name),
            "kind" => text(&t.kind),
            "group" => text(&t.group),
            "comment" => opt(&t.comment),
            "columns" => self.rows(|t| &t.columns),
            "indexes" => self.rows(|t| &t.indexes),
            "foreign_keys" => self.rows(|t| &t.foreign_keys),
            "checks" => self.rows(|t| &t.checks),
            "migration_notes" => Value::from_iter(t.migration_notes.iter().map(|n| text(n))),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(TABLE_KEYS)
    }
}

/// The column (index, foreign-key, check) rows of one table.
struct Rows<R: 'static> {
    tables: Arc<[TableView]>,
    at: usize,
    pick: fn(&TableView) -> &[R],
}

impl<R: fmt::Debug> fmt::Debug for Rows<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.pick)(&self.tables[self.at]).fmt(f)
    }
}

impl<R: Fields + fmt::Debug> Object for Rows<R> {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let rows = (self.pick)(&self.tables[self.at]);
        let i = key.as_usize().filter(|&i| i < rows.len())?;
        Some(Value::from_object(Row {
            rows: self.clone(),
            at: i,
        }))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq((self.pick)(&self.tables[self.at]).len())
    }
}

/// One row of a table's rows.
struct Row<R: 'static> {
    rows: Arc<Rows<R>>,
    at: usize,
}

impl<R: Fields + fmt::Debug> Row<R> {
    fn get(&self) -> &R {
        &(self.rows.pick)(&self.rows.tables[self.rows.at])[self.at]
    }
}

impl<R: Fields + fmt::Debug> fmt::Debug for Row<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
    }
}

impl<R: Fields + fmt::Debug> Object for Row<R> {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get().field(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.get().field(key)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(R::KEYS)
    }
}

impl Fields for ColumnRow {
    const KEYS: &'static [&'static str] = &[
        "name",
        "ty",
        "nullable",
        "default",
        "constraints",
        "comment",
        "pii",
    ];

    fn field(&self, key: &str) -> Option<Value> {
        Some(match key {
            "name" => text(&self.name),
            "ty" => text(&self.ty),
            "nullable" => text(self.nullable),
            "default" => text(&self.default),
            "constraints" => text(&self.constraints),
            "comment" => opt(&self.comment),
            "pii" => Value::from(self.pii),
            _ => return None,
        })
    }
}

impl Fields for IndexRow {
    const KEYS: &'static [&'static str] = &["name", "columns", "kind", "predicate", "rationale"];

    fn field(&self, key: &str) -> Option<Value> {
        Some(match key {
            "name" => text(&self.name),
            "columns" => text(&self.columns),
            "kind" => text(&self.kind),
            "predicate" => opt(&self.predicate),
            "rationale" => text(&self.rationale),
            _ => return None,
        })
    }
}

impl Fields for FkRow {
    const KEYS: &'static [&'static str] =
        &["name", "columns", "references", "on_delete", "on_update"];

    fn field(&self, key: &str) -> Option<Value> {
        Some(match key {
            "name" => text(&self.name),
            "columns" => text(&self.columns),
            "references" => text(&self.references),
            "on_delete" => text(&self.on_delete),
            "on_update" => text(&self.on_update),
            _ => return None,
        })
    }
}

impl Fields for CheckRow {
    const KEYS: &'static [&'static str] = &["name", "expr"];

    fn field(&self, key: &str) -> Option<Value> {
        Some(match key {
            "name" => text(&self.name),
            "expr" => text(&self.expr),
            _ => return None,
        })
    }
}

impl Fields for CompositeRow {
    const KEYS: &'static [&'static str] = &["table", "name", "columns", "rationale"];

    fn field(&self, key: &str) -> Option<Value> {
        Some(match key {
            "table" => text(&self.table),
            "name" => text(&self.name),
            "columns" => text(&self.columns),
            "rationale" => text(&self.rationale),
            _ => return None,
        })
    }
}

impl Fields for PlaybookRow {
    const KEYS: &'static [&'static str] = &["table", "operation", "safety", "method", "notes"];

    fn field(&self, key: &str) -> Option<Value> {
        Some(match key {
            "table" => text(&self.table),
            "operation" => text(&self.operation),
            "safety" => text(&self.safety),
            "method" => text(&self.method),
            "notes" => text(&self.notes),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Depth;
    use crate::document::view::build;
    use crate::document::{render_view, DocContext};
    use crate::testkit::blog;

    /// Every field a template can read through the shared objects equals what serde gives.
    #[test]
    fn template_sees_the_same_fields_as_the_json_shape() {
        let f = blog(Depth::Production);
        let view = build(&f, &f.target, &DocContext::default());
        let template = "{% for t in tables %}{{ t.entity }}|{{ t.name }}|{{ t.kind }}|{{ t.group }}|{{ t.comment }}|{{ t.migration_notes | length }}|{{ t.checks | length }}/\
            {% for c in t.columns %}{{ c.name }},{{ c.ty }},{{ c.nullable }},{{ c.default }},{{ c.constraints }},{{ c.comment }},{{ c.pii }};{% endfor %}/\
            {% for i in t.indexes %}{{ i.name }},{{ i.columns }},{{ i.kind }},{{ i.predicate }},{{ i.rationale }};{% endfor %}/\
            {% for k in t.foreign_keys %}{{ k.name }},{{ k.columns }},{{ k.references }},{{ k.on_delete }},{{ k.on_update }};{% endfor %}/\
            {% for k in t.checks %}{{ k.name }},{{ k.expr }};{% endfor %}/{% endfor %}\
            {% for r in index_strategy.composite %}{{ r.table }},{{ r.name }},{{ r.columns }},{{ r.rationale }};{% endfor %}/\
            {% for r in playbook %}{{ r.table }},{{ r.operation }},{{ r.safety }},{{ r.method }},{{ r.notes }};{% endfor %}/\
            {{ index_strategy.composite | length }} {{ playbook | length }} {{ playbook[0].table }}";
        let rendered = render_view("t", template, &view).unwrap();
        // The same template over the plain JSON shape (serde_json, no shared objects).
        let json = serde_json::to_value(&view).unwrap();
        let mut env = minijinja::Environment::new();
        env.add_template("t", template).unwrap();
        let from_json = env
            .get_template("t")
            .unwrap()
            .render(minijinja::value::Serde(json))
            .unwrap();
        assert_eq!(rendered, from_json);
        assert!(rendered.contains("posts|"), "{rendered}");
    }

    #[test]
    fn rows_are_sequences_with_length_truthiness_and_unknown_fields_undefined() {
        let f = blog(Depth::Production);
        let view = build(&f, &f.target, &DocContext::default());
        let out = render_view(
            "t",
            "{{ tables | length }} {{ tables[0].columns | length }} {% if tables[5].checks %}x{% else %}none{% endif %} {{ tables[0].columns[0].name }} {{ tables[0].nope is defined }}",
            &view,
        )
        .unwrap();
        assert_eq!(
            out,
            format!("6 {} none id False", view.tables[0].columns.len())
        );
    }
}
