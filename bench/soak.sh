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
if [ -z "${FUMS_BENCH_NO_BUILD:-}" ] || [ ! -f "$target/fums-dcu-$version.tar.gz" ]; then
  mvn -B -q -ntp -DskipTests install -pl features/dcu -am
fi
args="${1:-200}${2:+ $2}"
exec mvn -B -q -ntp -o test-compile exec:java -pl features/dcu -Dexec.classpathScope=test \
  -Dexec.mainClass=io.fums.features.dcu.FaultSoak -Dexec.args="$args" \
  -Dfums.distribution="$target/fums-dcu-$version.tar.gz" -Dfums.testBundles="$target/test-bundles" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
