#!/usr/bin/env bash
# Installs every Debian 12 package otscope needs to build, test, benchmark and fuzz.
# The one place where the project's system dependencies are named.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  # build
  build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev
  # capture and parsing
  libpcap-dev libtins-dev
  # storage, command line, formats, logs
  libsqlite3-dev sqlite3 libarchive-dev libcli11-dev nlohmann-json3-dev libtomlplusplus-dev libfmt-dev
  # MAC vendor registry
  ieee-data
  # console and reports: Qt, Graphviz's layout library for the network map, Qt Linguist's tools
  # for the translations, fonts with Chinese glyphs for the zh_CN console and report
  qt6-base-dev qt6-svg-dev qt6-charts-dev libqt6opengl6-dev libgl-dev graphviz libgraphviz-dev fonts-dejavu-core
  qt6-tools-dev qt6-l10n-tools qt6-tools-dev-tools qt6-translations-l10n fonts-wqy-microhei
  # tests and benchmarks
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  tshark libmodbus-dev libmodbus5 iproute2 xvfb xauth poppler-utils
  # live capture at line rate (bench/live-replay.sh)
  tcpreplay
)

if [ -z "${OTSCOPE_SKIP_APT_UPDATE:-}" ]; then
  $SUDO apt-get update -qq
fi
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections
$SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
echo "install-deps: ${#PACKAGES[@]} packages present"
