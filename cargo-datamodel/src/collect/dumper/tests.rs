use super::*;
use std::collections::BTreeSet;

#[test]
fn a_configured_build_dir_is_shared_unless_the_target_dir_is_overridden() {
    let (t, b) = (Path::new("/ws/target"), Path::new("/cache/build/6c"));
    assert_eq!(user_build_dir(Some(b), t, None), Some(b.to_path_buf()));
    assert_eq!(
        user_build_dir(Some(t), t, None),
        None,
        "the default: inside target/"
    );
    assert_eq!(user_build_dir(None, t, None), None, "an older cargo");
    assert_eq!(user_build_dir(Some(b), t, Some(Path::new("x"))), None);
}

#[test]
fn the_collector_builds_apart_only_inside_a_build_that_holds_the_lock() {
    let dir = std::env::temp_dir().join(format!("dm-lock-{}", std::process::id()));
    let mut s = spec(Collect::Inventory);
    s.target_dir = dir.clone();
    // No build yet: no lock file, the lock is free.
    assert_eq!(s.collector_target(true), CollectorTarget::Shared);
    assert_eq!(CollectorTarget::Shared.dir(&s), dir);
    std::fs::create_dir_all(dir.join("debug")).unwrap();
    let lock = std::fs::File::create(dir.join("debug").join(".cargo-lock")).unwrap();
    assert_eq!(s.collector_target(true), CollectorTarget::Shared);
    // What cargo does while it builds: an exclusive lock on the file.
    lock.lock().unwrap();
    assert_eq!(s.collector_target(true), CollectorTarget::Separate);
    // Not inside that build (rust-analyzer's check, a parallel build): cargo waits.
    assert_eq!(s.collector_target(false), CollectorTarget::Shared);
    assert_eq!(
        CollectorTarget::Separate.dir(&s),
        dir.join("datamodel").join("target")
    );
    // Another profile has its own lock.
    s.release = true;
    assert_eq!(s.collector_target(true), CollectorTarget::Shared);
    lock.unlock().unwrap();
    s.release = false;
    assert_eq!(s.collector_target(true), CollectorTarget::Shared);
    // A build directory elsewhere has its own lock, which counts too.
    let build = dir.join("build");
    std::fs::create_dir_all(build.join("debug")).unwrap();
    let build_lock = std::fs::File::create(build.join("debug").join(".cargo-lock")).unwrap();
    s.build_dir = Some(build.clone());
    build_lock.lock().unwrap();
    assert_eq!(s.collector_target(true), CollectorTarget::Separate);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn placement_is_given_as_arguments_and_keeps_a_separate_build_apart() {
    let mut s = spec(Collect::Inventory);
    let args = |s: &DumperSpec, t| -> Vec<String> {
        s.placement_args(t)
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(
        args(&s, CollectorTarget::Shared),
        ["--target-dir", "/ws/target"]
    );
    assert_eq!(
        args(&s, CollectorTarget::Separate),
        [
            "--target-dir",
            "/ws/target/datamodel/target",
            "--config",
            "build.build-dir=\"/ws/target/datamodel/target\""
        ]
    );
    s.build_dir = Some(r"C:\cache\build".into());
    assert_eq!(
        args(&s, CollectorTarget::Shared)[3],
        r"build.build-dir='C:\cache\build'"
    );
}

fn spec(collect: Collect) -> DumperSpec {
    let mut runtime = toml::Table::new();
    runtime.insert("path".into(), "/r".into());
    DumperSpec {
        workspace_root: "/ws".into(),
        target_dir: "/ws/target".into(),
        build_dir: None,
        crates: vec![DumperCrate {
            package_name: "my-app".into(),
            lib_name: "my_app".into(),
            dir: "/ws/app".into(),
            features: PackageFeatures {
                default_features: false,
                features: BTreeSet::from(["extra".to_string()]),
            },
            collect,
        }],
        runtime,
        release: false,
        profile: None,
    }
}

#[test]
fn main_links_inventory_crates() {
    let m = spec(Collect::Inventory).main_rs();
    assert!(m.contains("extern crate my_app as _;"), "{m}");
    assert!(m.contains("dump_collected(&[], explicit);"), "{m}");
}

#[test]
fn main_calls_explicit_list() {
    let m = spec(Collect::Explicit).main_rs();
    assert!(!m.contains("extern crate"), "{m}");
    assert!(
        m.contains("explicit.extend(my_app::datamodel_entities());"),
        "{m}"
    );
}

#[test]
fn manifest_has_features_own_workspace_and_profile() {
    let root: toml::Table =
        "[profile.dev]\ndebug = 1\n[patch.crates-io]\nfoo = { path = \"vendor/foo\" }\n"
            .parse()
            .unwrap();
    let s = spec(Collect::Inventory);
    let m: toml::Table = s.manifest(Some(&root)).unwrap().parse().unwrap();
    let dep = &m["dependencies"]["my-app"];
    assert_eq!(dep["path"].as_str(), Some("/ws/app"));
    assert_eq!(dep["default-features"].as_bool(), Some(false));
    assert_eq!(dep["features"][0].as_str(), Some("extra"));
    assert_eq!(m["dependencies"]["datamodel"]["path"].as_str(), Some("/r"));
    assert!(m["workspace"].is_table());
    assert_eq!(m["profile"]["dev"]["debug"].as_integer(), Some(1));
    assert_eq!(
        m["patch"]["crates-io"]["foo"]["path"].as_str(),
        Some("/ws/vendor/foo")
    );
}

#[test]
fn key_depends_on_features() {
    let a = spec(Collect::Inventory);
    let mut b = a.clone();
    b.crates[0].features.features.clear();
    assert_ne!(a.key(), b.key());
    assert!(a.key().starts_with("my_app-"));
}

#[test]
fn wrong_format_version_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.json");
    std::fs::write(&p, r#"{"format_version": 99, "entities": []}"#).unwrap();
    let e = read_dump(&p).unwrap_err();
    assert!(e.message.contains("version 99"), "{e}");
}
