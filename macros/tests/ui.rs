//! Compile-fail cases of the derives: `tests/ui/<check>/<case>.rs` with the expected compiler
//! output next to it in `<case>.stderr`.
//!
//! The `.stderr` files were made with rustc 1.95 and compiler output changes between
//! releases, so this test only runs on 1.95.x (other toolchains skip it). Refresh them with
//! `TRYBUILD=overwrite cargo test -p datamodel-macros --test ui` on that toolchain, then read
//! every changed file before committing.

#[rustversion::stable(1.95)]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*/*.rs");
}
