#!/usr/bin/env bash
# Configures and builds otscope (Release, Ninja, warnings as errors) into ./build
# ($OTSCOPE_BUILD_DIR). Everything by default; $OTSCOPE_BUILD_TARGETS (space-separated) builds
# only those targets and what they need.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${OTSCOPE_BUILD_DIR:-build}"
# ccache hits across clones of the repository (CI builds in a fresh clone).
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="${OTSCOPE_BUILD_TYPE:-Release}" \
  -DOTSCOPE_WERROR=ON "$@" >/dev/null
TARGETS=()
for t in ${OTSCOPE_BUILD_TARGETS:-}; do TARGETS+=(--target "$t"); done
cmake --build "$BUILD_DIR" -j "$(nproc)" "${TARGETS[@]}"
