//! The drafted model `cargo datamodel new` writes: entities, fields, relations, and the list of
//! inferences (what was decided and why) printed to the user.
//!
//! It is the one hand-off between the inference ([`super::infer`]) and the code writer
//! ([`super::writer`]), so the writer never guesses and the inferences can be snapshotted
//! without generating code.

/// A field's type in the generated struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    Str(u32),
    Text,
    Bool(bool),
    Int {
        min: Option<i64>,
        max: Option<i64>,
        default: Option<i64>,
    },
    /// `rust_decimal::Decimal`, NUMERIC(12,2), not negative.
    Money,
    /// `chrono::DateTime<Utc>`.
    Timestamp,
    /// A generated `DataModelEnum` (`<Entity><Field>` in PascalCase); first value is the default.
    Enum(Vec<String>),
    /// `i64` foreign key to `entity`.
    ForeignKey {
        entity: String,
        on_delete: String,
    },
}

#[derive(Debug, Clone)]
pub struct DraftField {
    pub name: String,
    pub ty: FieldType,
    pub doc: String,
    pub unique: bool,
    pub optional: bool,
    pub pii: bool,
    /// With a foreign key: also unique (1:1).
    pub one_to_one: bool,
    /// Column CHECK expression.
    pub check: Option<String>,
}

impl DraftField {
    /// A plain NOT NULL field of type `ty`.
    pub fn new(name: &str, ty: FieldType, doc: &str) -> DraftField {
        DraftField {
            name: name.to_string(),
            ty,
            doc: doc.to_string(),
            unique: false,
            optional: false,
            pii: false,
            one_to_one: false,
            check: None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct DraftEntity {
    pub name: String,
    pub doc: String,
    pub fields: Vec<DraftField>,
    /// `many_to_many(target = X)` declared on this entity.
    pub many_to_many: Vec<String>,
    /// `many_to_many(target = X, through = J)`: (target, junction struct).
    pub many_to_many_through: Vec<(String, String)>,
    /// Composite unique keys.
    pub unique: Vec<Vec<String>>,
    /// `extends = Parent` (table-per-type subtype): no own primary key.
    pub extends: Option<String>,
    /// `junction`: a junction struct (its key fields are the two `belongs_to`).
    pub junction: bool,
    /// `retention(ttl = "..")`.
    pub retention: Option<String>,
    /// `tenancy = "global"`: not scoped to a tenant (the tenants table itself).
    pub global: bool,
    /// Table-level CHECK expressions.
    pub checks: Vec<String>,
}

/// One decision, printed as `inferred: <subject>: <finding> (<why>)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inference {
    pub subject: String,
    pub finding: String,
    pub why: String,
}

impl std::fmt::Display for Inference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} ({})", self.subject, self.finding, self.why)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub entities: Vec<DraftEntity>,
    pub inferences: Vec<Inference>,
}

impl Draft {
    pub fn entity(&self, name: &str) -> Option<&DraftEntity> {
        self.entities.iter().find(|e| e.name == name)
    }

    pub fn note(
        &mut self,
        subject: impl Into<String>,
        finding: impl Into<String>,
        why: impl Into<String>,
    ) {
        self.inferences.push(Inference {
            subject: subject.into(),
            finding: finding.into(),
            why: why.into(),
        });
    }

    /// Whether any field needs `chrono` / `rust_decimal` (the runtime features and crates the
    /// generated file uses).
    pub fn uses(&self, pred: impl Fn(&FieldType) -> bool) -> bool {
        self.entities
            .iter()
            .flat_map(|e| &e.fields)
            .any(|f| pred(&f.ty))
    }
}
