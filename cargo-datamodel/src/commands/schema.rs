//! `cargo datamodel schema --format json`: the collected model, as the derives declared it.
//!
//! Pretty JSON with a stable order (entities sorted by type path, fields in declaration
//! order), so it can be committed and diffed.

use crate::cli::{SchemaArgs, SchemaFormat};
use crate::collect::CollectOptions;
use crate::report::{Console, Error, Failure};

pub fn run(
    opts: &CollectOptions,
    args: &SchemaArgs,
    console: &mut Console<'_>,
) -> Result<(), Failure> {
    let collected = super::collect(opts, console)?;
    match args.format {
        SchemaFormat::Json => {
            let json = serde_json::to_string_pretty(&collected.model)
                .map_err(|e| Error::new(format!("could not serialize the model: {e}")))?;
            writeln!(console.out, "{json}")?;
        }
    }
    Ok(())
}
