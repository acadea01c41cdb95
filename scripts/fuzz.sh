#!/usr/bin/env bash
# Builds the libFuzzer targets in ./build-fuzz (clang; every module instrumented for coverage,
# ASan and UBSan) and runs each fuzz/<name>_fuzzer.cc target for SECONDS (default 180), one at a
# time, on one core, starting from a copy of its seed corpus fuzz/corpus/<name>/ (the seeds are
# not modified). Prints one line per target: executions per second, inputs run, crashes. A
# crashing input is kept in fuzz-out/<name>/: fix the cause, then add the input to
# fuzz/corpus/<name>/ as a regression input (docs/fuzzing.md).
#
#   ./scripts/fuzz.sh                  # every target, 180 s each
#   ./scripts/fuzz.sh 60 scan_fuzzer   # one target, 60 s
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-180}"
shift || true
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DXB_LIBFUZZER=ON -DXB_BUILD_TESTS=OFF \
  -DXB_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-fuzz --parallel "$(nproc)" >/dev/null
names=("$@")
if ((${#names[@]} == 0)); then
  for source in fuzz/*_fuzzer.cc; do names+=("$(basename "$source" .cc)"); done
fi
status=0
for name in "${names[@]}"; do
  out="fuzz-out/$name"
  rm -rf "$out"
  mkdir -p "$out/corpus" "$out/crashes"
  if [[ -d "fuzz/corpus/$name" ]]; then cp -r "fuzz/corpus/$name/." "$out/corpus/"; fi
  if "./build-fuzz/fuzz/$name" -max_total_time="$seconds" -print_final_stats=1 -timeout=30 \
      -rss_limit_mb=4096 -artifact_prefix="$out/crashes/" "$out/corpus" >"$out/log" 2>&1; then
    result="ok"
  else
    result="FAILED (see $out/log)"
    status=1
  fi
  rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "$out/log")
  runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$out/log")
  printf '%-24s %8s exec/s %12s inputs  %s  crashes: %s\n' "$name" "${rate:-?}" "${runs:-?}" \
    "$result" "$(ls "$out/crashes" | tr '\n' ' ')"
done
exit "$status"
