//! Which crates to collect: `cargo metadata` plus cargo's own selection rules.
//!
//! `--manifest-path`, `-p/--package` and `--workspace` behave like cargo's: without `-p` or
//! `--workspace`, the package of the manifest is collected, or, for a virtual manifest, the
//! workspace's default members. Under `--workspace` and default members, members that do not
//! depend on `datamodel` are skipped silently (a workspace has tools and tests too); a package
//! named explicitly must depend on it.
//!
//! Collection links the user's crate into a generated binary, so the entities must live in a
//! **library** target. A bin-only crate is an error telling the user to move the structs into
//! a lib target (`src/lib.rs`, used by `src/main.rs`): linking a binary crate into another
//! binary is not something cargo can do, and the lib + bin layout is the idiomatic one anyway.

use crate::report::Error;
use cargo_metadata::{DependencyKind, Metadata, MetadataCommand, Package, TargetKind};
use std::path::{Path, PathBuf};

/// The name of the runtime package user crates depend on.
pub const RUNTIME_PACKAGE: &str = "datamodel";

/// Runs `cargo metadata` for the manifest (or the current directory's package).
pub fn load(manifest_path: Option<&Path>) -> Result<Metadata, Error> {
    let mut cmd = MetadataCommand::new();
    if let Some(cargo) = std::env::var_os("CARGO") {
        cmd.cargo_path(cargo);
    }
    if let Some(path) = manifest_path {
        if !path.exists() {
            return Err(Error::new(format!(
                "manifest path `{}` does not exist",
                path.display()
            ))
            .help("pass the path of a package's or workspace's `Cargo.toml` with `--manifest-path`"));
        }
        if path.file_name().is_none_or(|n| n != "Cargo.toml") {
            return Err(Error::new(format!(
                "manifest path `{}` is not a `Cargo.toml` file",
                path.display()
            ))
            .help(format!(
                "point `--manifest-path` at the manifest itself, e.g. `{}`",
                path.join("Cargo.toml").display()
            )));
        }
        cmd.manifest_path(path);
    }
    cmd.exec().map_err(|e| match e {
        cargo_metadata::Error::CargoMetadata { stderr } => {
            Error::new(format!("`cargo metadata` failed:\n{}", stderr.trim_end()))
        }
        other => Error::new(format!("could not read the workspace: {other}")),
    })
}

/// A package chosen for collection.
#[derive(Debug, Clone)]
pub struct Selected<'m> {
    pub package: &'m Package,
    /// The library target's crate name (`-` replaced by `_`), as used in `extern crate`.
    pub lib_name: String,
    /// The directory holding the package's `Cargo.toml`.
    pub dir: PathBuf,
}

/// How the user asked to select packages.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub packages: Vec<String>,
    pub workspace: bool,
}

/// Applies cargo's selection rules; the result is sorted by package name.
pub fn select<'m>(meta: &'m Metadata, sel: &Selection) -> Result<Vec<Selected<'m>>, Error> {
    let members = meta.workspace_packages();
    let mut chosen: Vec<Selected<'m>> = Vec::new();
    if !sel.packages.is_empty() {
        for spec in &sel.packages {
            let name = spec.split('@').next().unwrap_or(spec);
            let Some(pkg) = members.iter().find(|p| p.name.as_str() == name) else {
                let mut names: Vec<&str> = members.iter().map(|p| p.name.as_str()).collect();
                names.sort_unstable();
                return Err(Error::new(format!(
                    "package `{name}` is not a member of the workspace at `{}`",
                    meta.workspace_root
                ))
                .help(format!("available packages: {}", names.join(", "))));
            };
            if !chosen.iter().any(|s| s.package.id == pkg.id) {
                chosen.push(explicit(pkg)?);
            }
        }
    } else if let (false, Some(root)) = (sel.workspace, meta.root_package()) {
        chosen.push(explicit(root)?);
    } else {
        let candidates: Vec<&Package> = if sel.workspace {
            members
        } else if meta.workspace_default_members.is_available() {
            meta.workspace_default_packages()
        } else {
            members
        };
        for pkg in candidates {
            if depends_on_runtime(pkg) && lib_target(pkg).is_some() {
                chosen.push(selected(pkg, lib_target(pkg).unwrap_or_default()));
            }
        }
        if chosen.is_empty() {
            return Err(Error::new(format!(
                "no package of the workspace at `{}` depends on `{RUNTIME_PACKAGE}` with a library target",
                meta.workspace_root
            ))
            .help(format!(
                "add `{RUNTIME_PACKAGE}` to the `[dependencies]` of the crate that holds your structs, or pick it with `-p <package>`"
            )));
        }
    }
    chosen.sort_by(|a, b| a.package.name.cmp(&b.package.name));
    Ok(chosen)
}

fn selected(pkg: &Package, lib_name: String) -> Selected<'_> {
    let dir = pkg
        .manifest_path
        .parent()
        .map(|p| p.as_std_path().to_path_buf())
        .unwrap_or_default();
    Selected {
        package: pkg,
        lib_name,
        dir,
    }
}

/// A package the user named (or the manifest's own): it must be collectable.
fn explicit(pkg: &Package) -> Result<Selected<'_>, Error> {
    let Some(lib) = lib_target(pkg) else {
        let has_cdylib = pkg.targets.iter().any(|t| {
            t.kind
                .iter()
                .any(|k| matches!(k, TargetKind::CDyLib | TargetKind::StaticLib))
        });
        if has_cdylib {
            return Err(Error::new(format!(
                "the library of package `{}` is built only as cdylib/staticlib, which cannot be linked into the collector",
                pkg.name
            ))
            .help("add \"rlib\" to `crate-type` in its `[lib]` section: `crate-type = [\"cdylib\", \"rlib\"]`"));
        }
        return Err(Error::new(format!(
            "package `{}` has no library target; `cargo datamodel` collects entities from a library crate",
            pkg.name
        ))
        .help("move the `#[derive(DataModel)]` structs into `src/lib.rs` (and `use` them from `src/main.rs`); the generated collector links your crate as a library, which cargo cannot do with a binary"));
    };
    if !depends_on_runtime(pkg) {
        return Err(Error::new(format!(
            "package `{}` does not depend on `{RUNTIME_PACKAGE}`, so it has no entities to collect",
            pkg.name
        ))
        .help(format!(
            "add `{RUNTIME_PACKAGE}` to its `[dependencies]` and derive `DataModel` on its structs, or pick another package with `-p`"
        )));
    }
    Ok(selected(pkg, lib))
}

/// The crate name of the package's library target, if it has one that can be linked.
fn lib_target(pkg: &Package) -> Option<String> {
    pkg.targets
        .iter()
        .find(|t| {
            t.kind
                .iter()
                .any(|k| matches!(k, TargetKind::Lib | TargetKind::RLib | TargetKind::DyLib))
        })
        .map(|t| t.name.replace('-', "_"))
}

/// The package has a normal (not dev/build) dependency on the runtime.
pub fn depends_on_runtime(pkg: &Package) -> bool {
    pkg.dependencies
        .iter()
        .any(|d| d.name == RUNTIME_PACKAGE && d.kind == DependencyKind::Normal)
}

/// The `datamodel` package the selected crates were resolved against.
pub fn runtime_package<'m>(meta: &'m Metadata, selected: &[Selected<'_>]) -> Option<&'m Package> {
    let resolve = meta.resolve.as_ref()?;
    for s in selected {
        let node = resolve.nodes.iter().find(|n| n.id == s.package.id)?;
        for dep in &node.deps {
            let is_normal = dep
                .dep_kinds
                .iter()
                .any(|k| k.kind == DependencyKind::Normal);
            if !is_normal {
                continue;
            }
            if let Some(p) = meta
                .packages
                .iter()
                .find(|p| p.id == dep.pkg && p.name.as_str() == RUNTIME_PACKAGE)
            {
                return Some(p);
            }
        }
    }
    None
}
