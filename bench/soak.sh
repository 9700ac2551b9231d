#!/usr/bin/env bash
# The crash/fault soak (issue [7/8]): meter campaigns and DCU software swaps on
# the real DCU distribution while the DCU is killed (SIGKILL) and emulated
# meters lose power at random points; invariants checked after every recovery.
# Usage: bench/soak.sh [--power-cuts N] [--broker-flaps M] [kills=200] [seed]
#   (the test suite runs 12 faults, 10 of them power cuts, and 2 broker restarts: FaultSoakE2EIT)
#   --broker-flaps M: the broker is stopped and started M times between the DCU faults (issue 16); the DCU must be
#   back within its reconnect backoff's bound each time, and no event is lost or duplicated with another id.
#   --power-cuts N: N of the DCU faults (at least N faults) are real power cuts (issue 16): the DCU's data folder is
#   a LazyFS mount (tools/lazyfs; binary FUMS_LAZYFS, default /opt/lazyfs/lazyfs/lazyfs, built here if missing) and
#   every write the DCU did not fsync is dropped before it restarts. As root (FUSE). Every other software swap then
#   has the next power cut land inside it (SwapCut), at a random moment within the last swap's time.
# Prints the counts and a FIGURE line (violations, target 0); exit 1 on a violation (or power cuts that could not run).
set -euo pipefail
cuts=0
flaps=0
while [ $# -gt 0 ]; do
  case "$1" in
    --power-cuts) cuts="${2:?--power-cuts needs a count}"; shift 2 ;;
    --broker-flaps) flaps="${2:?--broker-flaps needs a count}"; shift 2 ;;
    *) break ;;
  esac
done
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
target="$root/features/dcu/target"
classpath="$target/soak.classpath"
# A reactor build (no install: nothing of this tree leaks into ~/.m2); the
# soak runs on the jars it built. FUMS_BENCH_NO_BUILD=1 reuses the last build.
if [ -z "${FUMS_BENCH_NO_BUILD:-}" ] || [ ! -f "$target/fums-dcu-$version.tar.gz" ] || [ ! -f "$classpath" ]; then
  mvn -B -q -ntp -DskipTests package dependency:build-classpath -pl features/dcu -am \
    -Dmdep.includeScope=test -Dmdep.outputFile="$classpath.tmp"
  mv "$classpath.tmp" "$classpath"   # the last module of the reactor (features/dcu) wrote it last
fi
args=("${1:-200}" "${2:-}" "$cuts" "$flaps")
if [ "$cuts" -gt 0 ]; then
  export FUMS_LAZYFS="${FUMS_LAZYFS:-/opt/lazyfs/lazyfs/lazyfs}"
  [ -x "$FUMS_LAZYFS" ] || FUMS_LAZYFS=$(CMAKE_BUILD_TYPE=Release tools/lazyfs/build.sh "$(dirname "$(dirname "$FUMS_LAZYFS")")")
fi
exec java -cp "$(cat "$classpath"):$target/test-classes" \
  -Dfums.distribution="$target/fums-dcu-$version.tar.gz" -Dfums.testBundles="$target/test-bundles" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.fums.features.dcu.FaultSoak "${args[@]}"
