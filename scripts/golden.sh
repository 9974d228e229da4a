#!/usr/bin/env bash
# Behaviour check for refactors: runs `otscope analyze` on every capture (the project's own in
# pcaps/ and the shared real ones in ../shared/pcaps) into a fresh database each, and writes the
# JSON of analyze, assets, operations, alerts, links, anomalies, history and map to OUT_DIR, with
# the fields that change from run to run (wall-clock times, durations, database path) removed.
# Run it before and after a change and compare: diff -r BEFORE AFTER.
#
# Usage: scripts/golden.sh OTSCOPE_BINARY OUT_DIR
set -euo pipefail
bin=$(realpath "$1")
out=$2
here=$(cd "$(dirname "$0")/.." && pwd)
shared="$here/../shared/pcaps"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

volatile='del(.. | .seconds?, .database?, .started?, .finished?, .acknowledged_at?, .updated?, .created?)'
# Paths relative to the checkout, so that two checkouts give the same files.
cd "$here"
captures=(pcaps/*.pcap)
if [ -d "$shared" ]; then
  mapfile -t more < <(cd "$here" && find ../shared/pcaps -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) | sort)
  captures+=("${more[@]}")
fi
for cap in "${captures[@]}"; do
  name=$(echo "${cap#../}" | tr '/' '_')
  db="$work/$name.db"
  {
    echo "== analyze"
    ("$bin" analyze --db "$db" --json "$cap" 2>&1 || echo "exit $?") | jq -S "$volatile" 2>/dev/null ||
      ("$bin" analyze --db "$db.2" --json "$cap" 2>&1 | sed 's/[0-9.]* s$//')
    for cmd in assets operations alerts links anomalies history map; do
      echo "== $cmd"
      "$bin" "$cmd" --db "$db" --json 2>&1 | jq -S "$volatile" 2>/dev/null || echo "(not json)"
    done
  } >"$out/$name.txt"
done
echo "$(ls "$out" | wc -l) captures written to $out"
