#!/usr/bin/env bash
# Regenerates the .expected files of the golden tests from the current
# checker. Review the diff before committing: the goldens lock what users see.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin=${SPMDCHECK_BIN:-build/default/cmd/spmdcheck}
for program in tests/golden/*.spmd examples/mistakes/*.spmd; do
  "$bin" check "$program" > "${program%.spmd}.expected" || true
done
echo "golden files updated; review with git diff"
