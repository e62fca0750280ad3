//! Table and column comments (from doc comments): the one normalisation every artefact sees.
//!
//! A doc comment is free text and reaches SQL (`COMMENT ON`, MySQL `COMMENT '...'`, SQLite
//! `--` lines) and the document. Engines store text, not line-ending conventions or control
//! characters, so the Schema holds a normal form: CR LF and lone CR become LF, and every
//! other control character (NUL, ESC, BEL, U+0085, ...) except LF and TAB is dropped. The
//! catalogs then read back exactly this text on every engine. Quoting is the dialect's job
//! (`Dialect::string_literal`, `dialect::line_comment`), not this module's.

use super::Table;

/// `text` in the normal form described in the module docs.
pub fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// Normalises the comment of `t` and of each of its columns.
pub(crate) fn normalise_table(t: &mut Table) {
    if let Some(c) = &mut t.comment {
        *c = normalise(c);
    }
    for col in &mut t.columns {
        if let Some(c) = &mut col.comment {
            *c = normalise(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn line_endings_become_lf_and_control_characters_go() {
        assert_eq!(normalise("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(
            normalise("nul\0 esc\x1b bel\x07 nel\u{85}"),
            "nul esc bel nel"
        );
        assert_eq!(normalise("tab\tkept"), "tab\tkept");
        let hostile = "*/ ' \\ -- $$ ` \" ; DROP TABLE x; --";
        assert_eq!(normalise(hostile), hostile);
    }
}
