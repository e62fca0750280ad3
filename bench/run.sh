#!/usr/bin/env bash
# Reproduces every figure of BENCHMARKS.md and prints the ratios.
#
#   bench/run.sh                 # all three figures (3-6 minutes on 2 shared cores)
#   BENCH_RUNS=7 bench/run.sh    # more runs per median (default 5)
#   BENCH_FIGURES=1,3 bench/run.sh
#
# Generated crates, build directories and results go to bench/out/ (gitignored); the summary
# is bench/out/summary.md, the raw numbers bench/out/fig{1,2,3}.json.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
RUNS="${BENCH_RUNS:-5}"
FIGURES="${BENCH_FIGURES:-1,2,3}"
SIZES="${BENCH_SIZES:-200,2000,20000}"

say() { printf '\n== %s\n' "$*"; }
fail() { printf 'bench/run.sh: error: %s\n' "$*" >&2; exit 1; }
wants() { [[ ",$FIGURES," == *",$1,"* ]]; }

command -v cargo >/dev/null || fail "cargo is not on PATH"
command -v python3 >/dev/null || fail "python3 is not on PATH (the timing driver is bench/figures.py)"
[[ "$RUNS" =~ ^[0-9]+$ && "$RUNS" -ge 1 ]] || fail "BENCH_RUNS must be a positive integer, got '$RUNS'"
mkdir -p "$OUT"
cd "$ROOT"

if wants 1; then
    say "Figure 1: derive cost (200 structs x 20 fields: DataModel vs serde vs no derive)"
    python3 bench/figures.py derive --out "$OUT" --runs "$RUNS"
fi

if wants 2 || wants 3; then
    say "Building cargo-datamodel (release) once"
    cargo build --release -q -p cargo-datamodel --bin cargo-datamodel
    BIN="$ROOT/target/release/cargo-datamodel"
    [[ -x "$BIN" ]] || fail "expected the binary at $BIN"
fi

if wants 2; then
    [[ -f "$OUT/datamodel/Cargo.toml" ]] || fail "figure 2 needs the crate of figure 1: run with BENCH_FIGURES=1,2"
    # `cargo datamodel generate` once it exists; before that, collection + JSON dump.
    if "$BIN" datamodel --help 2>/dev/null | grep -qE '^\s+generate\b'; then
        SUB="generate"  # what bare `cargo datamodel` runs
    else
        SUB="schema --format json"
    fi
    say "Figure 2: end to end (cargo datamodel $SUB, warm minus a no-op cargo build; cold)"
    python3 bench/figures.py e2e --out "$OUT" --runs "$RUNS" --bin "$BIN" --command "$SUB"
fi

if wants 3; then
    say "Figure 3: in-process pipeline at $SIZES tables (one process per size)"
    SCALE_BIN="$(cargo bench -q -p cargo-datamodel --bench scale --no-run --message-format=json \
        | python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "scale" and m.get("executable"):
        print(m["executable"])')"
    [[ -n "$SCALE_BIN" && -x "$SCALE_BIN" ]] || fail "could not build the scale benchmark (cargo bench -p cargo-datamodel --bench scale --no-run)"
    python3 bench/figures.py scale --out "$OUT" --runs "$RUNS" --bin "$SCALE_BIN" --sizes "$SIZES"
fi

say "Summary (also in bench/out/summary.md)"
python3 bench/figures.py summary --out "$OUT"
