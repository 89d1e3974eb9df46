#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build script for spmdcheck's libFuzzer targets
# (the contract: google.github.io/oss-fuzz/getting-started/new-project-guide/).
#   $SRC/spmdcheck  the checkout (SPMDCHECK_SRC overrides)
#   $CXX, $CXXFLAGS the compiler with the sanitizer and coverage flags the
#                   service chose (the project is C++ only: $CC and $CFLAGS
#                   would compile nothing and are not used)
#   $LIB_FUZZING_ENGINE  how to link the engine (-fsanitize=fuzzer, or an
#                   engine's library), as SPMDCHECK_FUZZING_ENGINE
#   $OUT            receives each target, its .dict and .options and its
#                   seed corpus as <target>_seed_corpus.zip
#   $WORK           scratch; the CMake build goes to $WORK/spmdcheck-build
#                   (SPMDCHECK_BUILD_DIR overrides: tools/fuzz-smoke.sh
#                   builds into the `fuzz` preset's directory this way)
# Where LibTorch is installed (Debian's libtorch-dev) all four targets are
# built; elsewhere (the OSS-Fuzz base image) the three torch-free ones,
# with -DSPMDCHECK_WITH_TORCH=OFF. SPMDCHECK_WITH_TORCH=ON|OFF decides instead.
src=${SPMDCHECK_SRC:-$SRC/spmdcheck}
build=${SPMDCHECK_BUILD_DIR:-$WORK/spmdcheck-build}
if [[ -z ${SPMDCHECK_WITH_TORCH:-} ]]; then
  SPMDCHECK_WITH_TORCH=OFF
  for dir in /usr/lib/*/cmake/Torch /usr/share/cmake/Torch ${Torch_DIR:-}; do
    [[ -f $dir/TorchConfig.cmake ]] && SPMDCHECK_WITH_TORCH=ON
  done
fi
targets=(program_text_fuzzer rule_table_fuzzer checker_fuzzer)
[[ $SPMDCHECK_WITH_TORCH == ON ]] && targets+=(generation_fuzzer)

cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DSPMDCHECK_BUILD_FUZZERS=ON -DSPMDCHECK_BUILD_TESTS=OFF -DSPMDCHECK_BUILD_BENCH=OFF \
  -DSPMDCHECK_WITH_TORCH="$SPMDCHECK_WITH_TORCH" -DSPMDCHECK_WITH_TCMALLOC=OFF -DSPMDCHECK_FUZZING_ENGINE="$LIB_FUZZING_ENGINE"
cmake --build "$build" --target "${targets[@]}"

for t in "${targets[@]}"; do
  cp "$build/fuzz/$t" "$src/fuzz/$t.dict" "$src/fuzz/$t.options" "$OUT/"
  rm -f "$OUT/${t}_seed_corpus.zip"
  (cd "$src/fuzz/corpus/$t" && zip -q -r "$OUT/${t}_seed_corpus.zip" .)
done
echo "spmdcheck build.sh: ${targets[*]} in $OUT"
