//! `cargo datamodel lint --explain DM111`: a rule's documentation, from the rule file's own
//! `DOC` text (the single source of truth, also its rustdoc).

use super::Rule;

/// The documentation of the rule with this code (`DM111`, any case) or name
/// (`fk-without-index`), with a header giving its level and scorecard dimension; `None` when no
/// rule has that code or name.
pub fn explain(code_or_name: &str) -> Option<String> {
    let rule = Rule::parse(code_or_name)?;
    let mut out = format!(
        "# {} `{}`\n\nDefault level: {}. Scorecard dimension: {}.\n\n",
        rule.code(),
        rule.name(),
        rule.default_level().label(),
        rule.dimension().title()
    );
    for line in rule.doc().lines() {
        // `rust,ignore` keeps doc examples out of doctests; readers need only `rust`.
        out.push_str(line.strip_suffix(",ignore").unwrap_or(line));
        out.push('\n');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::explain;

    #[test]
    fn by_code_and_by_name() {
        let by_code = explain("dm111").unwrap();
        assert_eq!(
            explain("fk-without-index").as_deref(),
            Some(by_code.as_str())
        );
        assert!(by_code.starts_with("# DM111 `fk-without-index`\n\nDefault level: warning. Scorecard dimension: Index Coverage."));
        assert!(by_code.contains("## Why is this bad?"));
    }

    #[test]
    fn strips_ignore_from_fences() {
        let text = explain("DM126").unwrap();
        assert!(
            text.contains("```rust\n") && !text.contains("ignore"),
            "{text}"
        );
    }

    #[test]
    fn unknown_is_none() {
        assert_eq!(explain("DM999"), None);
        assert_eq!(explain("DM001"), None, "DM0xx are model validation codes");
    }
}
