//! The rule tests' runners: one rule's failures and how many checks it recorded. The
//! schemas they run on come from [`crate::testkit`] ([`clean`] and the helpers that break it).

use super::{Checks, Violation};
use crate::schema::Schema;
pub use crate::testkit::clean::*;
pub use crate::testkit::Fixture;

/// Runs one rule's `check` and returns its failures.
pub fn failures(check: fn(&Schema, &mut Checks), s: &Fixture) -> Vec<Violation> {
    let mut out = Checks::new(s, &s.target);
    check(s, &mut out);
    out.failures()
}

/// Runs one rule's `check` and returns how many checks it recorded (pass or fail).
pub fn applicable(check: fn(&Schema, &mut Checks), s: &Fixture) -> usize {
    let mut out = Checks::new(s, &s.target);
    check(s, &mut out);
    out.len()
}
