#!/usr/bin/env bash
# Installs what otscope needs, builds it and runs every test. This is the README's test command
# and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
ctest --test-dir "${OTSCOPE_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)" --timeout 600
