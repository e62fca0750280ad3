//! Time-to-live values as the `retention(ttl = "...")` attribute writes them (`90d`, `12h`,
//! `2w`, `6m`, `1y`), in words (each engine spells the interval: `Dialect::ago_sql`).

/// `90d` -> (90, unit). Units: h, d, w, m (months), y.
pub fn parse_ttl(ttl: &str) -> Option<(u32, char)> {
    let ttl = ttl.trim();
    let unit = ttl.chars().last()?;
    let n: u32 = ttl[..ttl.len() - unit.len_utf8()].trim().parse().ok()?;
    matches!(unit, 'h' | 'd' | 'w' | 'm' | 'y').then_some((n, unit))
}

pub fn ttl_human(n: u32, unit: char) -> String {
    let word = match unit {
        'h' => "hour",
        'd' => "day",
        'w' => "week",
        'm' => "month",
        _ => "year",
    };
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_ttl, ttl_human};

    #[test]
    fn parses_counts_with_a_unit_and_refuses_the_rest() {
        assert_eq!(parse_ttl("90d"), Some((90, 'd')));
        assert_eq!(parse_ttl(" 1y "), Some((1, 'y')));
        assert_eq!(parse_ttl("12x"), None);
        assert_eq!(parse_ttl("d"), None);
        assert_eq!(parse_ttl(""), None);
    }

    #[test]
    fn ttls_in_words() {
        assert_eq!(ttl_human(1, 'd'), "1 day");
        assert_eq!(ttl_human(6, 'm'), "6 months");
        assert_eq!(ttl_human(2, 'w'), "2 weeks");
    }
}
