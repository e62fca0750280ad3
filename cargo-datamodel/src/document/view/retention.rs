//! Retention & Compliance: the personal-data columns and what an erasure does to them, GDPR
//! notes, one TTL subsection per table with its cleanup job per engine (the recipes come from
//! [`crate::retention`]), legal holds and archival.

use super::prose::{code_list, column_of};
use crate::config::Engine;
use crate::retention::{parse_ttl, ttl_human, EngineRecipe};
use crate::schema::retention_rules::erasable;
use crate::schema::retention_rules::JobKind;
use crate::schema::{Column, ColumnOrigin, Schema, Table};
use crate::target::Target;
use datamodel::model::DeleteStrategy;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct RetentionView {
    pub pii: Vec<PiiRow>,
    pub gdpr: Vec<String>,
    pub ttl: Vec<TtlView>,
    pub legal_hold: Vec<String>,
    pub archival: Vec<String>,
    /// Nothing about retention, PII or legal holds is declared.
    pub none: bool,
    /// The configured retention policy (`none`, `gdpr`, `ttl`, `custom`).
    pub policy: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PiiRow {
    pub table: String,
    pub column: String,
    pub nullable: String,
    /// What an erasure request does to it.
    pub erasure: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TtlView {
    pub table: String,
    pub ttl: String,
    /// The timestamp column the age is measured on, if the table has one.
    pub column: Option<String>,
    /// One cleanup recipe per configured engine.
    pub cleanup: Vec<EngineRecipe>,
    pub legal_hold: bool,
    /// One sentence: what is purged and what is kept.
    pub summary: String,
}

/// `hold_table`: the legal-holds table, when the schema has one (looked up once by the caller:
/// a search of all tables per TTL table made large models quadratic).
fn ttl_view(t: &Table, ttl: &str, engines: &[Engine], hold_table: Option<&str>) -> TtlView {
    let legal_hold = t.retention.as_ref().is_some_and(|r| r.legal_hold);
    // `after_delete`: the age that counts is the time since the soft delete (NULL while the
    // row is live, so live rows never match the purge).
    let after_delete = t.retention.as_ref().is_some_and(|r| r.after_delete);
    let ts = if after_delete {
        column_of(t, ColumnOrigin::DeletedAt)
    } else {
        column_of(t, ColumnOrigin::CreatedAt)
    };
    // Erasure after the grace period: a table with personal data keeps its rows (other rows
    // may reference them) and overwrites the PII instead; nullable columns become NULL, text
    // columns `'erased'`. PII of other types can't be overwritten generically and is named.
    let (anonymize, unerasable): (Vec<&Column>, Vec<&Column>) = if after_delete {
        t.columns
            .iter()
            .filter(|c| c.pii)
            .partition(|c| erasable(c))
    } else {
        (Vec::new(), Vec::new())
    };
    let kind = crate::schema::retention_rules::job_kind(t);
    let cleanup = crate::retention::cleanup(t, ts, ttl, &anonymize, engines, hold_table);
    let human = parse_ttl(ttl).map_or_else(|| ttl.to_string(), ttl_human);
    let summary = match (ts, parse_ttl(ttl)) {
        (None, _) if after_delete => "`after_delete` needs soft delete: the table has no `deleted_at` to measure the time since deletion on.".to_string(),
        (None, _) => "The table has no creation timestamp to measure age on: add timestamps before a TTL purge can run.".to_string(),
        (Some(_), None) => format!("`{ttl}` is not a TTL this tool understands (use a number and one of h, d, w, m, y)."),
        (Some(c), Some(_)) => {
            let hold = match (legal_hold, hold_table) {
                (false, _) => String::new(),
                (true, Some(h)) => format!(", except rows held in `{h}`"),
                // Refused when resolving (DM030): every job with a hold has the table.
                (true, None) => String::new(),
            };
            if kind == JobKind::Archive {
                format!(
                    "Rows older than {human} by `{}` are marked for archiving (`archived_at` set){hold}; nothing is deleted: export marked rows to cold storage, and remove them from this table only as a reviewed, manual step.",
                    c.name
                )
            } else if after_delete && !anonymize.is_empty() {
                let cols: Vec<String> = anonymize.iter().map(|c| format!("`{}`", c.name)).collect();
                let mut s = format!(
                    "The personal data ({}) of rows soft-deleted more than {human} ago (by `{}`) is anonymized in place{hold}: the rows stay, so rows referencing them keep working; live rows are untouched.",
                    cols.join(", "),
                    c.name
                );
                if !unerasable.is_empty() {
                    let names: Vec<String> = unerasable.iter().map(|c| format!("`{}`", c.name)).collect();
                    s.push_str(&format!(
                        " {} cannot be overwritten with a generic value (NOT NULL, not text): make it nullable or erase it in the application.",
                        names.join(", ")
                    ));
                }
                s
            } else if after_delete {
                format!("Rows soft-deleted more than {human} ago (by `{}`) are purged{hold}; live rows are kept.", c.name)
            } else {
                format!("Rows older than {human} by `{}` are purged{hold}.", c.name)
            }
        }
    };
    TtlView {
        summary,
        table: t.name.clone(),
        ttl: human,
        column: ts.map(|c| c.name.clone()),
        cleanup,
        legal_hold,
    }
}

pub fn build(schema: &Schema, target: &Target) -> RetentionView {
    let engines = target.engines();
    let (pii, gdpr) = personal_data(schema, target);
    let hold_table = schema.table("legal_holds").map(|h| h.name.as_str());
    let ttl: Vec<TtlView> = schema
        .tables
        .iter()
        .filter_map(|t| {
            let r = t.retention.as_ref()?;
            let ttl = r.ttl.as_ref()?;
            Some(ttl_view(t, ttl, engines, hold_table))
        })
        .collect();
    let held = held_tables(schema);
    let legal_hold = legal_hold_notes(schema, &held);
    let archival: Vec<String> = schema
        .tables
        .iter()
        .filter(|t| t.delete == DeleteStrategy::Archival)
        .map(|t| {
            format!(
                "`{}`: rows are archived, never deleted by a job: the retention job (if any) sets `archived_at`; export marked rows to cold storage (an archive table or object storage) in batches, and remove them from the live table only as a reviewed, manual step.",
                t.name
            )
        })
        .collect();
    let none = pii.is_empty()
        && ttl.is_empty()
        && held.is_empty()
        && archival.is_empty()
        && gdpr.is_empty();
    RetentionView {
        pii,
        gdpr,
        ttl,
        legal_hold,
        archival,
        none,
        policy: target.retention.as_str().into(),
    }
}

/// The PII rows and the GDPR notes (what an erasure must do per table).
fn personal_data(schema: &Schema, target: &Target) -> (Vec<PiiRow>, Vec<String>) {
    let mut pii = Vec::new();
    let mut gdpr = Vec::new();
    let mut pii_tables: Vec<&Table> = Vec::new();
    // Names already in `pii_tables` (a search of the list per PII column was quadratic).
    let mut pii_names: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for t in &schema.tables {
        for c in t.columns.iter().filter(|c| c.pii) {
            let erasure = match (t.delete, c.nullable) {
                (DeleteStrategy::Hard, _) => "deleted with the row".to_string(),
                (_, true) => "set to NULL on erasure".to_string(),
                (_, false) => "overwritten with an anonymized value on erasure".to_string(),
            };
            pii.push(PiiRow {
                table: t.name.clone(),
                column: c.name.clone(),
                nullable: if c.nullable { "YES" } else { "NO" }.into(),
                erasure,
            });
            if pii_names.insert(t.name.as_str()) {
                pii_tables.push(t);
            }
        }
    }
    if !pii.is_empty() {
        for t in &pii_tables {
            gdpr.push(match t.delete {
                DeleteStrategy::Hard => format!(
                    "`{}`: hard delete on an erasure request; keep an anonymized audit record (no PII columns) if the business needs the event.",
                    t.name
                ),
                DeleteStrategy::Soft => format!(
                    "`{}`: soft delete keeps the personal data, so an erasure request must also anonymize its PII columns (or hard-delete the row); a soft delete alone does not satisfy GDPR Art. 17.",
                    t.name
                ),
                DeleteStrategy::Archival => format!(
                    "`{}`: archived rows still hold personal data: anonymize the PII columns before archiving, or erase them in the archive too.",
                    t.name
                ),
            });
        }
        gdpr.push(
            "Backups and append-only copies cannot be edited row by row: for those, encrypt PII per subject and delete the key on erasure (crypto-shredding), or keep PII in separate tables with a shorter backup retention."
                .into(),
        );
    } else if target.retention == crate::config::RetentionPolicy::Gdpr {
        gdpr.push(
            "GDPR is required by the configuration but no column is marked `pii`: mark personal-data fields with `#[datamodel(pii)]` so they are listed here."
                .into(),
        );
    }
    (pii, gdpr)
}

/// Tables whose rows can be put under legal hold.
fn held_tables(schema: &Schema) -> Vec<String> {
    schema
        .tables
        .iter()
        .filter(|t| t.retention.as_ref().is_some_and(|r| r.legal_hold))
        .map(|t| t.name.clone())
        .collect()
}

fn legal_hold_notes(schema: &Schema, held: &[String]) -> Vec<String> {
    let mut legal_hold = Vec::new();
    if !held.is_empty() {
        legal_hold.push(format!(
            "Rows of {} can be put under legal hold.",
            code_list(held)
        ));
        legal_hold.push(match schema.table("legal_holds") {
            Some(h) => format!(
                "Holds live in `{}` (one row per held record: `table_name`, `row_id` as text, `released_at`); every retention job below skips rows with an unreleased hold (its `NOT EXISTS` check), erasure requests must do the same, and a hold is released, never deleted.",
                h.name
            ),
            None => "Pattern: a `legal_holds` table (table name, row id, reason, placed by, placed at, released at) that purge jobs and erasure requests consult; a hold is released, never deleted. The model declares no such table yet.".into(),
        });
    }
    legal_hold
}

#[cfg(test)]
mod tests {
    use super::build;
    use crate::config::{Depth, Migration};
    use crate::testkit::{blog, saas};

    #[test]
    fn pii_gdpr_ttl_holds_and_archival_of_the_saas_model() {
        let f = saas(Depth::Production, Migration::Greenfield);
        let r = build(&f, &f.target);
        assert!(!r.none);
        assert_eq!(r.policy, "gdpr");
        let email = r
            .pii
            .iter()
            .find(|p| p.table == "users" && p.column == "email")
            .unwrap();
        assert_eq!(
            email.erasure,
            "overwritten with an anonymized value on erasure"
        );
        assert!(
            r.gdpr
                .iter()
                .any(|g| g.starts_with("`users`: soft delete keeps the personal data")),
            "{:?}",
            r.gdpr
        );
        let ttl = &r.ttl[0];
        assert_eq!(
            (ttl.table.as_str(), ttl.ttl.as_str()),
            ("audit_events", "90 days")
        );
        assert!(ttl.legal_hold);
        assert_eq!(ttl.cleanup.len(), 3);
        assert!(
            ttl.summary
                .ends_with(", except rows held in `legal_holds`."),
            "{}",
            ttl.summary
        );
        assert!(
            r.legal_hold[1].starts_with("Holds live in `legal_holds`"),
            "{:?}",
            r.legal_hold
        );
        assert!(
            r.archival[0].starts_with("`invoices`: rows are archived, never deleted"),
            "{:?}",
            r.archival
        );
    }

    #[test]
    fn a_ttl_without_timestamp_or_unparsable_says_why_and_has_no_job() {
        let mut f = blog(Depth::Production);
        let comments = f.tables.iter_mut().find(|t| t.name == "comments").unwrap();
        comments.retention.as_mut().unwrap().ttl = Some("soon".into());
        let r = build(&f, &f.target);
        assert!(
            r.ttl[0]
                .summary
                .starts_with("`soon` is not a TTL this tool understands"),
            "{}",
            r.ttl[0].summary
        );
        assert!(r.ttl[0].cleanup.is_empty());
    }
}
