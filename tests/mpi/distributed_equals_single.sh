#!/usr/bin/env bash
# distributed_equals_single.sh CODE NP JOBS SPMDCHECK MPIRUN... -- ARGS...
# Runs `SPMDCHECK soundness ARGS --jobs 1` in one process and
# `MPIRUN NP SPMDCHECK soundness --distributed ARGS --jobs JOBS` on NP
# processes, each with --json; passes when both exit with CODE and their JSON reports agree
# in everything but the clock and the number of processes (issue 16 item 3:
# a --programs budget gives one report whatever the processes).
set -u
want=$1 np=$2 jobs=$3 spmdcheck=$4
shift 4
mpirun=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do mpirun+=("$1"); shift; done
shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$spmdcheck" soundness "$@" --jobs 1 --no-progress --json "$dir/one.json" >"$dir/one.txt" 2>&1
one=$?
"${mpirun[@]}" "$np" "$spmdcheck" soundness --distributed "$@" --jobs "$jobs" --no-progress --json "$dir/many.json" >"$dir/many.txt" 2>&1
many=$?
cat "$dir/many.txt"
[ "$one" -eq "$want" ] || { cat "$dir/one.txt"; echo "one process: exit status $one, expected $want" >&2; exit 1; }
[ "$many" -eq "$want" ] || { echo "$np processes: exit status $many, expected $want" >&2; exit 1; }
grep -q "^distributed: $np processes, $jobs job(s) each" "$dir/many.txt" || { echo "the report does not say it ran on $np processes" >&2; exit 1; }
python3 - "$dir/one.json" "$dir/many.json" "$np" <<'PY'
import json, sys
one, many = (json.load(open(f)) for f in sys.argv[1:3])
if many["processes"] != int(sys.argv[3]):
    sys.exit(f"processes: {many['processes']}, expected {sys.argv[3]}")
clock = {"seconds", "first_found_seconds", "jobs", "processes"}
diff = sorted(k for k in one.keys() | many.keys() if k not in clock and one.get(k) != many.get(k))
if diff:
    for k in diff:
        print(f"{k}:\n  one process: {json.dumps(one.get(k))[:600]}\n  {sys.argv[3]} processes: {json.dumps(many.get(k))[:600]}")
    sys.exit("the reports differ in " + ", ".join(diff))
print(f"the reports agree: {many['programs']} programs, {len(many['counterexamples'])} counterexample(s)")
PY
