//! The three published crates carry what crates.io and `cargo binstall` need, and
//! `cargo package --list` puts the licence texts and the README in each.

use crate::support::repo_root;
use std::process::Command;

const PUBLISHED: [&str; 3] = ["datamodel", "datamodel-macros", "cargo-datamodel"];

fn metadata() -> cargo_metadata::Metadata {
    cargo_metadata::MetadataCommand::new()
        .manifest_path(repo_root().join("Cargo.toml"))
        .no_deps()
        .exec()
        .expect("cargo metadata of the workspace")
}

#[test]
fn published_crates_have_their_metadata_and_depend_on_each_other_by_version() {
    let meta = metadata();
    for name in PUBLISHED {
        let p = meta
            .packages
            .iter()
            .find(|p| p.name.as_str() == name)
            .unwrap_or_else(|| panic!("{name} is a workspace member"));
        assert!(
            p.description.as_deref().is_some_and(|d| d.len() > 20),
            "{name}"
        );
        assert_eq!(p.license.as_deref(), Some("MIT OR Apache-2.0"), "{name}");
        assert!(p.repository.is_some(), "{name}: repository");
        assert!(p.readme.is_some(), "{name}: readme");
        assert!(
            (1..=5).contains(&p.keywords.len()),
            "{name}: {:?}",
            p.keywords
        );
        assert!(!p.categories.is_empty(), "{name}: categories");
        assert!(p.publish.is_none(), "{name} must be publishable");
        for dep in &p.dependencies {
            if PUBLISHED.contains(&dep.name.as_str())
                && dep.kind == cargo_metadata::DependencyKind::Normal
            {
                assert_ne!(
                    dep.req.to_string(),
                    "*",
                    "{name} -> {}: a path dependency needs a version to publish",
                    dep.name
                );
            }
        }
    }
    let tool = meta
        .packages
        .iter()
        .find(|p| p.name.as_str() == "cargo-datamodel")
        .unwrap();
    let binstall = &tool.metadata["binstall"];
    for key in ["pkg-url", "bin-dir", "pkg-fmt"] {
        assert!(binstall[key].is_string(), "binstall.{key}: {binstall}");
    }
}

#[test]
fn each_package_ships_both_licences_and_the_readme() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for name in PUBLISHED {
        let out = Command::new(&cargo)
            .args([
                "package",
                "--list",
                "--offline",
                "--allow-dirty",
                "-p",
                name,
            ])
            .current_dir(repo_root())
            .output()
            .expect("cargo runs");
        let listed = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for file in ["LICENSE-MIT", "LICENSE-APACHE", "README.md", "Cargo.toml"] {
            assert!(
                listed.lines().any(|l| l == file),
                "{name} lacks {file}:\n{listed}"
            );
        }
    }
    let apache = std::fs::read_to_string(repo_root().join("LICENSE-APACHE")).unwrap();
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
    let mit = std::fs::read_to_string(repo_root().join("LICENSE-MIT")).unwrap();
    assert!(mit.starts_with("MIT License"));
}
