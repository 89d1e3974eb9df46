#!/usr/bin/env bash
# Continuous fuzzing driver (issue 6).
#   tools/fuzz.sh TARGET|all SECONDS
# TARGET: program_text_fuzzer, rule_table_fuzzer, checker_fuzzer,
# generation_fuzzer (the `_fuzzer` suffix may be left off), or all.
# For each target: builds the clang `fuzz` preset, runs the fuzzer for
# SECONDS with a fresh scratch corpus FIRST (libFuzzer writes new inputs
# there) and the repository corpus fuzz/corpus/<name>_fuzzer second, using the
# target's .dict and .options; then merges the new inputs into the repository
# corpus with -merge=1, and lists each crash artifact under
# fuzz/artifacts/<name>_fuzzer/ with the commands that replay it.
# Every core: libFuzzer's fork mode with one worker per core (FUZZ_JOBS=N
# to choose; 1 runs in-process), each worker a child process on the shared
# corpus, so one target's run uses the whole machine.
# Logs: build/fuzz/logs/<name>_fuzzer.log. Exit status: 0 nothing found,
# 1 a target crashed (artifacts listed), 2 usage.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

all=(program_text_fuzzer rule_table_fuzzer checker_fuzzer generation_fuzzer)
if [[ $# -ne 2 || ! $2 =~ ^[0-9]+$ ]]; then
  echo "usage: tools/fuzz.sh TARGET|all SECONDS   (targets: ${all[*]})" >&2
  exit 2
fi
if [[ $1 == all ]]; then
  targets=("${all[@]}")
else
  name=${1%_fuzzer}_fuzzer
  [[ " ${all[*]} " == *" $name "* ]] || { echo "tools/fuzz.sh: unknown target $1" >&2; exit 2; }
  targets=("$name")
fi
seconds=$2
jobs=${FUZZ_JOBS:-$(nproc)}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "tools/fuzz.sh: FUZZ_JOBS must be a positive number, not '$jobs'" >&2; exit 2; }
fork=()
(( jobs > 1 )) && fork=(-fork="$jobs")

cmake --preset fuzz >/dev/null
cmake --build build/fuzz --target "${targets[@]}"

# The [libfuzzer] section of an .options file as -key=value flags (paths of
# `dict` resolved against fuzz/).
options_flags() {
  local file=fuzz/$1.options key value
  [[ -f $file ]] || return 0
  while IFS='=' read -r key value; do
    key=$(echo "$key" | tr -d ' '); value=$(echo "$value" | sed 's/^ *//; s/ *$//')
    [[ -z $key || $key == \[* || $key == \#* ]] && continue
    [[ $key == dict ]] && value=fuzz/$value
    printf -- '-%s=%s\n' "$key" "$value"
  done <"$file"
}

status=0
mkdir -p build/fuzz/logs
for t in "${targets[@]}"; do
  bin=build/fuzz/fuzz/$t
  corpus=fuzz/corpus/$t
  artifacts=fuzz/artifacts/$t/
  scratch=build/fuzz/scratch/$t
  log=build/fuzz/logs/$t.log
  rm -rf "$scratch"; mkdir -p "$scratch" "$corpus" "$artifacts"
  mapfile -t flags < <(options_flags "$t")
  marker=$(mktemp); trap 'rm -f "$marker"' EXIT
  echo "== $t: ${seconds}s on $jobs worker(s) (scratch $scratch, corpus $corpus)"
  rc=0
  "$bin" "${flags[@]}" "${fork[@]}" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$artifacts" "$scratch" "$corpus" >"$log" 2>&1 || rc=$?
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" | sed 's/^/   /' || true
  # Merge: only inputs that add coverage go into the repository corpus.
  before=$(find "$corpus" -type f | wc -l)
  "$bin" "${flags[@]}" -merge=1 "$corpus" "$scratch" >>"$log" 2>&1 || echo "   merge failed (see $log)"
  after=$(find "$corpus" -type f | wc -l)
  echo "   corpus $corpus: $before -> $after files"
  found=$(find "$artifacts" -type f -newer "$marker" 2>/dev/null || true)
  if [[ $rc -ne 0 || -n $found ]]; then
    status=1
    echo "   FOUND (exit $rc; log $log):"
    grep -m1 -E 'fuzz property violated|ERROR: (AddressSanitizer|libFuzzer)|runtime error' "$log" | sed 's/^/   /' || true
    for a in $found; do
      echo "   artifact $a"
      echo "     replay: $bin $a"
      echo "     replay (g++ build): build/default/fuzz/fuzz_replay $t $a"
    done
  fi
done
exit $status
