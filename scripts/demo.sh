#!/usr/bin/env bash
# Installs what otscope needs, builds the otscope command (only it and what it needs: the tests
# and benchmarks are scripts/test.sh's), analyses the bundled demo plant capture into the SQLite
# database otscope.db and prints the asset inventory.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${OTSCOPE_BUILD_DIR:-build}"
bash scripts/install-deps.sh
OTSCOPE_BUILD_TARGETS=otscope bash scripts/build.sh
rm -f otscope.db otscope.db-wal otscope.db-shm
"$BUILD_DIR/cli/otscope" analyze --db otscope.db pcaps/demo_plant.pcap
echo
"$BUILD_DIR/cli/otscope" assets --db otscope.db
