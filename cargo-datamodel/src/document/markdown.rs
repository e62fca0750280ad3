//! User text in the Markdown document, escaped for where it lands: one place for every
//! template filter that writes text a user wrote (doc comments, titles, names).
//!
//! - [`cell`]: one line inside a table cell: whitespace folded, `|` escaped, a `<` that could
//!   open HTML as `&lt;` (outside code spans), empty as `—`.
//! - [`text`]: a paragraph: every line starts as plain text (a leading `#`, `>`, `-`, `+`, `*`,
//!   `=`, `|`, `[`, a fence, or `1.` is backslash-escaped; leading indentation, which would make
//!   a code block, is dropped), a `<` that could open HTML becomes `&lt;` so `<!--`,
//!   `<script>` or `<details>` can't open an HTML block, and CR/LF become LF. Doc comments keep their paragraphs and their
//!   inline Markdown (`code`, *emphasis*, links), but can't restructure the document around them.
//!
//! Names the tool writes in code spans come from the Schema, whose names can't contain control
//! characters (compile-time error) and are quoted by the renderer that writes them.

/// `{{ x | cell }}`: a value safe inside a Markdown table cell (one line, `|` escaped, no
/// HTML). The output index's cells use it too.
pub(crate) fn cell(value: String) -> String {
    // Most cells (names, types) need no change: return them without building a new string.
    if is_clean_cell(&value) {
        return value;
    }
    let one_line = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.is_empty() {
        "—".into()
    } else {
        // Backslashes first, so a user `\|` can't turn our `\|` into `\\` + a cell break.
        no_html(&one_line.replace('\\', "\\\\").replace('|', "\\|"))
    }
}

/// `<` that could open HTML (`<tag`, `</tag`, `<!--`, `<?`) as `&lt;`, outside code spans
/// (inside them it is literal already, and `&lt;` would show as is); `a <> b`, `x < 5` stay.
fn no_html(s: &str) -> String {
    if !s.contains('<') {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            // A code span: a run of n backticks closed by the next run of exactly n (as
            // CommonMark pairs them); an unmatched run is literal text.
            let n = chars[i..].iter().take_while(|&&b| b == '`').count();
            let close = closing_run(&chars, i + n, n);
            let end = close.map_or(i + n, |j| j + n);
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        if c == '<'
            && chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
        {
            out.push_str("&lt;");
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// Where the next run of exactly `n` backticks starts at or after `from`.
fn closing_run(chars: &[char], from: usize, n: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let run = chars[j..].iter().take_while(|&&b| b == '`').count();
            if run == n {
                return Some(j);
            }
            j += run;
        } else {
            j += 1;
        }
    }
    None
}

/// The `cell` filter as the template calls it: a string that needs no change is handed back
/// as the same value (no copy); anything else goes through [`cell`] as text.
pub(crate) fn cell_filter(value: minijinja::Value) -> minijinja::Value {
    match value.as_str() {
        Some(s) if is_clean_cell(s) => value,
        Some(s) => cell(s.to_string()).into(),
        None => cell(value.to_string()).into(),
    }
}

/// A cell [`cell`] would hand back unchanged: single spaced, no `|`, `<` or `\\`.
fn is_clean_cell(s: &str) -> bool {
    single_spaced(s, &CELL_BYTES)
}

/// How [`single_spaced`] reads a byte.
const PLAIN: u8 = 0;
const SPACE: u8 = 1;
const STOP: u8 = 2;
const WIDE: u8 = 3;

/// The class of every byte: `forbidden` bytes and ASCII white space other than the space
/// stop the scan, bytes from 0x80 start a non-ASCII character.
pub(crate) const fn byte_classes(forbidden: &[u8]) -> [u8; 256] {
    let mut t = [PLAIN; 256];
    let mut b = 0x80;
    while b < 256 {
        t[b] = WIDE;
        b += 1;
    }
    t[b' ' as usize] = SPACE;
    t[b'\t' as usize] = STOP;
    t[b'\n' as usize] = STOP;
    t[0x0b] = STOP;
    t[0x0c] = STOP;
    t[b'\r' as usize] = STOP;
    let mut i = 0;
    while i < forbidden.len() {
        t[forbidden[i] as usize] = STOP;
        i += 1;
    }
    t
}

/// No byte forbidden: plain single spacing (the tests compare the scan with its definition).
#[cfg(test)]
pub(crate) static SPACED_BYTES: [u8; 256] = byte_classes(b"");
static CELL_BYTES: [u8; 256] = byte_classes(b"|<\\");

/// Is `s` non-empty, one line, with single spaces between words and none at either end (what
/// joining its `split_whitespace` words with `' '` would give back), and without a byte that
/// `classes` (from [`byte_classes`]) forbids? One table lookup per byte, because every table
/// cell and diagram label of the document comes through here (about 260,000 cells at 2,000
/// tables). A non-ASCII character is decoded and checked with `char::is_whitespace`, as
/// `split_whitespace` does.
pub(crate) fn single_spaced(s: &str, classes: &[u8; 256]) -> bool {
    let bytes = s.as_bytes();
    let mut after_space = true;
    let mut i = 0;
    while i < bytes.len() {
        match classes[bytes[i] as usize] {
            PLAIN => {
                after_space = false;
                i += 1;
            }
            SPACE if after_space => return false,
            SPACE => {
                after_space = true;
                i += 1;
            }
            STOP => return false,
            _ => {
                let Some(c) = s[i..].chars().next() else {
                    return false;
                };
                if c.is_whitespace() {
                    return false;
                }
                after_space = false;
                i += c.len_utf8();
            }
        }
    }
    !after_space
}

/// `{{ x | text }}`: user text as paragraphs that can't open a heading, list, quote, table,
/// code block or HTML block, and can't run into the template's next block.
pub(crate) fn text(value: String) -> String {
    let normalized = value.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(normalized.len() + 8);
    for (i, line) in normalized.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim_start();
        if starts_a_block(line) {
            out.push('\\');
        }
        let first_is_digit = line.starts_with(|c: char| c.is_ascii_digit());
        let escaped = no_html(line);
        if first_is_digit {
            // `1.` / `1)` opens an ordered list: escape the delimiter after the digits.
            let digits = escaped.chars().take_while(char::is_ascii_digit).count();
            let (num, rest) = escaped.split_at(digits);
            out.push_str(num);
            if rest.starts_with(['.', ')']) {
                out.push('\\');
            }
            out.push_str(rest);
        } else {
            out.push_str(&escaped);
        }
    }
    out.trim_end().to_string()
}

/// Does a line starting with this text open a block other than a paragraph (or, as `=`/`-`,
/// turn the line before into a heading)?
fn starts_a_block(line: &str) -> bool {
    line.starts_with(['#', '>', '-', '+', '*', '=', '|', '[', '`', '~', '_'])
}

#[cfg(test)]
mod tests {
    #[test]
    fn single_spacing_fast_path_agrees_with_the_definition() {
        let slow = |s: &str| {
            s.split(' ')
                .all(|word| !word.is_empty() && !word.contains(char::is_whitespace))
        };
        for s in [
            "",
            " ",
            "a",
            "a b",
            "a  b",
            " a",
            "a ",
            "a\tb",
            "a\nb",
            "a\rb",
            "a\x0bb",
            "a\x0cb",
            "a b c",
            "ab",
            "a\u{a0}b",
            "é b",
            "é  b",
            "a\u{2028}b",
            "x\x1fy",
        ] {
            assert_eq!(
                super::single_spaced(s, &super::SPACED_BYTES),
                slow(s),
                "{s:?}"
            );
        }
    }

    use super::*;

    #[test]
    fn cells_fold_whitespace_and_escape_pipes_and_html() {
        for s in ["a", "a b", "user_id", "VARCHAR(255)"] {
            assert_eq!(cell(s.to_string()), s);
        }
        assert_eq!(cell("a  b\nc".into()), "a b c");
        assert_eq!(cell("".into()), "—");
        assert_eq!(cell("a | b <script>".into()), "a \\| b &lt;script>");
        assert_eq!(
            cell("`a <> b`, x < 5 <-> y".into()),
            "`a <> b`, x < 5 <-> y"
        );
        assert_eq!(cell("`p<q` <b>".into()), "`p<q` &lt;b>");
        // A lone backtick opens no code span: the HTML after it is still neutralised.
        assert_eq!(cell("x ` <script>".into()), "x ` &lt;script>");
        assert_eq!(cell("``a`b`` <i>".into()), "``a`b`` &lt;i>");
        assert_eq!(cell("a\\|b".into()), "a\\\\\\|b");
    }

    #[test]
    fn text_neutralises_block_syntax_but_keeps_inline_markdown() {
        let hostile = "```\n# Heading\n> quote\n- item\n1. one\n    indented\n<!-- hidden\n<script>x</script>\n| a | b |\n[ref]: http://x\n===";
        let out = text(hostile.into());
        for line in out.lines() {
            assert!(
                line.starts_with('\\')
                    || line.starts_with(|c: char| c.is_ascii_digit())
                    || line.starts_with("indented")
                    || line.starts_with("&lt;"),
                "{line:?} in\n{out}"
            );
        }
        assert!(out.contains("1\\. one"), "{out}");
        assert!(
            !out.contains("<!") && !out.contains("<s") && !out.contains("</"),
            "{out}"
        );
        assert_eq!(
            text("Uses `code` and *emphasis*.\n\nSecond paragraph.".into()),
            "Uses `code` and *emphasis*.\n\nSecond paragraph."
        );
        assert_eq!(text("a\r\nb\rc".into()), "a\nb\nc");
    }
}
