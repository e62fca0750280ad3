//! Splits a SQL dump into statements, coping with what real dumps contain besides SQL.
//!
//! sqlparser parses one statement at a time well, but a dump is not a list of statements:
//! psql writes meta-commands (`\connect`, `\restrict`) and `COPY ... FROM stdin` data ended by
//! `\.`; mysqldump writes `/*!40101 ... */` conditional comments (MySQL runs their body) and
//! `DELIMITER ;;` blocks around triggers; PostgreSQL function bodies hide `;` inside
//! dollar quotes. Handing the whole file to sqlparser fails on the first of these and loses
//! everything after it. So this splitter walks the text once, tracking quotes and comments,
//! and returns each statement with the line it starts on (for `file:line` warnings); the
//! pieces that are not SQL come back as [`Piece::Skipped`] with the reason.

/// One piece of a dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A statement (without its delimiter), to be parsed.
    Sql { text: String, line: usize },
    /// Something that is not SQL: a psql meta-command, COPY data, a `DELIMITER` line.
    Skipped { line: usize, reason: String },
}

/// Splits `text` into statements and skipped pieces, in file order. Never fails: an
/// unterminated quote or comment ends the last statement at the end of the file.
/// `backslash_escapes`: a backslash escapes the next character in `'...'` (MySQL); otherwise
/// only in PostgreSQL's `E'...'` strings.
pub fn split(text: &str, backslash_escapes: bool) -> Vec<Piece> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut s = Splitter {
        chars: text.chars().collect(),
        pos: 0,
        line: 1,
        delimiter: ";".to_string(),
        out: Vec::new(),
        backslash_escapes,
    };
    s.run();
    s.out
}

struct Splitter {
    chars: Vec<char>,
    pos: usize,
    line: usize,
    delimiter: String,
    out: Vec<Piece>,
    backslash_escapes: bool,
}

impl Splitter {
    fn run(&mut self) {
        loop {
            self.skip_blank();
            if self.pos >= self.chars.len() {
                return;
            }
            if self.at_line_start() && self.peek() == Some('\\') {
                self.meta_command();
                continue;
            }
            if self.starts_with_word("delimiter") && self.at_line_start() {
                self.delimiter_line();
                continue;
            }
            self.statement();
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn at_line_start(&self) -> bool {
        self.pos == 0 || self.chars[self.pos - 1] == '\n'
    }

    fn starts_with(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| self.at(i).is_some_and(|h| h.eq_ignore_ascii_case(&c)))
    }

    fn starts_with_word(&self, w: &str) -> bool {
        self.starts_with(w)
            && !self
                .at(w.chars().count())
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
    }

    /// Whitespace and comments between statements (kept out of statement text).
    fn skip_blank(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() => {
                    self.bump();
                }
                Some('-') if self.at(1) == Some('-') => self.line_comment(&mut String::new()),
                Some('/') if self.at(1) == Some('*') && self.at(2) != Some('!') => {
                    self.block_comment(&mut String::new())
                }
                _ => return,
            }
        }
    }

    fn rest_of_line(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if c == '\n' {
                break;
            }
            s.push(c);
            self.bump();
        }
        s
    }

    /// `\connect db`, `\restrict key`, a stray `\.`: psql runs these, they are not SQL.
    fn meta_command(&mut self) {
        let line = self.line;
        let cmd = self.rest_of_line();
        let name = cmd.split_whitespace().next().unwrap_or("\\").to_string();
        self.out.push(Piece::Skipped {
            line,
            reason: format!("psql meta-command `{name}` (not SQL)"),
        });
    }

    /// `DELIMITER ;;` (mysql client): statements end with the new delimiter until the next.
    fn delimiter_line(&mut self) {
        let line = self.line;
        let cmd = self.rest_of_line();
        let new = cmd.split_whitespace().nth(1).unwrap_or(";").to_string();
        self.out.push(Piece::Skipped {
            line,
            reason: format!("mysql client command `DELIMITER {new}` (not SQL)"),
        });
        self.delimiter = new;
    }

    fn statement(&mut self) {
        let line = self.line;
        let mut text = String::new();
        while self.pos < self.chars.len() {
            if self.starts_with(&self.delimiter.clone()) {
                self.pos += self.delimiter.chars().count();
                break;
            }
            match (self.peek(), self.at(1)) {
                (Some('\''), _) => self.quoted('\'', &mut text),
                (Some('"'), _) => self.quoted('"', &mut text),
                (Some('`'), _) => self.quoted('`', &mut text),
                (Some('-'), Some('-')) => self.line_comment(&mut text),
                (Some('/'), Some('*')) if self.at(2) == Some('!') => self.conditional(&mut text),
                (Some('/'), Some('*')) => self.block_comment(&mut text),
                (Some('$'), _) if self.dollar_tag().is_some() => self.dollar_quoted(&mut text),
                (Some(c), _) => {
                    text.push(c);
                    self.bump();
                }
                (None, _) => break,
            }
        }
        let text = text.trim().to_string();
        if text.is_empty() {
            return;
        }
        let copy_from_stdin = is_copy_from_stdin(&text);
        self.out.push(Piece::Sql { text, line });
        if copy_from_stdin {
            self.copy_data();
        }
    }

    /// A quoted string or identifier; the quote character doubled inside stays inside.
    /// Backslash escapes in `'...'` (MySQL, PostgreSQL `E'...'`) are kept with their char.
    fn quoted(&mut self, q: char, text: &mut String) {
        let escapes = q == '\'' && (self.backslash_escapes || self.after_e_prefix());
        text.extend(self.bump());
        while let Some(c) = self.bump() {
            text.push(c);
            if c == '\\' && escapes {
                text.extend(self.bump());
            } else if c == q {
                if self.peek() == Some(q) {
                    text.extend(self.bump());
                } else {
                    return;
                }
            }
        }
    }

    /// The cursor's quote follows a lone `E` (PostgreSQL's escape string `E'...'`).
    fn after_e_prefix(&self) -> bool {
        let before = |n: usize| self.pos.checked_sub(n).map(|i| self.chars[i]);
        matches!(before(1), Some('E' | 'e'))
            && !before(2).is_some_and(|c| c.is_alphanumeric() || c == '_')
    }

    fn line_comment(&mut self, text: &mut String) {
        self.rest_of_line();
        text.push(' ');
    }

    fn block_comment(&mut self, text: &mut String) {
        self.pos += 2;
        while self.pos < self.chars.len() && !self.starts_with("*/") {
            self.bump();
        }
        self.pos = (self.pos + 2).min(self.chars.len());
        text.push(' ');
    }

    /// `/*!40101 body */`: MySQL runs the body, so it stays in the statement (markers dropped).
    fn conditional(&mut self, text: &mut String) {
        self.pos += 3;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
        }
        text.push(' ');
        while self.pos < self.chars.len() && !self.starts_with("*/") {
            match self.peek() {
                Some(q @ ('\'' | '"' | '`')) => self.quoted(q, text),
                Some(c) => {
                    text.push(c);
                    self.bump();
                }
                None => break,
            }
        }
        self.pos = (self.pos + 2).min(self.chars.len());
        text.push(' ');
    }

    /// The `$tag$` opening a dollar-quoted string at the cursor, if any.
    fn dollar_tag(&self) -> Option<String> {
        let prev_ok = self.pos == 0
            || !self.chars[self.pos - 1].is_alphanumeric() && self.chars[self.pos - 1] != '_';
        if !prev_ok {
            return None;
        }
        let mut tag = String::from("$");
        let mut i = 1;
        while let Some(c) = self.at(i) {
            tag.push(c);
            if c == '$' {
                return Some(tag);
            }
            if !(c.is_alphanumeric() || c == '_') || (i == 1 && c.is_ascii_digit()) {
                return None;
            }
            i += 1;
        }
        None
    }

    fn dollar_quoted(&mut self, text: &mut String) {
        let tag = self.dollar_tag().unwrap_or_default();
        for _ in 0..tag.chars().count() {
            text.extend(self.bump());
        }
        while self.pos < self.chars.len() {
            if self.starts_with(&tag) {
                for _ in 0..tag.chars().count() {
                    text.extend(self.bump());
                }
                return;
            }
            text.extend(self.bump());
        }
    }

    /// The data rows after `COPY ... FROM stdin;`, up to the `\.` line.
    fn copy_data(&mut self) {
        self.rest_of_line();
        self.bump();
        let line = self.line;
        let mut rows = 0usize;
        while self.pos < self.chars.len() {
            let row = self.rest_of_line();
            self.bump();
            if row.trim_end() == "\\." {
                break;
            }
            rows += 1;
        }
        self.out.push(Piece::Skipped {
            line,
            reason: format!("COPY data ({rows} rows; data, not schema)"),
        });
    }
}

fn is_copy_from_stdin(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("copy ") && lower.contains("from stdin")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sql(pieces: &[Piece]) -> Vec<(&str, usize)> {
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Sql { text, line } => Some((text.as_str(), *line)),
                Piece::Skipped { .. } => None,
            })
            .collect()
    }

    fn skipped(pieces: &[Piece]) -> Vec<(usize, &str)> {
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Skipped { line, reason } => Some((*line, reason.as_str())),
                Piece::Sql { .. } => None,
            })
            .collect()
    }

    #[test]
    fn statements_with_lines_quotes_and_comments() {
        let p = split("\u{feff}-- head\nCREATE TABLE a (x text DEFAULT ';');\n\n/* c; */ SELECT 'it''s;' ; -- tail;\nSELECT \"a;b\"", true);
        assert_eq!(
            sql(&p),
            vec![
                ("CREATE TABLE a (x text DEFAULT ';')", 2),
                ("SELECT 'it''s;'", 4),
                ("SELECT \"a;b\"", 5)
            ]
        );
    }

    #[test]
    fn psql_meta_commands_and_copy_data() {
        let dump = "\\connect shop\nCOPY public.a (x) FROM stdin;\n1\tx;y\n2\t\\N\n\\.\nCREATE TABLE b (y int);\n";
        let p = split(dump, true);
        assert_eq!(
            sql(&p),
            vec![
                ("COPY public.a (x) FROM stdin", 2),
                ("CREATE TABLE b (y int)", 6)
            ]
        );
        let s = skipped(&p);
        assert_eq!(s[0], (1, "psql meta-command `\\connect` (not SQL)"));
        assert_eq!(s[1], (3, "COPY data (2 rows; data, not schema)"));
    }

    #[test]
    fn dollar_quoted_bodies_keep_their_semicolons() {
        let f = "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;\nSELECT $$a;b$$;";
        let p = split(f, true);
        assert_eq!(sql(&p).len(), 2, "{p:?}");
        assert!(sql(&p)[0].0.ends_with("LANGUAGE plpgsql"));
    }

    #[test]
    fn delimiter_blocks() {
        let f = "DELIMITER ;;\nCREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = 1; END ;;\nDELIMITER ;\nCREATE TABLE z (x int);";
        let p = split(f, true);
        assert_eq!(sql(&p).len(), 2, "{p:?}");
        assert!(sql(&p)[0].0.ends_with("END"));
        assert_eq!(sql(&p)[1], ("CREATE TABLE z (x int)", 4));
        assert_eq!(skipped(&p).len(), 2);
    }

    #[test]
    fn conditional_comments_keep_their_body() {
        let p = split(
            "/*!40101 SET NAMES utf8 */;\n/*!50001 CREATE VIEW `v` AS select 1 AS `x` */;",
            true,
        );
        assert_eq!(sql(&p)[0].0, "SET NAMES utf8");
        assert_eq!(sql(&p)[1].0, "CREATE VIEW `v` AS select 1 AS `x`");
    }

    #[test]
    fn backslashes_escape_only_where_the_engine_says() {
        let sql = "COMMENT ON TABLE t IS 'C:\\'; SELECT E'a\\'b';";
        let standard = split(sql, false);
        assert_eq!(
            sql_of(&standard),
            ["COMMENT ON TABLE t IS 'C:\\'", "SELECT E'a\\'b'"]
        );
        let mysql = split("SELECT 'a\\'; b'; SELECT 2;", true);
        assert_eq!(sql_of(&mysql), ["SELECT 'a\\'; b'", "SELECT 2"]);
    }

    fn sql_of(p: &[Piece]) -> Vec<&str> {
        sql(p).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn unterminated_input_never_panics() {
        for f in [
            "'abc",
            "/* x",
            "$a$ b",
            "`x",
            "COPY a FROM stdin;\n1",
            "\\",
            "DELIMITER",
        ] {
            let _ = split(f, true);
            let _ = split(f, false);
        }
    }
}
