//! `cargo-datamodel` through the real binary: warnings and `-D warnings` on a real run, the
//! message formats, color, `--help`, packaging, `migrate` and the schema snapshot; and,
//! in-process with a fake clock, the status lines.
//!
//! Runs collect `tests/fixtures/warned` (a valid model with two lint warnings) into the
//! shared `target/datamodel-tests`, the directory the workspace-level CLI tests use, so the
//! collector's dependencies are built once for all of them. Output goes to temporary folders
//! (`--out`), never into the fixture.

mod baseline;
mod color;
mod formats;
mod help;
mod migrate;
mod packaging;
mod status;
mod support;
mod target_dir;
mod warnings;
