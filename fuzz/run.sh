#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 60 s each; `fuzz/run.sh 300` for longer).
# Not part of CI. Needs cargo-fuzz (installed here if missing) and a nightly compiler: on a
# stable toolchain RUSTC_BOOTSTRAP=1 unlocks the `-Z` flags cargo-fuzz passes (sanitizer,
# coverage), which is what this script does. Crashes land in fuzz/artifacts/<target>/; rerun
# one with `RUSTC_BOOTSTRAP=1 cargo fuzz run <target> fuzz/artifacts/<target>/<file>`.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
export RUSTC_BOOTSTRAP=1
status=0
for target in model_to_schema sql_guard; do
  echo "== $target (${seconds}s)"
  # -len_control=0: inputs up to -max_len right away (a 30-entity model needs a few KB).
  cargo fuzz run -O "$target" -- -max_total_time="$seconds" -max_len=4096 -len_control=0 || status=1
done
exit $status
