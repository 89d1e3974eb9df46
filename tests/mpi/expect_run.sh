#!/usr/bin/env bash
# expect_run.sh CODE REGEX COMMAND...: runs COMMAND, shows its output, and
# passes when its exit status is CODE ("nonzero": any but 0) and its output
# matches the extended regular expression REGEX.
set -u
want=$1 pattern=$2
shift 2
output=$("$@" 2>&1)
status=$?
printf '%s\n' "$output"
if [ "$want" = nonzero ]; then
  [ "$status" -ne 0 ] || { echo "expect_run: exit status 0, expected non-zero" >&2; exit 1; }
else
  [ "$status" -eq "$want" ] || { echo "expect_run: exit status $status, expected $want" >&2; exit 1; }
fi
printf '%s\n' "$output" | grep -Eq -- "$pattern" || { echo "expect_run: output does not match: $pattern" >&2; exit 1; }
