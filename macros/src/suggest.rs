//! "Did you mean" suggestions for names darling cannot check by itself: the values of choice
//! keys (`on_delete = "set_nul"`) and field names inside struct-level attributes
//! (`index(fields(emial))`). Unknown attribute *keys* are darling's job (its `suggestions`
//! feature); this module only covers what it does not see.

/// The candidate closest to `value`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    value: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(value, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `; did you mean `x`?` or nothing.
pub fn hint<'a>(value: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(value, candidates)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

/// Error for a value of a choice key that is not one of its allowed values.
pub fn unknown_choice(key: &str, value: &str, allowed: &[&str]) -> darling::Error {
    let list = allowed
        .iter()
        .map(|a| format!("\"{a}\""))
        .collect::<Vec<_>>()
        .join(", ");
    darling::Error::custom(format!(
        "unknown {key} value \"{value}\": expected one of {list}{}",
        hint(value, allowed.iter().copied())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("set_nul", ["cascade", "set_null"]),
            Some("set_null")
        );
        assert_eq!(did_you_mean("zzz", ["cascade", "set_null"]), None);
    }
}
