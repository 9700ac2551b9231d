#!/usr/bin/env bash
# Benchmark: cold start of the DCU distribution.
#
#   bench/dcu-startup.sh [RUNS]        (default 10)
#
# Starts bin/fums-dcu RUNS times, each with a new, empty data folder (the
# framework cache is built from scratch), its cloud link configured for TLS
# with a client certificate (no broker: the link runs unconnected), waits for the launcher's status
# file to say "up", reads the time from JVM start to "all bundles active"
# and the heap in use after start (live heap after one GC), then stops it
# with SIGTERM and checks the exit code. Prints median, p90, min and max.
# Targets (2-core machine, -Xmx64m): all bundles active < 1.5 s; heap < 32 MB.
# Builds the distribution first if it is missing (FUMS_BENCH_NO_BUILD=1 skips).
set -euo pipefail
runs="${1:-10}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)"
tarball="$root/features/dcu/target/fums-dcu-$version.tar.gz"
if [ ! -f "$tarball" ] && [ -z "${FUMS_BENCH_NO_BUILD:-}" ]; then
  (cd "$root" && mvn -B -q -DskipTests package -pl features/dcu -am)
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar xzf "$tarball" -C "$work"
home="$work/fums-dcu-$version"
# the cloud link as the secure default wants it (ssl:// with a client certificate; it refuses to start
# without one): a throwaway self-signed pair, key mode 0600. No broker listens: the link runs, unconnected.
tls="$work/tls"
mkdir -p "$tls"
(umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=dcu-0001 \
  -keyout "$tls/dcu.key" -out "$tls/dcu.crt" 2>/dev/null)
printf '{"caFile": "%s", "clientCertFile": "%s", "clientKeyFile": "%s"}\n' "$tls/dcu.crt" "$tls/dcu.crt" "$tls/dcu.key" \
  >"$home/conf/config/io.fums.cloud.mqtt.json"
jvm_max="$(grep -E '^-Xmx' "$home/conf/jvm.options" || echo default)"

startup=()
heap=()
for ((i = 1; i <= runs; i++)); do
  data="$work/data-$i"
  "$home/bin/fums-dcu" --data "$data" >"$work/run-$i.log" 2>&1 &
  pid=$!
  status="$data/run/status.properties"
  for ((t = 0; t < 600; t++)); do
    if [ -f "$status" ] && grep -qE '^state=(up|degraded)$' "$status"; then break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if ! grep -q '^state=up$' "$status" 2>/dev/null; then
    echo "run $i: the DCU did not come up; log:" >&2
    cat "$work/run-$i.log" >&2
    kill -9 "$pid" 2>/dev/null || true
    exit 1
  fi
  startup+=("$(sed -n 's/^startupMillis=//p' "$status")")
  heap+=("$(sed -n 's/^heapUsedBytes=//p' "$status")")
  bundles="$(sed -n 's/^bundles.total=//p' "$status")"
  kill -TERM "$pid"
  rc=0; wait "$pid" || rc=$?
  if [ "$rc" -ne 0 ]; then echo "run $i: exit code $rc after SIGTERM" >&2; exit 1; fi
done

stats() { # prints median p90 min max of the arguments
  printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {
    m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2;
    p = v[int(0.9 * NR + 0.999)]; printf "%s %s %s %s", m, p, v[1], v[NR] }'
}
read -r s_med s_p90 s_min s_max <<<"$(stats "${startup[@]}")"
read -r h_med h_p90 h_min h_max <<<"$(stats "${heap[@]}")"
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
echo "DCU cold start: $runs runs, $bundles bundles, JVM $jvm_max, $(nproc) cores, $(java -version 2>&1 | head -1)"
printf '%-34s %10s %10s %10s %10s %12s\n' "figure" "median" "p90" "min" "max" "target"
printf '%-34s %10s %10s %10s %10s %12s\n' "all bundles active (ms)" "$s_med" "$s_p90" "$s_min" "$s_max" "< 1500"
printf '%-34s %10s %10s %10s %10s %12s\n' "heap in use after start (MB)" "$(mb "$h_med")" "$(mb "$h_p90")" "$(mb "$h_min")" "$(mb "$h_max")" "< 32"
# one machine-readable line per figure (bench/all.sh collects them; docs/benchmarks.md)
met() { awk -v v="$1" -v l="$2" 'BEGIN { print (v < l) ? "true" : "false" }'; }
echo "FIGURE {\"figure\": \"dcu-startup.all-active\", \"value\": $s_med, \"unit\": \"ms\", \"target\": \"< 1500 ms\", \"reference\": \"-\", \"referenceValue\": null, \"met\": $(met "$s_med" 1500)}"
echo "FIGURE {\"figure\": \"dcu-startup.heap\", \"value\": $(mb "$h_med"), \"unit\": \"MB\", \"target\": \"< 32 MB\", \"reference\": \"-\", \"referenceValue\": null, \"met\": $(met "$h_med" $((32 * 1048576)))}"
awk -v s="$s_med" -v h="$h_med" 'BEGIN { exit !(s < 1500 && h < 32 * 1048576) }' \
  && echo "result: both targets met" || { echo "result: a target is missed"; exit 3; }
