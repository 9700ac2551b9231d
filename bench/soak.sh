#!/usr/bin/env bash
# The crash/fault soak (issue [7/8]): meter campaigns and DCU software swaps on
# the real DCU distribution while the DCU is killed (SIGKILL) and emulated
# meters lose power at random points; invariants checked after every recovery.
# Usage: bench/soak.sh [kills=200] [seed]     (the test suite runs 20: FaultSoakE2EIT)
# Prints the counts and a FIGURE line (violations, target 0); exit 1 on a violation.
set -euo pipefail
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
args=("${1:-200}")
[ -n "${2:-}" ] && args+=("$2")
exec java -cp "$(cat "$classpath"):$target/test-classes" \
  -Dfums.distribution="$target/fums-dcu-$version.tar.gz" -Dfums.testBundles="$target/test-bundles" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.fums.features.dcu.FaultSoak "${args[@]}"
