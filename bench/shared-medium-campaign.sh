#!/usr/bin/env bash
# Benchmark (issue 14): a meter-firmware campaign on the real DCU distribution
# (-Xmx64m as shipped) and console to N ciphering meters on ONE shared emulated
# serial medium losing frames for each meter; the agent broadcasts with the
# medium's broadcast key. Time to every meter holding a verified image against
# the image's floor on the line (size x 10 / baud), its phases, the class 18
# lower bound without coding from this run's per-meter exchange time, the DCU's
# heap after GC, reads missed. Needs socat.
# Usage: bench/shared-medium-campaign.sh [--kib 256] [--meters 200] [--baud 9600]
#                                        [--loss 0.02] [--burst FRAMES] [--read-seconds 900]
# Targets: 200 meters <= 3x the floor, 1,000 meters <= 6x. At 256 KiB and 200
# meters it runs ~20 min; 1,000 meters over an hour.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f bench/target/classpath.txt ] || [ -z "${FUMS_BENCH_NO_BUILD:-}" ]; then
  mvn -B -q -DskipTests install -pl bench -am
fi
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
exec java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "bench/target/fums-bench-$version.jar:$(cat bench/target/classpath.txt)" \
  io.fums.bench.SharedMediumCampaignBench bench/target/inputs "$@"
