#!/usr/bin/env bash
# Outbox benchmark: sustained QoS 1 publish rate with every event durable (SQLite, synchronous=FULL)
# before publish, and the drain rate of a backlog, against the embedded HiveMQ broker on loopback.
# Usage: emulator/console/bench-outbox.sh [seconds=10] [producers=8] [backlog=10000]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$root"
mvn -B -q -o test-compile exec:java -pl emulator/console -Dexec.classpathScope=test \
  -Dexec.mainClass=io.fums.emulator.console.OutboxBenchmark -Dexec.args="${1:-10} ${2:-8} ${3:-10000}" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
