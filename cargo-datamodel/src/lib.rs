//! `cargo datamodel`: collect the entities of a crate, resolve them into one Schema, and render
//! DDL, the data-model document and lint reports from it.
//!
//! The binary (`main.rs`) only parses arguments, prints and picks the exit code; everything
//! else is here so it can be tested in-process.

pub mod config;
pub mod dialect;
pub mod document;
pub mod schema;
