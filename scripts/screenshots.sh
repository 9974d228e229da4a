#!/usr/bin/env bash
# Renders every view of otscope-console into docs/screenshots/ (1600x1000 PNG), in English and
# the main ones in Simplified Chinese (zh_CN-*.png), on Qt's offscreen
# platform, from a database made of the bundled demo plant capture (its normal traffic also
# learned as the baseline) and the attack captures analysed after it: a PLC stop, a program
# download, a Modbus write, a function-code scan, a DNP3 cold restart and alarm suppression.
# Needs a build (bash scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${OTSCOPE_BUILD_DIR:-build}"
OUT="${1:-docs/screenshots}"
mkdir -p "$OUT"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/plant.db"
# As a plant would use it: the normal traffic analysed and learned as the baseline, then the
# attacks analysed against it.
otscope="$BUILD_DIR/cli/otscope"
"$otscope" analyze -q --db "$db" pcaps/demo_plant.pcap
"$otscope" baseline learn --db "$db" pcaps/demo_plant.pcap >/dev/null
"$otscope" analyze -q --db "$db" pcaps/attack_plc_stop.pcap pcaps/attack_program_download.pcap \
  pcaps/attack_modbus_write.pcap pcaps/attack_modbus_fc_scan.pcap pcaps/attack_dnp3_cold_restart.pcap \
  pcaps/attack_dnp3_disable_unsolicited.pcap
# The public CISA advisories (CSAF 2.0), when the shared data is beside the checkout.
advisories=../shared/advisories/cisa-csaf-ot.tar.xz
if [ -f "$advisories" ]; then "$otscope" advisories import --db "$db" "$advisories" >/dev/null; fi
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
shot() {  # view, filter, file[, language]
  "$BUILD_DIR/gui/otscope-console" --db "$db" --screenshot "$OUT/$3" --view "$1" ${2:+--select "$2"} \
    --lang "${4:-en}" 2> >(grep -v -e XDG_RUNTIME_DIR -e propagateSizeHints >&2)
  echo "screenshots: $OUT/$3"
}
shot dashboard "" dashboard.png
shot map "" map.png
shot alerts "" alerts.png
shot assets "role:plc" assets.png
shot operations "class:program" operations.png
shot links "" links.png
shot anomalies "" anomalies.png
shot runs "" runs.png
shot baseline "" baseline.png
if [ -f "$advisories" ]; then shot advisories "" advisories.png; fi
# The same console in Simplified Chinese.
shot dashboard "" zh_CN-dashboard.png zh_CN
shot map "" zh_CN-map.png zh_CN
shot alerts "" zh_CN-alerts.png zh_CN
shot assets "role:plc" zh_CN-assets.png zh_CN
