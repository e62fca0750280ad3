//! Where foreign names and text become Rust: identifiers built only from `[a-z0-9_]` /
//! `[A-Za-z0-9]` and checked against the keywords and the type names the emitted code uses,
//! string literals written by `{:?}`, and `//` comment text on one line. Nothing from the
//! imported SQL reaches the source any other way.

use datamodel::model::RefAction;
use datamodel::naming::snake_case;

/// Rust keywords (2021 strict and reserved, and 2024's `gen`): an identifier equal to one
/// gets a `_` appended (raw identifiers can't name `self`, `crate`, `super`, `Self`).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
];

/// Type names the emitted code uses unqualified (or the derive's expansion does): a struct
/// or enum of that name would shadow them.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "String",
    "Vec",
    "Box",
    "Result",
    "Ok",
    "Err",
    "DataModel",
    "DataModelEnum",
    "Json",
    "SqlType",
    "Copy",
    "Clone",
    "Debug",
    "PartialEq",
    "Eq",
    "Default",
    "Sized",
    "Send",
    "Sync",
    "Self",
    "Entity",
    "Model",
];

/// `album_id`, `AlbumId`, `First Name`, `1st` -> a snake_case field name (not a keyword).
pub(super) fn field_ident(column: &str) -> String {
    let snake = snake_case(column);
    let mut s = String::new();
    for ch in snake.chars() {
        let c = if ch.is_ascii_alphanumeric() {
            ch.to_ascii_lowercase()
        } else {
            '_'
        };
        if c == '_' && s.ends_with('_') {
            continue;
        }
        s.push(c);
    }
    let s = s.trim_matches('_').to_string();
    let s = if s.is_empty() {
        "column".to_string()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("c_{s}")
    } else {
        s
    };
    if KEYWORDS.contains(&s.as_str()) {
        format!("{s}_")
    } else {
        s
    }
}

/// `order_items` / `OrderItems` / `order items` -> `OrderItem` (the last word singular).
pub(super) fn type_ident(raw: &str, singular: bool) -> String {
    let snake = field_ident(raw);
    let mut words: Vec<String> = snake
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if singular {
        if let Some(last) = words.last_mut() {
            *last = singular_word(last);
        }
    }
    let mut s: String = words
        .iter()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("T{s}");
    }
    if RESERVED_TYPES.contains(&s.as_str()) || KEYWORDS.contains(&s.as_str()) {
        s.push_str("Row");
    }
    s
}

/// The singular whose plural (the derive's rule) is `word`, else `word`.
fn singular_word(word: &str) -> String {
    let candidates = [
        word.strip_suffix("ies").map(|s| format!("{s}y")),
        word.strip_suffix("ves").map(|s| format!("{s}fe")),
        word.strip_suffix("ves").map(|s| format!("{s}f")),
        word.strip_suffix("es").map(str::to_string),
        word.strip_suffix('s').map(str::to_string),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|c| !c.is_empty() && datamodel::naming::pluralize_word(c) == word)
        .unwrap_or_else(|| word.to_string())
}

/// A name the derive accepts in `table = ".."`, `column = ".."`, `name = ".."`: control
/// characters are refused at compile time, so they are dropped (with a warning).
pub(super) fn attr_name(name: &str) -> (String, bool) {
    let clean: String = name.chars().filter(|c| !c.is_control()).collect();
    let changed = clean != name;
    (clean, changed)
}

/// A Rust string literal of `s` (Rust's own escaping).
pub(super) fn lit(s: &str) -> String {
    format!("{s:?}")
}

/// The derive's name of a referential action.
pub(super) fn action(a: RefAction) -> &'static str {
    match a {
        RefAction::Cascade => "cascade",
        RefAction::Restrict => "restrict",
        RefAction::SetNull => "set_null",
        RefAction::NoAction => "no_action",
    }
}

/// Text for a `//` comment: one line, no control characters.
pub(super) fn comment_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
