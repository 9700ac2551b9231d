#!/usr/bin/env bash
# Fleet rollouts at scale (issue 17): 20 real DCU processes (the shipped -Xmx64m) under one TLS broker, 50 emulated
# ciphered meters each (1,000 meters), one meter-firmware rollout across them: 1 canary DCU, then 25 %, then the
# rest; one DCU's meters all fail self-check, so the fleet threshold pauses before the last wave; the operator
# excludes it and resumes; the console (its own process, its own SQLite store) is killed and restarted once in the
# second wave. Then a DCU software rollout across the 20.
# Usage: bench/fleet-rollout.sh [dcus=20] [meters=50]
# Prints total time, time per wave, broker messages per second (peak and mean), messages and payload bytes per kind
# and DCU, and each DCU process's resident memory (VmRSS). Takes several minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
target="$root/features/dcu/target"
classpath="$target/fleet.classpath"
# A reactor build (no install: nothing of this tree leaks into ~/.m2). FUMS_BENCH_NO_BUILD=1 reuses the last build.
if [ -z "${FUMS_BENCH_NO_BUILD:-}" ] || [ ! -f "$target/fums-dcu-$version.tar.gz" ] || [ ! -f "$classpath" ]; then
  mvn -B -q -ntp -DskipTests package dependency:build-classpath -pl features/dcu -am \
    -Dmdep.includeScope=test -Dmdep.outputFile="$classpath.tmp"
  mv "$classpath.tmp" "$classpath"
fi
exec java -cp "$(cat "$classpath"):$target/test-classes" \
  -Dfums.distribution="$target/fums-dcu-$version.tar.gz" -Dfums.testBundles="$target/test-bundles" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.fums.features.dcu.FleetBench "${1:-20}" "${2:-50}"
