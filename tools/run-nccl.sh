#!/usr/bin/env bash
# Runs spmdcheck-mpi on NCCL ranks, one rank per GPU of this machine
# (np = the number of GPUs nvidia-smi lists; np=1 on a one-GPU machine,
# since NCCL refuses two ranks on one GPU), first with ordered sums, then
# with NCCL's own reductions. Prints what ran. Builds first (tools/build.sh).
#   tools/run-nccl.sh [spmdcheck-mpi flags, e.g. --programs 500 --seed 3]
# MESH=dp=2,tp=2 overrides the mesh (its size must be the number of GPUs).
# Exit: 0 both runs OK, 1 a counterexample, 2 usage, 77 no GPU or no NCCL.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools/build.sh >/dev/null || { echo "run-nccl: build failed" >&2; exit 2; }
runner=build/default/mpi_runner/spmdcheck-mpi
[ -x "$runner" ] || { echo "run-nccl: $runner was not built (MPI not found?)" >&2; exit 77; }
gpus=$(nvidia-smi -L 2>/dev/null | grep -c '^GPU' || true)
if [ "${gpus:-0}" -eq 0 ]; then
  echo "run-nccl: no GPU (nvidia-smi -L lists none): skipped"
  exit 77
fi
case "$gpus" in
  1) mesh=x=1 ;;
  2) mesh=dp=2 ;;
  4) mesh=dp=2,tp=2 ;;
  8) mesh=dp=2,tp=2,pp=2 ;;
  *) mesh=x=$gpus ;;
esac
mesh=${MESH:-$mesh}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
echo "run-nccl: $(hostname): $gpus GPU(s)"
nvidia-smi -L
status=0
for reduction in ordered native; do
  cmd=(mpirun -np "$gpus" "$runner" --backend nccl --mesh "$mesh" --reduction "$reduction" "$@")
  echo "run-nccl: ${cmd[*]}"
  "${cmd[@]}"
  code=$?
  echo "run-nccl: exit $code (reduction $reduction)"
  [ "$code" -eq 0 ] || { [ "$status" -eq 0 ] && status=$code; }
done
exit "$status"
