#!/usr/bin/env bash
# The benchmark suite: builds once, runs every benchmark one after another
# (each in its own JVM, with its own script), collects their FIGURE lines and
# prints one table (figure | value | target | reference measured in the same
# run | met | the previous run's value), and writes
# bench/target/results-<UTC stamp>.json and bench/target/results-latest.json
# with the machine's facts. Logs: bench/target/bench-logs/<stamp>/<name>.log.
#
#   bench/all.sh [--quick] [--no-build] [NAME...]
#
#   --quick     smaller sizes: the whole suite in about 5 minutes on 2 cores
#               (figures are then not comparable with the targets' sizes)
#   --no-build  use what is built (bench/target, tools/fums-pkg/target)
#   NAME...     run only these benchmarks (names as in the table below)
#
# Default sizes are the targets' sizes; the full suite takes about 2 hours
# (meter-broadcast with 200 meters alone takes more than one). Exit code 0: every
# target met; 3: a target missed; 1: a benchmark failed. See docs/benchmarks.md.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 1

quick=0
build=1
only=()
for a in "$@"; do
  case "$a" in
    --quick) quick=1 ;;
    --no-build) build=0 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    -*) echo "all.sh: unknown option $a" >&2; exit 2 ;;
    *) only+=("$a") ;;
  esac
done

# name | full-size command | quick command
benchmarks=(
  "dcu-startup|bench/dcu-startup.sh 10|bench/dcu-startup.sh 3"
  "dcu-swap|bench/dcu-swap.sh 50|bench/dcu-swap.sh 10"
  "pkg-verify|tools/fums-pkg/bench-verify.sh --size-mb 16 --runs 9|tools/fums-pkg/bench-verify.sh --size-mb 16 --runs 3"
  "meter-transfer|bench/meter-transfer.sh 256 9600 1000|bench/meter-transfer.sh 16 9600 1000"
  "meter-broadcast|bench/meter-broadcast.sh --kib 256 --meters 200 --baud 9600 --loss 0.02|bench/meter-broadcast.sh --kib 16 --meters 20 --baud 9600 --loss 0.02"
  "outbox|emulator/console/bench-outbox.sh 10 8 10000|emulator/console/bench-outbox.sh 3 4 2000"
  "campaign-links|bench/campaign-links.sh --kib 256 --meters 32 --baud 9600|bench/campaign-links.sh --kib 32 --meters 32 --baud 9600"
  "dcu-heap|bench/dcu-heap.sh --meters 1000 --read 60|bench/dcu-heap.sh --meters 1000 --read 30"
  "soak|bench/soak.sh 200|bench/soak.sh 3"
)
names=()
for b in "${benchmarks[@]}"; do names+=("${b%%|*}"); done
for n in "${only[@]}"; do
  [[ " ${names[*]} " == *" $n "* ]] || { echo "all.sh: no benchmark '$n' (have: ${names[*]})" >&2; exit 2; }
done

version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
if [ "$build" = 1 ]; then
  echo "== building (mvn -DskipTests install -pl bench,tools/fums-pkg,emulator/console -am)"
  # shellcheck disable=SC2086
  mvn -B -q ${FUMS_BENCH_MVN_OPTS:-} -DskipTests install -pl bench,tools/fums-pkg,emulator/console -am || {
    echo "all.sh: the build failed" >&2; exit 1; }
fi
for f in bench/target/classpath.txt "bench/target/fums-bench-$version.jar" tools/fums-pkg/target/fums-pkg.jar; do
  [ -f "$f" ] || { echo "all.sh: $f is missing; run without --no-build" >&2; exit 1; }
done
cp="bench/target/fums-bench-$version.jar:$(cat bench/target/classpath.txt)"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
logs="bench/target/bench-logs/$stamp"
mkdir -p "$logs"
: >"$logs/runs"
{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "mode=$([ "$quick" = 1 ] && echo quick || echo full)"
  echo "java=$(java -version 2>&1 | head -1)"
  echo "os=$(uname -srm)"
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)"
  echo "memTotal=$(sed -n 's/^MemTotal:[[:space:]]*//p' /proc/meminfo 2>/dev/null)"
  echo "loadavgAtStart=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
  echo "git=$(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD 2>/dev/null || echo '+changes')"
} >"$logs/facts"

export FUMS_BENCH_NO_BUILD=1
for b in "${benchmarks[@]}"; do
  IFS='|' read -r name full small <<<"$b"
  if [ "${#only[@]}" -gt 0 ] && [[ " ${only[*]} " != *" $name "* ]]; then continue; fi
  cmd="$full"
  [ "$quick" = 1 ] && cmd="$small"
  echo
  echo "== $name: $cmd"
  t0=$(date +%s)
  # shellcheck disable=SC2086
  $cmd 2>&1 | tee "$logs/$name.log"
  rc=${PIPESTATUS[0]}
  printf '%s\t%s\t%s\t%s\n' "$name" "$rc" "$(($(date +%s) - t0))" "$cmd" >>"$logs/runs"
done

echo
java -cp "$cp" io.fums.bench.SuiteReport "$logs" bench/target "$stamp" || exit 1
# 0: all ran and met; 1: a benchmark failed (exit code not 0 or 3); 3: a target missed
worst=0
while IFS=$'\t' read -r _ rc _ _; do
  if [ "$rc" != 0 ] && [ "$rc" != 3 ]; then worst=1; elif [ "$rc" = 3 ] && [ "$worst" = 0 ]; then worst=3; fi
done <"$logs/runs"
if [ "$worst" = 0 ] && grep -q '"met": false' bench/target/results-latest.json; then worst=3; fi
exit "$worst"
