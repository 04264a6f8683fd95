#!/usr/bin/env bash
# End-to-end speed of `verisim detect` on a 720p video with the default model (container checks,
# decoding every frame, sampling, face finding and tracking, the image model on every face crop,
# pooling): frames per second, median of 3 runs, each in a fresh JVM through the launcher, as a
# user runs it. Not a test.
#
#   bench/detect-video.sh [CLIP] [FPS] [DETECT_OPTION...]
#
# CLIP defaults to a 1280x720 H.264 clip made here with the ffmpeg CLI from a shared talking-head
# clip (../shared/data/video/talking-heads/real/WDA_BobMenendez_000.mp4, 512x512, 8 s at 25 fps),
# looped 3 times (24 s, 600 frames) and scaled to 480 px high on a 1280x720 canvas, so the face is
# about as large as in a 720p interview shot. FPS (default 2) is detect's --fps.
#
# Reported: decoded frames per second (every frame of the video, over detect's own elapsed_ms for
# the file, which leaves out JVM start and model load) and sampled frames per second (the frames
# the models looked at), plus the video's seconds per wall second with JVM start.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
clip="${1:-}"
fps="${2:-2}"
shift $(($# < 2 ? $# : 2))
options=("$@")
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if [ -z "$clip" ]; then
  source_clip="$root/../shared/data/video/talking-heads/real/WDA_BobMenendez_000.mp4"
  if [ ! -f "$source_clip" ]; then
    echo "no clip given and no shared clip at $source_clip: pass one as the first argument" >&2
    exit 2
  fi
  clip="$tmp/talking-head-720p.mp4"
  ffmpeg -nostdin -loglevel error -stream_loop 2 -i "$source_clip" \
    -vf "scale=-2:480,pad=1280:720:(ow-iw)/2:(oh-ih)/2" -c:v libx264 -preset veryfast -crf 23 \
    -pix_fmt yuv420p -an "$clip"
fi
"$root/verisim" --version >/dev/null # builds the tool if needed, outside the timing
decoded=()
sampled=()
realtime=()
for run in 1 2 3; do
  start=$(date +%s.%N)
  line=$("$root/verisim" detect --json --no-progress --fps "$fps" "${options[@]}" "$clip" 2>/dev/null)
  end=$(date +%s.%N)
  read -r d s ms dur size verdict p < <(python3 -c '
import json, sys
v = json.loads(sys.argv[1])
print(v.get("frames_decoded"), v.get("frames_sampled"), v["elapsed_ms"], v.get("duration_s"),
      str(v.get("width")) + "x" + str(v.get("height")), v["verdict"], v["p_fake"])' "$line")
  rate_d=$(python3 -c "print(f'{$d * 1000 / $ms:.1f}')")
  rate_s=$(python3 -c "print(f'{$s * 1000 / $ms:.2f}')")
  rt=$(python3 -c "print(f'{$dur / ($end - $start):.2f}')")
  echo "run $run: $size, $d frames decoded, $s sampled in $ms ms: $rate_d decoded frames/s," \
    "$rate_s sampled frames/s; ${rt}x real time with JVM start (load $(cut -d' ' -f1 /proc/loadavg));" \
    "verdict $verdict p_fake $p"
  decoded+=("$rate_d")
  sampled+=("$rate_s")
  realtime+=("$rt")
done
echo "median: $(printf '%s\n' "${decoded[@]}" | sort -n | sed -n 2p) decoded frames/s," \
  "$(printf '%s\n' "${sampled[@]}" | sort -n | sed -n 2p) sampled frames/s (--fps $fps)," \
  "$(printf '%s\n' "${realtime[@]}" | sort -n | sed -n 2p)x real time with JVM start"
