#!/usr/bin/env bash
# Checks that a speed change leaves every finding identical (issue #17): writes the JSON of
# `xborder scan` (with and without the free-text detector, on one and two threads, with samples)
# for the bundled examples and the benchmark files, and the quality harness's scores on every
# split, into OUT_DIR; with a reference, compares the two byte for byte and fails on any
# difference.
#
#   bench/check_identical.sh BUILD_DIR OUT_DIR [REFERENCE] [DATA_FILE...]
#
# REFERENCE is either a directory this script wrote before, or a git revision (main, a commit):
# the script then builds that revision's xborder and quality_tool in a temporary worktree and
# build directory (Release, ccache when installed; removed afterwards) and writes the reference
# outputs itself. DATA_FILEs default to benchmark files written by BUILD_DIR's
# bench/gen_dataset_tool into a temporary directory (set XB_IDENTICAL_DATA to keep and reuse
# them), so both sides read the same bytes even when the reference predates the tool. XB_JOBS:
# compile jobs for the reference build (default 2).
#
# Typical use: bench/check_identical.sh build /tmp/new main
set -euo pipefail
if [[ $# -lt 2 ]]; then
  echo "usage: $0 BUILD_DIR OUT_DIR [REFERENCE_DIR|GIT_REVISION] [DATA_FILE...]" >&2
  exit 2
fi
self=$(realpath "$0")
build=$(realpath "$1")
out=$(realpath -m "$2")
cd "$(dirname "$self")/.."
ref=${3:-}
shift $(($# < 3 ? $# : 3))
data=("$@")
tmp=$(mktemp -d)
worktree=""
cleanup() {
  [[ -n "$worktree" ]] && git worktree remove --force "$worktree" >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # so that EXIT's cleanup runs
if [[ ${#data[@]} -eq 0 ]]; then
  data_dir=${XB_IDENTICAL_DATA:-$tmp/data}
  mkdir -p "$data_dir"
  [[ -s $data_dir/people300k.csv ]] ||
    "$build/bench/gen_dataset_tool" people "$data_dir/people300k.csv" 300000
  [[ -s $data_dir/bench32.csv ]] ||
    "$build/bench/gen_dataset_tool" bench "$data_dir/bench32.csv" 32
  data=("$data_dir/people300k.csv" "$data_dir/bench32.csv")
fi
if [[ -n "$ref" && ! -d "$ref" ]]; then
  # A revision: build it beside this tree and write its outputs with this same script.
  revision=$(git rev-parse --verify "$ref^{commit}")
  worktree=$tmp/worktree
  git worktree add --detach "$worktree" "$revision" >/dev/null
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S "$worktree" -B "$tmp/build" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" \
    >/dev/null
  cmake --build "$tmp/build" --parallel "${XB_JOBS:-2}" --target xborder quality_tool >/dev/null
  # This script, run from the revision's tree: its examples and quality splits.
  cp "$self" "$worktree/bench/check_identical.sh"
  bash "$worktree/bench/check_identical.sh" "$tmp/build" "$tmp/ref" "" "${data[@]}" >/dev/null
  ref=$tmp/ref
  echo "reference: $revision built in a temporary worktree"
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
