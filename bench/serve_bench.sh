#!/usr/bin/env bash
# The service benchmark (BENCHMARKS.md, "Service"), loopback only and bounded in time:
#  1. authenticated inclusion-proof and entry reads with wrk (2 threads, $XB_CONNECTIONS (32)
#     connections, $XB_SECONDS (15) s each),
#  2. the dashboard page with 10,000 ledger entries (cold, then warm; curl timings),
#  3. transfers appended through the API (POST /v1/transfers, sequential, 20 s).
# Usage: bench/serve_bench.sh [BUILD_DIR]   (needs wrk and curl; prints figures, never fails on speed)
set -euo pipefail
build="${1:-build}"
xb="$(cd "$build" && pwd)/xborder"
src="$(cd "$(dirname "$0")/.." && pwd)"
entries="${XB_ENTRIES:-10000}"
seconds="${XB_SECONDS:-15}"
dir="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
X() { "$xb" --db "$dir/x.db" --key-file "$dir/x.key" "$@"; }

# A ledger of $entries transfer entries over this year's months (one batch append).
python3 - "$entries" > "$dir/entries.jsonl" <<'PY'
import json, sys, datetime
n = int(sys.argv[1]); year = datetime.date.today().year
for i in range(n):
    refused = i % 7 == 0
    print(json.dumps({"type": "transfer_refused" if refused else "transfer",
                      "as_of": f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                      "exporter": f"Exporter {i % 5} Co., Ltd.", "recipient": f"Recipient {i % 40} GmbH",
                      "country": ["DE", "US", "SG", "JP"][i % 4], "purpose": "hr_management",
                      "decision": {"decision": "exempt", "basis": [{"rule": "cn.provisions-2024.art5.2.hr",
                                   "citation": "Provisions 2024, Art. 5(2)"}]},
                      "counts": {"individuals": 100 + i % 50, "sensitive_individuals": 0, "minors_under_14": 0},
                      "datasets": [{"source": "employees.csv", "consent": {"individuals": {"valid": 100}}}]}))
PY
X ledger append "$dir/entries.jsonl" >/dev/null
token="$(X --format json users add bench --role auditor | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
officer="$(X --format json users add officer --role officer | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
mkdir -p "$dir/data"
cp "$src/examples/transfer/hr/"{employees.csv,plan.yaml,policy.yaml} "$dir/data/"
"$xb" --db "$dir/x.db" --key-file "$dir/x.key" serve --listen 127.0.0.1:0 --data-root "$dir/data" \
  --verify-minutes 0 ${XB_SERVE_FLAGS:-} 2>"$dir/err" >/dev/null &
pid=$!
port=""
for _ in $(seq 200); do
  port="$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$dir/err" | head -1)"; [[ -n "$port" ]] && break; sleep 0.05
done
base="http://127.0.0.1:$port"
echo "ledger: $entries entries; server: $base (pid $pid)"

for route in proof entry; do
  XB_TOKEN="$token" XB_SIZE="$entries" XB_ROUTE="$route" \
    wrk -t2 -c"${XB_CONNECTIONS:-32}" -d"${seconds}s" --latency -s "$src/bench/serve/proof.lua" "$base" | grep '^XB '
done

echo "dashboard (GET /, 10 times; the first builds the per-head summary):"
for i in $(seq 10); do
  curl -s -o /dev/null -w "  %{time_total}s %{http_code} %{size_download} bytes\n" \
    -H "Authorization: Bearer $token" "$base/?lang=en"
done

echo "appends through the API (POST /v1/transfers, HR example, sequential, 20 s):"
start=$(date +%s.%N); n=0; end=$(( $(date +%s) + 20 ))
while (( $(date +%s) < end )); do
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $officer" \
          --data-binary @"$dir/data/plan.yaml" "$base/v1/transfers")"
  [[ "$code" == 201 ]] || { echo "  unexpected status $code"; break; }
  n=$((n + 1))
done
python3 -c "import sys; n=$n; t=$(date +%s.%N)-$start; print(f'  {n} transfers in {t:.1f} s = {n/t:.2f}/s')"
grep -c '^access ' "$dir/err" | sed 's/^/access log lines on stderr: /'
