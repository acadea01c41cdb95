#!/usr/bin/env bash
# Configures and builds everything (library, CLI, tests, benchmarks, fuzz replayers) in ./build.
# Extra arguments go to cmake's configure step, e.g. -DXB_WERROR=ON.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build --parallel "$(nproc)"
