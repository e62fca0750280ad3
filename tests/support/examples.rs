//! The example crates' collected models and configurations, collected once per test binary
//! through `cargo datamodel schema --format json`.

use crate::cli::{cargo_datamodel, manifest, repo_root};
use cargo_datamodel::config::Config;
use datamodel::Model;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// `(model, config)` of `examples/<name>`.
pub fn example(name: &str) -> (Model, Config) {
    static CACHE: OnceLock<Mutex<HashMap<String, (Model, Config)>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut guard = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(hit) = guard.get(name) {
        return hit.clone();
    }
    let rel = format!("examples/{name}/Cargo.toml");
    let m = manifest(&rel);
    let run = cargo_datamodel(&["schema", "--format", "json", "--manifest-path", m.as_str()]);
    run.expect_code(0);
    let model: Model = serde_json::from_str(&run.stdout).expect("the schema JSON is a Model");
    let text = std::fs::read_to_string(repo_root().join(&rel)).expect("example manifest");
    let toml: toml::Value = toml::from_str(&text).expect("example manifest TOML");
    let meta = toml
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("datamodel"))
        .cloned()
        .map(|v| serde_json::to_value(v).expect("TOML to JSON"))
        .unwrap_or(serde_json::Value::Null);
    let config = Config::from_metadata(&meta).expect("example config");
    guard.insert(name.to_string(), (model.clone(), config.clone()));
    (model, config)
}
