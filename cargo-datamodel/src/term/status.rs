//! Cargo's status lines (`   Collecting blog`, `    Finished in 1.23s`): a verb right-aligned
//! in 12 columns, green and bold when colored, then the message; on stderr, silenced by `-q`.
//!
//! The elapsed time comes from a [`Clock`] so tests can pin it ([`FakeClock`]), and so does
//! the wall time that names migration files (`migrate --layout sqlx`): the real clock honours
//! `SOURCE_DATE_EPOCH` (the reproducible-builds convention), so a run of the binary can be
//! pinned too.

use anstyle::{AnsiColor, Style};
use std::cell::Cell;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Time since the run started, and the wall time.
pub trait Clock {
    fn elapsed(&self) -> Duration;

    /// The current wall time: `SOURCE_DATE_EPOCH` (seconds since 1970) when set, else the
    /// system's.
    fn now(&self) -> SystemTime {
        source_date_epoch().unwrap_or_else(SystemTime::now)
    }
}

/// `SOURCE_DATE_EPOCH` as a time, when set to a number of seconds.
fn source_date_epoch() -> Option<SystemTime> {
    let secs: u64 = std::env::var("SOURCE_DATE_EPOCH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(UNIX_EPOCH + Duration::from_secs(secs))
}

/// The real clock, started when created.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock(Instant);

impl SystemClock {
    pub fn start() -> Self {
        SystemClock(Instant::now())
    }
}

impl Clock for SystemClock {
    fn elapsed(&self) -> Duration {
        self.0.elapsed()
    }
}

/// A clock for tests: every reading advances by `step`.
#[derive(Debug)]
pub struct FakeClock {
    step: Duration,
    now: Cell<Duration>,
}

impl FakeClock {
    pub fn ticking(step: Duration) -> Self {
        FakeClock {
            step,
            now: Cell::new(Duration::ZERO),
        }
    }
}

impl Clock for FakeClock {
    fn elapsed(&self) -> Duration {
        let t = self.now.get() + self.step;
        self.now.set(t);
        t
    }

    /// Always 2026-01-02 03:04:05 UTC.
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(FAKE_NOW)
    }
}

/// 2026-01-02 03:04:05 UTC, the wall time of [`FakeClock`].
pub const FAKE_NOW: u64 = 1_767_323_045;

/// `(year, month, day, hour, minute, second)` in UTC of a wall time (before 1970: 1970).
pub fn utc(t: SystemTime) -> (i64, u32, u32, u32, u32, u32) {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
    (year, month, day, h as u32, m as u32, s as u32)
}

/// The style of the verb: cargo's green, bold.
pub fn verb_style() -> Style {
    Style::new()
        .fg_color(Some(AnsiColor::BrightGreen.into()))
        .bold()
}

/// One status line without its newline: `   Collecting blog`.
pub fn line(verb: &str, message: &str, color: bool) -> String {
    let padded = format!("{verb:>12}");
    if color {
        let style = verb_style();
        format!("{style}{padded}{style:#} {message}")
    } else {
        format!("{padded} {message}")
    }
}

/// `1.23s`, as cargo prints durations.
pub fn seconds(d: Duration) -> String {
    format!("{:.2}s", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verb_is_right_aligned_in_twelve_columns() {
        assert_eq!(line("Collecting", "blog", false), "  Collecting blog");
        assert_eq!(line("Finished", "in 1.23s", false), "    Finished in 1.23s");
    }

    #[test]
    fn colored_lines_style_only_the_verb() {
        let l = line("Writing", "docs/", true);
        assert!(l.starts_with(&format!("{}", verb_style())), "{l:?}");
        assert!(
            l.ends_with(&format!("     Writing{:#} docs/", verb_style())),
            "{l:?}"
        );
    }

    #[test]
    fn utc_parts_of_known_times() {
        let at = |s: u64| utc(UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(at(0), (1970, 1, 1, 0, 0, 0));
        assert_eq!(at(FAKE_NOW), (2026, 1, 2, 3, 4, 5));
        // 2024-02-29 23:59:59 (a leap day) and the second after it.
        assert_eq!(at(1_709_251_199), (2024, 2, 29, 23, 59, 59));
        assert_eq!(at(1_709_251_200), (2024, 3, 1, 0, 0, 0));
        assert_eq!(at(951_782_400), (2000, 2, 29, 0, 0, 0));
    }

    #[test]
    fn the_fake_clock_ticks_per_reading() {
        let c = FakeClock::ticking(Duration::from_millis(250));
        assert_eq!(seconds(c.elapsed()), "0.25s");
        assert_eq!(seconds(c.elapsed()), "0.50s");
    }
}
