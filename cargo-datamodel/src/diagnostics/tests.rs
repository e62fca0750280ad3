use super::*;
use std::collections::BTreeSet;
use std::path::Path;

fn declared() -> Vec<&'static str> {
    model_codes::all()
        .map(|c| c.code)
        .chain(Rule::ALL.iter().map(|r| r.code()))
        .collect()
}

#[test]
fn codes_are_unique_and_all_explained() {
    let codes = declared();
    let unique: BTreeSet<&str> = codes.iter().copied().collect();
    assert_eq!(
        unique.len(),
        codes.len(),
        "a code is declared twice: {codes:?}"
    );
    for code in &codes {
        let text = explain(code).unwrap_or_else(|| panic!("{code} has no explanation"));
        assert!(text.starts_with(&format!("# {code}")), "{text}");
        assert!(text.len() > 120, "{code}: explanation too thin:\n{text}");
    }
    for c in model_codes::all() {
        assert!(
            !c.summary.is_empty() && c.explanation.contains("Fix"),
            "{}",
            c.code
        );
    }
}

/// Every `"DMnnn"` the source of the CLI and the runtime reports is declared in the registry
/// (tests use `DM999` as the unknown code).
#[test]
fn every_code_in_the_source_is_declared() {
    fn walk(dir: &Path, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let bytes = text.as_bytes();
                for (i, _) in text.match_indices("\"DM") {
                    let code = &text[i + 1..(i + 6).min(text.len())];
                    if code.len() == 5
                        && code[2..].bytes().all(|b| b.is_ascii_digit())
                        && bytes.get(i + 6) == Some(&b'"')
                    {
                        found.insert(code.to_string());
                    }
                }
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = BTreeSet::new();
    walk(&root.join("src"), &mut found);
    walk(&root.join("../runtime/src"), &mut found);
    found.remove("DM999");
    let declared: BTreeSet<String> = declared().iter().map(|s| s.to_string()).collect();
    let missing: Vec<&String> = found.difference(&declared).collect();
    assert!(missing.is_empty(), "reported but not declared: {missing:?}");
    assert!(found.len() > 40, "the scan found too little: {found:?}");
}

#[test]
fn model_codes_lint_codes_and_names_are_explained() {
    assert!(explain("dm027")
        .unwrap()
        .starts_with("# DM027 a field collides"));
    assert!(explain("DM001")
        .unwrap()
        .contains("two structs map to the same table"));
    assert!(explain("fk-without-index").unwrap().starts_with("# DM111"));
    assert_eq!(explain("DM999"), None);
}

#[test]
fn typos_get_the_closest_code_or_name() {
    assert_eq!(closest("DM0277").as_deref(), Some("DM027"));
    assert_eq!(
        closest("fk-without-indx").as_deref(),
        Some("fk-without-index")
    );
    assert_eq!(closest("completely-unrelated-words"), None);
}
