//! Time-to-live values as the `retention(ttl = "...")` attribute writes them (`90d`, `12h`,
//! `2w`, `6m`, `1y`), read into a [`Ttl`] and put in words (each engine spells the interval:
//! `Dialect::ago_sql`).

use crate::dialect::recipes::{Ttl, TtlUnit};

/// `90d` -> 90 days. Units: h, d, w, m (months), y; `None` for anything else.
pub fn parse_ttl(ttl: &str) -> Option<Ttl> {
    let ttl = ttl.trim();
    let unit = ttl.chars().last()?;
    let count: u32 = ttl[..ttl.len() - unit.len_utf8()].trim().parse().ok()?;
    Some(Ttl {
        count,
        unit: TtlUnit::from_char(unit)?,
    })
}

/// `1 day`, `90 days`.
pub fn ttl_human(ttl: Ttl) -> String {
    let word = ttl.unit.word();
    if ttl.count == 1 {
        format!("1 {word}")
    } else {
        format!("{} {word}s", ttl.count)
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_ttl, ttl_human};
    use crate::dialect::recipes::{Ttl, TtlUnit};

    fn ttl(count: u32, unit: TtlUnit) -> Option<Ttl> {
        Some(Ttl { count, unit })
    }

    #[test]
    fn parses_counts_with_a_unit_and_refuses_the_rest() {
        assert_eq!(parse_ttl("90d"), ttl(90, TtlUnit::Days));
        assert_eq!(parse_ttl(" 1y "), ttl(1, TtlUnit::Years));
        assert_eq!(parse_ttl("12x"), None);
        assert_eq!(parse_ttl("d"), None);
        assert_eq!(parse_ttl(""), None);
    }

    #[test]
    fn ttls_in_words() {
        let human = |s: &str| ttl_human(parse_ttl(s).unwrap());
        assert_eq!(human("1d"), "1 day");
        assert_eq!(human("6m"), "6 months");
        assert_eq!(human("2w"), "2 weeks");
        assert_eq!(human("12h"), "12 hours");
    }
}
