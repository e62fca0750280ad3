//! `cargo datamodel plan`: the DATA MODEL PLAN of the collected model (see [`crate::plan`]).

use crate::collect::CollectOptions;
use crate::paths;
use crate::plan::adapter::schema_for_plan;
use crate::report::{Console, Failure};

pub fn run(opts: &CollectOptions, console: &mut Console<'_>) -> Result<(), Failure> {
    let collected = super::collect(opts, console)?;
    let schema = schema_for_plan(&collected.model, &collected.config).map_err(|diags| {
        Failure::Model(crate::collect::locate(
            &collected.model,
            &collected.packages,
            diags,
        ))
    })?;
    let (dir, name) = collected
        .primary_package()
        .map(|p| (p.dir.clone(), p.name.clone()))
        .unwrap_or_default();
    let slug = paths::slug(collected.config.title.as_deref().unwrap_or(&name));
    let location = paths::doc_location(
        &collected.workspace_root,
        &dir,
        &collected.config.out_dir,
        &slug,
    );
    console
        .out
        .write_all(crate::plan::render(&schema, &location).as_bytes())?;
    Ok(())
}
