//! The data-model document end to end: full snapshots, depths, output folders and ids,
//! the drift check and user templates.

use cargo_datamodel::config::{Depth, Migration};
use cargo_datamodel::document::{
    CheckReport, DocContext, DocError, FileStatus, GenerateReport, PackageInfo, ScoreRow,
    ScorecardView, StackCrate, TechContext,
};
use cargo_datamodel::testkit;
use cargo_datamodel::testkit::Fixture;
use std::fs;

fn ctx(title: &str) -> DocContext {
    DocContext {
        title: title.into(),
        slug: None,
        key: None,
        id: Some("01".into()),
        package: PackageInfo {
            name: "app".into(),
            version: "0.1.0".into(),
        },
        tech: TechContext {
            crates: vec![
                StackCrate {
                    name: "sqlx".into(),
                    version: "0.8".into(),
                    role: "driver".into(),
                },
                StackCrate {
                    name: "sea-query".into(),
                    version: "0.32".into(),
                    role: "query builder".into(),
                },
            ],
            edition: Some("2021".into()),
            rust_version: Some("1.88".into()),
        },
        scorecard: None,
        template: None,
    }
}

fn render(schema: &Fixture, title: &str) -> String {
    render_document(schema, &ctx(title)).unwrap()
}

/// The document of a fixture, rendered for the fixture's target.
fn render_document(f: &Fixture, c: &DocContext) -> Result<String, DocError> {
    cargo_datamodel::document::render_document(f, &f.target, c)
}

fn generate(
    f: &Fixture,
    c: &DocContext,
    root: &std::path::Path,
) -> Result<GenerateReport, DocError> {
    cargo_datamodel::document::generate(f, &f.target, c, root)
}

fn check(f: &Fixture, c: &DocContext, root: &std::path::Path) -> Result<CheckReport, DocError> {
    cargo_datamodel::document::check(f, &f.target, c, root)
}

#[test]
fn blog_production() {
    insta::assert_snapshot!(render(&testkit::blog(Depth::Production), "Blog data model"));
}

#[test]
fn blog_mvp() {
    insta::assert_snapshot!(render(&testkit::blog(Depth::Mvp), "Blog data model"));
}

#[test]
fn blog_schema_only() {
    insta::assert_snapshot!(render(&testkit::blog(Depth::Schema), "Blog data model"));
}

#[test]
fn saas_production_brownfield() {
    insta::assert_snapshot!(render(
        &testkit::saas(Depth::Production, Migration::Brownfield),
        "SaaS data model"
    ));
}

#[test]
fn saas_mvp_mixed() {
    insta::assert_snapshot!(render(
        &testkit::saas(Depth::Mvp, Migration::Mixed),
        "SaaS data model"
    ));
}

#[test]
fn awkward_names() {
    insta::assert_snapshot!(render(&testkit::awkward(), "Awkward names"));
}

#[test]
fn scorecard_rows_replace_the_check_list() {
    let mut c = ctx("Blog data model");
    c.scorecard = Some(ScorecardView {
        rows: vec![ScoreRow {
            dimension: "Referential Integrity".into(),
            weight: 25,
            score: 9.2,
            notes: "1 FK | without index".into(),
        }],
        overall: 8.8,
        percent: 88.0,
    });
    let doc = render_document(&testkit::blog(Depth::Production), &c).unwrap();
    assert!(
        doc.contains("| Referential Integrity | 25% | 9.2 / 10 | 1 FK \\| without index |"),
        "{doc}"
    );
    assert!(
        doc.contains("| **Overall** | **100%** | **8.8 / 10** | 88.0% |"),
        "{doc}"
    );
    assert!(!doc.contains("was not run"), "{doc}");
}

#[test]
fn without_scorecard_the_section_lists_checks_and_no_numbers() {
    let doc = render(&testkit::blog(Depth::Production), "Blog data model");
    let section =
        &doc[doc.find("## Quality Scorecard").unwrap()..doc.find("## Technical Context").unwrap()];
    assert!(section.contains("cargo datamodel lint"), "{section}");
    assert!(section.contains("FK indexes present"), "{section}");
    assert!(!section.contains("Overall"), "{section}");
}

#[test]
fn depth_decides_the_sections() {
    let prod = render(&testkit::blog(Depth::Production), "B");
    let mvp = render(&testkit::blog(Depth::Mvp), "B");
    let schema = render(&testkit::blog(Depth::Schema), "B");
    for s in [
        "## Migration Playbook",
        "## Retention & Compliance",
        "## Quality Scorecard",
        "## Index Strategy",
    ] {
        assert!(prod.contains(s), "production lacks {s}");
        assert!(!mvp.contains(s), "mvp has {s}");
        assert!(!schema.contains(s), "schema has {s}");
    }
    assert!(mvp.contains("**Migration Notes:**") && mvp.contains("**Indexes:**"));
    assert!(!schema.contains("**Migration Notes:**") && !schema.contains("**Indexes:**"));
    assert!(schema.contains("**Foreign Keys:**") && schema.contains("```mermaid"));
}

// ---- output folder, ids, README index ----

#[test]
fn first_run_takes_the_next_free_id_and_reruns_keep_it() {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir_all(root.path().join("01-billing")).unwrap();
    fs::create_dir_all(root.path().join("03-search")).unwrap();
    fs::write(root.path().join("07-not-a-folder"), "file").unwrap();
    let schema = testkit::blog(Depth::Production);
    let mut c = ctx("Blog data model");
    c.id = None;
    let first = generate(&schema, &c, root.path()).unwrap();
    assert_eq!(first.id, "04");
    assert_eq!(first.folder, "04-blog-data-model");
    let doc_path = root.path().join("04-blog-data-model/04-blog-data-model.md");
    let doc = fs::read_to_string(&doc_path).unwrap();
    assert!(doc.contains("| Document ID | 04 |"), "{doc}");
    assert!(first.written.contains(&"README.md".to_string()));
    for engine in ["postgres", "sqlite"] {
        let ddl = fs::read_to_string(
            root.path()
                .join(format!("04-blog-data-model/schema.{engine}.sql")),
        )
        .unwrap();
        assert!(ddl.contains("CREATE TABLE"), "{engine}: {ddl}");
    }
    assert!(
        !root
            .path()
            .join("04-blog-data-model/schema.mysql.sql")
            .exists(),
        "mysql is not configured"
    );

    // A new folder with a higher number appears: the blog keeps its id.
    fs::create_dir_all(root.path().join("09-later")).unwrap();
    let second = generate(&schema, &c, root.path()).unwrap();
    assert_eq!(second.id, "04");
    assert!(
        second.written.is_empty(),
        "nothing changed: {:?}",
        second.written
    );
    assert_eq!(fs::read_to_string(&doc_path).unwrap(), doc);

    // Another model gets the next free number; the index lists both, once each.
    let other = generate(&testkit::awkward(), &ctx("Awkward names"), root.path()).unwrap();
    assert_eq!(other.id, "10");
    let index = fs::read_to_string(root.path().join("README.md")).unwrap();
    assert_eq!(index.matches("| 04 |").count(), 1, "{index}");
    assert_eq!(index.matches("| 10 |").count(), 1, "{index}");
    assert!(
        index.contains("[Blog data model](04-blog-data-model/04-blog-data-model.md)"),
        "{index}"
    );
    generate(&schema, &c, root.path()).unwrap();
    let again = fs::read_to_string(root.path().join("README.md")).unwrap();
    assert_eq!(
        again, index,
        "re-running must not duplicate or reorder index rows"
    );
    let leftovers: Vec<_> = fs::read_dir(root.path().join("04-blog-data-model"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn check_reports_missing_then_fresh_then_stale() {
    let root = tempfile::tempdir().unwrap();
    let schema = testkit::blog(Depth::Production);
    let c = ctx("Blog data model");

    let missing = check(&schema, &c, root.path()).unwrap();
    assert!(!missing.is_fresh());
    assert!(missing
        .stale
        .iter()
        .all(|s| s.status == FileStatus::Missing));
    assert!(missing
        .stale
        .iter()
        .any(|s| s.path == "01-blog-data-model/01-blog-data-model.md"));
    assert!(missing.diff.contains("+++ b/README.md"), "{}", missing.diff);
    assert!(missing
        .stale
        .iter()
        .any(|s| s.path == "01-blog-data-model/schema.postgres.sql"));
    assert_eq!(
        missing.stale.len(),
        6,
        "doc, two DDL files, the schema snapshot, manifest, index: {:?}",
        missing.stale
    );
    assert_eq!(
        fs::read_dir(root.path()).unwrap().count(),
        0,
        "check wrote something"
    );

    generate(&schema, &c, root.path()).unwrap();
    let fresh = check(&schema, &c, root.path()).unwrap();
    assert!(fresh.is_fresh(), "{}", fresh.diff);
    assert!(fresh.diff.is_empty());

    let changed = testkit::blog(Depth::Mvp);
    let doc_path = root.path().join("01-blog-data-model/01-blog-data-model.md");
    let before = fs::read_to_string(&doc_path).unwrap();
    let stale = check(&changed, &c, root.path()).unwrap();
    assert_eq!(stale.stale.len(), 1, "{:?}", stale.stale);
    assert_eq!(stale.stale[0].status, FileStatus::Stale);
    assert!(
        stale
            .diff
            .contains("--- a/01-blog-data-model/01-blog-data-model.md"),
        "{}",
        stale.diff
    );
    assert!(
        stale.diff.contains("-## Migration Playbook"),
        "{}",
        stale.diff
    );
    assert_eq!(
        fs::read_to_string(&doc_path).unwrap(),
        before,
        "check must not write"
    );
}

// ---- user templates ----

#[test]
fn user_template_replaces_the_builtin_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.md.j2");
    fs::write(&path, "# {{ title }}\n{% for t in tables %}- {{ t.name }}: {{ t.columns | length }} columns\n{% endfor %}").unwrap();
    let mut c = ctx("Blog");
    c.template = Some(path);
    let doc = render_document(&testkit::blog(Depth::Production), &c).unwrap();
    assert_eq!(doc, "# Blog\n- users: 6 columns\n- profiles: 5 columns\n- posts: 10 columns\n- comments: 6 columns\n- tags: 4 columns\n- post_tags: 2 columns\n");
}

#[test]
fn template_error_names_file_line_and_undefined_variable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.md.j2");
    fs::write(
        &path,
        "# {{ title }}\n\n{{ summary }}\n{{ exec_summary }}\n",
    )
    .unwrap();
    let mut c = ctx("Blog");
    c.template = Some(path.clone());
    let err = render_document(&testkit::blog(Depth::Production), &c).unwrap_err();
    match &err {
        DocError::Template {
            file,
            line,
            undefined,
            ..
        } => {
            assert_eq!(file, &path.display().to_string());
            assert_eq!(*line, Some(4));
            assert_eq!(undefined.as_deref(), Some("exec_summary"));
        }
        other => panic!("expected a template error, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("broken.md.j2:4"), "{msg}");
    assert!(msg.contains("`exec_summary` is undefined"), "{msg}");

    fs::write(&path, "{% for t in tables %}{{ t.nme }}{% endfor %}").unwrap();
    let err = render_document(&testkit::blog(Depth::Production), &c).unwrap_err();
    assert!(
        err.to_string().contains(":1: `t.nme` is undefined"),
        "{err}"
    );

    fs::write(&path, "{% if %}").unwrap();
    let err = render_document(&testkit::blog(Depth::Production), &c).unwrap_err();
    assert!(err.to_string().contains("broken.md.j2:1"), "{err}");
}

#[test]
fn missing_user_template_says_how_to_fix() {
    let mut c = ctx("Blog");
    c.template = Some("does/not/exist.md.j2".into());
    let err = render_document(&testkit::blog(Depth::Production), &c).unwrap_err();
    assert!(err.to_string().contains("does/not/exist.md.j2"), "{err}");
    assert!(err.to_string().contains("`template` key"), "{err}");
}

#[test]
fn every_context_variable_is_documented() {
    let docs = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/template-context.md"
    ))
    .unwrap();
    let saas = testkit::saas(Depth::Production, Migration::Brownfield);
    let view = cargo_datamodel::document::view::build(&saas, &saas.target, &ctx("S"));
    let value = serde_json::to_value(&view).unwrap();
    let mut missing = Vec::new();
    for (key, v) in value.as_object().unwrap() {
        if !docs.contains(&format!("`{key}")) {
            missing.push(key.clone());
        }
        if let Some(obj) = v.as_object().or_else(|| {
            v.as_array()
                .and_then(|a| a.first())
                .and_then(|x| x.as_object())
        }) {
            for sub in obj.keys() {
                if !docs.contains(&format!("`{sub}")) && !docs.contains(&format!("{key}.{sub}")) {
                    missing.push(format!("{key}.{sub}"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "undocumented in docs/template-context.md: {missing:?}"
    );
}

// ---- user text can't restructure the document ----

/// Headings, table shapes and raw HTML of a document, as a real CommonMark/GFM parser reads it.
fn structure(md: &str) -> (Vec<String>, Vec<usize>, Vec<String>) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut headings = Vec::new();
    let mut tables = Vec::new();
    let mut html = Vec::new();
    let mut heading: Option<String> = None;
    let mut rows = 0;
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => headings.extend(heading.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::Start(Tag::Table(_)) => rows = 0,
            Event::Start(Tag::TableRow) => rows += 1,
            Event::End(TagEnd::Table) => tables.push(rows),
            Event::Html(h) | Event::InlineHtml(h) => html.push(h.to_string()),
            _ => {}
        }
    }
    (headings, tables, html)
}

#[test]
fn hostile_doc_comments_do_not_restructure_the_document() {
    let harmless = testkit::blog(Depth::Production);
    let mut hostile = harmless.clone();
    let evil = "```\n# Injected heading\n<!-- swallow the rest\n<script>alert(1)</script>\n| fake | row |\n> quote\n- item\n    code block\n[x]: http://evil.example\n===";
    for t in &mut hostile.tables {
        t.comment = Some(format!("{evil}\n\n{evil}"));
        for c in &mut t.columns {
            c.comment = Some(format!("a | b\n<b>bold</b> {evil}"));
        }
    }
    let c = ctx("Blog");
    let before = structure(&render_document(&harmless, &c).unwrap());
    let doc = render_document(&hostile, &c).unwrap();
    let after = structure(&doc);
    assert_eq!(after.0, before.0, "headings changed:\n{doc}");
    assert_eq!(after.1, before.1, "tables changed:\n{doc}");
    assert!(
        !after
            .2
            .iter()
            .any(|h| h.contains("script") || h.contains("<!--") || h.contains("<b>")),
        "user HTML reached the document: {:?}",
        after.2
    );
    insta::assert_snapshot!("hostile_comments_excerpt", {
        let start = doc.find("### User (`users`)").unwrap();
        let end = doc[start..].find("**Indexes:**").unwrap() + start;
        doc[start..end].to_string()
    });
}
