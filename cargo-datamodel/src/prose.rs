//! Wording helpers for the text we write for people (documents, lint summaries, notes): one
//! spelling of "`a`, `b`", "a, b and c" and "1 table / 2 tables" everywhere.

/// The items as inline code, comma-separated: `` `a`, `b` ``. Written into one string (the
/// document calls this for several lists of every table).
pub fn code_list<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let mut out = String::new();
    for (i, s) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('`');
        out.push_str(s.as_ref());
        out.push('`');
    }
    out
}

/// `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `1 table`, `2 tables`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_counts() {
        assert_eq!(code_list(["a", "b"]), "`a`, `b`");
        assert_eq!(code_list(Vec::<String>::new()), "");
        assert_eq!(
            and_list(&["a".into(), "b".into(), "c".into()]),
            "a, b and c"
        );
        assert_eq!(and_list(&["a".into()]), "a");
        assert_eq!(plural(1, "table", "tables"), "1 table");
        assert_eq!(plural(0, "table", "tables"), "0 tables");
    }
}
