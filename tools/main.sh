#!/usr/bin/env bash
# The main job on the embedded default table. Until the soundness search
# lands, it type-checks the bundled example programs (exit 0 = all clean).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/build.sh
exec build/default/cmd/spmdcheck check examples/*.spmd
