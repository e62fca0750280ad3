//! The collector: a generated binary crate that links the user's crates and dumps their entities.
//!
//! Entities register themselves with `inventory` when the derive expands, so the only way to
//! see them is to link the user's crate into a program and ask the registry. This module
//! writes that program under `<target-dir>/datamodel/dumper/<key>/` (its own `[workspace]`,
//! the user's `Cargo.lock`, `[profile]` and `[patch]` copied in so the same versions and
//! settings apply), builds it with cargo from the user's workspace root (so `.cargo/config.toml`
//! is honored), runs it, and reads the JSON it writes to a file. The dump never goes through
//! stdout, so whatever the user's code prints can't corrupt it.
//!
//! Where it builds ([`CollectorTarget`]): in the user's own target directory, so the
//! dependencies `cargo build` compiled are reused (same `Cargo.lock`, profile and features:
//! only the user's crates and the collector compile; a separate directory made a cold run cost
//! a second full build, see BENCHMARKS.md). A `build.build-dir` the user configured is shared
//! too ([`user_build_dir`]): cargo names it after the workspace path, so the collector's own
//! workspace would otherwise get a fresh one. The place is given as `--target-dir` / `--config`
//! arguments, never as environment variables a build script may watch. Only when this process
//! runs inside a cargo build that holds those directories' lock (a build script calling the
//! tool), where waiting would deadlock, does the collector build in
//! `<target-dir>/datamodel/target` (target and build directory) and say so; anywhere else
//! cargo waits for the lock like any second cargo. When another cargo holds that directory's build
//! lock (an outer `cargo test` running this tool, a long `cargo build`), waiting could
//! deadlock or stall, so the collector then builds in `<target-dir>/datamodel/target` instead
//! and says so.
//!
//! The user's compiler errors are forwarded as cargo prints them; then collection fails with
//! an error saying so.

use super::features::PackageFeatures;
use crate::config::Collect;
use crate::report::{Console, Error};
use cargo_metadata::{Message, Metadata, Package};
use datamodel::model::{Model, DUMP_FORMAT_VERSION};
use sha2::{Digest, Sha256};
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The target directory the collector builds in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollectorTarget {
    /// The user's target directory: dependencies already built are reused.
    Shared,
    /// `<target-dir>/datamodel/target`, because another cargo holds the user's build lock.
    Separate,
}

impl CollectorTarget {
    pub fn dir(self, spec: &DumperSpec) -> PathBuf {
        match self {
            CollectorTarget::Shared => spec.target_dir.clone(),
            CollectorTarget::Separate => spec.target_dir.join("datamodel").join("target"),
        }
    }
}

/// The user's `build.build-dir` for the collector to share: only when it is not the target
/// directory itself, and only when the target directory is cargo's own (with `--target-dir`,
/// the build directory cargo reports belongs to the other target directory).
pub fn user_build_dir(
    build_directory: Option<&Path>,
    target_directory: &Path,
    target_dir_option: Option<&Path>,
) -> Option<PathBuf> {
    build_directory
        .filter(|b| target_dir_option.is_none() && *b != target_directory)
        .map(Path::to_path_buf)
}

/// Another process holds cargo's build lock `lock` (`<target>/<profile>/.cargo-lock`, an
/// exclusive file lock while cargo builds there). A missing file is a free lock. The check
/// takes the lock and lets it go at once; cargo itself waits if someone takes it meanwhile.
fn build_lock_is_held(lock: &Path) -> bool {
    match std::fs::File::open(lock) {
        Ok(file) => matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock)),
        Err(_) => false,
    }
}

/// One crate linked into the collector.
#[derive(Debug, Clone)]
pub struct DumperCrate {
    pub package_name: String,
    pub lib_name: String,
    pub dir: PathBuf,
    pub features: PackageFeatures,
    pub collect: Collect,
}

/// Everything needed to generate, build and run the collector.
#[derive(Debug, Clone)]
pub struct DumperSpec {
    pub workspace_root: PathBuf,
    /// The user's target directory; the collector lives under `<target_dir>/datamodel/`.
    pub target_dir: PathBuf,
    /// The user's build directory when `build.build-dir` puts it elsewhere (cargo derives it
    /// from the workspace path, so the collector's own workspace would get another one and
    /// compile every dependency again); `None`: inside the target directory.
    pub build_dir: Option<PathBuf>,
    pub crates: Vec<DumperCrate>,
    /// The `datamodel = ...` dependency line's value.
    pub runtime: toml::Table,
    pub release: bool,
    pub profile: Option<String>,
}

/// How the collector depends on the runtime: the same source the user's crates resolved to.
pub fn runtime_dependency(runtime: &Package) -> Result<toml::Table, Error> {
    let mut t = toml::Table::new();
    match &runtime.source {
        None => {
            let dir = runtime
                .manifest_path
                .parent()
                .map(|p| p.to_string())
                .unwrap_or_default();
            t.insert("path".into(), dir.into());
        }
        Some(src) if src.repr.starts_with("git+") => {
            let rest = &src.repr["git+".len()..];
            let (url, rev) = rest.split_once('#').unwrap_or((rest, ""));
            let url = url.split('?').next().unwrap_or(url);
            t.insert("git".into(), url.into());
            if !rev.is_empty() {
                t.insert("rev".into(), rev.into());
            }
        }
        Some(src) => {
            t.insert("version".into(), format!("={}", runtime.version).into());
            if !src.is_crates_io() {
                let index = src
                    .repr
                    .strip_prefix("registry+")
                    .unwrap_or(src.repr.as_str());
                t.insert("registry-index".into(), index.into());
            }
        }
    }
    Ok(t)
}

impl DumperSpec {
    fn key(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.workspace_root.to_string_lossy().as_bytes());
        for c in &self.crates {
            h.update(format!(
                "\0{}\0{}\0{:?}\0{:?}",
                c.package_name, c.features.default_features, c.features.features, c.collect
            ));
        }
        let digest = h.finalize();
        let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
        let first = self
            .crates
            .first()
            .map(|c| c.lib_name.as_str())
            .unwrap_or("model");
        format!("{first}-{hex}")
    }

    fn dir(&self) -> PathBuf {
        self.target_dir
            .join("datamodel")
            .join("dumper")
            .join(self.key())
    }

    /// The directory of the build profile inside a target directory (`debug`, `release`).
    fn profile_dir(&self) -> String {
        match (&self.profile, self.release) {
            (Some(p), _) if p == "dev" || p == "test" => "debug".to_string(),
            (Some(p), _) if p == "bench" => "release".to_string(),
            (Some(p), _) => p.clone(),
            (None, true) => "release".to_string(),
            (None, false) => "debug".to_string(),
        }
    }

    /// Where cargo puts the collector's executable in `target`.
    fn expected_exe(&self, target: &CollectorTarget) -> PathBuf {
        target.dir(self).join(self.profile_dir()).join(format!(
            "{}{}",
            self.bin_name(),
            std::env::consts::EXE_SUFFIX
        ))
    }

    /// Where the collector builds this time (see the module docs). `in_build_script`: this
    /// process runs inside a cargo build (a build script's environment); only then can waiting
    /// for the held lock deadlock. Otherwise (rust-analyzer's `cargo check`, a parallel
    /// build) cargo waits for the lock, which costs less than compiling everything apart.
    pub fn collector_target(&self, in_build_script: bool) -> CollectorTarget {
        let profile = self.profile_dir();
        let locks = std::iter::once(&self.target_dir)
            .chain(&self.build_dir)
            .map(|dir| dir.join(&profile).join(".cargo-lock"));
        if in_build_script && locks.into_iter().any(|lock| build_lock_is_held(&lock)) {
            CollectorTarget::Separate
        } else {
            CollectorTarget::Shared
        }
    }

    /// The arguments that place the collector's build: `--target-dir` (not the
    /// `CARGO_TARGET_DIR` variable: a build script that reruns when that variable changes would
    /// then rebuild on every switch between `cargo build` and `cargo datamodel`) and, when it
    /// is elsewhere or must be kept apart, the build directory.
    fn placement_args(&self, target: CollectorTarget) -> Vec<std::ffi::OsString> {
        let mut args = vec!["--target-dir".into(), target.dir(self).into_os_string()];
        let build_dir = match target {
            CollectorTarget::Shared => self.build_dir.clone(),
            CollectorTarget::Separate => Some(target.dir(self)),
        };
        if let Some(dir) = build_dir {
            let value = toml::Value::String(dir.to_string_lossy().into_owned());
            args.push("--config".into());
            args.push(format!("build.build-dir={value}").into());
        }
        args
    }

    fn bin_name(&self) -> String {
        format!("datamodel-dumper-{}", self.key()).replace('_', "-")
    }

    /// The collector's `Cargo.toml`.
    pub fn manifest(&self, user_root_manifest: Option<&toml::Table>) -> Result<String, Error> {
        let mut doc = toml::Table::new();
        let mut package = toml::Table::new();
        package.insert("name".into(), self.bin_name().into());
        package.insert("version".into(), "0.0.0".into());
        package.insert("edition".into(), "2021".into());
        package.insert("publish".into(), false.into());
        doc.insert("package".into(), package.into());
        let mut bin = toml::Table::new();
        bin.insert("name".into(), self.bin_name().into());
        bin.insert("path".into(), "main.rs".into());
        doc.insert("bin".into(), toml::Value::Array(vec![bin.into()]));
        let mut deps = toml::Table::new();
        deps.insert("datamodel".into(), self.runtime.clone().into());
        for c in &self.crates {
            let mut d = toml::Table::new();
            d.insert("path".into(), path_str(&c.dir)?.into());
            if !c.features.default_features {
                d.insert("default-features".into(), false.into());
            }
            if !c.features.features.is_empty() {
                let list: Vec<toml::Value> = c
                    .features
                    .features
                    .iter()
                    .map(|f| f.clone().into())
                    .collect();
                d.insert("features".into(), list.into());
            }
            deps.insert(c.package_name.clone(), d.into());
        }
        doc.insert("dependencies".into(), deps.into());
        doc.insert("workspace".into(), toml::Table::new().into());
        if let Some(root) = user_root_manifest {
            if let Some(p) = root.get("profile") {
                doc.insert("profile".into(), p.clone());
            }
            if let Some(toml::Value::Table(patch)) = root.get("patch") {
                doc.insert(
                    "patch".into(),
                    absolutize_paths(patch, &self.workspace_root).into(),
                );
            }
        }
        let body = toml::to_string(&doc)
            .map_err(|e| Error::new(format!("could not write the collector's manifest: {e}")))?;
        Ok(format!(
            "# Generated by `cargo datamodel`: links the crates below and dumps their entities.\n# Do not edit; it is rewritten on every run.\n{body}"
        ))
    }

    /// The collector's `main.rs`.
    pub fn main_rs(&self) -> String {
        let mut s = String::from("// Generated by `cargo datamodel`. Do not edit.\n");
        for c in self
            .crates
            .iter()
            .filter(|c| c.collect == Collect::Inventory)
        {
            s.push_str(&format!("extern crate {} as _;\n", c.lib_name));
        }
        s.push_str("\nfn main() {\n    #[allow(unused_mut)]\n    let mut explicit: Vec<datamodel::Entity> = Vec::new();\n");
        for c in self
            .crates
            .iter()
            .filter(|c| c.collect == Collect::Explicit)
        {
            s.push_str(&format!(
                "    explicit.extend({}::datamodel_entities());\n",
                c.lib_name
            ));
        }
        let names: Vec<String> = self
            .crates
            .iter()
            .filter(|c| c.collect == Collect::Explicit)
            .map(|c| format!("{:?}", c.lib_name))
            .collect();
        s.push_str(&format!(
            "    datamodel::__private::dump_collected(&[{}], explicit);\n}}\n",
            names.join(", ")
        ));
        s
    }
}

fn path_str(p: &Path) -> Result<String, Error> {
    p.to_str()
        .map(str::to_string)
        .ok_or_else(|| Error::new(format!("path `{}` is not valid UTF-8", p.display())))
}

/// `[patch]` entries with relative `path`s made absolute (the collector lives elsewhere).
fn absolutize_paths(table: &toml::Table, root: &Path) -> toml::Table {
    table
        .iter()
        .map(|(k, v)| {
            let v = match v {
                toml::Value::Table(t) => {
                    let mut t = absolutize_paths(t, root);
                    if let Some(toml::Value::String(p)) = t.get("path") {
                        if Path::new(p).is_relative() {
                            let abs = root.join(p).to_string_lossy().into_owned();
                            t.insert("path".into(), abs.into());
                        }
                    }
                    toml::Value::Table(t)
                }
                other => other.clone(),
            };
            (k.clone(), v)
        })
        .collect()
}

/// Writes `contents` unless the file already holds exactly that (keeps cargo's fingerprints);
/// returns whether it wrote.
fn write_if_changed(path: &Path, contents: &[u8]) -> Result<bool, Error> {
    if std::fs::read(path).is_ok_and(|old| old == contents) {
        return Ok(false);
    }
    std::fs::write(path, contents)
        .map(|()| true)
        .map_err(|e| Error::new(format!("could not write `{}`: {e}", path.display())))
}

/// Generates, builds and runs the collector; returns the model it dumped.
pub fn run(spec: &DumperSpec, meta: &Metadata, console: &mut Console<'_>) -> Result<Model, Error> {
    let dir = spec.dir();
    std::fs::create_dir_all(&dir).map_err(|e| {
        Error::new(format!(
            "could not create the collector directory `{}`: {e}",
            dir.display()
        ))
    })?;
    let root_manifest = std::fs::read_to_string(meta.workspace_root.join("Cargo.toml"))
        .ok()
        .and_then(|s| s.parse::<toml::Table>().ok());
    write_if_changed(
        &dir.join("Cargo.toml"),
        spec.manifest(root_manifest.as_ref())?.as_bytes(),
    )?;
    write_if_changed(&dir.join("main.rs"), spec.main_rs().as_bytes())?;
    // The user's lock, copied when it changed (cargo then adds the collector's own entry;
    // re-copying on every run would make it re-resolve each time).
    if let Ok(lock) = std::fs::read(meta.workspace_root.join("Cargo.lock")) {
        let copied = write_if_changed(&dir.join("Cargo.lock.user"), &lock)?;
        if copied || !dir.join("Cargo.lock").exists() {
            write_if_changed(&dir.join("Cargo.lock"), &lock)?;
        }
    }
    let exe = build(spec, &dir, console)?;
    // One file per run: concurrent runs on the same crates (other processes, or other threads
    // of this one) must not read each other's dump.
    static RUNS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dump = dir.join(format!("model-{}-{run}.json", std::process::id()));
    let _ = std::fs::remove_file(&dump);
    let result = execute(spec, &exe, &dump, console).and_then(|()| read_dump(&dump));
    let _ = std::fs::remove_file(&dump);
    result
}

fn cargo() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Builds the collector; returns the path of its executable.
fn build(spec: &DumperSpec, dir: &Path, console: &mut Console<'_>) -> Result<PathBuf, Error> {
    let in_build_script =
        std::env::var_os("OUT_DIR").is_some() && std::env::var_os("NUM_JOBS").is_some();
    let target = spec.collector_target(in_build_script);
    let mut cmd = Command::new(cargo());
    cmd.arg("build")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .arg("--message-format=json-render-diagnostics")
        .args(spec.placement_args(target))
        .current_dir(&spec.workspace_root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    if spec.release {
        cmd.arg("--release");
    }
    if let Some(p) = &spec.profile {
        cmd.arg("--profile").arg(p);
    }
    if console.verbosity < 1 {
        cmd.arg("--quiet");
    }
    cmd.arg(if console.color {
        "--color=always"
    } else {
        "--color=never"
    });
    cmd.stderr(if console.inherit_child_stderr {
        Stdio::inherit()
    } else {
        Stdio::piped()
    });
    let names: Vec<&str> = spec
        .crates
        .iter()
        .map(|c| c.package_name.as_str())
        .collect();
    let first_run = match (spec.expected_exe(&target).exists(), target) {
        (true, _) => "",
        (false, CollectorTarget::Shared) => " (building the collector, first run only)",
        (false, CollectorTarget::Separate) => {
            " (building the collector apart: the cargo build running this one holds the target directory, so your dependencies compile again)"
        }
    };
    console
        .status("Collecting", &format!("{}{first_run}", names.join(", ")))
        .ok();
    console
        .verbose(&format!(
            "building the collector in `{}`",
            dir.join("Cargo.toml").display()
        ))
        .ok();
    let mut child = cmd
        .spawn()
        .map_err(|e| Error::new(format!("could not run cargo: {e}")))?;
    let stderr_reader = child.stderr.take().map(|mut err| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = err.read_to_end(&mut buf);
            buf
        })
    });
    let bin = spec.bin_name();
    let mut exe = None;
    if let Some(out) = child.stdout.take() {
        for msg in Message::parse_stream(BufReader::new(out)).flatten() {
            if let Message::CompilerArtifact(a) = msg {
                if a.target.name == bin {
                    exe = a.executable.map(|p| p.into_std_path_buf());
                }
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| Error::new(format!("could not wait for cargo: {e}")))?;
    if let Some(h) = stderr_reader {
        if let Ok(buf) = h.join() {
            console.err.write_all(&buf).ok();
        }
    }
    if !status.success() {
        let names: Vec<&str> = spec
            .crates
            .iter()
            .map(|c| c.package_name.as_str())
            .collect();
        let mut err = Error::new(format!(
            "could not compile `{}` for collection (see the compiler output above)",
            names.join("`, `")
        ))
        .help("fix the errors above; `cargo datamodel` builds your crate as `cargo build` would");
        if spec.crates.iter().any(|c| c.collect == Collect::Explicit) {
            err = err.help("with `collect = \"explicit\"`, the crate root must invoke `datamodel::entities!(...)` listing the entities");
        }
        return Err(err);
    }
    exe.ok_or_else(|| {
        Error::new("cargo built the collector but did not report its executable")
            .help("run again with `-v` to see cargo's output")
    })
}

/// Runs the collector, asking it to write the dump to `dump`.
fn execute(
    spec: &DumperSpec,
    exe: &Path,
    dump: &Path,
    console: &mut Console<'_>,
) -> Result<(), Error> {
    let mut cmd = Command::new(exe);
    cmd.arg(dump)
        .current_dir(&spec.workspace_root)
        .stdin(Stdio::null())
        // What user code prints is not part of the model: drop it, or show it with -v.
        .stdout(if console.verbosity >= 1 {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stderr(Stdio::piped());
    let output = cmd
        .output()
        .map_err(|e| Error::new(format!("could not run the collector: {e}")))?;
    console.err.write_all(&output.stdout).ok();
    console.err.write_all(&output.stderr).ok();
    if !output.status.success() {
        return Err(Error::new(format!(
            "the collector exited with {} before writing the model",
            output.status
        ))
        .help("a `DataModel` impl or a static initializer of your crate panicked; its message is above"));
    }
    Ok(())
}

/// Reads and checks the dump.
fn read_dump(path: &Path) -> Result<Model, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::new(format!(
            "the collector did not write the model to `{}`: {e}",
            path.display()
        ))
    })?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Error::new(format!("the collector wrote invalid JSON: {e}")))?;
    let version = value.get("format_version").and_then(|v| v.as_u64());
    if version != Some(u64::from(DUMP_FORMAT_VERSION)) {
        let found = version.map_or_else(|| "none".to_string(), |v| v.to_string());
        return Err(Error::new(format!(
            "the collected model has dump format version {found}, but this cargo-datamodel reads version {DUMP_FORMAT_VERSION}"
        ))
        .help(format!(
            "use the same release of the `datamodel` crate and of cargo-datamodel ({})",
            env!("CARGO_PKG_VERSION")
        )));
    }
    serde_json::from_value(value).map_err(|e| {
        Error::new(format!("could not read the collected model: {e}"))
            .help("the `datamodel` runtime and cargo-datamodel versions differ; use the same release of both")
    })
}

#[cfg(test)]
mod tests;
