#!/usr/bin/env bash
# Issue #17's transfer figure: one HR transfer of N employees against a scan of the same file,
# per CPU-second (user + system from /usr/bin/time, so the ratio holds on a shared machine),
# with the transfer's stages (--timings, wall seconds) and both peak RSS figures.
#
#   bench/transfer_vs_scan.sh BUILD_DIR [EMPLOYEES] [WORK_DIR]   # defaults: 500000, /tmp/xb_transfer_bench
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: $0 BUILD_DIR [EMPLOYEES] [WORK_DIR]}
count=${2:-500000}
work=${3:-/tmp/xb_transfer_bench}
xb=$(realpath "$build/xborder")
mkdir -p "$work/data"
cp examples/transfer/hr/*.yaml "$work/data/"
if [[ ! -s $work/data/employees.csv || $(wc -l <"$work/data/employees.csv") -ne $((count + 1)) ]]; then
  "$build/bench/gen_transfer_example_tool" data "$work/data" "$count"
fi
cd "$work"
rm -rf x.db x.db-* x.key x.key.* pkg
"$xb" -q --db x.db --key-file x.key consent import data/consents.csv >/dev/null
cpu() {  # the user + system seconds /usr/bin/time wrote to $1
  awk '/User time/ {u=$NF} /System time/ {s=$NF} END {printf "%.2f", u + s}' "$1"
}
rss() { awk '/Maximum resident/ {printf "%.0f MB", $NF / 1024}' "$1"; }
/usr/bin/time -v "$xb" -q --format json --db x.db --key-file x.key transfer data/plan.yaml \
  --out pkg --timings >transfer.json 2>transfer.time
/usr/bin/time -v "$xb" -q --format json scan --no-text data/employees.csv >scan.json 2>scan.time
/usr/bin/time -v "$xb" -q --format json scan data/employees.csv >scan_text.json 2>scan_text.time
t=$(cpu transfer.time)
s=$(cpu scan.time)
st=$(cpu scan_text.time)
echo "transfer of $count employees: $t CPU-s, peak $(rss transfer.time)"
echo "scan --no-text of the same file: $s CPU-s, peak $(rss scan.time)"
echo "scan (free text on) of the same file: $st CPU-s, peak $(rss scan_text.time)"
awk -v t="$t" -v s="$s" -v st="$st" \
  'BEGIN {printf "transfer / scan: %.1fx (--no-text), %.1fx (with text)\n", t / s, t / st}'
echo "stages (wall s):"
sed -n '/"timings"/,/}/p' transfer.json
