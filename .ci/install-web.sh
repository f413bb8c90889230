#!/usr/bin/env bash
# Debian's chromium for the web app's browser tests (functions/web: Playwright drives /usr/bin/chromium; no browser
# is downloaded at run time). Idempotent: does nothing when it is there. The npm packages are installed by the
# build itself (functions/web/scripts/build.sh runs npm ci from package-lock.json).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
command -v apt-get >/dev/null || { echo "install-web: apt-get is required to install chromium" >&2; exit 1; }
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
$SUDO apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
