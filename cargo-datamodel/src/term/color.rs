//! `--color auto|always|never`, as cargo decides it: the flag, else `CARGO_TERM_COLOR`, else
//! auto, where [`anstream`] reads `NO_COLOR`, `CLICOLOR_FORCE`, `CLICOLOR`, `TERM` and whether
//! stderr is a terminal.

use clap::ValueEnum;

/// The value of `--color` (and of `CARGO_TERM_COLOR`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Color when stderr is a terminal (and `NO_COLOR` is unset, or `CLICOLOR_FORCE` is set).
    #[default]
    Auto,
    /// Always color.
    Always,
    /// Never color.
    Never,
}

impl ColorWhen {
    /// Reads `CARGO_TERM_COLOR`; an invalid value is an error naming it and the allowed values,
    /// as cargo reports it.
    pub fn from_env_value(value: &str) -> Result<Self, String> {
        match value.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(ColorWhen::Auto),
            "always" => Ok(ColorWhen::Always),
            "never" => Ok(ColorWhen::Never),
            _ => Err(format!(
                "invalid value `{value}` of the environment variable `CARGO_TERM_COLOR`; allowed values: auto, always, never"
            )),
        }
    }

    /// The setting in force: `--color` when given, else `CARGO_TERM_COLOR` (`cargo_term_color`),
    /// else auto.
    pub fn resolve(
        flag: Option<ColorWhen>,
        cargo_term_color: Option<&str>,
    ) -> Result<Self, String> {
        match (flag, cargo_term_color) {
            (Some(w), _) => Ok(w),
            (None, Some(v)) if !v.is_empty() => ColorWhen::from_env_value(v),
            _ => Ok(ColorWhen::Auto),
        }
    }

    /// Whether to emit color; `auto` asks `auto_decides` (in the binary: anstream's verdict for
    /// stderr, which honours `NO_COLOR` and `CLICOLOR_FORCE`).
    pub fn enabled(self, auto_decides: impl FnOnce() -> bool) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => auto_decides(),
        }
    }

    /// The same choice for clap's help and errors.
    pub fn to_clap(self) -> clap::ColorChoice {
        match self {
            ColorWhen::Auto => clap::ColorChoice::Auto,
            ColorWhen::Always => clap::ColorChoice::Always,
            ColorWhen::Never => clap::ColorChoice::Never,
        }
    }

    /// The same choice for anstream.
    pub fn to_anstream(self) -> anstream::ColorChoice {
        match self {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        }
    }
}

/// Whether anstream would color stderr on its own (`NO_COLOR`, `CLICOLOR_FORCE`, terminal).
pub fn stderr_supports_color() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_over_the_environment() {
        assert_eq!(
            ColorWhen::resolve(Some(ColorWhen::Never), Some("always")),
            Ok(ColorWhen::Never)
        );
        assert_eq!(
            ColorWhen::resolve(None, Some("always")),
            Ok(ColorWhen::Always)
        );
        assert_eq!(
            ColorWhen::resolve(None, Some("NEVER")),
            Ok(ColorWhen::Never)
        );
        assert_eq!(ColorWhen::resolve(None, None), Ok(ColorWhen::Auto));
        assert_eq!(ColorWhen::resolve(None, Some("")), Ok(ColorWhen::Auto));
    }

    #[test]
    fn an_invalid_cargo_term_color_names_the_value_and_the_choices() {
        let e = ColorWhen::resolve(None, Some("sometimes")).unwrap_err();
        assert!(
            e.contains("`sometimes`") && e.contains("CARGO_TERM_COLOR"),
            "{e}"
        );
        assert!(e.contains("auto, always, never"), "{e}");
    }

    #[test]
    fn auto_asks_the_terminal_and_the_others_do_not() {
        assert!(ColorWhen::Always.enabled(|| false));
        assert!(!ColorWhen::Never.enabled(|| true));
        assert!(ColorWhen::Auto.enabled(|| true));
        assert!(!ColorWhen::Auto.enabled(|| false));
    }
}
