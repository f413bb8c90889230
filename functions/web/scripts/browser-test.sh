#!/usr/bin/env bash
# The browser suite (Playwright with Debian's chromium) against the local stack serving dist/; see playwright.config.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "browser tests: $CHROMIUM is missing (apt-get install chromium; .ci/install-web.sh does it)" >&2
  exit 1
fi
# the stack's data (S3 objects, database, sample photos) lives in a fresh folder, removed after
E2E_OUT="$(mktemp -d)"
trap 'rm -rf "$E2E_OUT"' EXIT
# a tenant of the run's own (the list starts empty), whose AI spending cap the stack is told (playwright.config.ts)
E2E_TENANT="${E2E_TENANT:-e2e-$(date +%s)}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 CHROMIUM E2E_OUT E2E_TENANT
npx playwright test
