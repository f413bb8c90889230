#!/usr/bin/env bash
# Builds the web app into dist/ with the machine's npm: installs the locked packages when package-lock.json is newer
# than the installed tree (npm ci on a fresh clone, nothing on a rebuild), generates the API's types from
# openapi.yaml, type-checks and bundles.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
