//! Collection: from a Cargo workspace to the validated [`Model`] of the selected crates.
//!
//! 1. [`workspace`] reads `cargo metadata` and picks the packages like cargo does;
//! 2. [`settings`] reads their configuration and infers the engine ([`engine`]);
//! 3. [`features`] maps the feature flags onto them;
//! 4. [`dumper`] builds and runs the generated collector, which dumps the entities as JSON:
//!    those of the selected crates and of their dependencies (a foreign key into a shared
//!    model crate needs that crate's table in the same model);
//! 5. the source paths in the model are made relative to each package, and the cross-entity
//!    validation pass of the runtime runs. Its errors fail the collection.
//!
//! Commands get a [`Collected`] and never see cargo.

pub mod dumper;
pub mod engine;
pub mod features;
pub mod settings;
pub mod tech;
pub mod workspace;

use crate::config::Config;
use crate::report::{Console, Error, Failure, Located};
use datamodel::model::Model;
use datamodel::validate::{self, Diagnostic, Severity};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What to collect and how to build it (cargo's flags).
#[derive(Debug, Clone, Default)]
pub struct CollectOptions {
    pub manifest_path: Option<PathBuf>,
    pub selection: workspace::Selection,
    pub features: features::FeatureArgs,
    pub release: bool,
    pub profile: Option<String>,
    pub target_dir: Option<PathBuf>,
}

/// A collected, validated model and what it was collected from.
#[derive(Debug, Clone)]
pub struct Collected {
    pub model: Model,
    pub config: Config,
    /// Selected packages, sorted by name.
    pub packages: Vec<CollectedPackage>,
    pub workspace_root: PathBuf,
    /// Warnings of the validation pass (errors fail the collection).
    pub warnings: Vec<Located>,
    /// Directory of every crate entities may come from (selected crates and their
    /// dependencies), by crate name: relative to the workspace root when inside it.
    pub crate_dirs: BTreeMap<String, String>,
    /// Database crates and edition of the selected packages (the document's Technical Context).
    pub tech: tech::TechContext,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectedPackage {
    pub name: String,
    pub lib_name: String,
    /// Package directory, relative to the workspace root (`""` for the root package).
    pub dir: String,
    pub version: String,
}

impl Collected {
    /// The package whose name titles the outputs: the only one, or the first by name.
    pub fn primary_package(&self) -> Option<&CollectedPackage> {
        self.packages.first()
    }

    /// The document title: the configured `title`, else `<package> data model` (for several
    /// packages, the workspace directory's name stands for the package).
    pub fn doc_title(&self) -> String {
        if let Some(t) = &self.config.title {
            return t.clone();
        }
        let name = match self.packages.as_slice() {
            [one] => one.name.clone(),
            _ => self
                .workspace_root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "workspace".into()),
        };
        format!("{name} data model")
    }

    /// The slug of the output folder: from the configured `title`, else the package name (so
    /// the folder of a package is `NN-<package>` by default).
    pub fn doc_slug(&self) -> String {
        let base = match (&self.config.title, self.packages.as_slice()) {
            (Some(t), _) => t.clone(),
            (None, [one]) => one.name.clone(),
            (None, _) => self
                .workspace_root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "workspace".into()),
        };
        crate::paths::slug(&base)
    }

    /// What the output manifest remembers the document by: the collected packages' names,
    /// sorted and joined with `+` (a title change keeps the document's id and folder).
    pub fn doc_key(&self) -> String {
        let mut names: Vec<&str> = self.packages.iter().map(|p| p.name.as_str()).collect();
        names.sort_unstable();
        names.join("+")
    }

    /// The directory `out_dir` is relative to, relative to the workspace root: the package's
    /// directory, or the workspace root (`""`) when several packages make the model.
    pub fn output_base(&self) -> String {
        match self.packages.as_slice() {
            [one] => one.dir.clone(),
            _ => String::new(),
        }
    }
}

/// Collects and validates the model of the selected crates.
pub fn collect(opts: &CollectOptions, console: &mut Console<'_>) -> Result<Collected, Failure> {
    let meta = workspace::load(opts.manifest_path.as_deref())?;
    let selected = workspace::select(&meta, &opts.selection)?;
    let config = settings::resolve(&meta, &selected)?;
    let features = features::resolve(&opts.features, &selected)?;
    let runtime = workspace::runtime_package(&meta, &selected).ok_or_else(|| {
        Error::new(
            "could not find the `datamodel` crate in the dependency graph of the selected packages",
        )
        .help("add `datamodel` to the `[dependencies]` of the crate that holds your structs")
    })?;
    let mut crates = Vec::new();
    for s in &selected {
        crates.push(dumper::DumperCrate {
            package_name: s.package.name.to_string(),
            lib_name: s.lib_name.clone(),
            dir: s.dir.clone(),
            features: features
                .get(s.package.name.as_str())
                .cloned()
                .unwrap_or_default(),
            collect: settings::collect_mode(&meta, s)?,
        });
    }
    let target_dir = opts
        .target_dir
        .clone()
        .unwrap_or_else(|| meta.target_directory.clone().into_std_path_buf());
    let build_dir = dumper::user_build_dir(
        meta.build_directory.as_ref().map(|b| b.as_std_path()),
        meta.target_directory.as_std_path(),
        opts.target_dir.as_deref(),
    );
    let spec = dumper::DumperSpec {
        workspace_root: meta.workspace_root.clone().into_std_path_buf(),
        target_dir,
        build_dir,
        crates,
        runtime: dumper::runtime_dependency(runtime)?,
        release: opts.release,
        profile: opts.profile.clone(),
    };
    let mut model = dumper::run(&spec, &meta, console)?;

    let root = meta.workspace_root.as_str();
    let packages: Vec<CollectedPackage> = selected
        .iter()
        .map(|s| CollectedPackage {
            name: s.package.name.to_string(),
            lib_name: s.lib_name.clone(),
            dir: settings::relative_to(&s.dir.to_string_lossy(), root),
            version: s.package.version.to_string(),
        })
        .collect();
    let tech = tech::tech_context(
        &meta,
        &selected.iter().map(|s| s.package).collect::<Vec<_>>(),
    );
    let crate_dirs = crate_dirs(&meta);
    relativize_sources(&mut model, &crate_dirs);
    let crate_dirs: BTreeMap<String, String> = crate_dirs
        .into_iter()
        .map(|(k, dir)| (k, settings::relative_to(&dir, root)))
        .collect();
    model.entities.sort_by(|a, b| a.type_path.cmp(&b.type_path));

    console.sources = Some(crate::diagnostics::Sources::new(
        &meta,
        &model,
        packages.first().map(|p| p.lib_name.as_str()),
    ));
    let located = locate(&model, &crate_dirs, validate::validate(&model));
    let (errors, warnings): (Vec<Located>, Vec<Located>) = located
        .into_iter()
        .partition(|l| l.diagnostic.severity == Severity::Error);
    if !errors.is_empty() {
        return Err(Failure::Model(errors));
    }
    Ok(Collected {
        model,
        config,
        packages,
        workspace_root: spec.workspace_root,
        warnings,
        crate_dirs,
        tech,
    })
}

/// Absolute directory of every package with a library target, by crate name.
fn crate_dirs(meta: &cargo_metadata::Metadata) -> BTreeMap<String, String> {
    let mut dirs = BTreeMap::new();
    for p in &meta.packages {
        let lib = p.targets.iter().find(|t| t.is_lib() || t.is_rlib());
        if let (Some(lib), Some(dir)) = (lib, p.manifest_path.parent()) {
            dirs.insert(lib.name.replace('-', "_"), dir.to_string());
        }
    }
    dirs
}

/// `file!()` paths of crates outside the collector's workspace are absolute; make every
/// entity's source relative to its package directory, as the model documents.
fn relativize_sources(model: &mut Model, dirs: &BTreeMap<String, String>) {
    for e in &mut model.entities {
        if let Some(dir) = dirs.get(e.crate_name.as_str()) {
            e.source.file = settings::relative_to(&e.source.file, dir);
        }
    }
}

/// Attaches `path:line` (relative to the workspace root) to each diagnostic.
pub fn locate(
    model: &Model,
    crate_dirs: &BTreeMap<String, String>,
    diags: Vec<Diagnostic>,
) -> Vec<Located> {
    diags
        .into_iter()
        .map(|d| {
            let location = d
                .entity
                .as_deref()
                .and_then(|tp| model.entity(tp))
                .map(|e| {
                    let dir = crate_dirs
                        .get(&e.crate_name)
                        .map(String::as_str)
                        .unwrap_or("");
                    let line = d
                        .field
                        .as_deref()
                        .and_then(|f| e.field(f))
                        .map(|f| f.line)
                        .filter(|l| *l > 0)
                        .unwrap_or(e.source.line);
                    let file = if dir.is_empty() {
                        e.source.file.clone()
                    } else {
                        format!("{dir}/{}", e.source.file)
                    };
                    format!("{file}:{line}")
                });
            Located {
                diagnostic: d,
                location,
            }
        })
        .collect()
}
