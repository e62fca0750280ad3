#!/usr/bin/env bash
# BENCHMARKS.md, "Collector cost next to a heavy dependency": cold and warm `cargo build`
# against cold and warm `cargo datamodel` of one small crate whose library depends on
# tokio-postgres (tokio, the postgres protocol, crypto), and what the collector's own target
# directory holds afterwards.
#
#   bench/collector-cost.sh                  # BENCH_RUNS=5 warm runs each (median)
#
# Everything goes to bench/out/collector-cost/ (gitignored with bench/out): the crate, its
# target directory, raw.tsv (every timing) and summary.md. Needs the crates.io index (or a
# registry cache holding tokio-postgres 0.7) for the crate's lockfile.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out/collector-cost"
RUNS="${BENCH_RUNS:-5}"
[[ "$RUNS" =~ ^[0-9]+$ && "$RUNS" -ge 1 ]] || { echo "BENCH_RUNS must be a positive integer" >&2; exit 1; }

echo "== building cargo-datamodel (release) once" >&2
cargo build --release -q -p cargo-datamodel --bin cargo-datamodel --manifest-path "$ROOT/Cargo.toml"
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/cargo-datamodel"
[[ -x "$BIN" ]] || { echo "expected the binary at $BIN" >&2; exit 1; }

rm -rf "$OUT"
CRATE="$OUT/heavy_app"
mkdir -p "$CRATE/src"
cat > "$CRATE/Cargo.toml" <<TOML
[package]
name = "heavy_app"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
datamodel = { path = "$ROOT/runtime" }
tokio-postgres = "0.7"

[workspace]
TOML
cat > "$CRATE/src/lib.rs" <<'RUST'
//! A service crate: its data model next to the database driver it uses.

/// A registered account.
#[derive(datamodel::DataModel)]
pub struct Account {
    pub id: i64,
    /// Login e-mail.
    #[datamodel(max_length = 255, unique)]
    pub email: String,
}

/// An order placed by an account.
#[derive(datamodel::DataModel)]
pub struct Order {
    pub id: i64,
    /// Who ordered.
    #[datamodel(belongs_to = Account, on_delete = "restrict", index)]
    pub account_id: i64,
    /// Total in cents.
    pub total_cents: i64,
}

/// The connection settings the service uses (the driver is really compiled and linked).
pub fn config(url: &str) -> Result<tokio_postgres::Config, tokio_postgres::Error> {
    url.parse()
}
RUST
cd "$CRATE"
# The crate's own target directory, as a user's: never the workspace's.
unset CARGO_TARGET_DIR
cargo generate-lockfile -q

RAW="$OUT/raw.tsv"
printf 'what\treal_s\tuser_s\tsys_s\n' > "$RAW"
# time_it LABEL CMD...: one timed run, appended to raw.tsv.
time_it() {
  local label="$1"; shift
  local t
  t=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>"$OUT/last.err"; } 2>&1 ) || {
    echo "failed: $*" >&2; cat "$OUT/last.err" >&2; exit 1; }
  read -r real user sys <<<"$t"
  printf '%s\t%s\t%s\t%s\n' "$label" "$real" "$user" "$sys" >> "$RAW"
  echo "  $label: ${real}s (CPU $(awk "BEGIN { print $user + $sys }")s)" >&2
}
build() { cargo build -q; }
datamodel() { "$BIN" datamodel -q --out "$OUT/docs"; }

echo "== cold: cargo build (empty target directory), then cold cargo datamodel" >&2
rm -rf target
time_it "cold cargo build" build
time_it "cold cargo datamodel (after cargo build)" datamodel
echo "== warm: $RUNS alternating runs each" >&2
for _ in $(seq "$RUNS"); do
  time_it "warm cargo build" build
  time_it "warm cargo datamodel" datamodel
done
echo "== cold cargo datamodel with no prior build (empty target directory)" >&2
rm -rf target
time_it "cold cargo datamodel (no prior build)" datamodel

# The user's build after the collector compiled first: does it reuse the collector's work?
time_it "cargo build (after a cold cargo datamodel)" build
# What the collector compiled apart from the user's build: one more build of the same crates?
# (Its separate directory is only used while another cargo holds the build lock.)
user_rlibs=$(find target/debug/deps -name '*.rlib' | wc -l)
collector_rlibs=$( (find target/datamodel/target/debug/deps -name '*.rlib' 2>/dev/null || true) | wc -l)
user_mb=$(du -sm target/debug | cut -f1)
collector_mb=$(du -sm target/datamodel | cut -f1)

python3 - "$RAW" "$user_rlibs" "$collector_rlibs" "$user_mb" "$collector_mb" > "$OUT/summary.md" <<'PY'
import csv, statistics, sys
raw, user_rlibs, collector_rlibs, user_mb, collector_mb = sys.argv[1:]
rows = list(csv.DictReader(open(raw), delimiter="\t"))
by = {}
for r in rows:
    by.setdefault(r["what"], []).append((float(r["real_s"]), float(r["user_s"]) + float(r["sys_s"])))
print("| | runs | wall (median) | CPU user+sys (median) |")
print("|---|---|---|---|")
for what, v in by.items():
    print(f"| {what} | {len(v)} | {statistics.median(x[0] for x in v):.2f} s | {statistics.median(x[1] for x in v):.2f} s |")
print()
print(f"rlibs compiled: user build {user_rlibs}, collector build {collector_rlibs}; "
      f"disk: target/debug {user_mb} MiB, target/datamodel {collector_mb} MiB")
PY
cat "$OUT/summary.md"
