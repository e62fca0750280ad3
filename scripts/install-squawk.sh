#!/usr/bin/env bash
# The outside judge of our PostgreSQL migrations: squawk (PyPI `squawk-cli`), pinned.
# Installed into the user's Python (pip --user when not root); tests/tests/migrate_engines.rs
# runs it on every generated PostgreSQL migration.
set -euo pipefail
VERSION=2.70.0
if command -v squawk >/dev/null 2>&1 && squawk --version 2>/dev/null | grep -q " $VERSION\$"; then
  exit 0
fi
python3 -m pip install --quiet --disable-pip-version-check "squawk-cli==$VERSION"
command -v squawk >/dev/null 2>&1 || { echo "error: squawk is not on PATH after pip install" >&2; exit 1; }
squawk --version
