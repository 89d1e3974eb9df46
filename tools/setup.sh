#!/usr/bin/env bash
# Installs the Debian 12 packages spmdcheck builds with. Safe to run twice:
# it installs only what is missing and does nothing when all is present.
# Recommended packages are installed too: LibTorch's dependency chain was only
# ever verified with them.
set -euo pipefail
packages=(
  g++ cmake ninja-build            # toolchain (C++20, CMake presets v6)
  libgtest-dev                     # GoogleTest
  libtomlplusplus-dev              # rule table parser (TOML, with source positions)
  libcli11-dev                     # command line
  nlohmann-json3-dev               # JSON reports
  libtorch-dev                     # LibTorch (CPU): executor, reference interpreter
  libgoogle-perftools-dev          # tcmalloc, the allocator of the LibTorch-linked programs
  librapidcheck-dev                # RapidCheck properties in the soundness suite
  clang-14 libclang-rt-14-dev      # the libFuzzer targets (`fuzz` preset)
  zip                              # seed corpora as OSS-Fuzz wants them (fuzz/oss-fuzz/build.sh)
  libopenmpi-dev openmpi-bin       # spmdcheck-mpi and the `mpi` tests (OpenMPI 4.1)
  python3                          # tools/spmd_types_registry.py and its test (standard library only)
  chromium                         # the --html report test loads pages headless
  clang-format-14                  # tools/check-format.sh: changed lines formatted
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 2; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
