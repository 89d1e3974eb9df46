#!/usr/bin/env bash
# Builds and runs the whole ctest suite (what CI runs), then the short,
# fixed-seed libFuzzer run of every target (tools/fuzz-smoke.sh; skipped
# where clang is missing), then checks the C++ is formatted
# (tools/check-format.sh). Extra arguments go to ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/build.sh
ctest --preset default "$@"
tools/fuzz-smoke.sh
tools/check-format.sh
