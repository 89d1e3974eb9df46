#!/usr/bin/env bash
# Formatting as a habit (issue 16 item 7): is the C++ formatted as
# .clang-format says (clang-format-14)?
#   tools/check-format.sh            every tracked .h/.cpp (what CI runs: the tree is
#                                    formatted, so this is "the changed files are")
#   tools/check-format.sh BASE       only the lines changed since commit BASE
#                                    (git clang-format; e.g. origin/main in a PR)
#   tools/check-format.sh --fix [BASE]  format them in place instead
# Exit status: 0 formatted (or fixed), 1 not formatted (the diff is printed),
# 2 usage or no clang-format-14.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
fix=0
if [[ ${1:-} == --fix ]]; then fix=1; shift; fi
if [[ $# -gt 1 || ${1:-} == -* ]]; then
  echo "usage: tools/check-format.sh [--fix] [BASE]" >&2
  exit 2
fi
command -v clang-format-14 >/dev/null || { echo "check-format: clang-format-14 is missing (tools/setup.sh installs it)" >&2; exit 2; }

if [[ $# -eq 1 ]]; then
  base=$1
  git rev-parse --verify -q "$base^{commit}" >/dev/null || { echo "check-format: $base is not a commit" >&2; exit 2; }
  if (( fix )); then
    git clang-format-14 --binary clang-format-14 --extensions h,cpp "$base"
    exit 0
  fi
  diff=$(git clang-format-14 --binary clang-format-14 --extensions h,cpp --diff "$base" || true)
  if [[ -z $diff || $diff == "no modified files to format" || $diff == "clang-format did not modify any files" ]]; then
    echo "check-format: the lines changed since $base are formatted"
    exit 0
  fi
  printf '%s\n' "$diff"
  echo "check-format: lines changed since $base are not formatted; run tools/check-format.sh --fix $base" >&2
  exit 1
fi

mapfile -t files < <(git ls-files '*.h' '*.cpp')
if (( fix )); then
  clang-format-14 -i "${files[@]}"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  clang-format-14 --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if (( ${#bad[@]} )); then
  for f in "${bad[@]}"; do diff -u "$f" <(clang-format-14 "$f") --label "$f" --label "$f (formatted)" | head -40 || true; done
  echo "check-format: ${#bad[@]} of ${#files[@]} files are not formatted: ${bad[*]}; run tools/check-format.sh --fix" >&2
  exit 1
fi
echo "check-format: all ${#files[@]} C++ files are formatted"
