//! What a statement is, read from its text before (or instead of) parsing it: its leading
//! words for messages, whether it carries no schema (GRANT, SET, functions, ...), a view's
//! name, and PostgreSQL 15's `SET NULL (cols)` lists that sqlparser doesn't read.

/// The first words of a statement, upper case, for messages (`CREATE TRIGGER`, `GRANT`).
pub(super) fn leading_words(sql: &str) -> String {
    let words: Vec<String> = sql
        .split_whitespace()
        .take(3)
        .map(|w| w.to_ascii_uppercase())
        .collect();
    let mut out: Vec<String> = Vec::new();
    for w in words {
        if !w.chars().all(|c| c.is_ascii_alphabetic() || c == '_') {
            break;
        }
        out.push(w);
        if !matches!(out[0].as_str(), "CREATE" | "ALTER" | "DROP" | "SET") || out.len() == 2 {
            if out[0] == "CREATE" && matches!(out[1].as_str(), "OR" | "DEFINER" | "ALGORITHM") {
                continue;
            }
            break;
        }
    }
    if out.is_empty() {
        "statement".into()
    } else {
        out.join(" ")
    }
}

pub(super) fn is_schema_free(what: &str) -> bool {
    let first = what.split(' ').next().unwrap_or("");
    let schema_free = [
        "GRANT", "REVOKE", "SET", "SELECT", "INSERT", "UPDATE", "DELETE", "COPY", "LOCK", "UNLOCK",
        "BEGIN", "COMMIT", "START", "ROLLBACK", "USE", "PRAGMA", "ANALYZE", "VACUUM",
    ];
    schema_free.contains(&first)
        || [
            "FUNCTION",
            "KEYS",
            "OWNER",
            "TRIGGER",
            "PROCEDURE",
            "EXTENSION",
            "SEQUENCE",
            "RULE",
            "EVENT",
        ]
        .iter()
        .any(|k| what.contains(k))
}

/// `CREATE PROCEDURE` for `CREATE DEFINER=... PROCEDURE p`, `ALTER TABLE ... DISABLE KEYS`:
/// what an unparsable statement is, when its first words say it carries no table structure.
pub(super) fn schema_free_kind(sql: &str) -> Option<String> {
    let words: Vec<String> = sql
        .split_whitespace()
        .take(8)
        .map(|w| w.to_ascii_uppercase())
        .collect();
    let first = words.first()?.clone();
    if words
        .windows(2)
        .any(|w| w[1] == "KEYS" && matches!(w[0].as_str(), "DISABLE" | "ENABLE"))
    {
        return Some("ALTER TABLE ... DISABLE/ENABLE KEYS".into());
    }
    if first == "ALTER" && words.iter().any(|w| w == "OWNER") {
        return Some(format!("ALTER {} ... OWNER TO", words.get(1)?));
    }
    let kinds = ["PROCEDURE", "FUNCTION", "TRIGGER", "EVENT"];
    let kind = words.iter().find(|w| kinds.contains(&w.as_str()))?;
    matches!(first.as_str(), "CREATE" | "ALTER" | "DROP").then(|| format!("{first} {kind}"))
}

/// The view a `CREATE ... VIEW name AS` statement defines (mysqldump's `ALGORITHM=` and
/// `DEFINER=` prefixes included), when sqlparser couldn't read it.
pub(super) fn view_name(sql: &str) -> Option<String> {
    let words: Vec<&str> = sql.split_whitespace().collect();
    if !words.first()?.eq_ignore_ascii_case("create") {
        return None;
    }
    let at = words.iter().position(|w| w.eq_ignore_ascii_case("view"))?;
    let name = words.get(at + 1)?;
    let is_as = words
        .get(at + 2)
        .is_some_and(|w| w.eq_ignore_ascii_case("as"));
    is_as.then(|| name.rsplit('.').next().unwrap_or(name).to_string())
}

/// `sql` without the column lists of `ON DELETE SET NULL (a, b)`, and the lists (identifier
/// quotes removed), one per `ON DELETE SET NULL` in order (`None` when it has no list).
pub(super) fn strip_set_null_columns(sql: &str) -> (String, Vec<Option<Vec<String>>>) {
    let upper = sql.to_ascii_uppercase();
    let key = "ON DELETE SET NULL";
    if !upper.contains(key) {
        return (sql.to_string(), Vec::new());
    }
    let mut out = String::new();
    let mut lists = Vec::new();
    let mut rest = 0;
    for (at, _) in upper.match_indices(key) {
        let end = at + key.len();
        out.push_str(&sql[rest..end]);
        rest = end;
        let after = &sql[end..];
        let trimmed = after.trim_start();
        let list = trimmed
            .strip_prefix('(')
            .and_then(|r| r.split_once(')'))
            .filter(|(inner, _)| !inner.contains('('));
        match list {
            Some((inner, _)) => {
                let cols = inner
                    .split(',')
                    .map(|c| c.trim().trim_matches(|q| q == '"' || q == '`').to_string())
                    .collect();
                lists.push(Some(cols));
                rest = end + (after.len() - trimmed.len()) + inner.len() + 2;
            }
            None => lists.push(None),
        }
    }
    out.push_str(&sql[rest..]);
    (out, lists)
}
