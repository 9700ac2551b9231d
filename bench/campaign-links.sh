#!/usr/bin/env bash
# Benchmark: a meter-firmware campaign on the real DCU distribution to 32 meters,
# each on its own emulated 9600-baud link; time until every meter holds the
# image, against the link floor (256 KiB * 10 bits / 9600 baud = 273.1 s).
# Target: at most 1.15x the floor. Takes about 6 minutes at the full size.
# Usage: bench/campaign-links.sh [--kib 256] [--meters 32] [--baud 9600]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f bench/target/classpath.txt ] || [ -z "${FUMS_BENCH_NO_BUILD:-}" ]; then
  mvn -B -q -DskipTests install -pl bench -am
fi
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
exec java -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "bench/target/fums-bench-$version.jar:$(cat bench/target/classpath.txt)" \
  io.fums.bench.CampaignLinksBench bench/target/inputs "$@"
