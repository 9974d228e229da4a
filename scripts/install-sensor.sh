#!/usr/bin/env bash
# Installs otscope as a systemd service, after `bash scripts/build.sh`; run as root:
#   sudo bash scripts/install-sensor.sh
#   sudo systemctl enable --now otscope-sensor@eth1
# Puts the binaries in /usr/local (cmake --install), creates the system user otscope, installs
# packaging/systemd/otscope-sensor@.service into /etc/systemd/system and an example
# /etc/default/otscope-sensor (an existing one is kept). Safe to run again.
#
# DESTDIR=/some/dir stages everything under that directory instead (no systemctl, and no user
# unless asked for); OTSCOPE_SENSOR_SKIP_USER=1 never creates the user; $OTSCOPE_BUILD_DIR is
# the build tree (./build).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR="${OTSCOPE_BUILD_DIR:-build}"
DESTDIR="${DESTDIR:-}"
PREFIX=/usr/local
UNIT=otscope-sensor@.service
SKIP_USER="${OTSCOPE_SENSOR_SKIP_USER:-}"
[[ -n "$DESTDIR" ]] && SKIP_USER="${SKIP_USER:-1}"

die() {
  echo "install-sensor: $*" >&2
  exit 1
}

[[ -x "$BUILD_DIR/cli/otscope" ]] || die "no $BUILD_DIR/cli/otscope; build first: bash scripts/build.sh"
if [[ -z "$DESTDIR" && "$(id -u)" -ne 0 ]]; then
  die "run as root (or set DESTDIR= for a staged install)"
fi

# 1. Binaries (and the PDF module) into /usr/local.
DESTDIR="$DESTDIR" cmake --install "$BUILD_DIR" --prefix "$PREFIX" >/dev/null
[[ -x "$DESTDIR$PREFIX/bin/otscope" ]] || die "cmake --install did not put otscope in $PREFIX/bin"

# 2. The system user and group otscope.
if [[ "$SKIP_USER" == 1 ]]; then
  echo "install-sensor: not creating the otscope user (OTSCOPE_SENSOR_SKIP_USER=1 or DESTDIR)"
elif id -u otscope >/dev/null 2>&1; then
  echo "install-sensor: user otscope exists"
else
  command -v useradd >/dev/null || die "useradd not found; create a system user otscope by hand"
  nologin=/usr/sbin/nologin
  [[ -x "$nologin" ]] || nologin=/sbin/nologin
  useradd --system --user-group --no-create-home --home-dir /var/lib/otscope \
    --shell "$nologin" --comment "otscope sensor" otscope
  echo "install-sensor: created system user otscope"
fi

# 3. The unit (its ExecStart is $PREFIX/bin/otscope).
install -d -m 0755 "$DESTDIR/etc/systemd/system" "$DESTDIR/etc/default"
install -m 0644 "packaging/systemd/$UNIT" "$DESTDIR/etc/systemd/system/$UNIT"

# 4. An example /etc/default/otscope-sensor, never overwriting the operator's.
defaults="$DESTDIR/etc/default/otscope-sensor"
if [[ -e "$defaults" ]]; then
  echo "install-sensor: keeping $defaults"
else
  cat >"$defaults" <<'DEFAULTS'
# Options for otscope-sensor@IFACE.service (see `otscope capture --help`).
# One BPF capture filter (may contain spaces); empty: everything.
#OTSCOPE_FILTER=tcp port 502 or tcp port 20000 or tcp port 102
OTSCOPE_FILTER=
# Retention: closed alerts (with their evidence) and anomalies last seen longer ago than this are
# pruned hourly, in small transactions; open and acknowledged alerts, assets, links, operations,
# the baseline and the capture runs are kept. 90d, 12w, 365d; empty: keep everything.
OTSCOPE_RETENTION=90d
# Further options, split on whitespace, e.g.:
#OTSCOPE_OPTS=--policy /etc/otscope/policy.toml --syslog udp://siem.example:514
# Keep the raw frames as evidence, in a ring of 20 files of 100 MiB (plant_00001.pcap, ...):
#OTSCOPE_OPTS=-w /var/lib/otscope/plant.pcap --write-max-size 100M --write-files 20
OTSCOPE_OPTS=
DEFAULTS
  chmod 0644 "$defaults"
fi

# 5. Tell a running systemd (not in a container without it, not for a staged install).
if [[ -z "$DESTDIR" && -d /run/systemd/system ]] && command -v systemctl >/dev/null; then
  systemctl daemon-reload
else
  echo "install-sensor: systemd not running here (or DESTDIR set); skipped systemctl daemon-reload"
fi

echo "install-sensor: installed $DESTDIR/etc/systemd/system/$UNIT"
echo "Start the sensor on an interface (database: /var/lib/otscope/plant.db):"
echo "  systemctl enable --now otscope-sensor@eth1"
echo "  journalctl -u otscope-sensor@eth1 -f"
