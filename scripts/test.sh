#!/usr/bin/env bash
# The test command (README): builds what changed, then runs every test with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh "$@"
ctest --test-dir build --output-on-failure --parallel "$(nproc)" --timeout 600
