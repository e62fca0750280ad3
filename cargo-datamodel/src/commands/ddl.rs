//! `cargo datamodel ddl --engine <engine>`: the greenfield DDL of the resolved schema for one
//! engine, on stdout (see [`crate::ddl`]).

use crate::cli::DdlArgs;
use crate::collect::CollectOptions;
use crate::config::Engine;
use crate::report::{Console, Error, Failure};

pub fn run(
    opts: &CollectOptions,
    args: &DdlArgs,
    console: &mut Console<'_>,
) -> Result<(), Failure> {
    // An unknown engine is a usage error: say so before building anything.
    let requested = match &args.engine {
        Some(name) => Some(parse_engine(name)?),
        None => None,
    };
    let (collected, schema) = super::resolve(opts, console)?;
    let engine = requested.unwrap_or_else(|| collected.config.primary_engine());
    console
        .out
        .write_all(crate::ddl::render_ddl(&schema, engine).as_bytes())?;
    Ok(())
}

/// Parses `--engine`, naming the allowed values on error.
pub fn parse_engine(name: &str) -> Result<Engine, Error> {
    Engine::parse(name).ok_or_else(|| {
        Error::new(format!("unknown engine `{name}`"))
            .help("use one of: postgres (postgresql, pg), mysql (mariadb), sqlite")
    })
}
