#!/usr/bin/env bash
# The tests a second time, under sanitizers (.ci/run calls this after ./scripts/test.sh):
#   build-asan  every test, fuzz replays included, under AddressSanitizer and
#               UndefinedBehaviorSanitizer (-DXB_SANITIZE=ON); any report fails the test
#   build-tsan  the threaded tests under ThreadSanitizer (-DXB_TSAN=ON): the scan, ledger and
#               transfer modules, and the CLI's scan, ledger and transfer tests, which run the
#               instrumented xborder on real files
# Both build with clang, the toolchain the libFuzzer build needs too (docs/fuzzing.md), each in
# its own directory through ccache; benchmarks are not built, nor fuzzers under TSan.
# Extra arguments go to both configure steps (e.g. -DXB_WERROR=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
export CC=clang CXX=clang++
jobs="$(nproc)"
# Optimised like the real build, with line tables so that reports name files and lines.
common=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-gline-tables-only
        -DXB_BUILD_BENCHMARKS=OFF "$@")
export ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1

echo "== AddressSanitizer + UndefinedBehaviorSanitizer: every test"
cmake -S . -B build-asan "${common[@]}" -DXB_SANITIZE=ON >/dev/null
cmake --build build-asan --parallel "$jobs"
ctest --test-dir build-asan --output-on-failure --parallel "$jobs" --timeout 900

echo "== ThreadSanitizer: the threaded tests"
cmake -S . -B build-tsan "${common[@]}" -DXB_TSAN=ON -DXB_BUILD_FUZZERS=OFF >/dev/null
cmake --build build-tsan --parallel "$jobs" --target xborder xb_scan_tests xb_ledger_tests \
  xb_transfer_tests xb_cli_tests
# ThreadSanitizer's shadow memory needs the address layout of up to 28 random mmap bits; on
# kernels configured for more, run without address randomisation.
tsan=()
if [[ $(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null || echo 28) -gt 28 ]]; then
  tsan=(setarch "$(uname -m)" -R)
fi
"${tsan[@]}" ctest --test-dir build-tsan --output-on-failure --parallel "$jobs" --timeout 900 \
  -L '^(scan|ledger|transfer)$'
"${tsan[@]}" ctest --test-dir build-tsan --output-on-failure --parallel "$jobs" --timeout 900 \
  -L '^cli$' -R '^(Scan|Ledger|Transfer)'
