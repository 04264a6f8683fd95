#!/usr/bin/env bash
# End-to-end speed of `verisim detect` with the default model on face photos (decode, forensic cues,
# face finding, the network on every face, fusion): images per second over a folder, median of 3
# runs, each in a fresh JVM through the launcher, as a user runs it. Not a test.
#
#   bench/detect-faces.sh [FACE_DIR] [N] [DETECT_OPTION...]
#
# For example `bench/detect-faces.sh "" 400 --watermark-search aligned` (an empty FACE_DIR is the
# default folder).
#
# FACE_DIR defaults to ../shared/data/faces/lfw-faceswap/real (250x250 JPEG portraits); N images
# (default 400) are copied to a temporary folder first so the file cache is warm and equal.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-$root/../shared/data/faces/lfw-faceswap/real}"
n="${2:-400}"
shift $(($# < 2 ? $# : 2))
options=("$@")
if [ ! -d "$dir" ]; then
  echo "no face folder at $dir: pass one as the first argument" >&2
  exit 2
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mapfile -t files < <(find "$dir" -maxdepth 1 -type f -name '*.jpg' | sort)
cp "${files[@]:0:$n}" "$tmp/"
count=$(find "$tmp" -type f | wc -l)
"$root/verisim" --version >/dev/null # builds the tool if needed, outside the timing
rates=()
steady=()
for run in 1 2 3; do
  start=$(date +%s.%N)
  summary=$("$root/verisim" detect --json --no-progress "${options[@]}" "$tmp" 2>&1 >/dev/null | tail -n 1)
  end=$(date +%s.%N)
  # detect's own summary ("N inputs: ... in S s") times the images alone, without JVM start.
  work=$(sed -E 's/.* in ([0-9.]+) s$/\1/' <<<"$summary")
  rate=$(python3 -c "print(f'{$count / ($end - $start):.1f}')")
  rate_work=$(python3 -c "print(f'{$count / $work:.1f}')")
  echo "run $run: $count images, $rate images/s with JVM start and model load, $rate_work images/s" \
    "once loaded (load $(cut -d' ' -f1 /proc/loadavg)); $summary"
  rates+=("$rate")
  steady+=("$rate_work")
done
echo "median: $(printf '%s\n' "${rates[@]}" | sort -n | sed -n 2p) images/s end to end," \
  "$(printf '%s\n' "${steady[@]}" | sort -n | sed -n 2p) images/s once loaded"
