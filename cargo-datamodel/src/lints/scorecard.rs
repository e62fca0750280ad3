//! The seed's 5-dimension quality scorecard (5.8), computed from a lint run.
//!
//! Every check is one applicable (rule, subject) pair of the [`LintReport`]; each rule belongs
//! to one [`Dimension`]. With integer arithmetic, so every number can be recomputed by hand
//! (the formula is in `docs/scorecard.md`):
//!
//! - dimension score = 10 x passed / applicable, rounded half up to one decimal; waived checks
//!   (a user's `allow` applies) and the checks of allow-by-default rules nobody switched on
//!   (off) are listed in the notes but are in neither count; no applicable check scores 10.0;
//! - overall = sum of weight% x dimension score (the rounded scores), rounded half up to one
//!   decimal on a 0-10 scale; percent = the same sum x 10, rounded half up to one decimal.

use super::{CheckOutcome, CheckState, Dimension, LintReport, Rule};
use crate::schema::Schema;
use serde::Serialize;
use std::collections::BTreeMap;

/// One dimension's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreRow {
    pub dimension: String,
    /// Weight in percent.
    pub weight: u32,
    /// 0.0 - 10.0, one decimal.
    pub score: f64,
    pub passed: usize,
    /// Applicable, non-waived checks (the denominator).
    pub applicable: usize,
    pub waived: usize,
    /// The failing checks by rule and subject, then the waived ones; `all N checks pass` when
    /// nothing failed.
    pub notes: String,
}

/// The scorecard's serializable view (the document renders it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    pub rows: Vec<ScoreRow>,
    /// 0.0 - 10.0, one decimal.
    pub overall: f64,
    /// 0.0 - 100.0, one decimal.
    pub percent: f64,
}

/// Score in tenths (0-100): 10 x passed / applicable, rounded half up.
fn score_tenths(passed: usize, applicable: usize) -> u64 {
    if applicable == 0 {
        return 100;
    }
    let (p, a) = (passed as u64, applicable as u64);
    (200 * p + a) / (2 * a)
}

fn notes(dimension_checks: &[&CheckOutcome]) -> String {
    let mut failing: BTreeMap<Rule, Vec<&str>> = BTreeMap::new();
    let mut waived: BTreeMap<Rule, usize> = BTreeMap::new();
    let mut off: BTreeMap<Rule, usize> = BTreeMap::new();
    for c in dimension_checks {
        match c.state {
            CheckState::Failed => failing
                .entry(c.rule)
                .or_default()
                .push(c.failing_subject.as_deref().unwrap_or_default()),
            CheckState::Waived => *waived.entry(c.rule).or_default() += 1,
            CheckState::Off => *off.entry(c.rule).or_default() += 1,
            CheckState::Passed => {}
        }
    }
    let mut parts: Vec<String> = failing
        .iter()
        .map(|(r, subjects)| format!("{} {}: {}", r.code(), r.name(), subjects.join(", ")))
        .collect();
    if parts.is_empty() {
        let counted =
            dimension_checks.len() - waived.values().sum::<usize>() - off.values().sum::<usize>();
        parts.push(format!("all {counted} checks pass"));
    }
    for (label, counts) in [("waived", &waived), ("off by default", &off)] {
        if !counts.is_empty() {
            let w: Vec<String> = counts
                .iter()
                .map(|(r, n)| format!("{} {} x{n}", r.code(), r.name()))
                .collect();
            parts.push(format!("{label}: {}", w.join(", ")));
        }
    }
    parts.join("; ")
}

/// Scores the lint run. The schema is only needed for context (table count in the text).
pub fn compute(schema: &Schema, report: &LintReport) -> Scorecard {
    let _ = schema;
    let mut rows = Vec::new();
    let mut weighted: u64 = 0;
    for d in Dimension::ALL {
        let checks: Vec<&CheckOutcome> = report
            .checks
            .iter()
            .filter(|c| c.rule.dimension() == d)
            .collect();
        let passed = checks
            .iter()
            .filter(|c| c.state == CheckState::Passed)
            .count();
        let failed = checks
            .iter()
            .filter(|c| c.state == CheckState::Failed)
            .count();
        let waived = checks
            .iter()
            .filter(|c| c.state == CheckState::Waived)
            .count();
        let tenths = score_tenths(passed, passed + failed);
        weighted += u64::from(d.weight()) * tenths;
        rows.push(ScoreRow {
            dimension: d.title().to_string(),
            weight: d.weight(),
            score: tenths as f64 / 10.0,
            passed,
            applicable: passed + failed,
            waived,
            notes: notes(&checks),
        });
    }
    // `weighted` is in thousandths of a point: weight% x tenths.
    Scorecard {
        rows,
        overall: ((weighted + 50) / 100) as f64 / 10.0,
        percent: ((weighted + 5) / 10) as f64 / 10.0,
    }
}

impl Scorecard {
    /// A plain-text table for `cargo datamodel lint --scorecard`.
    pub fn render_text(&self) -> String {
        let mut out = String::from("Quality scorecard\n\n");
        out.push_str(&format!(
            "{:<25} {:>6} {:>6} {:>9}  {}\n",
            "Dimension", "Weight", "Score", "Passed", "Notes"
        ));
        for r in &self.rows {
            out.push_str(&format!(
                "{:<25} {:>5}% {:>6.1} {:>9}  {}\n",
                r.dimension,
                r.weight,
                r.score,
                format!("{}/{}", r.passed, r.applicable),
                r.notes
            ));
        }
        out.push_str(&format!(
            "\nOverall: {:.1}/10 ({:.1}%)\n",
            self.overall, self.percent
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lints::{run, testing::*, LintConfig};

    fn outcome(rule: Rule, table: &str, state: CheckState) -> CheckOutcome {
        CheckOutcome {
            rule,
            state,
            failing_subject: (state == CheckState::Failed).then(|| format!("`{table}`")),
        }
    }

    #[test]
    fn rounding_is_half_up() {
        assert_eq!(score_tenths(2, 3), 67); // 6.666.. -> 6.7
        assert_eq!(score_tenths(1, 8), 13); // 1.25 -> 1.3
        assert_eq!(score_tenths(0, 5), 0);
        assert_eq!(score_tenths(0, 0), 100);
    }

    #[test]
    fn arithmetic_recomputed_by_hand() {
        let mut report = LintReport::default();
        // Referential Integrity: 3 passed, 1 failed -> 7.5
        for t in ["a", "b", "c"] {
            report
                .checks
                .push(outcome(Rule::FkWithoutOnDelete, t, CheckState::Passed));
        }
        report
            .checks
            .push(outcome(Rule::OrphanTable, "d", CheckState::Failed));
        // Constraint Completeness: 2 passed, 1 failed, 1 waived -> 10 x 2/3 = 6.7
        report.checks.push(outcome(
            Rule::BooleanWithoutDefault,
            "a",
            CheckState::Passed,
        ));
        report.checks.push(outcome(
            Rule::BooleanWithoutDefault,
            "b",
            CheckState::Passed,
        ));
        report
            .checks
            .push(outcome(Rule::NativeEnum, "c", CheckState::Failed));
        report
            .checks
            .push(outcome(Rule::NativeEnum, "d", CheckState::Waived));
        // Index Coverage: 1 of 1 -> 10.0
        report
            .checks
            .push(outcome(Rule::FkWithoutIndex, "a", CheckState::Passed));
        // Convention Consistency: only waived -> no applicable check -> 10.0
        report
            .checks
            .push(outcome(Rule::MissingTableComment, "a", CheckState::Waived));
        // Operational Readiness: 1 of 2 -> 5.0
        report
            .checks
            .push(outcome(Rule::GodTable, "a", CheckState::Passed));
        report
            .checks
            .push(outcome(Rule::GodTable, "b", CheckState::Failed));

        let card = compute(&clean(), &report);
        let scores: Vec<f64> = card.rows.iter().map(|r| r.score).collect();
        assert_eq!(scores, vec![7.5, 6.7, 10.0, 10.0, 5.0]);
        // 0.25*7.5 + 0.25*6.7 + 0.20*10 + 0.15*10 + 0.15*5
        // = 1.875 + 1.675 + 2.0 + 1.5 + 0.75 = 7.8 -> 7.8 and 78.0%
        assert_eq!(card.overall, 7.8);
        assert_eq!(card.percent, 78.0);
        let cc = &card.rows[1];
        assert_eq!((cc.passed, cc.applicable, cc.waived), (2, 3, 1));
        assert_eq!(
            cc.notes,
            "DM107 native-enum: `c`; waived: DM107 native-enum x1"
        );
        assert_eq!(card.rows[2].notes, "all 1 checks pass");
        assert_eq!(
            card.rows[3].notes,
            "all 0 checks pass; waived: DM127 missing-table-comment x1"
        );
    }

    #[test]
    fn overall_rounds_half_up_and_percent_keeps_a_decimal() {
        let mut report = LintReport::default();
        // Index Coverage 5 of 6 -> 8.3; everything else has no checks -> 10.0.
        for i in 0..5 {
            report.checks.push(outcome(
                Rule::FkWithoutIndex,
                &format!("t{i}"),
                CheckState::Passed,
            ));
        }
        report
            .checks
            .push(outcome(Rule::FkWithoutIndex, "t5", CheckState::Failed));
        let card = compute(&clean(), &report);
        // 25*100 + 25*100 + 20*83 + 15*100 + 15*100 = 9660 thousandths -> 9.66
        assert_eq!(card.overall, 9.7);
        assert_eq!(card.percent, 96.6);
    }

    #[test]
    fn clean_schema_scores_ten_and_lists_off_by_default_rules_apart() {
        let s = clean();
        let card = compute(
            &s,
            &run(
                &s,
                &crate::target::Target::default(),
                &LintConfig::default(),
            ),
        );
        assert!(card.rows.iter().all(|r| r.score == 10.0), "{card:#?}");
        assert_eq!((card.overall, card.percent), (10.0, 100.0));
        let conv = &card.rows[3];
        assert!(
            conv.notes.contains(
                "off by default: DM127 missing-table-comment x2, DM128 missing-column-comment x5"
            ),
            "{}",
            conv.notes
        );
        assert!(
            !conv.notes.contains("waived"),
            "nobody waived anything: {}",
            conv.notes
        );
        assert_eq!(conv.waived, 0);
    }

    #[test]
    fn render_text_snapshot() {
        let mut s = clean();
        tbl(&mut s, "posts").indexes.clear();
        let card = compute(
            &s,
            &run(
                &s,
                &crate::target::Target::default(),
                &LintConfig::default(),
            ),
        );
        insta::assert_snapshot!(card.render_text());
    }
}
