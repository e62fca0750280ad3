//! The quality scorecard section: the lint pass's scores when it ran, otherwise what each
//! dimension checks, with the dimensions' titles and weights read from [`crate::lints`].

use crate::lints::Dimension;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct DimensionChecks {
    pub dimension: String,
    pub weight: u32,
    pub checks: String,
}

/// What each scorecard dimension checks (seed step 5.8), in the seed's order.
pub fn checks() -> Vec<DimensionChecks> {
    Dimension::ALL
        .into_iter()
        .map(|d| DimensionChecks {
            dimension: d.title().into(),
            weight: d.weight(),
            checks: d.checks().into(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::checks;
    use crate::lints::Dimension;

    #[test]
    fn one_row_per_lint_dimension_with_its_title_and_weight() {
        let rows = checks();
        assert_eq!(rows.len(), Dimension::ALL.len());
        assert_eq!(rows.iter().map(|r| r.weight).sum::<u32>(), 100);
        assert_eq!(rows[0].dimension, "Referential Integrity");
        assert_eq!(rows[0].weight, 25);
        assert!(rows.iter().all(|r| !r.checks.is_empty()));
    }
}
