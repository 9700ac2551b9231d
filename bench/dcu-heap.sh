#!/usr/bin/env bash
# Benchmark: heap of the DCU distribution (as shipped: -Xmx64m, Serial GC) with
# 1,000 emulated TCP meters under management (inventory, periodic reads), after
# a full GC, next to the same DCU with 0 meters in the same run. Target < 64 MB.
# Takes about 4 minutes (two DCU runs, each waits for a read round). Needs jcmd.
# Usage: bench/dcu-heap.sh [--meters 1000] [--read 60]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f bench/target/classpath.txt ] || [ -z "${FUMS_BENCH_NO_BUILD:-}" ]; then
  mvn -B -q -DskipTests install -pl bench -am
fi
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
exec java -Xmx768m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "bench/target/fums-bench-$version.jar:$(cat bench/target/classpath.txt)" \
  io.fums.bench.DcuHeapBench bench/target/inputs "$@"
