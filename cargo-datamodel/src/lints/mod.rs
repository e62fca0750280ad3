//! Lints: the seed's Step 6 quality check as a catalog of rules run on the resolved [`Schema`].
//!
//! Each rule lives in its own file under `rules/` (`dm1NN_<name>.rs`) with its documentation
//! (the `--explain` text), its `check` function and its tests. A rule reports, for every
//! subject it applies to (a table, a column, an index, a foreign key, a query pattern), whether
//! the subject passes or fails; the failures become [`Violation`]s and every outcome feeds the
//! [`scorecard`]. This module owns the closed [`Rule`] enum (stable `DM1xx` codes and kebab-case
//! names; `DM0xx` belongs to the model validation in `datamodel::validate`), lint levels and the
//! `allow` mechanism; it never prints and never decides an exit code (the CLI does).
//!
//! Levels come, in order of precedence, from a per-column or per-table `allow` (rule name or
//! code, written on the field or struct), then from `[package.metadata.datamodel.lints]`
//! ([`LintConfig`]), then from the rule's default. An allowed rule's findings are kept as
//! *waived*, so the report and the scorecard can say what was silenced.

pub mod explain;
pub mod render;
mod rules;
pub mod scorecard;
#[cfg(test)]
pub(crate) mod testing;

use crate::config::LintLevel;
use crate::schema::{Column, Schema, Table};
use crate::target::Target;
use datamodel::model::SourceLocation;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

pub use explain::explain;
pub use scorecard::Scorecard;

/// How loudly a rule speaks. `Info` is for facts worth knowing that are not mistakes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Allow,
    Info,
    Warn,
    Deny,
}

impl Level {
    /// The rustc-style label: `error`, `warning`, `info`, `allow`.
    pub fn label(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Info => "info",
            Level::Warn => "warning",
            Level::Deny => "error",
        }
    }
}

impl From<LintLevel> for Level {
    fn from(l: LintLevel) -> Level {
        match l {
            LintLevel::Allow => Level::Allow,
            LintLevel::Warn => Level::Warn,
            LintLevel::Deny => Level::Deny,
        }
    }
}

/// The five dimensions of the seed's quality scorecard (5.8), in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    ReferentialIntegrity,
    ConstraintCompleteness,
    IndexCoverage,
    ConventionConsistency,
    OperationalReadiness,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [
        Dimension::ReferentialIntegrity,
        Dimension::ConstraintCompleteness,
        Dimension::IndexCoverage,
        Dimension::ConventionConsistency,
        Dimension::OperationalReadiness,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Dimension::ReferentialIntegrity => "Referential Integrity",
            Dimension::ConstraintCompleteness => "Constraint Completeness",
            Dimension::IndexCoverage => "Index Coverage",
            Dimension::ConventionConsistency => "Convention Consistency",
            Dimension::OperationalReadiness => "Operational Readiness",
        }
    }

    /// What the dimension checks, in one line (the document lists it when no scorecard was
    /// computed).
    pub fn checks(self) -> &'static str {
        match self {
            Dimension::ReferentialIntegrity => {
                "FKs defined; ON DELETE specified; FK indexes present"
            }
            Dimension::ConstraintCompleteness => {
                "CHECK for enums/ranges; NOT NULL where appropriate; UNIQUE for business rules"
            }
            Dimension::IndexCoverage => {
                "FK columns indexed; query patterns covered; composite ordering correct (ESR)"
            }
            Dimension::ConventionConsistency => {
                "snake_case naming; plural tables; consistent constraint naming"
            }
            Dimension::OperationalReadiness => {
                "Timestamps present; soft-delete support; migration notes included"
            }
        }
    }

    /// Weight in percent; the five weights sum to 100.
    pub fn weight(self) -> u32 {
        match self {
            Dimension::ReferentialIntegrity => 25,
            Dimension::ConstraintCompleteness => 25,
            Dimension::IndexCoverage => 20,
            Dimension::ConventionConsistency => 15,
            Dimension::OperationalReadiness => 15,
        }
    }
}

macro_rules! declare_rules {
    ($( $variant:ident = $code:literal, $name:literal, $level:ident, $dim:ident, $module:ident; )*) => {
        /// Every lint rule. Codes and names are stable: configuration and `allow` attributes
        /// refer to them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $($variant,)* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// Stable code, e.g. `DM111`.
            pub fn code(self) -> &'static str { match self { $(Rule::$variant => $code,)* } }
            /// Stable kebab-case name, e.g. `fk-without-index`.
            pub fn name(self) -> &'static str { match self { $(Rule::$variant => $name,)* } }
            pub fn default_level(self) -> Level { match self { $(Rule::$variant => Level::$level,)* } }
            pub fn dimension(self) -> Dimension { match self { $(Rule::$variant => Dimension::$dim,)* } }
            /// The rule's documentation (Markdown), as printed by `--explain`.
            pub fn doc(self) -> &'static str { match self { $(Rule::$variant => rules::$module::DOC,)* } }
            fn check(self, schema: &Schema, out: &mut Checks) {
                match self { $(Rule::$variant => rules::$module::check(schema, out),)* }
            }
        }
    };
}

declare_rules! {
    MissingPrimaryKey = "DM101", "missing-primary-key", Deny, ConstraintCompleteness, dm101_missing_primary_key;
    MissingTimestamps = "DM102", "missing-timestamps", Warn, OperationalReadiness, dm102_missing_timestamps;
    TableNameNotPluralSnakeCase = "DM103", "table-name-not-plural-snake-case", Warn, ConventionConsistency, dm103_table_name_not_plural_snake_case;
    ColumnNameNotSnakeCase = "DM104", "column-name-not-snake-case", Warn, ConventionConsistency, dm104_column_name_not_snake_case;
    FkWithoutOnDelete = "DM105", "fk-without-on-delete", Warn, ReferentialIntegrity, dm105_fk_without_on_delete;
    VarcharWithoutLength = "DM106", "varchar-without-length", Warn, ConstraintCompleteness, dm106_varchar_without_length;
    NativeEnum = "DM107", "native-enum", Warn, ConstraintCompleteness, dm107_native_enum;
    BooleanWithoutDefault = "DM108", "boolean-without-default", Warn, ConstraintCompleteness, dm108_boolean_without_default;
    TenantUniqueWithoutTenantId = "DM109", "tenant-unique-without-tenant-id", Deny, ConstraintCompleteness, dm109_tenant_unique_without_tenant_id;
    TenantIndexNotLeadingTenantId = "DM110", "tenant-index-not-leading-tenant-id", Warn, IndexCoverage, dm110_tenant_index_not_leading_tenant_id;
    FkWithoutIndex = "DM111", "fk-without-index", Warn, IndexCoverage, dm111_fk_without_index;
    IndexNotEsrOrder = "DM112", "index-not-esr-order", Warn, IndexCoverage, dm112_index_not_esr_order;
    QueryPatternNotIndexed = "DM113", "query-pattern-not-indexed", Warn, IndexCoverage, dm113_query_pattern_not_indexed;
    SoftDeleteWithoutActiveIndex = "DM114", "soft-delete-without-active-index", Warn, IndexCoverage, dm114_soft_delete_without_active_index;
    SoftDeleteUniqueNotPartial = "DM115", "soft-delete-unique-not-partial", Warn, ConstraintCompleteness, dm115_soft_delete_unique_not_partial;
    RedundantIndex = "DM116", "redundant-index", Warn, IndexCoverage, dm116_redundant_index;
    TooManyIndexes = "DM117", "too-many-indexes", Warn, OperationalReadiness, dm117_too_many_indexes;
    PolymorphicAssociation = "DM118", "polymorphic-association", Warn, ReferentialIntegrity, dm118_polymorphic_association;
    GodTable = "DM119", "god-table", Warn, OperationalReadiness, dm119_god_table;
    OrphanTable = "DM120", "orphan-table", Warn, ReferentialIntegrity, dm120_orphan_table;
    IdentifierTooLong = "DM121", "identifier-too-long", Warn, ConventionConsistency, dm121_identifier_too_long;
    IntPrimaryKey = "DM122", "int-primary-key", Warn, OperationalReadiness, dm122_int_primary_key;
    FloatForMoney = "DM123", "float-for-money", Warn, ConstraintCompleteness, dm123_float_for_money;
    TimestampWithoutTimeZone = "DM124", "timestamp-without-time-zone", Warn, ConventionConsistency, dm124_timestamp_without_time_zone;
    JsonInsteadOfJsonb = "DM125", "json-instead-of-jsonb", Warn, ConventionConsistency, dm125_json_instead_of_jsonb;
    PiiWithoutRetention = "DM126", "pii-without-retention", Warn, OperationalReadiness, dm126_pii_without_retention;
    MissingTableComment = "DM127", "missing-table-comment", Allow, ConventionConsistency, dm127_missing_table_comment;
    MissingColumnComment = "DM128", "missing-column-comment", Allow, ConventionConsistency, dm128_missing_column_comment;
    SetNullOnNotNullFk = "DM129", "set-null-on-not-null-fk", Deny, ReferentialIntegrity, dm129_set_null_on_not_null_fk;
    FkTypeMismatch = "DM130", "fk-type-mismatch", Warn, ReferentialIntegrity, dm130_fk_type_mismatch;
    FkTargetNotUnique = "DM131", "fk-target-not-unique", Deny, ReferentialIntegrity, dm131_fk_target_not_unique;
    ConstraintNameNotConventional = "DM132", "constraint-name-not-conventional", Warn, ConventionConsistency, dm132_constraint_name_not_conventional;
    EnumWithoutCheck = "DM133", "enum-without-check", Warn, ConstraintCompleteness, dm133_enum_without_check;
    SensitiveTableWithoutAudit = "DM134", "sensitive-table-without-audit", Warn, OperationalReadiness, dm134_sensitive_table_without_audit;
    QueryPatternFansOut = "DM135", "query-pattern-fans-out", Warn, IndexCoverage, dm135_query_pattern_fans_out;
}

impl Rule {
    /// The rule with this code (`DM111`, any case) or name (`fk-without-index`).
    pub fn parse(code_or_name: &str) -> Option<Rule> {
        let s = code_or_name.trim();
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.code().eq_ignore_ascii_case(s) || r.name() == s)
    }

    /// Does an `allow` list entry (code or name) name this rule?
    fn is_named_in(self, list: &[String]) -> bool {
        list.iter().any(|a| Rule::parse(a) == Some(self))
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}({})", self.code(), self.name())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// Lint levels chosen by the user (`[package.metadata.datamodel.lints]`), by rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintConfig {
    levels: BTreeMap<Rule, Level>,
}

/// A `lints` key that names no rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRule {
    pub key: String,
    pub suggestion: Option<&'static str>,
}

impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown lint rule `{}`", self.key)?;
        match self.suggestion {
            Some(s) => write!(f, "; did you mean `{s}`?"),
            None => write!(
                f,
                "; `cargo datamodel lint --list` shows every rule's code and name"
            ),
        }
    }
}

impl std::error::Error for UnknownRule {}

impl LintConfig {
    /// Reads the configured levels (keys are rule names or codes). An unknown rule is an error
    /// naming the closest rule name, so a typo does not silently leave a rule at its default.
    pub fn from_levels(levels: &BTreeMap<String, LintLevel>) -> Result<LintConfig, UnknownRule> {
        let mut out = LintConfig::default();
        for (key, level) in levels {
            let rule = Rule::parse(key).ok_or_else(|| UnknownRule {
                key: key.clone(),
                suggestion: closest_rule_name(key),
            })?;
            out.levels.insert(rule, Level::from(*level));
        }
        Ok(out)
    }

    /// Sets one rule's level (e.g. from a command-line flag).
    pub fn set(&mut self, rule: Rule, level: Level) {
        self.levels.insert(rule, level);
    }

    /// The level a rule runs at before per-table/per-column allows.
    pub fn level(&self, rule: Rule) -> Level {
        self.levels
            .get(&rule)
            .copied()
            .unwrap_or(rule.default_level())
    }
}

/// `#[datamodel(allow = "...")]` values that name no rule, with where they are
/// (`table` or `table.column`): a misspelt allow would otherwise silence nothing.
pub fn unknown_allows(schema: &Schema) -> Vec<(String, UnknownRule)> {
    let mut out = Vec::new();
    let unknown = |key: &String| {
        Rule::parse(key).is_none().then(|| UnknownRule {
            key: key.clone(),
            suggestion: closest_rule_name(key),
        })
    };
    for t in &schema.tables {
        out.extend(
            t.allow
                .iter()
                .filter_map(unknown)
                .map(|u| (t.name.clone(), u)),
        );
        for c in &t.columns {
            let at = format!("{}.{}", t.name, c.name);
            out.extend(c.allow.iter().filter_map(unknown).map(|u| (at.clone(), u)));
        }
    }
    out
}

fn closest_rule_name(key: &str) -> Option<&'static str> {
    Rule::ALL
        .iter()
        .map(|r| (strsim::levenshtein(key, r.name()), r.name()))
        .filter(|(d, name)| *d <= name.len() / 3)
        .min()
        .map(|(_, n)| n)
}

/// What a check is about: a table, and within it a column and/or a named object (an index, a
/// foreign key, a query pattern).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Subject<'a> {
    pub table: &'a Table,
    pub column: Option<&'a Column>,
    pub object: Option<&'a str>,
}

impl<'a> Subject<'a> {
    pub fn table(table: &'a Table) -> Self {
        Subject {
            table,
            column: None,
            object: None,
        }
    }
    pub fn column(table: &'a Table, column: &'a Column) -> Self {
        Subject {
            table,
            column: Some(column),
            object: None,
        }
    }
    /// A named object of the table; `column` (when given) is where it is written, so a
    /// field-level `allow` and the field's source line apply.
    pub fn object(table: &'a Table, column: Option<&'a Column>, object: &'a str) -> Self {
        Subject {
            table,
            column,
            object: Some(object),
        }
    }
}

/// Where an allow came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WaivedBy {
    /// An `allow` on the field.
    Column,
    /// An `allow` on the struct (or `allow_polymorphic`).
    Table,
    /// `allow` in `[package.metadata.datamodel.lints]` or on the command line.
    Config,
    /// The rule is allow-by-default.
    Default,
}

/// The outcome of one applicable (rule, subject) check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckState {
    Passed,
    Failed,
    /// A user's `allow` applies (on the field or struct, or in the `lints` table).
    Waived,
    /// The rule is allow-by-default and nobody switched it on: not a waiver of the user's.
    Off,
}

/// One applicable check, as the scorecard counts it. Only a failing check keeps its subject
/// (the scorecard lists failing subjects, and only counts the others), so the 100+ passing
/// checks per table cost no allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckOutcome {
    pub rule: Rule,
    pub state: CheckState,
    /// The failing subject as the scorecard lists it (`` `posts` ``, `` `posts.title` ``,
    /// `` `posts` idx_posts_title ``); `None` unless `state` is [`CheckState::Failed`].
    pub failing_subject: Option<String>,
}

/// One rule firing on one subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    pub rule: Rule,
    pub level: Level,
    pub table: String,
    /// The struct the table comes from (`Post`).
    pub entity: String,
    pub column: Option<String>,
    /// The Rust field of the column, when it comes from one.
    pub field: Option<String>,
    /// The index, foreign key or query pattern concerned.
    pub object: Option<String>,
    pub message: String,
    pub help: String,
    /// The struct's (or field's) place in the user's source; `None` for imported schemas.
    pub source: Option<SourceLocation>,
    /// `Some` when the violation was silenced (it is then in [`LintReport::waived`]).
    pub waived_by: Option<WaivedBy>,
}

/// Everything one lint run found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LintReport {
    /// Reported violations (level info, warn or deny), in schema order.
    pub violations: Vec<Violation>,
    /// Violations silenced by an `allow`, in schema order.
    pub waived: Vec<Violation>,
    /// Every applicable check with its outcome, for the scorecard.
    pub checks: Vec<CheckOutcome>,
}

impl LintReport {
    /// True when a deny-level rule fired: `lint` exits non-zero and `generate` refuses to write.
    pub fn has_deny(&self) -> bool {
        self.violations.iter().any(|v| v.level == Level::Deny)
    }

    /// Number of reported violations at this level.
    pub fn count(&self, level: Level) -> usize {
        self.violations.iter().filter(|v| v.level == level).count()
    }
}

/// A failure recorded by a rule, before levels are applied, with what orders it in the report.
#[derive(Debug, Clone)]
struct Finding {
    table_index: usize,
    column_index: Option<usize>,
    /// Boxed: sorting then moves a few words per finding, not a whole `Violation`.
    violation: Box<Violation>,
    local_allow: Option<WaivedBy>,
}

impl Finding {
    /// Schema order: table, column, rule, object, message.
    fn sort_key(&self) -> (usize, Option<usize>, Rule, Option<&str>, &str) {
        (
            self.table_index,
            self.column_index,
            self.violation.rule,
            self.violation.object.as_deref(),
            &self.violation.message,
        )
    }
}

/// What rules write into: one entry per applicable (rule, subject) check. A passing check (the
/// vast majority: about 130 per table) keeps only its rule and local `allow`; the violation
/// with its message, entity, field and source is built only for a failure.
#[derive(Debug)]
pub(crate) struct Checks {
    /// The engines rendered for: rules that matter only on some engines ask their
    /// capabilities ([`any_target`], [`identifier_limit`]).
    target: Target,
    passed: Vec<(Rule, Option<WaivedBy>)>,
    failures: Vec<Finding>,
    /// Position of each table in the schema, for schema-ordered output.
    table_order: HashMap<String, usize>,
}

impl Checks {
    fn new(schema: &Schema, target: &Target) -> Self {
        Checks {
            target: target.clone(),
            passed: Vec::new(),
            failures: Vec::new(),
            table_order: schema
                .tables
                .iter()
                .enumerate()
                .map(|(i, t)| (t.name.clone(), i))
                .collect(),
        }
    }

    /// Records one applicable check: it passes when `failure` is `None`; otherwise `failure`
    /// is (message saying what is wrong, help saying how to fix it).
    pub fn record(&mut self, rule: Rule, subject: Subject<'_>, failure: Option<(String, String)>) {
        let Subject {
            table,
            column,
            object,
        } = subject;
        let local_allow = if column.is_some_and(|c| rule.is_named_in(&c.allow)) {
            Some(WaivedBy::Column)
        } else if rule.is_named_in(&table.allow)
            || (rule == Rule::PolymorphicAssociation && table.allow_polymorphic)
        {
            Some(WaivedBy::Table)
        } else {
            None
        };
        let Some((message, help)) = failure else {
            self.passed.push((rule, local_allow));
            return;
        };
        let violation = Box::new(Violation {
            rule,
            level: rule.default_level(),
            table: table.name.clone(),
            entity: table.rust_name.clone(),
            column: column.map(|c| c.name.clone()),
            field: column.and_then(|c| c.field.clone()),
            object: object.map(str::to_string),
            message,
            help,
            source: table.source.as_ref().map(|s| SourceLocation {
                file: s.file.clone(),
                line: column.and_then(|c| c.source_line).unwrap_or(s.line),
            }),
            waived_by: None,
        });
        self.failures.push(Finding {
            table_index: self
                .table_order
                .get(&table.name)
                .copied()
                .unwrap_or(usize::MAX),
            column_index: column.and_then(|c| table.columns.iter().position(|x| x.name == c.name)),
            violation,
            local_allow,
        });
    }

    /// The output options the rules run for.
    pub(crate) fn target(&self) -> &Target {
        &self.target
    }

    /// The failures recorded so far (for rule tests).
    #[cfg(test)]
    pub fn failures(&self) -> Vec<Violation> {
        self.failures
            .iter()
            .map(|f| (*f.violation).clone())
            .collect()
    }

    /// Number of checks recorded (for rule tests).
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.passed.len() + self.failures.len()
    }
}

/// Runs every rule on the schema and applies the levels: per-column and per-table `allow`
/// lists first, then `levels`, then each rule's default.
pub fn run(schema: &Schema, target: &Target, levels: &LintConfig) -> LintReport {
    let mut checks = Checks::new(schema, target);
    for rule in Rule::ALL {
        rule.check(schema, &mut checks);
    }
    let Checks {
        passed,
        mut failures,
        ..
    } = checks;
    failures.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let waived_by = |rule: Rule, local_allow: Option<WaivedBy>| {
        local_allow.or(match levels.level(rule) {
            Level::Allow if levels.levels.contains_key(&rule) => Some(WaivedBy::Config),
            Level::Allow => Some(WaivedBy::Default),
            _ => None,
        })
    };
    let mut report = LintReport::default();
    report.checks.reserve(passed.len() + failures.len());
    let waived_count = failures
        .iter()
        .filter(|f| waived_by(f.violation.rule, f.local_allow).is_some())
        .count();
    report.waived.reserve_exact(waived_count);
    report
        .violations
        .reserve_exact(failures.len() - waived_count);
    for f in failures {
        let mut v = *f.violation;
        let waived = waived_by(v.rule, f.local_allow);
        v.level = levels.level(v.rule);
        v.waived_by = waived;
        if let Some(by) = waived {
            report.checks.push(CheckOutcome {
                rule: v.rule,
                state: off_or_waived(by),
                failing_subject: None,
            });
            v.level = Level::Allow;
            report.waived.push(v);
        } else {
            report.checks.push(CheckOutcome {
                rule: v.rule,
                state: CheckState::Failed,
                failing_subject: Some(v.subject_label()),
            });
            report.violations.push(v);
        }
    }
    report
        .checks
        .extend(passed.into_iter().map(|(rule, local_allow)| CheckOutcome {
            rule,
            state: match waived_by(rule, local_allow) {
                Some(by) => off_or_waived(by),
                None => CheckState::Passed,
            },
            failing_subject: None,
        }));
    report
}

/// A check an `allow` covers: waived by the user, or off because the rule is allow-by-default.
fn off_or_waived(by: WaivedBy) -> CheckState {
    match by {
        WaivedBy::Default => CheckState::Off,
        WaivedBy::Column | WaivedBy::Table | WaivedBy::Config => CheckState::Waived,
    }
}

impl Violation {
    /// The subject as the scorecard lists it: `` `table` object ``, `` `table.column` `` or
    /// `` `table` ``.
    fn subject_label(&self) -> String {
        match (&self.object, &self.column) {
            (Some(o), _) => format!("`{}` {o}", self.table),
            (None, Some(col)) => format!("`{}.{col}`", self.table),
            (None, None) => format!("`{}`", self.table),
        }
    }
}

/// The identifier length limit of the strictest engine rendered for (PostgreSQL 63, MySQL 64;
/// SQLite has none).
pub(crate) fn identifier_limit(target: &Target) -> Option<usize> {
    target
        .engines()
        .iter()
        .copied()
        .filter_map(|e| crate::dialect::dialect_for(e).max_ident_len())
        .min()
}

/// Does any engine rendered for have this capability? (Rules that only matter on some
/// engines ask this, never which engine it is.)
pub(crate) fn any_target(
    target: &Target,
    capability: impl Fn(&dyn crate::dialect::Dialect) -> bool,
) -> bool {
    target
        .engines()
        .iter()
        .copied()
        .any(|e| capability(crate::dialect::dialect_for(e)))
}

/// `` `table.column` ``, for messages.
pub(crate) fn qualified(table: &Table, column: &Column) -> String {
    format!("`{}.{}`", table.name, column.name)
}

/// A column list as `(a, b)`.
pub(crate) fn column_list<S: AsRef<str>>(cols: &[S]) -> String {
    let names: Vec<&str> = cols.iter().map(AsRef::as_ref).collect();
    format!("({})", names.join(", "))
}

/// Normalized partial-index predicate: lowercase, single spaces, outer parentheses removed.
pub(crate) fn normalize_predicate(p: &str) -> String {
    let mut s = p
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    while s.starts_with('(') && s.ends_with(')') {
        s = s[1..s.len() - 1].trim().to_string();
    }
    s
}

/// Is this the active-rows predicate of soft-delete tables (`deleted_at IS NULL`)?
pub(crate) fn is_active_rows_predicate(p: Option<&str>) -> bool {
    p.is_some_and(|p| normalize_predicate(p) == "deleted_at is null")
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod resolved_tests;
