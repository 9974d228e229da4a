#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan + libFuzzer, -DOTSCOPE_FUZZ=ON) into
# ./build-fuzz ($OTSCOPE_FUZZ_BUILD_DIR), makes their seed corpora from pcaps/ and
# ../shared/pcaps ($OTSCOPE_SHARED_PCAPS) into build-fuzz/corpus/<target>/, and runs every
# target (or the ones named) for SECONDS each, one after the other.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]        default 60 s per target
#
# Crashers, leaks and timeouts land in build-fuzz/crashes/<target>/; the script exits non-zero
# when any target found one. To keep one as a regression test, copy it into
# tests/fuzz/regressions/<target>/ (after the fix): the fuzz_replay.<target> tests replay it in
# every build. Reproduce with build-fuzz/tests/fuzz/otscope_fuzz_replay run <target> FILE.
# Nothing under build-fuzz is committed (the corpora derive from the shared captures).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH="${1:-60}"
if [ $# -gt 0 ]; then shift; fi
case "$SECONDS_EACH" in
  '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac
BUILD_DIR="${OTSCOPE_FUZZ_BUILD_DIR:-build-fuzz}"
SHARED="${OTSCOPE_SHARED_PCAPS:-../shared/pcaps}"
REPLAY="$BUILD_DIR/tests/fuzz/otscope_fuzz_replay"

# clang for libFuzzer; no console, benchmarks or GoogleTest suites (otscope_test skips them in a
# fuzz build). Warnings are not errors: clang's set differs from gcc's, which the normal build
# holds to -Werror.
build() {
  CC=clang CXX=clang++ OTSCOPE_BUILD_DIR="$BUILD_DIR" OTSCOPE_BUILD_TYPE=Release \
    OTSCOPE_BUILD_TARGETS="$*" bash scripts/build.sh -DOTSCOPE_FUZZ=ON -DOTSCOPE_SANITIZE=OFF \
    -DOTSCOPE_BUILD_GUI=OFF -DOTSCOPE_BUILD_BENCH=OFF -DOTSCOPE_WERROR=OFF -DCMAKE_CXX_FLAGS=-g1
}
build otscope_fuzz_replay
mapfile -t ALL < <("$REPLAY" list)
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then TARGETS=("${ALL[@]}"); fi
build "${TARGETS[@]}"

# The replay tool runs sanitized too: the leak checker would count libFuzzer-free seeds making.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
captures=(pcaps)
if [ -d "$SHARED" ]; then captures+=("$SHARED"); else echo "fuzz: $SHARED absent, seeds from pcaps/ only"; fi
rm -rf "$BUILD_DIR/seeds"
"$REPLAY" seeds "$BUILD_DIR/seeds" "${captures[@]}" >/dev/null

failed=()
for t in "${TARGETS[@]}"; do
  exe="$(find "$BUILD_DIR/tests" -name "$t" -type f -perm -u+x | head -n 1)"
  if [ -z "$exe" ]; then echo "fuzz: no executable for $t" >&2; exit 2; fi
  corpus="$BUILD_DIR/corpus/$t"
  crashes="$BUILD_DIR/crashes/$t"
  mkdir -p "$corpus" "$crashes" "$BUILD_DIR/logs"
  # Seeds join the corpus the previous runs grew; the committed regressions are read as well.
  if [ -d "$BUILD_DIR/seeds/$t" ]; then cp -n "$BUILD_DIR/seeds/$t"/* "$corpus"/ 2>/dev/null || true; fi
  extra=()
  if [ -d "tests/fuzz/regressions/$t" ]; then extra+=("tests/fuzz/regressions/$t"); fi
  log="$BUILD_DIR/logs/$t.log"
  rc=0
  nice "$exe" "$corpus" "${extra[@]}" -max_total_time="$SECONDS_EACH" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$crashes/" \
    >"$log" 2>&1 || rc=$?
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  cov="$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)"
  if [ "$rc" -ne 0 ] || compgen -G "$crashes/*" >/dev/null; then
    echo "fuzz: $t FAILED (exit $rc, ${execs:-?} runs); see $log and $crashes/" >&2
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -n 5 >&2 || true
    failed+=("$t")
  else
    echo "fuzz: $t ok, ${SECONDS_EACH} s, ${execs:-?} runs, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l)"
  fi
done
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: crashes in ${failed[*]}" >&2
  exit 1
fi
