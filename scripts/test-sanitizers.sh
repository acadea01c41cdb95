#!/usr/bin/env bash
# The tests a second time, under sanitizers (.ci/run calls this after ./scripts/test.sh):
#   build-asan  every test, fuzz replays, browser and OpenAPI tests included, under
#               AddressSanitizer (+ LeakSanitizer) and UndefinedBehaviorSanitizer
#               (-DXB_SANITIZE=ON)
#   build-tsan  the tests that run our threads, under ThreadSanitizer (-DXB_TSAN=ON): the
#               modules scan (worker pool), ledger (group commit), transfer, protect (lattice
#               search), consent, monitor (runner, webhook sender, NATS JetStream), server (worker
#               pool, ledger handle pool on SQLite and PostgreSQL), and the CLI tests that run
#               the instrumented xborder on real files (scan, ledger, transfer, monitor)
# Both build with clang, the toolchain the libFuzzer build needs too (docs/fuzzing.md), each in
# its own directory through ccache; no benchmarks; under TSan only the targets it runs.
#
# Every sanitizer report fails the run, including one from a process whose exit code no test
# reads (the server under the browser test): reports go to files in BUILD/sanitizer-reports/
# (log_path), which are printed and counted at the end. Leaks and races inside third-party
# libraries are suppressed by scripts/sanitizers/{lsan,tsan}.supp, one reason per entry; never
# our own code.
#
# Usage: scripts/test-sanitizers.sh [CMAKE_ARGS...]   (e.g. -DXB_WERROR=ON, passed to both
#        configure steps). XB_SANITIZERS="asan tsan" (default) picks the runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
export CC=clang CXX=clang++
jobs="$(nproc)"
runs="${XB_SANITIZERS:-asan tsan}"
# Optimised like the real build, with line tables so that reports name files and lines.
common=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS=-gline-tables-only
        -DXB_BUILD_BENCHMARKS=OFF "$@")
supp="$root/scripts/sanitizers"
failed=0

# Clears BUILD/sanitizer-reports; echoes its path.
fresh_reports() {
  rm -rf "$1/sanitizer-reports"
  mkdir -p "$1/sanitizer-reports"
  echo "$root/$1/sanitizer-reports"
}

# Prints every report left in DIR; returns 1 if there is one.
check_reports() {
  local reports=("$1"/*)
  [[ -e "${reports[0]}" ]] || return 0
  echo "== ${#reports[@]} sanitizer report(s) in $1:" >&2
  for report in "${reports[@]}"; do
    echo "--- $(basename "$report")" >&2
    cat "$report" >&2
  done
  return 1
}

# ctest with the sanitizer's options; a failing test fails the run but the others still run.
run_ctest() {
  "$@" --output-on-failure --parallel "$jobs" --timeout 900 || failed=1
}

if [[ " $runs " == *" asan "* ]]; then
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer: every test"
  cmake -S . -B build-asan "${common[@]}" -DXB_SANITIZE=ON >/dev/null
  cmake --build build-asan --parallel "$jobs"
  reports="$(fresh_reports build-asan)"
  export ASAN_OPTIONS="detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:log_path=$reports/asan:log_exe_name=1"
  export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan:log_exe_name=1"
  run_ctest ctest --test-dir build-asan
  check_reports "$reports" || failed=1
  unset ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
fi

if [[ " $runs " == *" tsan "* ]]; then
  echo "== ThreadSanitizer: the threaded tests"
  cmake -S . -B build-tsan "${common[@]}" -DXB_TSAN=ON -DXB_BUILD_FUZZERS=OFF >/dev/null
  cmake --build build-tsan --parallel "$jobs" --target xborder xb_pg_test_cluster \
    xb_scan_tests xb_ledger_tests xb_transfer_tests xb_protect_tests xb_consent_tests \
    xb_monitor_tests xb_server_tests xb_cli_tests
  reports="$(fresh_reports build-tsan)"
  export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp:log_path=$reports/tsan:log_exe_name=1"
  # ThreadSanitizer's shadow memory needs the address layout of up to 28 random mmap bits; on
  # kernels configured for more, run without address randomisation.
  tsan=()
  if [[ $(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null || echo 28) -gt 28 ]]; then
    tsan=(setarch "$(uname -m)" -R)
  fi
  run_ctest "${tsan[@]}" ctest --test-dir build-tsan \
    -L '^(scan|ledger|transfer|protect|consent|monitor|server)$'
  run_ctest "${tsan[@]}" ctest --test-dir build-tsan -L '^cli$' -R '^(Scan|Ledger|Transfer|Monitor)'
  check_reports "$reports" || failed=1
fi
exit "$failed"
