//! A PRD's Markdown as sentences, the unit every rule reads.

/// The sentences of a Markdown text: headings and blank lines end sentences, list markers and
/// emphasis are dropped.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || line.starts_with("```") {
            continue;
        }
        let line = line
            .trim_start_matches(['-', '*', '+', '>'])
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .trim_start_matches(['.', ')'])
            .replace(['*', '`', '_'], " ");
        let mut cur = String::new();
        let chars: Vec<char> = line.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            cur.push(*c);
            let end = matches!(c, '.' | '!' | '?' | ';')
                && chars.get(i + 1).is_none_or(|n| n.is_whitespace());
            if end {
                push_sentence(&mut out, &cur);
                cur.clear();
            }
        }
        push_sentence(&mut out, &cur);
    }
    out
}

fn push_sentence(out: &mut Vec<String>, s: &str) {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let s = s.trim_end_matches(['.', '!', '?', ';']).trim().to_string();
    if s.split_whitespace().count() >= 2 {
        out.push(s);
    }
}
