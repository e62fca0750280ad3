//! `cargo datamodel new "User, Post, Comment"`: drafts annotated structs from an entity list
//! (see [`crate::scaffold`]), writes them to `--out` (never over an existing file without
//! `--force`), makes sure the package's Cargo.toml has what the generated types need, and prints
//! every inference with its reason.

use crate::cli::NewArgs;
use crate::collect::CollectOptions;
use crate::report::{Console, Error, Failure};

use crate::scaffold::draft::{Draft, FieldType};
use crate::scaffold::manifest::{crate_spec, Manifest};
use crate::scaffold::{infer, prd, writer};
use std::path::PathBuf;

pub fn run(
    opts: &CollectOptions,
    args: &NewArgs,
    console: &mut Console<'_>,
) -> Result<(), Failure> {
    let manifest_path = match &opts.manifest_path {
        Some(p) => p.clone(),
        None => std::env::current_dir()?.join("Cargo.toml"),
    };
    let package_dir = manifest_path
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default();
    let out = if args.out.is_absolute() {
        args.out.clone()
    } else {
        package_dir.join(&args.out)
    };
    let (draft, report, origin) = draft_from(args)?;
    if draft.entities.is_empty() {
        return Err(Failure::Fatal(
            Error::new("no entity found in the description")
                .help("name the entities in relationship sentences (\"A post belongs to a user\") or start from a list: `new \"User, Post\"`"),
        ));
    }
    if out.exists() && !args.force {
        return Err(Failure::Fatal(
            Error::new(format!(
                "`{}` already exists; `new` never overwrites a file",
                out.display()
            ))
            .help("pass `--force` to replace it, or `--out <FILE>` to write elsewhere"),
        ));
    }
    let mut manifest = Manifest::read(&manifest_path).map_err(Failure::Fatal)?;
    let mut draft = draft;
    let dm = manifest
        .doc
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("datamodel"));
    let tenancy = dm.and_then(|d| d.get("tenancy")).and_then(|t| t.as_str());
    // An engine that distributes tables by tenant (Citus) implies shared tenancy.
    let engines = dm
        .and_then(|d| d.get("engines"))
        .and_then(|e| e.as_array())
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .filter_map(crate::config::Engine::parse);
    let distributing = crate::dialect::distributing(engines).is_some();
    if tenancy == Some("shared") || (distributing && tenancy.is_none()) {
        infer::apply_shared_tenancy(&mut draft);
    }
    if distributing {
        infer::apply_distribution(&mut draft);
    }

    let code = writer::render(&draft, &origin);
    crate::output::write_atomic(&out, code.as_bytes())
        .map_err(|e| Failure::Fatal(Error::new(format!("can't write `{}`: {e}", out.display()))))?;

    let changes = add_dependencies(&mut manifest, &draft)?;
    if !changes.is_empty() {
        manifest.write().map_err(Failure::Fatal)?;
    }

    if console.verbosity >= 0 {
        console.out.write_all(report.as_bytes())?;
        for i in &draft.inferences {
            writeln!(console.out, "inferred {i}")?;
        }
        for c in &changes {
            writeln!(console.out, "Cargo.toml: {c}")?;
        }
    }
    writeln!(
        console.out,
        "wrote {} ({} entities)",
        out.display(),
        draft.entities.len()
    )?;
    if let Some(hint) = module_hint(&package_dir, &args.out) {
        writeln!(console.out, "{hint}")?;
    }
    Ok(())
}

/// The draft, the extraction report (empty for a list) and the command line it came from.
fn draft_from(args: &NewArgs) -> Result<(Draft, String, String), Failure> {
    Ok(match (&args.entities, &args.from) {
        (_, Some(from)) => {
            let text = read_description(from)?;
            let x = prd::extract(&text).map_err(Failure::Fatal)?;
            let report = prd::report(&x);
            let origin = format!("cargo datamodel new --from {}", from.display());
            (x.draft, report, origin)
        }
        (Some(list), None) => (
            infer::from_list(list).map_err(Failure::Fatal)?,
            String::new(),
            format!("cargo datamodel new \"{list}\""),
        ),
        (None, None) => {
            return Err(Failure::Fatal(Error::new("nothing to draft from").help(
                "give an entity list (`new \"User, Post\"`) or a description (`new --from prd.md`)",
            )))
        }
    })
}

/// The runtime's features and the `chrono` / `rust_decimal` dependencies the draft's types
/// need; returns what changed.
fn add_dependencies(manifest: &mut Manifest, draft: &Draft) -> Result<Vec<String>, Failure> {
    let chrono = draft.uses(|t| *t == FieldType::Timestamp);
    let decimal = draft.uses(|t| *t == FieldType::Money);
    let mut features = Vec::new();
    if chrono {
        features.push("chrono");
    }
    if decimal {
        features.push("rust_decimal");
    }
    let mut changes = manifest
        .ensure_datamodel(&features)
        .map_err(Failure::Fatal)?;
    for (needed, name, version) in [(chrono, "chrono", "0.4"), (decimal, "rust_decimal", "1")] {
        if needed
            && manifest
                .ensure_dependency(name, crate_spec(version))
                .map_err(Failure::Fatal)?
        {
            changes.push(format!("added dependency {name} {version}"));
        }
    }
    Ok(changes)
}

/// `declare it: mod models; in src/lib.rs` when the crate root does not mention the module yet.
fn module_hint(package_dir: &std::path::Path, out: &std::path::Path) -> Option<String> {
    let stem = out.file_stem()?.to_str()?;
    if out.parent() != Some(std::path::Path::new("src")) {
        return None;
    }
    let root = ["src/lib.rs", "src/main.rs"]
        .into_iter()
        .find(|r| package_dir.join(r).exists())?;
    let text = std::fs::read_to_string(package_dir.join(root)).ok()?;
    if text.contains(&format!("mod {stem};")) {
        return None;
    }
    Some(format!(
        "next: declare the module with `pub mod {stem};` in {root}"
    ))
}

/// The description text: a file, or stdin for `-`.
fn read_description(from: &std::path::Path) -> Result<String, Failure> {
    if from == std::path::Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)?;
        return Ok(s);
    }
    std::fs::read_to_string(from).map_err(|e| {
        Failure::Fatal(
            Error::new(format!("can't read `{}`: {e}", from.display()))
                .help("pass the path of a Markdown or text file, or `-` to read stdin"),
        )
    })
}
