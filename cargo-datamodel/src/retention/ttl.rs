//! Time-to-live values as the `retention(ttl = "...")` attribute writes them (`90d`, `12h`,
//! `2w`, `6m`, `1y`), in words and as each engine's interval.

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

pub(super) fn ttl_words(n: u32, unit: char) -> (String, String, String) {
    // (PostgreSQL interval, MySQL INTERVAL, SQLite modifier)
    let (pg, my, lite, mult) = match unit {
        'h' => ("hours", "HOUR", "hours", 1),
        'd' => ("days", "DAY", "days", 1),
        'w' => ("days", "DAY", "days", 7),
        'm' => ("months", "MONTH", "months", 1),
        _ => ("years", "YEAR", "years", 1),
    };
    let n = n * mult;
    (
        format!("interval '{n} {pg}'"),
        format!("INTERVAL {n} {my}"),
        format!("'-{n} {lite}'"),
    )
}

#[cfg(test)]
mod tests {
    use super::{parse_ttl, ttl_human, ttl_words};

    #[test]
    fn parses_counts_with_a_unit_and_refuses_the_rest() {
        assert_eq!(parse_ttl("90d"), Some((90, 'd')));
        assert_eq!(parse_ttl(" 1y "), Some((1, 'y')));
        assert_eq!(parse_ttl("12x"), None);
        assert_eq!(parse_ttl("d"), None);
        assert_eq!(parse_ttl(""), None);
    }

    #[test]
    fn words_and_engine_intervals() {
        assert_eq!(ttl_human(1, 'd'), "1 day");
        assert_eq!(ttl_human(6, 'm'), "6 months");
        let (pg, my, lite) = ttl_words(2, 'w');
        assert_eq!(pg, "interval '14 days'");
        assert_eq!(my, "INTERVAL 14 DAY");
        assert_eq!(lite, "'-14 days'");
    }
}
