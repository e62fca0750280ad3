//! `cargo datamodel plan`: the DATA MODEL PLAN of the collected model (see [`crate::plan`]).

use crate::collect::CollectOptions;
use crate::paths;
use crate::report::{Console, Failure};

pub fn run(opts: &CollectOptions, console: &mut Console<'_>) -> Result<(), Failure> {
    let (collected, schema) = super::resolve(opts, console)?;
    let location = paths::doc_location(
        &collected.workspace_root,
        &collected.output_base(),
        &collected.config.out_dir,
        &collected.doc_key(),
        &collected.doc_slug(),
    );
    console.out.write_all(
        crate::plan::render(
            &schema,
            &crate::target::Target::from_config(&collected.config),
            &location,
        )
        .as_bytes(),
    )?;
    Ok(())
}
