#!/usr/bin/env bash
# Regenerates DESIGN.md's rule tables (between the rules markers) from the
# embedded default table. Run after editing rules/default_table.toml.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SPMDCHECK_BIN:-$root/build/default/cmd/spmdcheck}
tables=$(mktemp)
trap 'rm -f "$tables"' EXIT
"$bin" rules > "$tables"
python3 - "$root/DESIGN.md" "$tables" <<'PY'
import sys
design_path, tables_path = sys.argv[1], sys.argv[2]
design = open(design_path).read()
tables = open(tables_path).read()
begin, end = "<!-- rules:begin -->\n", "<!-- rules:end -->"
b, e = design.index(begin), design.index(end)
open(design_path, "w").write(design[:b + len(begin)] + tables + design[e:])
PY
echo "DESIGN.md tables updated"
