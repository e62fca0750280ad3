//! Default names: snake_case and real English plurals for table names.
//!
//! Lives in the runtime (not the macro crate) so the derive, the resolver and the lints in
//! `cargo datamodel` share one implementation: a table name is decided once.

/// `UserProfile` -> `user_profile`, `HTTPRequest` -> `http_request`.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev = if i > 0 { Some(chars[i - 1]) } else { None };
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                None => false,
                Some('_') => false,
                Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_uppercase() => next.is_some_and(|n| n.is_lowercase()),
                _ => false,
            };
            if boundary {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

const IRREGULAR: &[(&str, &str)] = &[
    ("person", "people"),
    ("child", "children"),
    ("man", "men"),
    ("woman", "women"),
    ("mouse", "mice"),
    ("goose", "geese"),
    ("foot", "feet"),
    ("tooth", "teeth"),
    ("ox", "oxen"),
    ("leaf", "leaves"),
    ("life", "lives"),
    ("knife", "knives"),
    ("wife", "wives"),
    ("half", "halves"),
    ("shelf", "shelves"),
    ("criterion", "criteria"),
    ("datum", "data"),
    ("medium", "media"),
    ("index", "indexes"),
    ("matrix", "matrices"),
    ("vertex", "vertices"),
    ("analysis", "analyses"),
    ("axis", "axes"),
    ("crisis", "crises"),
    ("thesis", "theses"),
    ("quiz", "quizzes"),
];

/// Words whose plural is the word itself.
const UNCOUNTABLE: &[&str] = &[
    "sheep",
    "fish",
    "deer",
    "series",
    "species",
    "news",
    "equipment",
    "information",
    "metadata",
    "data",
    "feedback",
    "software",
    "people",
    "children",
    "money",
    "staff",
    "settings",
];

/// Plural of one lowercase English word: `category` -> `categories`, `status` -> `statuses`.
pub fn pluralize_word(word: &str) -> String {
    if UNCOUNTABLE.contains(&word) {
        return word.to_string();
    }
    if let Some((_, p)) = IRREGULAR.iter().find(|(s, _)| *s == word) {
        return (*p).to_string();
    }
    if let Some((_, p)) = IRREGULAR.iter().find(|(_, p)| *p == word) {
        return (*p).to_string();
    }
    let ends = |s: &str| word.ends_with(s);
    let stem = |n: usize| &word[..word.len() - n];
    if ends("ss") || ends("us") || ends("sh") || ends("ch") || ends("x") || ends("z") {
        return format!("{word}es");
    }
    if ends("s") {
        // Already plural (`users`) or a word like `gas`; leave it.
        return word.to_string();
    }
    if ends("y") {
        let before = word.chars().rev().nth(1);
        if before.is_some_and(|c| !"aeiou".contains(c)) {
            return format!("{}ies", stem(1));
        }
    }
    if ends("fe") && word.len() > 3 {
        return format!("{}ves", stem(2));
    }
    format!("{word}s")
}

/// Is `word` already a plural of some word (as far as these rules can tell)?
pub fn is_plural_word(word: &str) -> bool {
    if UNCOUNTABLE.contains(&word) || IRREGULAR.iter().any(|(_, p)| *p == word) {
        return true;
    }
    if IRREGULAR.iter().any(|(s, _)| *s == word) {
        return false;
    }
    word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is")
}

/// The default junction table of a `many_to_many` declared on `struct_name` towards the entity
/// whose table is `other_table`: `post_tags` for `Post` and `tags`. The derive (through
/// `__private::junction_name`) and the CLI's resolver both use this one rule.
pub fn junction_table(struct_name: &str, other_table: &str) -> String {
    format!("{}_{}", snake_case(struct_name), other_table)
}

/// Default table name of a struct: plural snake_case, pluralizing the last word only
/// (`OrderItem` -> `order_items`, `Person` -> `people`).
pub fn table_name(struct_name: &str) -> String {
    let snake = snake_case(struct_name);
    match snake.rsplit_once('_') {
        Some((head, last)) => format!("{head}_{}", pluralize_word(last)),
        None => pluralize_word(&snake),
    }
}

/// Is `name` plural snake_case (the table naming convention)?
pub fn is_plural_snake_case(name: &str) -> bool {
    is_snake_case(name) && is_plural_word(name.rsplit('_').next().unwrap_or(name))
}

/// Lowercase letters, digits and single underscores, starting with a letter.
pub fn is_snake_case(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.contains("__")
        && !name.ends_with('_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junction_tables_join_the_owner_and_the_other_table() {
        assert_eq!(junction_table("Post", "tags"), "post_tags");
        assert_eq!(
            junction_table("OrderItem", "order_items"),
            "order_item_order_items"
        );
    }

    #[test]
    fn plurals() {
        for (s, p) in [
            ("Person", "people"),
            ("Category", "categories"),
            ("Status", "statuses"),
            ("Address", "addresses"),
            ("Child", "children"),
            ("User", "users"),
            ("OrderItem", "order_items"),
            ("Day", "days"),
            ("Box", "boxes"),
            ("Church", "churches"),
            ("Wife", "wives"),
            ("Tag", "tags"),
            ("UserProfile", "user_profiles"),
            ("HTTPRequest", "http_requests"),
            ("Series", "series"),
            ("Analysis", "analyses"),
        ] {
            assert_eq!(table_name(s), p, "{s}");
        }
    }

    #[test]
    fn plural_detection() {
        assert!(is_plural_snake_case("order_items"));
        assert!(is_plural_snake_case("people"));
        assert!(is_plural_snake_case("statuses"));
        assert!(!is_plural_snake_case("person"));
        assert!(!is_plural_snake_case("status"));
        assert!(!is_plural_snake_case("OrderItems"));
        assert!(!is_plural_snake_case("user"));
    }
}
