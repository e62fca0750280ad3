//! `cargo datamodel init`: the seed's six design questions, answered on a terminal (with
//! `inquire`, the recommended option labelled and preselected, the current value preselected
//! on a re-run), by flags, or by defaults (`--yes`, or stdin not a terminal). The answers go to
//! `[package.metadata.datamodel]` with `toml_edit`, so the rest of Cargo.toml keeps its
//! formatting and comments; a missing `datamodel` dependency is added.

use crate::cli::InitArgs;
use crate::collect::CollectOptions;
use crate::report::{Console, Error, Failure};
use crate::scaffold::manifest::Manifest;
use crate::scaffold::questions::{
    current, engines_value, inferred_engine, Question, Source, QUESTIONS,
};
use std::io::IsTerminal;
use toml_edit::{value, Array};

pub fn run(
    opts: &CollectOptions,
    args: &InitArgs,
    console: &mut Console<'_>,
) -> Result<(), Failure> {
    let path = match &opts.manifest_path {
        Some(p) => p.clone(),
        None => std::env::current_dir()?.join("Cargo.toml"),
    };
    let mut manifest = Manifest::read(&path).map_err(Failure::Fatal)?;
    // fail on a virtual manifest before asking anything
    manifest.metadata().map_err(Failure::Fatal)?;
    let interactive = !args.yes && std::io::stdin().is_terminal();
    let flags = [
        &args.engine,
        &args.migration,
        &args.tenancy,
        &args.deletes,
        &args.retention,
        &args.depth,
    ];
    let mut answers: Vec<(&Question, &'static str, Source)> = Vec::new();
    for (q, flag) in QUESTIONS.iter().zip(flags) {
        let now = current(&manifest.doc, q);
        let (idx, source) = if let Some(v) = flag {
            let i = q.index_of(v).ok_or_else(|| {
                Failure::Fatal(Error::new(format!(
                    "invalid --{} `{v}`",
                    q.header.to_lowercase()
                )))
            })?;
            (i, Source::Flag)
        } else if let Some(i) = now {
            if interactive {
                (ask(q, i, now)?, Source::Chosen)
            } else {
                (i, Source::Current)
            }
        } else if let Some((i, why)) = (q.key == "engines")
            .then(|| inferred_engine(&manifest.doc, q))
            .flatten()
        {
            // the seed asks the engine question only when it can't be inferred
            (i, Source::Inferred(why))
        } else if interactive {
            (ask(q, q.default_index(), None)?, Source::Chosen)
        } else {
            (q.default_index(), Source::Default)
        };
        answers.push((q, q.choices[idx].value, source));
    }

    distributed_needs_shared(&answers)?;
    let dm = manifest.metadata().map_err(Failure::Fatal)?;
    for (q, v, _) in &answers {
        if q.key == "engines" {
            dm.remove("engine");
            let list: Array = engines_value(v).into_iter().collect();
            match dm.get_mut("engines").and_then(|i| i.as_value_mut()) {
                // keep the key's own decoration (a trailing comment)
                Some(old) => {
                    let decor = old.decor().clone();
                    *old = toml_edit::Value::Array(list);
                    *old.decor_mut() = decor;
                }
                None => {
                    dm.insert("engines", value(list));
                }
            }
        } else {
            match dm.get_mut(q.key).and_then(|i| i.as_value_mut()) {
                Some(old) => {
                    let decor = old.decor().clone();
                    *old = toml_edit::Value::from(*v);
                    *old.decor_mut() = decor;
                }
                None => {
                    dm.insert(q.key, value(*v));
                }
            }
        }
    }
    let changes = manifest.ensure_datamodel(&[]).map_err(Failure::Fatal)?;
    manifest.write().map_err(Failure::Fatal)?;

    if console.verbosity >= 0 {
        for (q, v, source) in &answers {
            writeln!(console.out, "{}: {v} ({source})", q.header)?;
        }
        for c in &changes {
            writeln!(console.out, "Cargo.toml: {c}")?;
        }
    }
    writeln!(
        console.out,
        "wrote [package.metadata.datamodel] to {}",
        path.display()
    )?;
    Ok(())
}

/// One question on the terminal; returns the chosen option's index.
fn ask(q: &Question, start: usize, now: Option<usize>) -> Result<usize, Failure> {
    let lines: Vec<String> = (0..q.choices.len())
        .map(|i| q.option_line(i, now))
        .collect();
    let picked = inquire::Select::new(q.question, lines)
        .with_starting_cursor(start)
        .with_help_message(&format!("{}: ↑↓ to move, enter to select", q.header))
        .raw_prompt()
        .map_err(|e| {
            Failure::Fatal(
                Error::new(format!("`init` stopped at the {} question: {e}", q.header))
                    .help("run it again, or answer with flags (`--tenancy shared`) or `--yes` for the defaults"),
            )
        })?;
    Ok(picked.index)
}

/// An engine that distributes tables by tenant (Citus) needs shared tenancy: refused before
/// anything is written, naming both answers and the fix.
fn distributed_needs_shared(answers: &[(&Question, &'static str, Source)]) -> Result<(), Failure> {
    let answer = |key: &str| answers.iter().find(|(q, _, _)| q.key == key).map(|a| a.1);
    let Some(d) =
        crate::dialect::distributing(answer("engines").and_then(crate::config::Engine::parse))
    else {
        return Ok(());
    };
    let engine = d.name();
    match answer("tenancy") {
        Some("shared") | None => Ok(()),
        Some(other) => Err(Failure::Fatal(
            Error::new(format!(
                "engine `{engine}` distributes the tables by `tenant_id`, which needs tenancy `shared`, but the tenancy answer is `{other}`; nothing was written"
            ))
            .help("answer `--tenancy shared` with it, or choose another engine"),
        )),
    }
}
