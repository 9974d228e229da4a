#!/usr/bin/env bash
# Configures and builds otscope (Release, Ninja, warnings as errors) into ./build.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${OTSCOPE_BUILD_DIR:-build}"
# ccache hits across clones of the repository (CI builds in a fresh clone).
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="${OTSCOPE_BUILD_TYPE:-Release}" \
  -DOTSCOPE_WERROR=ON "$@" >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"
