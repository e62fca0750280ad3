use super::*;
use crate::config::{Depth, Migration as Mode};
use crate::testkit::saas;

#[test]
fn no_change_is_an_empty_migration() {
    let s = saas(Depth::Production, Mode::Brownfield);
    let r = render(&s, &s, Engine::Postgres, false).unwrap();
    assert!(r.up.is_empty());
}
