#!/usr/bin/env bash
# The main job: `spmdcheck` on the embedded default table (the soundness
# search). Extra arguments go to spmdcheck, e.g.
# `tools/main.sh soundness --time 600 --json report.json`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/build.sh
exec build/default/cmd/spmdcheck "$@"
