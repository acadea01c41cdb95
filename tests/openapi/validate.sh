#!/usr/bin/env bash
# ctest's openapi_document: starts `xborder serve` on a loopback ephemeral port, fetches
# /openapi.json and validates it against the OpenAPI 3.1 schema with openapi-spec-validator
# (exit 77, skipped, when that validator is not installed; the C++ tests check the document's
# structure and that it lists every route either way).
set -euo pipefail
xborder="$1"
python3 -c 'import openapi_spec_validator' 2>/dev/null || { echo "skipped: openapi-spec-validator is not installed"; exit 77; }
dir="$(mktemp -d)"
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
python3 - "$port" <<'PY'
import json, sys, urllib.request
from openapi_spec_validator import validate
doc = json.load(urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/openapi.json", timeout=10))
validate(doc)  # raises on any violation of the OpenAPI 3.1 schema
assert doc["openapi"].startswith("3.1"), doc["openapi"]
print(f"openapi.json is valid OpenAPI {doc['openapi']}: {sum(len(v) for v in doc['paths'].values())} operations")
PY
