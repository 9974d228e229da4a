#!/usr/bin/env bash
# One command, one table (issue 24): the libpcap floor, libtins parsing, `otscope analyze --no-db`
# and `--db` (a fresh file each run) with one thread and with every core, a second run merged into
# the first run's database, and the peak RSS of the SCALE 10 capture next to SCALE 1's. Every
# timed run follows a run of the floor on the same file, and its "x floor" is the median of those
# pairs' ratios, so a slow spell of a shared machine weighs on both halves of a pair.
#
#   bench/bench-all.sh [--rounds N] [--no-scale] [--live] [--capture FILE] [--capture10 FILE]
#     --rounds N        rounds (default 7); each round runs every row once, after the floor
#     --no-scale        leave out the SCALE 10 rows (the capture takes minutes to build once)
#     --live            then, as root, run bench/live-replay.sh (when present) and print its table
#     --capture FILE    default bench/out/ics-bench.pcap, built with make-ics-bench.sh if missing
#     --capture10 FILE  default bench/out/ics-bench-x10.pcap (make-ics-bench.sh FILE 10)
#
# Wall time is measured around each process (bash's EPOCHREALTIME), peak RSS by /usr/bin/time
# (%M, the kernel's ru_maxrss). Needs the build (scripts/build.sh; OTSCOPE_BUILD_DIR, default
# build), cc and libpcap for pcap-floor, and for a missing capture Wireshark's editcap, capinfos,
# mergecap and python3 (../shared/bench/README.md). See bench/README.md, "One table".
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${OTSCOPE_BUILD_DIR:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
SHARED=${OTSCOPE_SHARED:-$ROOT/../shared}
OUT=$ROOT/bench/out
ROUNDS=7
SCALE10=1
LIVE=0
CAPTURE=$OUT/ics-bench.pcap
CAPTURE10=$OUT/ics-bench-x10.pcap

usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) ROUNDS=$2; shift 2 ;;
    --no-scale) SCALE10=0; shift ;;
    --live) LIVE=1; shift ;;
    --capture) CAPTURE=$2; shift 2 ;;
    --capture10) CAPTURE10=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench-all.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "bench-all.sh: --rounds takes a positive number" >&2; exit 2; }

OTSCOPE=$BUILD/cli/otscope
TINS=$BUILD/bench/otscope-tins-parse
FLOOR=$OUT/pcap-floor
[ -x "$OTSCOPE" ] || { echo "bench-all.sh: no $OTSCOPE: build first (scripts/build.sh)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-all.sh: needs /usr/bin/time (Debian package time)" >&2; exit 1; }
mkdir -p "$OUT"
if [ ! -x "$TINS" ]; then
  echo "building otscope-tins-parse ..." >&2
  nice ninja -C "$BUILD" -j2 otscope-tins-parse >&2
fi
if [ ! -x "$FLOOR" ]; then
  echo "compiling pcap-floor ..." >&2
  cc -O2 -o "$FLOOR" "$SHARED/bench/pcap-floor.c" -lpcap
fi

# make-ics-bench.sh merges its copies with `find | xargs -0 mergecap -w OUT`: past xargs' default
# 128 KiB of arguments (SCALE 10 makes 12,100 copies) xargs starts mergecap several times and each
# start overwrites OUT with its share. Until the shared script merges in batches, its xargs gets a
# 2 MB argument buffer here, and the packet count is checked.
make_capture() { # FILE SCALE
  local shim
  shim=$(mktemp -d)
  printf '#!/bin/sh\nexec /usr/bin/xargs -s 2000000 "$@"\n' >"$shim/xargs"
  chmod +x "$shim/xargs"
  echo "building $1 (SCALE $2; minutes the first time) ..." >&2
  PATH="$shim:$PATH" nice "$SHARED/bench/make-ics-bench.sh" "$1" "$2" >&2
  rm -rf "$shim"
}
[ -f "$CAPTURE" ] || make_capture "$CAPTURE" 1

WORK=$(mktemp -d "$OUT/bench-all.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/run.db

# timed CMD...: runs it (output thrown away); T = wall seconds, RSS = peak KiB.
T=0
RSS=0
timed() {
  local t0 t1
  t0=$EPOCHREALTIME
  if ! /usr/bin/time -f %M -o "$WORK/rss" "$@" >/dev/null 2>"$WORK/stderr"; then
    echo "bench-all.sh: failed: $*" >&2
    cat "$WORK/stderr" >&2
    exit 1
  fi
  t1=$EPOCHREALTIME
  T=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
  RSS=$(tail -n 1 "$WORK/rss")
}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", a / b }'; }
packets_of() { "$FLOOR" "$1" | awk '{ print $1 }'; }

PACKETS=$(packets_of "$CAPTURE")
CORES=$(nproc)
if "$OTSCOPE" analyze --help 2>/dev/null | grep -q -- --threads; then
  THREADS=1
else
  THREADS=0
fi

# The rows: id, then the command (DB stands for the database file). A row whose id ends in "_n"
# runs with every core; "merge" runs into the database the "db_1" run of the same round left.
ROWS=(tins nodb_1 db_1 merge)
[ "$THREADS" = 1 ] && ROWS+=(nodb_n db_n)
CMD=()
command_of() { # ID CAPTURE -> CMD
  local t1=() tn=()
  if [ "$THREADS" = 1 ]; then t1=(--threads 1); tn=(--threads "$CORES"); fi
  case $1 in
    tins) CMD=("$TINS" "$2") ;;
    nodb_1) CMD=("$OTSCOPE" analyze --no-db -q "${t1[@]}" "$2") ;;
    nodb_n) CMD=("$OTSCOPE" analyze --no-db -q "${tn[@]}" "$2") ;;
    db_1 | merge) CMD=("$OTSCOPE" analyze --db "$DB" -q "${t1[@]}" "$2") ;;
    db_n) CMD=("$OTSCOPE" analyze --db "$DB" -q "${tn[@]}" "$2") ;;
  esac
}
fresh_db() { rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal" "$DB-lock"; }

declare -A TIMES RATIOS PEAK
FLOOR_TIMES=""
FLOOR_PEAK=0
echo "bench-all: $ROUNDS rounds on $(basename "$CAPTURE") ($PACKETS packets), $CORES cores ..." >&2
timed "$FLOOR" "$CAPTURE" # warm the page cache
for ((round = 1; round <= ROUNDS; ++round)); do
  first_db=0
  for id in "${ROWS[@]}"; do
    case $id in db_1 | db_n) fresh_db ;; esac
    timed "$FLOOR" "$CAPTURE"
    floor_t=$T
    FLOOR_TIMES+=" $T"
    FLOOR_PEAK=$RSS
    command_of "$id" "$CAPTURE"
    timed "${CMD[@]}"
    TIMES[$id]+=" $T"
    RATIOS[$id]+=" $(ratio "$T" "$floor_t")"
    ((RSS > ${PEAK[$id]:-0})) && PEAK[$id]=$RSS
    [ "$id" = db_1 ] && first_db=$T
    [ "$id" = merge ] && RATIOS[merge_first]+=" $(ratio "$T" "$first_db")"
  done
  echo "  round $round/$ROUNDS done" >&2
done

# SCALE 10: one run of each, each after the floor on the same file; peak RSS against SCALE 1's.
if [ "$SCALE10" = 1 ]; then
  [ -f "$CAPTURE10" ] || make_capture "$CAPTURE10" 10
  PACKETS10=$(packets_of "$CAPTURE10")
  if ((PACKETS10 < 9 * PACKETS)); then
    echo "bench-all.sh: $CAPTURE10 holds $PACKETS10 packets, not about 10x $PACKETS: rebuild it" >&2
    exit 1
  fi
  echo "bench-all: SCALE 10 ($PACKETS10 packets) ..." >&2
  for id in nodb_1 db_1; do
    fresh_db
    timed "$FLOOR" "$CAPTURE10"
    floor_t=$T
    command_of "$id" "$CAPTURE10"
    timed "${CMD[@]}"
    TIMES[${id}_x10]=$T
    RATIOS[${id}_x10]=$(ratio "$T" "$floor_t")
    PEAK[${id}_x10]=$RSS
  done
fi

# The table.
floor_median=$(echo "$FLOOR_TIMES" | median)
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.2f M", n / t / 1e6 }'; }
verdict() { awk -v v="$1" -v max="$2" 'BEGIN { print (v <= max ? "ok" : "OVER") }'; }
line() { printf '| %-38s | %7s | %8s | %7s | %11s | %8s | %-46s |\n' "$@"; }
echo
echo "One table: $(basename "$CAPTURE"), $PACKETS packets; median of $ROUNDS rounds; x floor = median of each run's ratio to the floor run just before it; $CORES cores"
line "row" "threads" "median s" "x floor" "packets/s" "peak MiB" "target"
line "$(printf -- "-%.0s" {1..38})" "-------" "--------" "-------" "-----------" "--------" "$(printf -- "-%.0s" {1..46})"
line "pcap-floor (libpcap, every byte)" "1" "$(printf %.3f "$floor_median")" "1.00" "$(rate "$PACKETS" "$floor_median")" "$(mib "$FLOOR_PEAK")" ""
row() { # ID LABEL THREADS TARGET_X [NOTE]
  local id=$1 t r peak target note=${5:-}
  t=$(echo "${TIMES[$id]}" | median)
  r=$(echo "${RATIOS[$id]}" | median)
  peak=${PEAK[$id]}
  target=""
  if [ -n "$4" ]; then
    target="<= $4x $(verdict "$r" "$4"); <= 64 MiB $(verdict "$(mib "$peak")" 64)"
  fi
  [ -n "$target" ] && [ -n "$note" ] && target+="; "
  line "$2" "$3" "$(printf %.3f "$t")" "$(printf %.2f "$r")" "$(rate "$PACKETS" "$t")" "$(mib "$peak")" "$target$note"
}
na() { line "$1" "$2" "n/a" "n/a" "n/a" "n/a" "analyze has no --threads yet"; }
row tins "libtins parse (otscope-tins-parse)" 1 ""
row nodb_1 "otscope analyze --no-db" 1 2
if [ "$THREADS" = 1 ]; then row nodb_n "otscope analyze --no-db" "$CORES" 2; else na "otscope analyze --no-db" "$CORES"; fi
row db_1 "otscope analyze --db (fresh file)" 1 3
if [ "$THREADS" = 1 ]; then row db_n "otscope analyze --db (fresh file)" "$CORES" 3; else na "otscope analyze --db (fresh file)" "$CORES"; fi
merge_first=$(echo "${RATIOS[merge_first]}" | median)
row merge "analyze --db again (merge, same file)" 1 "" \
  "$(printf %.2f "$merge_first")x the first run: <= 1.5x $(verdict "$merge_first" 1.5)"
if [ "$SCALE10" = 1 ]; then
  for id in nodb_1 db_1; do
    flat=$(ratio "${PEAK[${id}_x10]}" "${PEAK[$id]}")
    label="SCALE 10: analyze --no-db"
    [ "$id" = db_1 ] && label="SCALE 10: analyze --db (fresh file)"
    line "$label" 1 "$(printf %.3f "${TIMES[${id}_x10]}")" "$(printf %.2f "${RATIOS[${id}_x10]}")" \
      "$(rate "$PACKETS10" "${TIMES[${id}_x10]}")" "$(mib "${PEAK[${id}_x10]}")" \
      "RSS $(printf %.2f "$flat")x SCALE 1's: <= 1.10x $(verdict "$flat" 1.10)"
  done
fi

if [ "$LIVE" = 1 ]; then
  echo
  if [ "$(id -u)" != 0 ]; then
    echo "live replay: needs root (a network namespace and a veth pair); skipped"
  elif [ -f "$ROOT/bench/live-replay.sh" ]; then
    bash "$ROOT/bench/live-replay.sh" --otscope "$OTSCOPE" "$CAPTURE"
  else
    echo "live replay: bench/live-replay.sh is not in this tree; skipped"
  fi
fi
