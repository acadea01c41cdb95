#!/usr/bin/env bash
# ctest's browser_dashboard: runs dashboard_test.js with node against BUILD/xborder.
# Fails when node or Chromium is missing, unless XB_SKIP_BROWSER_TEST=1 (then exit 77: skipped).
# puppeteer-core comes from tests/browser/package-lock.json (`npm ci`, no browser download).
set -euo pipefail
xborder="$1"
source_dir="$2"
here="$(cd "$(dirname "$0")" && pwd)"
skip() {
  if [[ "${XB_SKIP_BROWSER_TEST:-}" == "1" ]]; then echo "skipped: $1 (XB_SKIP_BROWSER_TEST=1)"; exit 77; fi
  echo "browser test: $1; run scripts/install-deps.sh, or set XB_SKIP_BROWSER_TEST=1" >&2
  exit 1
}
command -v node >/dev/null || skip "node is not installed"
[[ -x "${XB_CHROMIUM:-/usr/bin/chromium}" ]] || skip "Chromium is not installed"
if [[ ! -d "$here/node_modules/puppeteer-core" ]]; then
  (cd "$here" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) ||
    skip "npm ci failed (puppeteer-core)"
fi
exec node "$here/dashboard_test.js" --xborder "$xborder" --source "$source_dir"
