#!/usr/bin/env bash
# Installs what otscope needs, builds it, analyses the bundled demo plant capture into the
# SQLite database otscope.db and prints the asset inventory.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
rm -f otscope.db otscope.db-wal otscope.db-shm
./build/cli/otscope analyze --db otscope.db pcaps/demo_plant.pcap
echo
./build/cli/otscope assets --db otscope.db
