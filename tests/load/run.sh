#!/usr/bin/env bash
# ctest's serve_load: a bounded load test with wrk (Debian) against `xborder serve` on loopback
# only. A SQLite service with 1,000 ledger entries answers authenticated inclusion-proof reads
# and single-entry appends (POST /v1/ledger/entries) from 16 connections for a few seconds each;
# the test fails on any socket error or non-2xx answer, or if the ledger does not verify
# afterwards, and prints the figures. Speed is measured by bench/serve_bench.sh, not asserted.
# Usage: tests/load/run.sh XBORDER SOURCE_DIR [SECONDS]
set -euo pipefail
xb="$1"
src="$2"
seconds="${3:-3}"
command -v wrk >/dev/null || { echo "serve_load: wrk is not installed; run scripts/install-deps.sh" >&2; exit 1; }
dir="$(mktemp -d)"
pid=""
: >"$dir/err"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
X() { "$xb" --db "$dir/x.db" --key-file "$dir/x.key" "$@"; }
for i in $(seq 0 999); do
  printf '{"type":"transfer","as_of":"2026-%02d-01","exporter":"Exporter %d","n":%d}\n' \
    $((1 + i % 12)) $((i % 5)) "$i"
done >"$dir/entries.jsonl"
X ledger append "$dir/entries.jsonl" >/dev/null
token() { X --format json users add "$1" --role "$2" | sed -n 's/.*"token": *"\([^"]*\)".*/\1/p'; }
auditor="$(token load-auditor auditor)"
officer="$(token load-officer officer)"
[[ -n "$auditor" && -n "$officer" ]] || { echo "serve_load: users add gave no token" >&2; exit 1; }
# Started directly, not through X (a backgrounded function is a subshell: its pid is not the
# server's, and killing it would leave the server running).
"$xb" --db "$dir/x.db" --key-file "$dir/x.key" serve --listen 127.0.0.1:0 --no-access-lines \
  --verify-minutes 0 2>"$dir/err" &
pid=$!
port=""
for _ in $(seq 200); do
  port="$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$dir/err")"
  [[ -n "$port" ]] && break
  sleep 0.1
done
[[ -n "$port" ]] || { cat "$dir/err" >&2; exit 1; }
base="http://127.0.0.1:$port"
failed=0
run() {  # SCRIPT TOKEN ROUTE: prints wrk's XB line; fails on errors or non-2xx answers
  local line
  line="$(XB_TOKEN="$2" XB_SIZE=1000 XB_ROUTE="$3" \
    wrk -t2 -c16 -d"${seconds}s" --timeout 10s --latency -s "$src/bench/serve/$1" "$base" | grep '^XB ')"
  echo "$line"
  if ! grep -q ' errors=0' <<<"$line" || grep -q 'non2xx=[1-9]' <<<"$line" ||
     grep -q ' requests=0 ' <<<"$line"; then
    failed=1
  fi
}
run proof.lua "$auditor" proof
run append.lua "$officer" append
kill "$pid"; wait "$pid" || true; pid=""
verify="$(X --format json ledger verify)"
echo "ledger verify: ${verify:0:300}"
grep -q '"ok": *true' <<<"$verify" || failed=1
exit "$failed"
