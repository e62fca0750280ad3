//! Human output: rustc's look, through annotate-snippets (the crate rustc renders with).
//!
//! ```text
//! warning[DM111]: foreign key `fk_posts_author_id_users` (author_id) has no index ...
//!   --> examples/blog/src/model.rs:33:9
//!    |
//! 33 |     pub author_id: i64,
//!    |         ^^^^^^^^^
//!    |
//!    = note: `Post::author_id` (column `posts.author_id`), rule `fk-without-index`
//!    = help: add an index on (author_id) (`#[datamodel(index)]` on the field)
//! ```
//!
//! Without a source line (an imported schema, an unreadable file) the `-->` line names the
//! place in words. Color only when the console colors.

use super::message::{Message, MessageLevel};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use anstyle::{AnsiColor, Style};

/// The message as rustc would print it, ending with a blank line. A plain failure (no code,
/// nowhere to point) is `error: <what>` and its `= help:` lines, as cargo prints its own.
pub fn render(m: &Message, color: bool) -> String {
    if m.code.is_none() && m.span.is_none() && m.place.is_none() {
        return plain(m, color);
    }
    let level = match m.level {
        MessageLevel::Error => Level::ERROR,
        MessageLevel::Warning => Level::WARNING,
        MessageLevel::Info => Level::INFO,
    };
    let mut title = level.primary_title(m.message.as_str());
    if let Some(code) = &m.code {
        title = title.id(code.as_str());
    }
    let mut group = Group::with_title(title);
    if let Some(s) = &m.span {
        let line = usize::try_from(s.line).unwrap_or(1);
        group = group.element(
            Snippet::source(s.text.as_str())
                .line_start(line)
                .path(s.file.as_str())
                .annotation(AnnotationKind::Primary.span(s.start..s.end)),
        );
    } else if let Some(p) = &m.place {
        group = group.element(Origin::path(p.as_str()));
    }
    for n in &m.notes {
        group = group.element(Level::NOTE.message(n.as_str()));
    }
    for h in &m.helps {
        group = group.element(Level::HELP.message(h.as_str()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = renderer.render(&[group]);
    out.push_str("\n\n");
    out
}

fn plain(m: &Message, color: bool) -> String {
    let paint = |style: Style, text: &str| {
        if color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    };
    let (style, word) = match m.level {
        MessageLevel::Error => (AnsiColor::BrightRed, "error"),
        MessageLevel::Warning => (AnsiColor::BrightYellow, "warning"),
        MessageLevel::Info => (AnsiColor::BrightCyan, "info"),
    };
    let bold = Style::new().bold();
    let mut out = format!(
        "{}: {}\n",
        paint(bold.fg_color(Some(style.into())), word),
        m.message
    );
    for (label, lines) in [("note", &m.notes), ("help", &m.helps)] {
        for l in lines {
            out.push_str(&format!("  = {}: {l}\n", paint(bold, label)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::message::SourceSpan;

    fn message() -> Message {
        Message {
            level: MessageLevel::Warning,
            code: Some("DM111".into()),
            message: "foreign key `fk_posts_author_id_users` (author_id) has no index".into(),
            span: Some(SourceSpan {
                file: "src/lib.rs".into(),
                line: 12,
                text: "    pub author_id: i64,".into(),
                start: 8,
                end: 17,
                line_offset: 200,
            }),
            place: Some("src/lib.rs:12".into()),
            notes: vec![
                "`Post::author_id` (column `posts.author_id`), rule `fk-without-index`".into(),
            ],
            helps: vec!["add `#[datamodel(index)]` on the field".into()],
            crate_name: None,
        }
    }

    #[test]
    fn a_spanned_message_shows_the_line_and_underlines_the_name() {
        insta::assert_snapshot!(render(&message(), false));
    }

    #[test]
    fn without_a_span_the_place_is_named() {
        let mut m = message();
        m.span = None;
        m.place = Some("table `posts`".into());
        let text = render(&m, false);
        assert!(text.contains("--> table `posts`\n"), "{text}");
        assert!(!text.contains('^'), "{text}");
    }

    #[test]
    fn a_plain_failure_is_one_line_and_its_helps() {
        let e = crate::report::Error::new("manifest path `x` does not exist").help("pass another");
        assert_eq!(
            render(&Message::from_error(&e), false),
            "error: manifest path `x` does not exist\n  = help: pass another\n"
        );
    }

    #[test]
    fn color_comes_from_anstyle_only_when_asked() {
        assert!(!render(&message(), false).contains('\u{1b}'));
        assert!(render(&message(), true).contains('\u{1b}'));
    }
}
