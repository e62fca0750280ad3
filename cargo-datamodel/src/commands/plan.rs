//! `cargo datamodel plan`: the DATA MODEL PLAN of the collected model (see [`crate::plan`]).

use crate::collect::CollectOptions;
use crate::paths;
use crate::report::{Console, Failure};

pub fn run(opts: &CollectOptions, console: &mut Console<'_>) -> Result<(), Failure> {
    let collected = super::collect(opts, console)?;
    let schema = crate::schema::resolve(&collected.model, &collected.config).map_err(|diags| {
        Failure::Model(crate::collect::locate(
            &collected.model,
            &collected.crate_dirs,
            diags,
        ))
    })?;
    let location = paths::doc_location(
        &collected.workspace_root,
        &collected.output_base(),
        &collected.config.out_dir,
        &paths::slug(&collected.doc_title()),
    );
    console
        .out
        .write_all(crate::plan::render(&schema, &location).as_bytes())?;
    Ok(())
}
