#!/usr/bin/env bash
# Benchmark: DCU software swap of one leaf bundle (median and p99), on the real
# distribution. Usage: bench/dcu-swap.sh [N]   (default 50 swaps)
# Target on the 2-core machine: median under 500 ms from the swap's journal
# entry to health confirmed and committed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f bench/target/classpath.txt ] || [ -z "${FUMS_BENCH_NO_BUILD:-}" ]; then
  mvn -B -q -DskipTests install -pl bench -am
fi
exec java -cp "bench/target/fums-bench-$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1).jar:$(cat bench/target/classpath.txt)" \
  io.fums.bench.SwapBench bench/target/inputs "${1:-50}"
