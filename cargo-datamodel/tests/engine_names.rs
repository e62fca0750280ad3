//! Dialects own every engine difference (issue 17): outside `src/dialect/`, no code names a
//! particular engine (`Engine::Postgres`, `Engine::Mysql`, `Engine::Sqlite`, or a glob/list
//! import of the variants). Code asks a `Dialect` capability instead; `Engine::DEFAULT` and
//! `Engine::ALL` are fine. Tests may name engines: `#[cfg(test)]` modules (inline or in a
//! file of their own) and test-support files (`tests.rs`, `*_tests.rs`, `testing.rs`,
//! `testkit.rs`, `testkit/`) are skipped, and so are comments.
//!
//! Also here: `ddl` does not depend on `tenancy` (tenancy builds on ddl, one direction).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// What counts as naming an engine.
const PATTERNS: &[&str] = &[
    "Engine::Postgres",
    "Engine::Mysql",
    "Engine::Sqlite",
    "Engine::Citus",
    "Engine::{",
    "Engine::*",
];

/// Files still allowed to name engines, relative to `src/`. Each entry is a debt with a plan:
/// keep this list short and remove entries as their matches move onto dialect methods.
const ALLOWED: &[&str] = &[];

#[test]
fn no_engine_is_named_outside_dialect() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = rust_files(&src);
    let test_files = cfg_test_module_files(&src, &files);
    let mut hits = Vec::new();
    let mut allowed_used = BTreeSet::new();
    for file in &files {
        let rel = relative(&src, file);
        if rel.starts_with("dialect/") || test_files.contains(file) || is_test_support(file) {
            continue;
        }
        let text = fs::read_to_string(file).unwrap();
        let found = scan(&text);
        if found.is_empty() {
            continue;
        }
        if ALLOWED.contains(&rel.as_str()) {
            allowed_used.insert(rel);
            continue;
        }
        for (line, pattern) in found {
            hits.push(format!("src/{rel}:{line}: {pattern}"));
        }
    }
    assert!(
        hits.is_empty(),
        "engines named outside src/dialect/ (ask a Dialect capability instead):\n{}",
        hits.join("\n")
    );
    for a in ALLOWED {
        assert!(
            allowed_used.contains(*a),
            "src/{a} no longer names an engine: take it off the ALLOWED list"
        );
    }
}

#[test]
fn ddl_does_not_depend_on_tenancy() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut hits = Vec::new();
    for file in rust_files(&src.join("ddl")) {
        let text = fs::read_to_string(&file).unwrap();
        for (i, line) in code_lines(&text).into_iter().enumerate() {
            if line.contains("tenancy::") && !line.contains("schema::tenancy") {
                hits.push(format!("src/{}:{}", relative(&src, &file), i + 1));
            }
        }
    }
    assert!(
        hits.is_empty(),
        "ddl uses tenancy (tenancy depends on ddl, not the other way round):\n{}",
        hits.join("\n")
    );
}

#[test]
fn the_scanner_finds_engines_and_skips_tests_and_comments() {
    let src = r#"
use crate::config::Engine;
// Engine::Postgres in a comment is fine
/// and in docs: [`Engine::Mysql`]
fn f(e: Engine) -> bool {
    let s = "a { brace in a string";
    let c = '{';
    e == Engine::Mysql
}
fn g() { use Engine::*; }
#[cfg(test)]
mod tests {
    fn t() { let _ = Engine::Sqlite; let s = "}"; }
}
fn h() -> Engine { Engine::Sqlite }
"#;
    let found = scan(src);
    assert_eq!(
        found,
        vec![
            (8, "Engine::Mysql"),
            (10, "Engine::*"),
            (15, "Engine::Sqlite")
        ],
        "{found:?}"
    );
    assert!(scan("let e = Engine::DEFAULT; let all = Engine::ALL;").is_empty());
}

#[test]
fn cfg_test_module_files_are_found() {
    let dir = std::env::temp_dir().join(format!("engine_names_{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("a")).unwrap();
    fs::write(dir.join("lib.rs"), "mod a;\n#[cfg(test)]\nmod fixtures;\n").unwrap();
    fs::write(dir.join("fixtures.rs"), "").unwrap();
    fs::write(
        dir.join("a.rs"),
        "#[cfg(test)]\npub(crate) mod helpers;\nmod b;\n",
    )
    .unwrap();
    fs::write(dir.join("a/helpers.rs"), "").unwrap();
    fs::write(dir.join("a/b.rs"), "").unwrap();
    let files = rust_files(&dir);
    let tests = cfg_test_module_files(&dir, &files);
    let names: BTreeSet<String> = tests.iter().map(|f| relative(&dir, f)).collect();
    assert_eq!(
        names,
        ["a/helpers.rs", "fixtures.rs"]
            .map(String::from)
            .into_iter()
            .collect()
    );
    let _ = fs::remove_dir_all(&dir);
}

/// `(line, pattern)` of every engine named in the code of `text`, outside comments and
/// `#[cfg(test)]` items.
fn scan(text: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    for (i, line) in code_lines(text).into_iter().enumerate() {
        for p in PATTERNS {
            if line.contains(p) {
                found.push((i + 1, *p));
            }
        }
    }
    found
}

/// Each line of `text` with comments, string and char literals blanked out, and every
/// `#[cfg(test)]` item (to its closing brace, or its `;`) blanked too. Line numbers are kept.
fn code_lines(text: &str) -> Vec<String> {
    let blanked = blank_literals_and_comments(text);
    let mut lines: Vec<String> = blanked.lines().map(str::to_string).collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "#[cfg(test)]" {
            i += 1;
            continue;
        }
        // Blank the attribute and the item after it: through the line where its braces
        // balance again, or the first `;` before any brace.
        let mut depth = 0i32;
        let mut opened = false;
        let mut j = i;
        'item: while j < lines.len() {
            let line = std::mem::take(&mut lines[j]);
            for c in line.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    ';' if !opened && j > i => break 'item,
                    _ => {}
                }
            }
            if opened && depth <= 0 {
                break;
            }
            j += 1;
        }
        i = j + 1;
    }
    lines
}

/// `text` with the contents of comments and of string / char literals replaced by spaces
/// (newlines kept), so braces and patterns inside them are not seen.
fn blank_literals_and_comments(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |ch: char| if ch == '\n' { '\n' } else { ' ' };
    while i < c.len() {
        match c[i] {
            '/' if c.get(i + 1) == Some(&'/') => {
                while i < c.len() && c[i] != '\n' {
                    out.push(' ');
                    i += 1;
                }
            }
            '/' if c.get(i + 1) == Some(&'*') => {
                let mut depth = 0;
                while i < c.len() {
                    if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                        depth += 1;
                        out.push_str("  ");
                        i += 2;
                    } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        out.push_str("  ");
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        out.push(blank(c[i]));
                        i += 1;
                    }
                }
            }
            'r' if (c.get(i + 1) == Some(&'"') || c.get(i + 1) == Some(&'#'))
                && !c[..i]
                    .last()
                    .is_some_and(|p| p.is_alphanumeric() || *p == '_') =>
            {
                // Raw string r"..." / r#"..."#.
                let mut j = i + 1;
                let mut hashes = 0;
                while c.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if c.get(j) != Some(&'"') {
                    out.push(c[i]);
                    i += 1;
                    continue;
                }
                out.push('r');
                out.extend(std::iter::repeat_n('#', hashes));
                out.push('"');
                j += 1;
                loop {
                    if j >= c.len() {
                        break;
                    }
                    if c[j] == '"' && (0..hashes).all(|k| c.get(j + 1 + k) == Some(&'#')) {
                        out.push('"');
                        out.extend(std::iter::repeat_n('#', hashes));
                        j += 1 + hashes;
                        break;
                    }
                    out.push(blank(c[j]));
                    j += 1;
                }
                i = j;
            }
            '"' => {
                out.push('"');
                i += 1;
                while i < c.len() && c[i] != '"' {
                    if c[i] == '\\' && i + 1 < c.len() {
                        out.push(' ');
                        i += 1;
                    }
                    out.push(blank(c[i]));
                    i += 1;
                }
                out.push('"');
                i += 1;
            }
            '\'' => {
                // A char literal ('x', '\n', '\u{7f}'), or a lifetime ('a).
                let end = if c.get(i + 1) == Some(&'\\') {
                    (i + 2..c.len().min(i + 12)).find(|&k| c[k] == '\'')
                } else if c.get(i + 2) == Some(&'\'') {
                    Some(i + 2)
                } else {
                    None
                };
                match end {
                    Some(e) => {
                        out.push('\'');
                        out.extend(std::iter::repeat_n(' ', e - i - 1));
                        out.push('\'');
                        i = e + 1;
                    }
                    None => {
                        out.push('\'');
                        i += 1;
                    }
                }
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Files that are modules declared `#[cfg(test)] mod name;` (with or without `pub(..)`),
/// and everything under them.
fn cfg_test_module_files(src: &Path, files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut roots = Vec::new();
    for file in files {
        let text = fs::read_to_string(file).unwrap();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for w in lines.windows(2) {
            if w[0] != "#[cfg(test)]" {
                continue;
            }
            let Some(name) = declared_module(w[1]) else {
                continue;
            };
            // Child modules of `x/mod.rs`, `lib.rs`, `main.rs` live beside it; of `x.rs`, in `x/`.
            let stem = file.file_stem().unwrap().to_string_lossy();
            let dir = if matches!(stem.as_ref(), "mod" | "lib" | "main") {
                file.parent().unwrap().to_path_buf()
            } else {
                file.with_extension("")
            };
            roots.push(dir.join(format!("{name}.rs")));
            roots.push(dir.join(name));
        }
    }
    files
        .iter()
        .filter(|f| roots.iter().any(|r| f.starts_with(r)))
        .filter(|f| f.starts_with(src))
        .cloned()
        .collect()
}

/// `name` of a `mod name;` / `pub(crate) mod name;` line.
fn declared_module(line: &str) -> Option<&str> {
    let rest = line.strip_suffix(';')?;
    let rest = rest.split_whitespace().collect::<Vec<_>>();
    match rest.as_slice() {
        ["mod", name] => Some(name),
        [vis, "mod", name] if vis.starts_with("pub") => Some(name),
        _ => None,
    }
}

/// Test fixtures compiled into the library for the integration tests, by their file name
/// (or a `testkit/` folder of them).
fn is_test_support(file: &Path) -> bool {
    let name = file.file_name().unwrap().to_string_lossy();
    matches!(name.as_ref(), "tests.rs" | "testing.rs" | "testkit.rs")
        || name.ends_with("_tests.rs")
        || file.components().any(|c| c.as_os_str() == "testkit")
}

fn relative(base: &Path, file: &Path) -> String {
    file.strip_prefix(base)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}
