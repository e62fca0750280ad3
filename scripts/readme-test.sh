#!/usr/bin/env bash
# The README test: runs, in order, the README's blocks a user runs, in a scratch directory, as
# the README says to run them, and fails on the first command that fails.
#
# Marked blocks (GitHub shows the first word of the fence as the language, the rest is ours):
#   ```sh readme-test                 shell commands, run as written
#   ```rust readme-test:file=PATH     a file to write (relative to the shell's directory then)
# The scratch directory holds `datamodel`, a link to this checkout, so the README's "at the
# root of the checkout" and "next to the checkout" (`../datamodel/runtime`) hold as written.
# Blocks run in one shell, starting at the checkout's root. `cargo install` goes into the
# scratch directory (never ~/.cargo/bin); builds share this workspace's target directory
# (or $CARGO_TARGET_DIR) so the run costs one release build of cargo-datamodel.
#
#   bash scripts/readme-test.sh          # KEEP_SCRATCH=1 keeps the scratch directory
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
readme="$repo/README.md"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/readme-test.XXXXXX")"
if [ "${KEEP_SCRATCH:-}" = 1 ]; then
  echo "readme-test: scratch directory $scratch" >&2
else
  trap 'rm -rf "$scratch"' EXIT
fi

ln -s "$repo" "$scratch/datamodel"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
export CARGO_INSTALL_ROOT="$scratch/cargo-install"
export PATH="$CARGO_INSTALL_ROOT/bin:$PATH"

# README -> one shell script: shell blocks verbatim, file blocks as here-documents.
script="$scratch/readme.sh"
awk '
  /^```[a-z]+ readme-test$/ {
    block = "sh"; printf "\n# --- README.md line %d\n", NR; next
  }
  /^```[a-z]+ readme-test:file=[^ ]+$/ {
    block = "file"; path = $0; sub(/^.*readme-test:file=/, "", path)
    printf "\n# --- README.md line %d: %s\nmkdir -p \"$(dirname %s)\"\ncat > %s <<'"'"'README_EOF'"'"'\n", NR, path, path, path
    next
  }
  /^```/ && block != "" {
    if (block == "file") print "README_EOF"
    block = ""; next
  }
  block != "" { print }
' "$readme" > "$script"

blocks=$(grep -c '^# --- README.md line' "$script" || true)
if [ "$blocks" -lt 4 ]; then
  echo "readme-test: found $blocks marked blocks in README.md (the install, the crate, lib.rs and the commands); was a marker dropped?" >&2
  exit 1
fi
echo "readme-test: running $blocks blocks of README.md in $scratch" >&2

(cd "$scratch/datamodel" && bash -eux -o pipefail "$script")

# What the tour says it wrote.
out="$scratch/blog_model/docs/data-model"
for f in README.md .datamodel-manifest.json; do
  if [ ! -f "$out/$f" ]; then
    echo "readme-test: the tour did not write $out/$f" >&2
    exit 1
  fi
done
if ! ls "$out"/01-*/schema.postgres.sql >/dev/null 2>&1; then
  echo "readme-test: no 01-*/schema.postgres.sql under $out" >&2
  exit 1
fi
echo "readme-test: ok ($blocks blocks)" >&2
