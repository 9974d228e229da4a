#!/usr/bin/env bash
# Live capture at line rate, measured: replays a capture with tcpreplay onto a veth pair (one end
# in a network namespace) while `otscope capture` listens on the other end, at 100 Mbit/s,
# 500 Mbit/s, 1 Gbit/s and top speed, and prints one table: the rate asked and achieved, packets
# sent and captured, kernel drops (pcap_stats), internal drops (every cap's), the longest flush
# stall of the capture thread, otscope's peak RSS, and whether the database the capture wrote
# holds what `otscope analyze` stores for the same file (assets with identity, links, operations,
# alerts, anomalies, history; see compare() below for what is left out and why).
#
#   sudo bench/live-replay.sh [options] [CAPTURE]      (default bench/out/ics-bench.pcap)
#     --otscope PATH     the otscope binary (default build/cli/otscope)
#     --rates "LIST"     Mbit/s values and/or "top" (default "100 500 1000 top")
#     --buffer-mib N     --buffer-mib for the capture (default: otscope's)
#     --capture-args "…" more options for `otscope capture` (e.g. "--immediate")
#     --flush-interval S seconds between database writes (default 1 for the table: many flushes
#                        per replay; otscope's own 5 for --long)
#     --long [MINUTES]   instead: replay in a loop for that long (60 by default) at --long-rate
#                        Mbit/s or "top" (default 100), and print otscope's memory every minute
#                        (VmRSS, and RssAnon: without the kernel's capture ring) with its last
#                        health sample (packets read, kernel drops, caps' drops)
#     --keep             keep the work directory (databases, summaries) and print its path
#
# Needs root (a namespace and a veth pair), tcpreplay, python3 and sqlite3. Cleans up the namespace and
# the veth pair on exit, Ctrl-C included.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OTSCOPE="$ROOT/build/cli/otscope"
RATES="100 500 1000 top"
BUFFER_MIB=""
CAPTURE_ARGS=""
FLUSH_INTERVAL=""  # 1 for the table (many flushes per replay), otscope's 5 for --long
LONG_MINUTES=""
LONG_RATE=100
KEEP=0
PCAP="$ROOT/bench/out/ics-bench.pcap"

while [ $# -gt 0 ]; do
  case "$1" in
    --otscope) OTSCOPE=$2; shift 2 ;;
    --rates) RATES=$2; shift 2 ;;
    --buffer-mib) BUFFER_MIB=$2; shift 2 ;;
    --capture-args) CAPTURE_ARGS=$2; shift 2 ;;
    --flush-interval) FLUSH_INTERVAL=$2; shift 2 ;;
    --long)  # MINUTES is optional: 60 by default
      if [[ "${2:-}" =~ ^[0-9]+$ ]]; then LONG_MINUTES=$2; shift 2; else LONG_MINUTES=60; shift; fi ;;
    --long-rate) LONG_RATE=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    -*) echo "live-replay: unknown option $1" >&2; exit 2 ;;
    *) PCAP=$1; shift ;;
  esac
done

die() { echo "live-replay: $*" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || die "needs root (network namespace and veth pair)"
for tool in tcpreplay python3 ip sqlite3; do
  command -v "$tool" >/dev/null || die "$tool is missing (scripts/install-deps.sh installs it)"
done
[ -x "$OTSCOPE" ] || die "no otscope binary at $OTSCOPE (build first, or --otscope PATH)"
[ -r "$PCAP" ] || die "no capture at $PCAP (make one with ../shared/bench/make-ics-bench.sh)"
PCAP=$(cd "$(dirname "$PCAP")" && pwd)/$(basename "$PCAP")

NS="otscope-replay-$$"
CAP_IF="otsc$$"  # capture end, in this namespace
TX_IF="otsr$$"   # replay end, in $NS
WORK=$(mktemp -d /tmp/live-replay.XXXXXX)
CAPTURE_PID=""  # otscope
PEAK_KIB=0      # its peak resident size (VmHWM), followed while it runs

cleanup() {
  if [ -n "$CAPTURE_PID" ] && kill -0 "$CAPTURE_PID" 2>/dev/null; then
    kill -INT "$CAPTURE_PID" 2>/dev/null || true
    wait "$CAPTURE_PID" 2>/dev/null || true
  fi
  ip link del "$CAP_IF" 2>/dev/null || true
  ip netns del "$NS" 2>/dev/null || true
  if [ "$KEEP" = 1 ]; then echo "live-replay: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The pair: nothing but the replayed frames may cross it. No IPv6 (router and neighbour
# solicitations when a link comes up), no ARP answers from this host, no addresses.
ip netns add "$NS"
ip link add "$CAP_IF" type veth peer name "$TX_IF"
ip link set "$TX_IF" netns "$NS"
sysctl -qw "net.ipv6.conf.$CAP_IF.disable_ipv6=1"
ip netns exec "$NS" sysctl -qw "net.ipv6.conf.$TX_IF.disable_ipv6=1"
ip link set "$CAP_IF" arp off up
ip netns exec "$NS" ip link set "$TX_IF" arp off up
ip netns exec "$NS" ip link set lo up

# A field of a JSON file: json FILE EXPR, EXPR in Python over `j` (e.g. 'j["packets"]').
json() {
  python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
# Every cap's drops in a summary's health (the *_dropped counters and one_packet_sources).
INTERNAL='sum(v for k, v in j["health"].items() if k.endswith("_dropped") or k == "one_packet_sources")'

# Starts `otscope capture` on $CAP_IF into database $1, summary in $2; returns once the capture
# has recorded its run (the interface is open).
start_capture() {
  local db=$1 summary=$2
  local args=(capture -i "$CAP_IF" --db "$db" --json --flush-interval "$FLUSH_INTERVAL")
  [ -n "$BUFFER_MIB" ] && args+=(--buffer-mib "$BUFFER_MIB")
  # shellcheck disable=SC2206
  [ -n "$CAPTURE_ARGS" ] && args+=($CAPTURE_ARGS)
  "$OTSCOPE" "${args[@]}" >"$summary" 2>"$summary.err" &
  CAPTURE_PID=$!
  PEAK_KIB=0
  for _ in $(seq 100); do
    if [ -s "$db" ] && [ "$(sqlite3 -readonly "$db" 'SELECT count(*) FROM capture_runs' 2>/dev/null ||
      echo 0)" -ge 1 ]; then
      return 0
    fi
    kill -0 "$CAPTURE_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$summary.err" >&2
  die "the capture did not start"
}

# CPU time (ticks) otscope has used, and its peak resident size so far (KiB).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
follow_peak() {
  local hwm
  hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$CAPTURE_PID/status" 2>/dev/null || echo 0)
  [ "${hwm:-0}" -gt "$PEAK_KIB" ] && PEAK_KIB=$hwm
  return 0
}

# Waits until the capture has read what was sent (it used at most a tick of CPU in each of four
# quarter-seconds in a row; two minutes at most), then stops it and waits for its summary.
stop_capture() {
  local last now idle=0 waited=0
  last=$(cpu_ticks "$CAPTURE_PID")
  while [ $idle -lt 4 ] && [ $waited -lt 480 ]; do
    sleep 0.25
    waited=$((waited + 1))
    follow_peak
    now=$(cpu_ticks "$CAPTURE_PID")
    if [ $((now - last)) -le 1 ]; then idle=$((idle + 1)); else idle=0; fi
    last=$now
  done
  kill -INT "$CAPTURE_PID" 2>/dev/null || true
  while kill -0 "$CAPTURE_PID" 2>/dev/null; do
    follow_peak
    sleep 0.1
  done
  wait "$CAPTURE_PID" 2>/dev/null || true
  CAPTURE_PID=""
}

# Exports what a user sees of database $1 into $2.json: every list command's JSON.
export_db() {
  local db=$1 out=$2 c
  for c in assets links operations alerts anomalies history; do
    "$OTSCOPE" "$c" --db "$db" --json >"$out.$c.json"
  done
}

# Compares two exports; prints "yes", "timing only (...)" or "no (...)", and writes the
# differences to $3. Left out, as they legitimately differ: database ids (and the run id an
# anomaly names), capture source names ("live:IF" against the file's path), and every time: a live
# capture stamps frames with the kernel's receive time, so first/last seen are the replay's times,
# not the file's. Alerts of the rules that count events within a time window (WINDOWED) depend on
# those times too: tcpreplay at a fixed rate squeezes or stretches the file's timing, so their
# differences are reported apart, as "timing only", when they are the only ones.
compare() {
  python3 - "$1" "$2" "$3" <<'EOF'
import collections, json, sys
a, b, report = sys.argv[1], sys.argv[2], sys.argv[3]
DROP = {"id", "capture_run", "first_seen", "last_seen", "time", "capture", "changed",
        "first_packet", "last_packet", "started", "finished"}
WINDOWED = {"anomaly.exception_burst", "anomaly.unsolicited_storm", "scan.function_codes",
            "scan.addresses", "scan.units", "network.source_flood", "recon.identity_survey"}
def norm(x):
    if isinstance(x, dict):
        return {k: norm(v) for k, v in x.items() if k not in DROP}
    if isinstance(x, list):
        return sorted((norm(v) for v in x), key=lambda v: json.dumps(v, sort_keys=True))
    return x
out, hard, timing = [], [], collections.Counter()
for c in ["assets", "links", "operations", "alerts", "anomalies", "history"]:
    x = norm(json.load(open(f"{a}.{c}.json")) or [])
    y = norm(json.load(open(f"{b}.{c}.json")) or [])
    if x == y:
        continue
    sx = collections.Counter(json.dumps(v, sort_keys=True) for v in x)
    sy = collections.Counter(json.dumps(v, sort_keys=True) for v in y)
    only_a, only_b = sorted((sx - sy).elements()), sorted((sy - sx).elements())
    if c == "alerts":
        for side, rows in (("live", only_a), ("offline", only_b)):
            for r in rows:
                rule = json.loads(r)["rule"]
                if rule in WINDOWED:
                    timing[f"{rule} only {side}"] += 1
        only_a = [r for r in only_a if json.loads(r)["rule"] not in WINDOWED]
        only_b = [r for r in only_b if json.loads(r)["rule"] not in WINDOWED]
        if not only_a and not only_b:
            continue
    hard.append(f"{c}: {len(only_a)} only live, {len(only_b)} only offline")
    out.append(f"{c}: {len(x)} live, {len(y)} offline")
    out += ["  live:    " + s[:800] for s in only_a[:5]]
    out += ["  offline: " + s[:800] for s in only_b[:5]]
if timing:
    out.append("windowed alerts that differ: " +
               ", ".join(f"{n} {k}" for k, n in sorted(timing.items())))
open(report, "w").write("\n".join(out) + "\n")
if hard:
    print("no (" + "; ".join(hard) +
          "".join(f"; {n} {k}" for k, n in sorted(timing.items())) + ")")
elif timing:
    print("timing only (" + ", ".join(f"{n} {k}" for k, n in sorted(timing.items())) + ")")
else:
    print("yes")
EOF
}

echo "live-replay: $(basename "$PCAP"), otscope $("$OTSCOPE" --version 2>/dev/null | head -1)" >&2
"$OTSCOPE" analyze -q --db "$WORK/offline.db" "$PCAP"
export_db "$WORK/offline.db" "$WORK/offline"
"$OTSCOPE" analyze --no-db --json "$PCAP" >"$WORK/offline.summary"
OFFLINE_INTERNAL=$(json "$WORK/offline.summary" "$INTERNAL")

if [ -n "$LONG_MINUTES" ]; then
  FLUSH_INTERVAL=${FLUSH_INTERVAL:-5}
  start_capture "$WORK/long.db" "$WORK/long.summary"
  echo "live-replay: replaying in a loop at $LONG_RATE Mbit/s for $LONG_MINUTES min" >&2
  if [ "$LONG_RATE" = top ]; then speed=(--topspeed); else speed=(--mbps="$LONG_RATE"); fi
  ip netns exec "$NS" tcpreplay --preload-pcap -i "$TX_IF" "${speed[@]}" --loop=0 \
    --duration=$((LONG_MINUTES * 60)) "$PCAP" >"$WORK/long.tcpreplay" 2>&1 &
  REPLAY_PID=$!
  # Each minute: otscope's memory, and its last health sample (packets read, kernel drops, caps'
  # drops so far), read-only from the database it writes.
  printf '%-7s %-10s %-12s %-12s %-8s %s\n' minute VmRSS_MiB RssAnon_MiB packets k.drops int.drops
  for m in $(seq 0 "$LONG_MINUTES"); do
    [ "$m" -gt 0 ] && sleep 60
    follow_peak
    rss=$(awk '/^VmRSS/ {printf "%.1f", $2/1024}' "/proc/$CAPTURE_PID/status")
    anon=$(awk '/^RssAnon/ {printf "%.1f", $2/1024}' "/proc/$CAPTURE_PID/status")
    sample=$(sqlite3 -readonly -separator ' ' "$WORK/long.db" \
      "SELECT packets, drops, limit_drops FROM capture_health ORDER BY rowid DESC LIMIT 1" \
      2>/dev/null || true)
    read -r packets drops limit <<<"${sample:-0 0 0}"
    printf '%-7s %-10s %-12s %-12s %-8s %s\n' "$m" "$rss" "$anon" "$packets" "$drops" "$limit"
  done
  wait "$REPLAY_PID" || true
  stop_capture
  sent=$(sed -n 's/.*Successful packets: *\([0-9]*\).*/\1/p' "$WORK/long.tcpreplay" | tail -1)
  echo "sent ${sent:-?}, captured $(json "$WORK/long.summary" 'j["packets"]'), kernel drops" \
    "$(json "$WORK/long.summary" 'j["drops"]'), internal drops" \
    "$(json "$WORK/long.summary" "$INTERNAL") (offline: $OFFLINE_INTERNAL), longest flush stall" \
    "$(json "$WORK/long.summary" 'j["flush_stall_max_ms"]') ms over" \
    "$(json "$WORK/long.summary" 'j["flushes"]') flushes, of which" \
    "$(json "$WORK/long.summary" 'j["flush_queue_waits"]') waited for the database writer;" \
    "peak RSS $((PEAK_KIB / 1024)) MiB"
  exit 0
fi

FLUSH_INTERVAL=${FLUSH_INTERVAL:-1}
printf '%-6s %-10s %-9s %-9s %-7s %-9s %-9s %-8s %s\n' rate achieved sent captured k.drops \
  int.drops stall_ms RSS_MiB equal-to-offline
for rate in $RATES; do
  tag="r$rate"
  start_capture "$WORK/$tag.db" "$WORK/$tag.summary"
  if [ "$rate" = top ]; then speed=(--topspeed); else speed=(--mbps="$rate"); fi
  ip netns exec "$NS" tcpreplay --preload-pcap -i "$TX_IF" "${speed[@]}" "$PCAP" >"$WORK/$tag.tcpreplay" 2>&1
  stop_capture
  achieved=$(sed -n 's/.*Rated: .*, \([0-9.]*\) Mbps.*/\1/p' "$WORK/$tag.tcpreplay" | tail -1)
  sent=$(sed -n 's/.*Successful packets: *\([0-9]*\).*/\1/p' "$WORK/$tag.tcpreplay" | tail -1)
  if ! json "$WORK/$tag.summary" 'j["packets"]' >/dev/null 2>&1; then
    cat "$WORK/$tag.summary.err" >&2
    die "the capture at $rate printed no summary"
  fi
  captured=$(json "$WORK/$tag.summary" 'j["packets"]')
  kdrops=$(json "$WORK/$tag.summary" 'j["drops"]')
  idrops=$(json "$WORK/$tag.summary" "$INTERNAL")
  stall=$(json "$WORK/$tag.summary" 'j["flush_stall_max_ms"]')
  rss=$((PEAK_KIB / 1024))
  export_db "$WORK/$tag.db" "$WORK/$tag"
  equal=$(compare "$WORK/$tag" "$WORK/offline" "$WORK/$tag.diff")
  printf '%-6s %-10s %-9s %-9s %-7s %-9s %-9s %-8s %s\n' "$rate" "${achieved:-?}" "${sent:-?}" \
    "$captured" "$kdrops" "$idrops/$OFFLINE_INTERNAL" "$stall" "$rss" "$equal"
done
echo "(int.drops: the capture's / the offline analysis's; differences in $WORK/*.diff with --keep)"
