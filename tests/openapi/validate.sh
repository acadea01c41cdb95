#!/usr/bin/env bash
# ctest's openapi_document: starts `xborder serve` on a loopback ephemeral port, fetches
# /openapi.json and validates it against the OpenAPI 3.1 schema (validate.mjs, with
# @seriousme/openapi-schema-validator from tests/browser/package-lock.json, which
# scripts/install-deps.sh installs with `npm ci`). Never skipped: without node or the validator
# it installs the locked packages, and fails if it cannot.
set -euo pipefail
xborder="$1"
here="$(cd "$(dirname "$0")" && pwd)"
browser="$here/../browser"
command -v node >/dev/null || { echo "openapi test: node is not installed; run scripts/install-deps.sh" >&2; exit 1; }
if [[ ! -f "$browser/node_modules/@seriousme/openapi-schema-validator/index.js" ]]; then
  (cd "$browser" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) ||
    { echo "openapi test: npm ci failed in tests/browser; run scripts/install-deps.sh" >&2; exit 1; }
fi
dir="$(mktemp -d)"
pid=""
: >"$dir/err"  # exists before the loop reads it (the server's redirection may not be open yet)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
"$xborder" --db "$dir/x.db" --key-file "$dir/x.key" serve --listen 127.0.0.1:0 --no-access-lines 2>"$dir/err" &
pid=$!
port=""
for _ in $(seq 100); do
  port="$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$dir/err")"
  [[ -n "$port" ]] && break
  sleep 0.1
done
[[ -n "$port" ]] || { cat "$dir/err" >&2; exit 1; }
node "$here/validate.mjs" "$port"
