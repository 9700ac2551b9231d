#!/usr/bin/env bash
# Benchmark: broadcast image transfer to many meters on ONE shared emulated
# serial medium that loses frames for each meter on its own; total time
# against the image's time on the line (target <= 1.5x) and against the
# projected one-by-one transfer. Needs socat.
# Usage: bench/meter-broadcast.sh [--kib 256] [--meters 200] [--baud 9600] [--loss 0.02]
#                                 [--rebroadcast K] [--no-single] [--ciphered]
# A 256 KiB image at 9600 baud is 273 s on the line; with 200 meters the run
# (one point-to-point reference transfer included) takes well over an hour:
# choose a smaller image with --kib.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ ! -f bench/target/classpath.txt ] || [ -z "${FUMS_BENCH_NO_BUILD:-}" ]; then
  mvn -B -q -DskipTests install -pl bench -am
fi
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
exec java -Xmx1g -cp "bench/target/fums-bench-$version.jar:$(cat bench/target/classpath.txt)" \
  io.fums.bench.BroadcastTransferBench "$@"
