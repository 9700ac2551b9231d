#!/usr/bin/env bash
# Package verification throughput (16 MB payload) next to sha256sum on the same file, same run.
# Usage: tools/fums-pkg/bench-verify.sh [--size-mb 16] [--runs 9]
# Needs target/fums-pkg.jar (mvn -B -q -o install -pl tools/fums-pkg) and sha256sum (coreutils).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
jar="$here/target/fums-pkg.jar"
if [[ ! -f "$jar" ]]; then
  echo "bench-verify: $jar is missing; build it with: mvn -B -q -o install -pl tools/fums-pkg" >&2
  exit 3
fi
exec java -cp "$jar" io.fums.tools.pkg.bench.VerifyBench "$@"
