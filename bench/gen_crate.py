#!/usr/bin/env python3
"""Generates a benchmark crate of N structs x 20 fields in one of three flavours.

    gen_crate.py OUT_DIR --mode datamodel|serde|none [--structs 200] [--runtime PATH]

The same structs (mixed types, a foreign key to the previous struct, indexes) are written
with `#[derive(DataModel)]`, with `#[derive(serde::Serialize, serde::Deserialize)]`, or
with no derive, so `bench/run.sh` can compare their build costs side by side.
"""
import argparse
import os

FIELD_KINDS = [
    ("i64", ""),
    ("i32", ""),
    ("String", "max_length = 120"),
    ("Option<String>", "max_length = 255"),
    ("bool", 'default = "false"'),
    ("f64", ""),
    ("Option<i64>", ""),
    ("String", "text"),
    ("i16", ""),
    ("Vec<u8>", ""),
]


def struct_src(i: int, mode: str) -> str:
    lines = []
    if mode == "datamodel":
        extra = ', index(fields(f2, f3))' if i % 2 == 0 else ""
        lines.append("/// Benchmark entity.")
        lines.append("#[derive(datamodel::DataModel)]")
        lines.append(f'#[datamodel(table = "bench_t{i}"{extra})]')
    elif mode == "serde":
        lines.append("/// Benchmark entity.")
        lines.append("#[derive(serde::Serialize, serde::Deserialize)]")
    else:
        lines.append("/// Benchmark entity.")
    lines.append(f"pub struct S{i} {{")
    if mode == "datamodel":
        lines.append("    #[datamodel(primary_key)]")
    lines.append("    pub id: i64,")
    if i > 0:
        if mode == "datamodel":
            lines.append(f'    #[datamodel(belongs_to = S{i-1}, on_delete = "cascade", index)]')
        lines.append("    pub parent_id: i64,")
    nfields = 20 - (2 if i > 0 else 1)
    for k in range(nfields):
        ty, attr = FIELD_KINDS[k % len(FIELD_KINDS)]
        if mode == "datamodel" and attr:
            lines.append(f"    #[datamodel({attr})]")
        lines.append(f"    pub f{k}: {ty},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--mode", choices=["datamodel", "serde", "none"], required=True)
    ap.add_argument("--structs", type=int, default=200)
    ap.add_argument("--runtime", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "runtime"))
    a = ap.parse_args()
    os.makedirs(os.path.join(a.out, "src"), exist_ok=True)
    deps = ""
    if a.mode == "datamodel":
        deps = f'datamodel = {{ path = "{os.path.abspath(a.runtime)}" }}\n'
    elif a.mode == "serde":
        deps = 'serde = { version = "1", features = ["derive"] }\n'
    with open(os.path.join(a.out, "Cargo.toml"), "w") as f:
        f.write(f'[package]\nname = "bench_{a.mode}"\nversion = "0.1.0"\nedition = "2021"\npublish = false\n\n[workspace]\n\n[dependencies]\n{deps}')
    with open(os.path.join(a.out, "src", "lib.rs"), "w") as f:
        f.write("//! Generated benchmark crate.\n#![allow(dead_code)]\n\n")
        for i in range(a.structs):
            f.write(struct_src(i, a.mode))
            f.write("\n")


if __name__ == "__main__":
    main()
