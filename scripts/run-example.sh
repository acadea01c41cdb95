#!/usr/bin/env bash
# The main job on the bundled example (README, first command): a Shanghai company sends its
# employees' HR records to its German parent. First shows what a scan finds in free-text
# support tickets; then imports the employees' consents, then runs
# `xborder transfer`, which scans, decides, filters by consent, protects, packages and records.
# Everything goes to ./example-run/ (database, keys, package); each run starts afresh.
set -euo pipefail
cd "$(dirname "$0")/.."
XB=./build/xborder
RUN=example-run
rm -rf "$RUN"
mkdir -p "$RUN"
global=(--db "$RUN/xborder.db" --key-file "$RUN/xborder.key" --format table)

echo "== xborder scan examples/data/support_tickets.csv (entities inside free-text remarks)"
"$XB" "${global[@]}" scan examples/data/support_tickets.csv
echo
echo "== xborder consent import examples/transfer/hr/consents.csv"
"$XB" "${global[@]}" consent import examples/transfer/hr/consents.csv
echo
echo "== xborder transfer examples/transfer/hr/plan.yaml"
"$XB" "${global[@]}" transfer examples/transfer/hr/plan.yaml --out "$RUN/package-hr"
echo
echo "== xborder transfer examples/transfer/refused/plan.yaml (expected: refused, exit 1)"
set +e
"$XB" "${global[@]}" transfer examples/transfer/refused/plan.yaml --out "$RUN/package-refused"
code=$?
set -e
if [[ $code -ne 1 ]]; then
  echo "expected the refused example to exit 1, got $code" >&2
  exit 1
fi
echo
echo "== xborder ledger verify"
"$XB" "${global[@]}" ledger verify
