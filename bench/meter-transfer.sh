#!/usr/bin/env bash
# Benchmark: DLMS image transfer goodput over an emulated 9600-baud link, as a
# percentage of the link's raw byte rate, and the meter emulator's heap with
# 1,000 meters; the transfer runs twice, to a meter on security none and to one
# on the default HLS-GMAC + suite 0, and prints both goodputs and their difference.
# Usage: bench/meter-transfer.sh [image KiB=256] [baud=9600] [meters=1000, 0 skips the heap] [block size=512] [meter max PDU=1024]
# A 256 KiB image at 9600 baud takes at least 273 s (the link floor).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f bench/target/classpath.txt ] || [ -z "${FUMS_BENCH_NO_BUILD:-}" ]; then
  mvn -B -q -DskipTests install -pl bench -am
fi
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
exec java -Xmx512m -cp "bench/target/fums-bench-$version.jar:$(cat bench/target/classpath.txt)" \
  io.fums.bench.ImageTransferBench "${1:-256}" "${2:-9600}" "${3:-1000}" "${4:-512}" "${5:-1024}"
