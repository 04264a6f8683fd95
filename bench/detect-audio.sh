#!/usr/bin/env bash
# Benchmark of the audio detector (not a test): EER/AUC of the LFCC-GMM baseline, the CNN and the
# fused p_fake side by side on the held-out part of the shared audio (the speaker- and
# sentence-disjoint split in bench/audio/shared-audio-split.tsv), overall and per source; then the
# real-time factor (analysis time incl. decoding / audio duration, one thread, model loading
# excluded), median of 3 runs.
#   bench/detect-audio.sh [DATA_DIR] [MODEL_DIR]
# DATA_DIR defaults to ../shared/data/audio, MODEL_DIR to the shipped models/verisim-audio.
# The machine is shared: run it niced, and compare medians, not single runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
data="${1:-$root/../shared/data/audio}"
model=()
[ -n "${2:-}" ] && model=(--audio-model "$2")
jar=verisim-cli/target/verisim-cli.jar
./mvnw -o -q -B -DskipTests -Dspotless.check.skip=true -Dforbiddenapis.skip=true \
  -pl verisim-cli -am package >&2
run=(nice -n 10 java -Xmx3g -Djava.awt.headless=true -Dai.djl.offline=true -jar "$jar")

echo "== GMM vs CNN on the held-out split (${data})"
"${run[@]}" eval --audio --no-progress --data "$data" --split bench/audio/shared-audio-split.tsv \
  "${model[@]}" --threads 2

echo
echo "== real-time factor, 1 thread, 3 runs over the held-out files"
rtfs=()
for i in 1 2 3; do
  r=$("${run[@]}" eval --audio --json --no-progress --data "$data" \
    --split bench/audio/shared-audio-split.tsv "${model[@]}" --threads 1 |
    python3 -c 'import json,sys; o=json.load(sys.stdin); print("%.4f %.1f %.1f" % (o["real_time_factor"], o["analysis_seconds"], o["audio_seconds"]))')
  echo "  run $i: RTF $r" | awk '{print $1, $2, $3, $4, "(" $5 " s analysis for " $6 " s audio)"}'
  rtfs+=("${r%% *}")
done
printf '%s\n' "${rtfs[@]}" | sort -g | sed -n 2p | xargs -I{} echo "median RTF {}"
