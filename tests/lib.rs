//! Workspace-level test helpers.

pub mod cli;
