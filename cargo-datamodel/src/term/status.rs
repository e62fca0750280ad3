//! Cargo's status lines (`   Collecting blog`, `    Finished in 1.23s`): a verb right-aligned
//! in 12 columns, green and bold when colored, then the message; on stderr, silenced by `-q`.
//!
//! The elapsed time comes from a [`Clock`] so tests can pin it ([`FakeClock`]).

use anstyle::{AnsiColor, Style};
use std::cell::Cell;
use std::time::{Duration, Instant};

/// Time since the run started.
pub trait Clock {
    fn elapsed(&self) -> Duration;
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
    fn the_fake_clock_ticks_per_reading() {
        let c = FakeClock::ticking(Duration::from_millis(250));
        assert_eq!(seconds(c.elapsed()), "0.25s");
        assert_eq!(seconds(c.elapsed()), "0.50s");
    }
}
