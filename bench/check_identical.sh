#!/usr/bin/env bash
# Checks that a speed change leaves every finding identical (issue #17): writes the JSON of
# `xborder scan` (with and without the free-text detector, on one and two threads) for the
# bundled examples and the benchmark files, and the quality harness's scores on every split, into
# OUT_DIR; with REFERENCE_DIR given, compares the two byte for byte and fails on any difference.
#
#   bench/check_identical.sh BUILD_DIR OUT_DIR [REFERENCE_DIR] [DATA_FILE...]
#
# Typical use: run it on the build before the change into /tmp/ref, then on the build after the
# change into /tmp/new with /tmp/ref as reference. DATA_FILEs default to the benchmark files
# bench/gen_dataset_tool writes (generated under /tmp/xb_identical when absent).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 2 ]]; then
  echo "usage: $0 BUILD_DIR OUT_DIR [REFERENCE_DIR] [DATA_FILE...]" >&2
  exit 2
fi
build=$1
out=$2
ref=${3:-}
shift $(($# < 3 ? $# : 3))
data=("$@")
if [[ ${#data[@]} -eq 0 ]]; then
  mkdir -p /tmp/xb_identical
  [[ -s /tmp/xb_identical/people300k.csv ]] ||
    "$build/bench/gen_dataset_tool" people /tmp/xb_identical/people300k.csv 300000
  [[ -s /tmp/xb_identical/bench32.csv ]] ||
    "$build/bench/gen_dataset_tool" bench /tmp/xb_identical/bench32.csv 32
  data=(/tmp/xb_identical/people300k.csv /tmp/xb_identical/bench32.csv)
fi
mkdir -p "$out"
# A fixed date: the minors count and the latest plausible birth date depend on it.
as_of=2026-12-03
scan() {  # NAME ARGS...
  local name=$1
  shift
  "$build/xborder" --format json -q scan --as-of "$as_of" "$@" >"$out/$name.json"
}
for f in examples/data/*.csv examples/data/*.jsonl "${data[@]}"; do
  base=$(basename "$f")
  for threads in 1 2; do
    scan "$base.t$threads.text" --threads "$threads" "$f"
    scan "$base.t$threads.notext" --threads "$threads" --no-text "$f"
  done
  scan "$base.samples.t1" --samples --threads 1 "$f"
  scan "$base.samples" --samples --threads 2 "$f"
done
for split in bench/quality/*.jsonl; do
  "$build/bench/quality_tool" "$split" >"$out/quality.$(basename "$split" .jsonl).txt"
done
echo "wrote $(ls "$out" | wc -l) outputs to $out"
if [[ -n "$ref" ]]; then
  if diff -r "$ref" "$out" >/dev/null; then
    echo "identical to $ref"
  else
    diff -r "$ref" "$out" | head -40
    echo "DIFFERENT from $ref" >&2
    exit 1
  fi
fi
