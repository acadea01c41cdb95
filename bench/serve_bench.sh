#!/usr/bin/env bash
# The service benchmark (BENCHMARKS.md, "Service"), loopback only and bounded in time, on each
# database in $XB_BACKENDS ("sqlite postgres" by default):
#  1. authenticated inclusion-proof and entry reads with wrk (2 threads, $XB_CONNECTIONS (32)
#     connections, $XB_SECONDS (15) s each),
#  2. the dashboard page with 10,000 ledger entries (cold, then warm; curl timings),
#  3. transfers appended through the API (POST /v1/transfers, HR example, 3,000 rows): one
#     client, then $XB_APPEND_CLIENTS (4) clients at once, $XB_APPEND_SECONDS (20) s each, with
#     the pipeline's own timings (the transfer JSON's "timings") averaged per phase; on
#     PostgreSQL also through two servers on the one database at once,
#  4. single ledger entries appended through POST /v1/ledger/entries with wrk, at each
#     connection count in $XB_ENTRY_CONNECTIONS ("1 8 32 64"; empty: skipped), $XB_SECONDS s each (concurrent
#     requests share commits), then `ledger verify`.
# PostgreSQL: a throwaway cluster started for the run (build/src/pg/xb_pg_test_cluster, durable:
# fsync and synchronous commit on), or the server at $XB_BENCH_POSTGRES_URL (an empty database).
# Usage: bench/serve_bench.sh [BUILD_DIR]   (needs wrk, curl, python3; prints figures, never fails
# on speed)
set -euo pipefail
build="$(cd "${1:-build}" && pwd)"
xb="$build/xborder"
src="$(cd "$(dirname "$0")/.." && pwd)"
entries="${XB_ENTRIES:-10000}"
seconds="${XB_SECONDS:-15}"
append_seconds="${XB_APPEND_SECONDS:-20}"
append_clients="${XB_APPEND_CLIENTS:-4}"
root="$(mktemp -d)"
pids=()
cluster=""
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  [[ -n "$cluster" ]] && "$build/src/pg/xb_pg_test_cluster" stop "$cluster" >/dev/null 2>&1 || true
  rm -rf "$root"
}
trap cleanup EXIT

# A ledger of $entries transfer entries over this year's months (one batch append).
python3 - "$entries" > "$root/entries.jsonl" <<'PY'
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

# Starts `xborder serve` on DB in the background; sets $base.
serve() {
  local db="$1" dir="$2" log="$3"
  "$xb" --db "$db" --key-file "$dir/x.key" serve --listen 127.0.0.1:0 --data-root "$dir/data" \
    --packages "$dir/packages" --reports "$dir/reports" --verify-minutes 0 ${XB_SERVE_FLAGS:-} \
    2>"$log" >/dev/null &
  pids+=($!)
  local port=""
  for _ in $(seq 400); do
    port="$(sed -n 's/.*(port \([0-9]*\)).*/\1/p' "$log" | head -1)"; [[ -n "$port" ]] && break; sleep 0.05
  done
  [[ -n "$port" ]] || { echo "the server did not start:"; cat "$log"; exit 1; }
  base="http://127.0.0.1:$port"
}

# POST /v1/transfers from $2 clients at once for $3 seconds against the servers in $1 (spaces);
# prints the rate and the pipeline's phases, averaged.
appends() {
  python3 - "$1" "$2" "$3" "$officer" "$dir/data/plan.yaml" <<'PY'
import json, sys, threading, time, urllib.request
bases, clients, seconds, token, plan = sys.argv[1].split(), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], open(sys.argv[5], "rb").read()
lock = threading.Lock(); done = []; errors = []
end = time.time() + seconds
def client(base):
    while time.time() < end:
        t0 = time.time()
        req = urllib.request.Request(base + "/v1/transfers", data=plan, method="POST",
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/yaml"})
        try:
            with urllib.request.urlopen(req, timeout=300) as r:
                body = json.load(r); status = r.status
        except Exception as e:
            with lock: errors.append(str(e)[:120])
            continue
        with lock: done.append((time.time() - t0, body.get("timings", {})))
start = time.time()
threads = [threading.Thread(target=client, args=(bases[i % len(bases)],)) for i in range(clients)]
for t in threads: t.start()
for t in threads: t.join()
elapsed = time.time() - start
n = len(done)
phases = {}
for _, timings in done:
    for k, v in timings.items():
        if isinstance(v, (int, float)): phases[k] = phases.get(k, 0.0) + v
mean = sum(d for d, _ in done) / n if n else 0
print(f"  {n} transfers in {elapsed:.1f} s = {n / elapsed:.2f}/s ({clients} client(s), {len(bases)} server(s)), "
      f"{mean:.2f} s per request, errors {len(errors)}")
if n:
    print("  pipeline phases, mean s: " + ", ".join(f"{k} {v / n:.3f}" for k, v in sorted(phases.items(), key=lambda kv: -kv[1])))
for e in errors[:3]: print("  error:", e)
PY
}

bench_on() {
  local backend="$1" db="$2"
  dir="$root/$backend"
  mkdir -p "$dir/data"
  cp "$src/examples/transfer/hr/"{employees.csv,consents.csv,plan.yaml,policy.yaml} "$dir/data/"
  X() { "$xb" --db "$db" --key-file "$dir/x.key" "$@"; }
  echo "== $backend"
  X ledger append "$root/entries.jsonl" >/dev/null
  X consent import "$dir/data/consents.csv" >/dev/null
  token="$(X --format json users add bench --role auditor | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
  officer="$(X --format json users add officer --role officer | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
  serve "$db" "$dir" "$dir/serve.log"
  echo "ledger: $entries entries; server: $base"
  for route in proof entry; do
    XB_TOKEN="$token" XB_SIZE="$entries" XB_ROUTE="$route" \
      wrk -t2 -c"${XB_CONNECTIONS:-32}" -d"${seconds}s" --latency -s "$src/bench/serve/proof.lua" "$base" | grep '^XB '
  done
  echo "dashboard (GET /, 10 times; the first builds the per-head summary):"
  for _ in $(seq 10); do
    curl -s -o /dev/null -w "  %{time_total}s %{http_code} %{size_download} bytes\n" \
      -H "Authorization: Bearer $token" "$base/?lang=en"
  done
  echo "appends through the API (POST /v1/transfers, HR example):"
  appends "$base" 1 "$append_seconds"
  appends "$base" "$append_clients" "$append_seconds"
  if [[ "$backend" == postgres ]]; then
    local first="$base"
    serve "$db" "$dir" "$dir/serve2.log"
    appends "$first $base" "$append_clients" "$append_seconds"
  fi
  echo "single entries through the API (POST /v1/ledger/entries, wrk, ${seconds} s each):"
  for c in ${XB_ENTRY_CONNECTIONS-1 8 32 64}; do
    XB_TOKEN="$officer" wrk -t"$(( c < 2 ? c : 2 ))" -c"$c" -d"${seconds}s" --latency -s "$src/bench/serve/append.lua" \
      "$base" | grep '^XB ' | sed "s/^XB append/  $c connection(s):/"
  done
  X --format json ledger verify | python3 -c 'import json,sys; v=json.load(sys.stdin); print("ledger verify: ok=%s size=%s" % (v["ok"], v["size"]))'
  curl -s -H "Authorization: Bearer $token" "$base/metrics" | grep -E '^xborder_(db_reconnects|access_log_dropped)' | sed 's/^/  /'
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
}

for backend in ${XB_BACKENDS:-sqlite postgres}; do
  case "$backend" in
    sqlite) bench_on sqlite "$root/sqlite.db" ;;
    postgres)
      url="${XB_BENCH_POSTGRES_URL:-}"
      if [[ -z "$url" ]]; then
        cluster="$(mktemp -u /tmp/xb-serve-bench-pg-XXXXXX)"  # outside $root: the server runs as postgres
        url="$("$build/src/pg/xb_pg_test_cluster" start "$cluster" --durable | sed -n 's/.*: \(postgresql:.*\)$/\1/p')"
        [[ -n "$url" ]] || { echo "PostgreSQL did not start"; exit 1; }
      fi
      bench_on postgres "$url" ;;
    *) echo "unknown backend $backend (sqlite, postgres)"; exit 2 ;;
  esac
done
