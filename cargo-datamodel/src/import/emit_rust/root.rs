//! The root file (`mod.rs` of a folder, the head of a stream): where the structs came from,
//! the `Cargo.toml` configuration that renders them as imported (no added timestamps, hard
//! deletes, the engine, the features the types need) and one `pub mod` per module.

use super::idents::comment_line;
use super::{Emitter, GENERATED_MARKER};
use crate::import::Imported;
use std::fmt::Write as _;

impl Emitter<'_> {
    /// The configuration hint and the module list.
    pub(super) fn root(&self, names: &[String], imported: &Imported) -> String {
        let mut s = format!(
            "{GENERATED_MARKER}; edit freely, then delete this line to keep the file yours.\n"
        );
        let engine = imported.engine.name();
        let features: Vec<String> = self.features.iter().map(|f| format!("{f:?}")).collect();
        let _ = writeln!(
            s,
            "//! Structs imported from `{}` ({} tables, {} SQL).",
            comment_line(&self.file),
            self.schema.tables.len(),
            imported.engine.display_name()
        );
        s.push_str(
            "//!\n//! `cargo datamodel` adds to every table what the imported one may not have\n",
        );
        s.push_str("//! (`created_at` / `updated_at`, `deleted_at` under soft delete). To render the schema as\n");
        s.push_str("//! imported, configure the crate's `Cargo.toml`:\n//!\n");
        s.push_str("//! ```toml\n//! [package.metadata.datamodel]\n");
        let _ = writeln!(s, "//! engines = [\"{engine}\"]");
        s.push_str("//! deletes = \"hard\"\n//! timestamps = false\n//!\n//! [dependencies]\n");
        let _ = writeln!(
            s,
            "//! datamodel = {{ version = \"{}\", features = [{}] }}",
            env!("CARGO_PKG_VERSION"),
            features.join(", ")
        );
        for f in &self.features {
            let dep = match *f {
                "chrono" => "chrono = \"0.4\"",
                "uuid" => "uuid = \"1\"",
                "rust_decimal" => "rust_decimal = \"1\"",
                _ => "serde_json = \"1\"",
            };
            let _ = writeln!(s, "//! {dep}");
        }
        s.push_str("//! ```\n");
        if !self.warnings.is_empty() {
            let _ = writeln!(
                s,
                "//!\n//! {} thing{} could not be expressed exactly: see the `WARNING` comments.",
                self.warnings.len(),
                if self.warnings.len() == 1 { "" } else { "s" }
            );
        }
        s.push('\n');
        for n in names {
            let _ = writeln!(s, "pub mod {n};");
        }
        s
    }
}
