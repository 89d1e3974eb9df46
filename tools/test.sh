#!/usr/bin/env bash
# Builds and runs the whole ctest suite (what CI runs).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/build.sh
exec ctest --preset default "$@"
