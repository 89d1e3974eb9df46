#!/usr/bin/env bash
# Throughput of libFuzzer targets, measured the way fuzz/README.md reports it.
#   tools/fuzz-speed.sh [-r REPEATS] [-b BUILD_DIR] [-f FLAG]... SECONDS TARGET...
# Each run starts the target from BUILD_DIR/fuzz (default build/fuzz, the
# `fuzz` preset; nothing is built here) with its .options, a fresh scratch
# corpus first and the repository corpus second (as tools/fuzz.sh does), plus
# any extra libFuzzer flags given with -f (e.g. -f -entropic=0), for
# SECONDS. Per run it prints libFuzzer's average exec/s, the steady-state rate
# (executions after the corpus is loaded, libFuzzer's INITED line, over the
# wall time since), the warm rate (the second half of the run, once the ASan
# quarantine is full and the entropic feature counts have saturated),
# executions per CPU-second of the process (less sensitive to other load on
# the machine) and the load average before and after; then
# the best steady rate of the REPEATS runs (default 3). The repository corpus
# is only read. Exit status: 0, 1 if a run crashed, 2 usage.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

repeats=3 build=build/fuzz extra=()
while getopts r:b:f: opt; do
  case $opt in
    r) repeats=$OPTARG ;;
    b) build=$OPTARG ;;
    f) extra+=("$OPTARG") ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [[ $# -lt 2 || ! $1 =~ ^[0-9]+$ || ! $repeats =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: tools/fuzz-speed.sh [-r REPEATS] [-b BUILD_DIR] [-f FLAG]... SECONDS TARGET..." >&2
  exit 2
fi
seconds=$1
shift

status=0
for target in "$@"; do
  t=${target%_fuzzer}_fuzzer
  bin=$build/fuzz/$t
  [[ -x $bin ]] || { echo "fuzz-speed: $bin not built (cmake --preset fuzz && cmake --build build/fuzz --target $t)" >&2; exit 2; }
  flags=()
  while IFS='=' read -r key value; do
    key=$(echo "$key" | tr -d ' '); value=$(echo "$value" | sed 's/^ *//; s/ *$//')
    [[ -z $key || $key == \[* || $key == \#* ]] && continue
    [[ $key == dict ]] && value=fuzz/$value
    flags+=("-$key=$value")
  done <"fuzz/$t.options"
  best=0
  for ((i = 1; i <= repeats; ++i)); do
    scratch=$(mktemp -d) log=$(mktemp)
    load_before=$(cut -d' ' -f1 /proc/loadavg)
    # Each output line gets a wall-clock stamp, so the rate after INITED can be computed. The
    # stamping must not fork per line: a slow reader blocks libFuzzer on its stderr pipe.
    { TIMEFORMAT='cpu_seconds %U %S'
      time { "$bin" "${flags[@]}" "${extra[@]}" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$scratch/" "$scratch" "fuzz/corpus/$t" 2>&1 || echo "run_failed"; }; } 2>&1 |
      perl -MTime::HiRes=time -ne '$| = 1; printf "%.6f %s", time, $_' >"$log"
    load_after=$(cut -d' ' -f1 /proc/loadavg)
    line=$(awk -v t="$t" -v run="$i" -v load="$load_before -> $load_after" '
      /INITED/ {t0 = $1; n0 = substr($2, 2)}
      /^[0-9.]+ #[0-9]+/ {t1 = $1; n1 = substr($2, 2); nt++; lt[nt] = $1; ln[nt] = n1}
      /stat::number_of_executed_units/ {total = $3}
      /stat::average_exec_per_sec/ {avg = $3}
      /cpu_seconds/ {cpu = $3 + $4}
      END {
        steady = t1 > t0 ? (n1 - n0) / (t1 - t0) : 0
        # warm: from the first status line in the second half of the run to the last one, after
        # the ASan quarantine has filled and the entropic feature counts have saturated.
        half = t0 + (t1 - t0) / 2; warm = 0
        for (i = 1; i <= nt; ++i) if (lt[i] >= half) { if (t1 > lt[i]) warm = (n1 - ln[i]) / (t1 - lt[i]); break }
        printf "%s run %d: average %d exec/s, steady %.0f exec/s, warm %.0f exec/s, %.0f exec per CPU-second, load %s\n",
               t, run, avg, steady, warm, (cpu > 0 ? total / cpu : 0), load
      }' "$log")
    echo "$line"
    steady=$(echo "$line" | sed -n 's/.*steady \([0-9]*\) exec.*/\1/p')
    ((steady > best)) && best=$steady
    if grep -q -E 'run_failed|ERROR: |fuzz property violated' "$log"; then
      status=1
      grep -m3 -E 'ERROR: |fuzz property violated|runtime error' "$log" | sed 's/^[0-9.]* /   /'
    fi
    rm -rf "$scratch" "$log"
  done
  echo "$t: best steady rate of $repeats runs of ${seconds}s: $best exec/s"
done
exit $status
