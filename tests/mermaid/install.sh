#!/usr/bin/env bash
# Installs the Mermaid judge (mermaid 10.7.0, 11.3.0 and 12.x side by side, plus jsdom) from
# package-lock.json. Called by .ci/run before the test suite; safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi
