//! One module per subcommand. Each takes the parsed arguments and a [`Console`], collects what
//! it needs through [`crate::collect`], and writes its result to `console.out`.
//!
//! Adding a subcommand: a variant in [`crate::cli::Command`], a module here, an arm in
//! [`dispatch`].

pub mod ddl;
pub mod drift;
pub mod explain;
pub mod generate;
pub mod import;
pub mod init;
pub mod lint;
pub mod migrate;
pub mod new;
pub mod plan;
pub mod schema;

use crate::cli::{Args, Command, GenerateArgs};
use crate::collect::{CollectOptions, Collected};
use crate::report::{Console, Error, Failure};

/// Runs the subcommand (`plan` when none is given).
pub fn dispatch(args: &Args, console: &mut Console<'_>) -> Result<(), Failure> {
    let opts = collect_options(args);
    let top_level_generate = args.generate.check || args.generate.out.out.is_some();
    if top_level_generate && args.command.is_some() {
        return Err(Failure::Fatal(
            Error::new("`--out` and `--check` before a subcommand belong to `generate`")
                .help("write them after the subcommand (`cargo datamodel check --out DIR`), or leave the subcommand out to generate"),
        ));
    }
    warn_unused_collect_flags(args, console)?;
    match &args.command {
        None => generate::run(&opts, &args.generate, console),
        Some(Command::Generate(a)) => generate::run(&opts, a, console),
        Some(Command::Check(c)) if c.database_url.is_some() => drift::run(&opts, c, console),
        Some(Command::Check(c)) => {
            let a = GenerateArgs {
                out: c.out.clone(),
                check: true,
            };
            generate::run(&opts, &a, console)
        }
        Some(Command::Plan) => plan::run(&opts, console),
        Some(Command::Schema(a)) => schema::run(&opts, a, console),
        Some(Command::Ddl(a)) => ddl::run(&opts, a, console),
        Some(Command::Lint(a)) => lint::run(&opts, a, console),
        Some(Command::Migrate(a)) => migrate::run(&opts, a, console),
        Some(Command::Explain(a)) => explain::run(a, console),
        Some(Command::New(a)) => new::run(&opts, a, console),
        Some(Command::Init(a)) => init::run(&opts, a, console),
        Some(Command::Import(a)) => import::run(a, console),
    }
}

/// `import` and `explain` collect no crate: a flag that chooses what to collect would be
/// ignored without a word, so it gets a warning that says so.
fn warn_unused_collect_flags(args: &Args, console: &mut Console<'_>) -> Result<(), Failure> {
    let sub = match &args.command {
        Some(Command::Import(_)) => "import",
        Some(Command::Explain(_)) => "explain",
        _ => return Ok(()),
    };
    let given = args.collect.given();
    if given.is_empty() {
        return Ok(());
    }
    let flags = given.join("`, `");
    console.warn(&format!(
        "`{flags}` ignored: `cargo datamodel {sub}` collects no crate (leave {} out)",
        if given.len() == 1 { "it" } else { "them" }
    ))?;
    Ok(())
}

/// The collection options of the shared flags.
pub fn collect_options(args: &Args) -> CollectOptions {
    let c = &args.collect;
    CollectOptions {
        manifest_path: c.manifest_path.clone(),
        selection: crate::collect::workspace::Selection {
            packages: c.packages.clone(),
            workspace: c.workspace,
        },
        features: crate::collect::features::FeatureArgs {
            features: c.features.clone(),
            all_features: c.all_features,
            no_default_features: c.no_default_features,
        },
        release: c.release,
        profile: c.profile.clone(),
        // Relative to the current directory, as cargo reads it: the collector's cargo runs
        // from the workspace root, where a relative path would name another directory.
        target_dir: c
            .target_dir
            .as_ref()
            .map(|d| std::path::absolute(d).unwrap_or_else(|_| d.clone())),
    }
}

/// Collects the model and prints the validation warnings.
pub fn collect(opts: &CollectOptions, console: &mut Console<'_>) -> Result<Collected, Failure> {
    let collected = crate::collect::collect(opts, console)?;
    if console.verbosity >= 0 {
        for w in &collected.warnings {
            console.diagnostic(w)?;
        }
    }
    Ok(collected)
}

/// Collects the model and resolves it into the Schema every renderer reads; resolve errors
/// become located model diagnostics (exit code 1).
pub fn resolve(
    opts: &CollectOptions,
    console: &mut Console<'_>,
) -> Result<(Collected, crate::schema::Schema), Failure> {
    let collected = collect(opts, console)?;
    let n = collected.model.entities.len();
    console.status(
        "Resolving",
        &format!("{n} entit{}", if n == 1 { "y" } else { "ies" }),
    )?;
    let schema = crate::schema::resolve(&collected.model, &collected.config).map_err(|diags| {
        Failure::Model(crate::collect::locate(
            &collected.model,
            &collected.crate_dirs,
            diags,
        ))
    })?;
    Ok((collected, schema))
}
