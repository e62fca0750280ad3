//! The configuration of a collection: `[package.metadata.datamodel]`, falling back to
//! `[workspace.metadata.datamodel]`, then the engine inferred from dependencies.
//!
//! A package's own table replaces the workspace's entirely (no key-by-key merge: what you see in
//! one table is what applies). Several selected packages must agree on their settings, because
//! they produce one document; only `collect` may differ, since it is about how each crate is
//! read, not about the model.

use super::engine;
use super::workspace::Selected;
use crate::config::{Collect, Config, Engine};
use crate::report::Error;
use cargo_metadata::Metadata;

/// The configuration of one package, before engine inference, and where it came from.
pub fn package_config(meta: &Metadata, sel: &Selected<'_>) -> Result<Config, Error> {
    let own = sel.package.metadata.get("datamodel");
    let (value, table, manifest) = match own {
        Some(v) => (
            v,
            "package.metadata.datamodel",
            sel.package.manifest_path.to_string(),
        ),
        None => match meta.workspace_metadata.get("datamodel") {
            Some(v) => (
                v,
                "workspace.metadata.datamodel",
                meta.workspace_root.join("Cargo.toml").to_string(),
            ),
            None => return Ok(Config::default()),
        },
    };
    let manifest = relative_to(&manifest, meta.workspace_root.as_str());
    Config::from_metadata(value).map_err(|e| {
        Error::new(format!(
            "invalid `[{table}]` key `{}` in `{manifest}`: {}",
            e.key, e.message
        ))
        .help(if e.message.starts_with("unknown key") {
            format!("remove `{}` from `[{table}]` or rename it to one of the allowed keys", e.key)
        } else {
            format!(
                "fix the value of `{}` under `[{table}]`; leave a key out to get its recommended default",
                e.key
            )
        })
    })
}

/// The one configuration of all selected packages, with engines inferred when unset.
pub fn resolve(meta: &Metadata, selected: &[Selected<'_>]) -> Result<Config, Error> {
    let mut configs = Vec::new();
    for s in selected {
        configs.push((s, package_config(meta, s)?));
    }
    let Some((first_sel, first)) = configs.first() else {
        return Ok(with_engines(Config::default(), selected));
    };
    let neutral = |c: &Config| Config {
        collect: Collect::Inventory,
        ..c.clone()
    };
    for (s, c) in &configs[1..] {
        if neutral(c) != neutral(first) {
            return Err(Error::new(format!(
                "the selected packages `{}` and `{}` have different `datamodel` settings, but they make one data model",
                first_sel.package.name, s.package.name
            ))
            .help("collect them separately with `-p <package>`, or put the shared settings in `[workspace.metadata.datamodel]` and remove the packages' own tables"));
        }
    }
    Ok(with_engines(first.clone(), selected))
}

/// The collection mode of one package (`collect = "inventory" | "explicit"`).
pub fn collect_mode(meta: &Metadata, sel: &Selected<'_>) -> Result<Collect, Error> {
    Ok(package_config(meta, sel)?.collect)
}

fn with_engines(mut cfg: Config, selected: &[Selected<'_>]) -> Config {
    if cfg.engines.is_empty() {
        let inferred = engine::infer(selected.iter().map(|s| s.package));
        cfg.engines_defaulted = inferred.is_empty();
        cfg.engines = if inferred.is_empty() {
            vec![Engine::DEFAULT]
        } else {
            inferred
        };
        cfg.engines_inferred = true;
    }
    cfg
}

/// `path` relative to `base` when it lies under it (keeps messages free of absolute paths).
pub fn relative_to(path: &str, base: &str) -> String {
    let base = base.trim_end_matches('/');
    if path == base {
        return String::new();
    }
    path.strip_prefix(base)
        .and_then(|p| p.strip_prefix('/'))
        .map_or_else(|| path.to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::relative_to;

    #[test]
    fn relative_paths() {
        assert_eq!(relative_to("/ws/a/src/lib.rs", "/ws/a"), "src/lib.rs");
        assert_eq!(relative_to("/ws/a", "/ws/a/"), "");
        assert_eq!(relative_to("/ws/ab/x", "/ws/a"), "/ws/ab/x");
        assert_eq!(relative_to("src/lib.rs", "/ws"), "src/lib.rs");
    }
}
