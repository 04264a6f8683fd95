#!/usr/bin/env bash
# Benchmarks of `verisim detect` (not tests): throughput on 256x256 and 1024x1024 JPEGs, and peak
# memory on one 24-megapixel photo. Each part runs in its own JVM. Prints medians; the machine is
# shared and noisy, so compare medians, not single runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -q -B -DskipTests -Dspotless.check.skip=true -Dforbiddenapis.skip=true -pl verisim-bench -am install >&2
cp=$(./mvnw -q -B -pl verisim-bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
cp="$root/verisim-bench/target/classes:$cp"
java=(java -Xmx3g -Djava.awt.headless=true -Dai.djl.offline=true -cp "$cp" dev.verisim.bench.DetectBench)
"${java[@]}" throughput 256 200 5
"${java[@]}" throughput 1024 40 5
big=$(mktemp --suffix=.jpg)
"${java[@]}" photo 6000 4000 "$big"
echo "24-megapixel photo (6000x4000):"
"${java[@]}" memory "$big"
# The real command line, as a user runs it: whole-process peak resident memory.
/usr/bin/time -f "  ./verisim detect: %e s, peak RSS %M KB (whole JVM, -Xmx3g)" \
  java -Xmx3g -Djava.awt.headless=true -jar verisim-cli/target/verisim-cli.jar detect --json \
  --no-progress "$big" >/dev/null
rm -f "$big"
