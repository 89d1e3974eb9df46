#!/usr/bin/env bash
# The CI's short fuzz run: builds the targets the way OSS-Fuzz does
# (fuzz/oss-fuzz/build.sh with $CXX, $CXXFLAGS, $LIB_FUZZING_ENGINE, $OUT,
# $SRC and $WORK set: the `fuzz` preset's compiler, flags and directory, so
# tools/fuzz.sh reuses the build) and runs every
# libFuzzer target for a fixed number of inputs with a fixed seed (so a CI
# run is repeatable), starting from the repository corpus; new inputs go to a
# scratch directory. A crash or a property violation fails (exit 1), and so
# does a fuzz preset that does not build. Where clang++-14 is missing it says
# so and exits 0 (the corpora are still replayed by ctest, label fuzz).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if ! command -v clang++-14 >/dev/null; then
  echo "fuzz-smoke: clang++-14 not found; skipped (corpora replay in ctest -L fuzz)"
  exit 0
fi
out=build/fuzz/oss-fuzz-out
mkdir -p "$out" build/fuzz/work
if ! CC=clang-14 CXX=clang++-14 CFLAGS= \
     CXXFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fsanitize=fuzzer-no-link" \
     LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT="$root/$out" SRC="$root/.." SPMDCHECK_SRC="$root" WORK="$root/build/fuzz/work" \
     SPMDCHECK_BUILD_DIR="$root/build/fuzz" SPMDCHECK_WITH_TORCH=ON fuzz/oss-fuzz/build.sh; then
  # clang is here, so a failed build is a bug in the code (it once hid a
  # C++20 header in the C++17 LibTorch libraries for a whole issue): fail.
  echo "fuzz-smoke: fuzz/oss-fuzz/build.sh did not build the targets (clang++-14 is installed): FAILED" >&2
  exit 1
fi
status=0
for spec in program_text_fuzzer:20000 checker_fuzzer:20000 rule_table_fuzzer:2000 generation_fuzzer:1000; do
  target=${spec%%:*} runs=${spec##*:}
  scratch=build/fuzz/smoke/$target
  rm -rf "$scratch"; mkdir -p "$scratch"
  extra=()
  [[ $target == generation_fuzzer ]] && extra=(-rss_limit_mb=4096)
  if "$out/$target" -seed=1 -runs="$runs" "${extra[@]}" -artifact_prefix="$scratch/" "$scratch" "fuzz/corpus/$target" \
      >"$scratch.log" 2>&1; then
    echo "fuzz-smoke: $target: $runs inputs, ok"
  else
    echo "fuzz-smoke: $target FAILED; log: $scratch.log; artifacts in $scratch/"
    tail -30 "$scratch.log"
    status=1
  fi
done
exit $status
