//! `--color`, `CARGO_TERM_COLOR`, `NO_COLOR` and `CLICOLOR_FORCE` on the real binary, whose
//! streams are pipes here (so `auto` alone means no color): our own output and clap's help
//! and errors.

use crate::support::{cargo_datamodel, on_warned};

/// Whether `text` holds an ANSI escape sequence.
fn has_escapes(text: &str) -> bool {
    text.contains('\u{1b}')
}

/// A failure printed before anything is collected: `error: manifest path ... does not exist`.
fn missing_manifest(flags: &[&str], env: &[(&str, &str)]) -> String {
    let mut args = vec![
        "plan",
        "--manifest-path",
        "/nonexistent/datamodel/Cargo.toml",
    ];
    args.extend(flags);
    let run = cargo_datamodel(&args, env);
    run.expect_code(2);
    assert!(run.stderr.contains("manifest path"), "{}", run.stderr);
    run.stderr
}

/// Flags, environment, whether the output is colored.
type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], bool);

#[test]
fn our_output_follows_the_flag_then_cargo_term_color_then_the_environment() {
    let cases: [Case; 10] = [
        (&[], &[], false),
        (&["--color", "always"], &[], true),
        (&["--color=always"], &[("NO_COLOR", "1")], true),
        (&["--color", "never"], &[("CLICOLOR_FORCE", "1")], false),
        (&[], &[("CLICOLOR_FORCE", "1")], true),
        (&[], &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")], false),
        (&[], &[("CARGO_TERM_COLOR", "always")], true),
        (
            &[],
            &[("CARGO_TERM_COLOR", "always"), ("NO_COLOR", "1")],
            true,
        ),
        (
            &[],
            &[("CARGO_TERM_COLOR", "never"), ("CLICOLOR_FORCE", "1")],
            false,
        ),
        (
            &["--color", "auto"],
            &[("CARGO_TERM_COLOR", "always")],
            false,
        ),
    ];
    for (flags, env, colored) in cases {
        let err = missing_manifest(flags, env);
        assert_eq!(has_escapes(&err), colored, "{flags:?} {env:?}:\n{err:?}");
        // The words are the same either way.
        assert!(
            err.contains("manifest path `/nonexistent/datamodel/Cargo.toml` does not exist"),
            "{err:?}"
        );
    }
}

#[test]
fn an_invalid_cargo_term_color_is_refused() {
    let run = cargo_datamodel(&["plan"], &[("CARGO_TERM_COLOR", "sometimes")]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("`sometimes`") && run.stderr.contains("CARGO_TERM_COLOR"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_real_run_colors_status_lines_and_diagnostics_only_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out = out.to_str().unwrap();
    let colored = on_warned(&["check", "--out", out, "--color", "always"], &[]);
    // The verb in cargo's bold green, the diagnostic's level in bold yellow.
    assert!(
        colored.stderr.contains("\u{1b}[1m\u{1b}[92m  Collecting"),
        "{:?}",
        colored.stderr
    );
    assert!(colored.stderr.contains("warning"), "{:?}", colored.stderr);
    let plain = on_warned(
        &["check", "--out", out, "--color", "never"],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert!(!has_escapes(&plain.stderr), "{:?}", plain.stderr);
    assert!(plain.stderr.contains("warning[DM122]"), "{}", plain.stderr);
    // The same exit either way (the folder does not exist: check fails).
    assert_eq!((colored.code, plain.code), (1, 1));
}

#[test]
fn clap_help_follows_color() {
    let help = |flags: &[&str], env: &[(&str, &str)]| {
        let mut args = vec!["--help"];
        args.extend(flags);
        let run = cargo_datamodel(&args, env);
        run.expect_code(0);
        run.stdout
    };
    assert!(!has_escapes(&help(&[], &[])));
    assert!(has_escapes(&help(&["--color", "always"], &[])));
    assert!(has_escapes(&help(&[], &[("CARGO_TERM_COLOR", "always")])));
    assert!(has_escapes(&help(&[], &[("CLICOLOR_FORCE", "1")])));
    assert!(!has_escapes(&help(
        &["--color=never"],
        &[("CLICOLOR_FORCE", "1")]
    )));
    assert!(!has_escapes(&help(
        &[],
        &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]
    )));
    // Colored or not, the same text.
    let stripped: String = {
        let colored = help(&["--color", "always"], &[]);
        let mut out = String::new();
        let mut chars = colored.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                chars.by_ref().find(|c| *c == 'm');
            } else {
                out.push(c);
            }
        }
        out
    };
    assert_eq!(stripped, help(&[], &[]));
}

#[test]
fn clap_errors_follow_color() {
    let error = |flags: &[&str], env: &[(&str, &str)]| {
        let mut args = vec!["init", "--tenancy", "shard"];
        args.extend(flags);
        let run = cargo_datamodel(&args, env);
        run.expect_code(2);
        assert!(run.stderr.contains("invalid value"), "{}", run.stderr);
        run.stderr
    };
    assert!(!has_escapes(&error(&[], &[])));
    assert!(has_escapes(&error(&["--color", "always"], &[])));
    assert!(has_escapes(&error(&[], &[("CARGO_TERM_COLOR", "always")])));
    assert!(!has_escapes(&error(
        &["--color", "never"],
        &[("CLICOLOR_FORCE", "1")]
    )));
}
