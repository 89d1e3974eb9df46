#!/usr/bin/env bash
# Installs what is missing, then configures and builds the default preset.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default
