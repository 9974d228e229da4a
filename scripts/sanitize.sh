#!/usr/bin/env bash
# Builds otscope with AddressSanitizer + UndefinedBehaviorSanitizer (gcc, -DOTSCOPE_SANITIZE=ON)
# into ./build-asan ($OTSCOPE_ASAN_BUILD_DIR), runs every ctest test under it, then analyses
# captures with the sanitized `otscope analyze`. Any sanitizer report (ASan, UBSan, LeakSanitizer)
# fails the script and is printed.
#
#   scripts/sanitize.sh           every test, every capture in pcaps/ and ../shared/pcaps
#   scripts/sanitize.sh --quick   every test but the console's, pcaps/ and a sample of
#                                 ../shared/pcaps (CI)
#
# The shared captures are found at ../shared/pcaps ($OTSCOPE_SHARED_PCAPS); skipped when absent.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    *) echo "usage: scripts/sanitize.sh [--quick]" >&2; exit 2 ;;
  esac
done

BUILD_DIR="${OTSCOPE_ASAN_BUILD_DIR:-build-asan}"
SHARED="${OTSCOPE_SHARED_PCAPS:-../shared/pcaps}"
WORK="$(mktemp -d /tmp/otscope-sanitize.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
REPORTS="$WORK/reports"
mkdir "$REPORTS"

# Every sanitized process stops at the first error, and the leak checker runs at exit. ASan and
# LSan write their reports to $REPORTS/asan.<pid>, so that a report from a child process whose
# exit status a test expects to be non-zero is not lost; gcc's UBSan ignores log_path when linked
# with ASan and writes to standard error, which is searched for reports (SANITIZER_PATTERN).
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:log_path=$REPORTS/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$REPORTS/ubsan"
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan-suppressions.txt:print_suppressions=0"
# Qt under the sanitizers: no display and no OpenGL.
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"

SANITIZER_PATTERN='runtime error:|ERROR: (AddressSanitizer|LeakSanitizer)|SUMMARY: (Address|UndefinedBehavior|Leak)Sanitizer'

# fail_on_reports WHAT [OUTPUT_FILE]: fails when a report file exists or OUTPUT_FILE has a report.
fail_on_reports() {
  local what="$1"
  if compgen -G "$REPORTS/*" >/dev/null; then
    echo "sanitize: sanitizer report(s) during $what:" >&2
    for f in "$REPORTS"/*; do
      echo "==== $f" >&2
      cat "$f" >&2
    done
    exit 1
  fi
  if [ $# -gt 1 ] && [ -f "$2" ] && grep -Eq "$SANITIZER_PATTERN" "$2"; then
    echo "sanitize: sanitizer report(s) during $what:" >&2
    grep -E -B2 -A30 "$SANITIZER_PATTERN" "$2" | head -n 200 >&2
    exit 1
  fi
}

# The sanitized objects carry line tables (-g1), whose compilation directory ccache would
# otherwise hash: without this a fresh clone (CI) could not reuse an earlier clone's objects.
export CCACHE_NOHASHDIR=1
start=$SECONDS
# Warnings are not errors here: gcc's sanitizer instrumentation brings false positives of its own
# (-Wmaybe-uninitialized, -Wstringop-overflow); the normal build keeps -Werror. -O1, as the
# sanitizers' authors advise: a third faster to build than -O2, reports as precise.
# --quick (CI) leaves out the console and the benchmarks, whose Qt-heavy files take most of the
# sanitized build's time; their tests run in the full mode.
PARTS=(-DOTSCOPE_BUILD_GUI=ON -DOTSCOPE_BUILD_BENCH=ON)
if [ "$QUICK" -eq 1 ]; then PARTS=(-DOTSCOPE_BUILD_GUI=OFF -DOTSCOPE_BUILD_BENCH=OFF); fi
OTSCOPE_BUILD_DIR="$BUILD_DIR" OTSCOPE_BUILD_TYPE=Release bash scripts/build.sh \
  -DOTSCOPE_SANITIZE=ON -DOTSCOPE_FUZZ=OFF -DOTSCOPE_WERROR=OFF "${PARTS[@]}" \
  -DCMAKE_CXX_FLAGS=-g1 "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG"
fail_on_reports "the build (test discovery)"
echo "sanitize: build $((SECONDS - start)) s"

start=$SECONDS
status=0
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" --timeout 1200 || status=$?
fail_on_reports "the tests" "$BUILD_DIR/Testing/Temporary/LastTest.log"
if [ "$status" -ne 0 ]; then
  echo "sanitize: tests failed under the sanitizers" >&2
  exit "$status"
fi
echo "sanitize: tests $((SECONDS - start)) s"

# Captures: the project's own, and the shared ones (all, or every fourth file in --quick).
start=$SECONDS
captures=()
while IFS= read -r f; do captures+=("$f"); done < <(find pcaps -type f \( -name '*.pcap' -o -name '*.pcapng' \) | sort)
if [ -d "$SHARED" ]; then
  i=0
  while IFS= read -r f; do
    if [ "$QUICK" -eq 0 ] || [ $((i % 4)) -eq 0 ]; then captures+=("$f"); fi
    i=$((i + 1))
  done < <(find "$SHARED" -type f \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.cap' \) | sort)
else
  echo "sanitize: $SHARED absent, analysing pcaps/ only"
fi
db="$WORK/otscope.db"
for f in "${captures[@]}"; do
  rm -f "$db" "$db-wal" "$db-shm"
  # A capture may legitimately fail to read (exit 1, the fuzzed ones): only a sanitizer report or a
  # crash counts.
  rc=0
  "$BUILD_DIR/cli/otscope" analyze --db "$db" "$f" >/dev/null 2>"$WORK/analyze.err" || rc=$?
  if [ "$rc" -gt 3 ]; then
    echo "sanitize: otscope analyze $f exited $rc" >&2
    cat "$WORK/analyze.err" >&2
    exit 1
  fi
  fail_on_reports "otscope analyze $f" "$WORK/analyze.err"
done
echo "sanitize: ${#captures[@]} captures analysed in $((SECONDS - start)) s, no sanitizer report"
