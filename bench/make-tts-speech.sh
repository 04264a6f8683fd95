#!/usr/bin/env bash
# Synthesises verisim's own synthetic-speech training data with Debian's TTS engines (espeak-ng,
# festival, flite) from bench/audio/tts-sentences.txt (sentences written for verisim, none from the
# shared transcripts), three voice/rate settings per sentence, as 16 kHz mono 16-bit WAV under
#   OUT/spoof/ENGINE_VOICE[_RATE]/sNNN.wav
# plus OUT/provenance.json (engines, versions, sentence file hash). OUT defaults to
# /work/runs/tts-speech (outside the repository: generated data is never committed).
# Needs: apt-get install espeak-ng festival flite ffmpeg. Deterministic: same sentences, same files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sentences="$here/audio/tts-sentences.txt"
out="${1:-/work/runs/tts-speech}"
mkdir -p "$out/spoof"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Voice settings, used in turn. festival_slt_hts (in the shared data) is deliberately absent so
# that it stays a voice the model has never heard.
voices=(
  "espeak-ng en-gb+f3 160"
  "espeak-ng en-us 175"
  "espeak-ng en-gb-scotland+m3 150"
  "espeak-ng en-gb-x-rp+f2 190"
  "espeak-ng en-029 165"
  "espeak-ng en-us+m7 140"
  "flite awb 1.0"
  "flite rms 0.9"
  "flite slt 1.1"
  "flite kal16 1.0"
  "festival kal_diphone 1.0"
)
per_sentence=3

synth() { # engine voice rate text wav
  local engine="$1" voice="$2" rate="$3" text="$4" wav="$5"
  case "$engine" in
    espeak-ng) espeak-ng -v "$voice" -s "$rate" -w "$wav" "$text" ;;
    flite) flite -voice "$voice" --setf duration_stretch="$rate" -t "$text" -o "$wav" ;;
    festival)
      printf '%s\n' "$text" >"$tmp/t.txt"
      text2wave -eval "(voice_${voice})" -o "$wav" "$tmp/t.txt" ;;
  esac
}

n=0
k=0
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  n=$((n + 1))
  id=$(printf 's%03d' "$n")
  for ((j = 0; j < per_sentence; j++)); do
    read -r engine voice rate <<<"${voices[$(((k + j * 4) % ${#voices[@]}))]}"
    dir="$out/spoof/${engine}_${voice//+/-}_${rate}"
    mkdir -p "$dir"
    if [[ ! -s "$dir/$id.wav" ]]; then
      synth "$engine" "$voice" "$rate" "$line" "$tmp/raw.wav"
      ffmpeg -nostdin -loglevel error -y -i "$tmp/raw.wav" -ar 16000 -ac 1 -c:a pcm_s16le "$dir/$id.wav"
    fi
  done
  k=$((k + 1))
done <"$sentences"

sha=$(sha256sum "$sentences" | cut -d' ' -f1)
cat >"$out/provenance.json" <<JSON
{"made_by": "bench/make-tts-speech.sh", "sentences": "bench/audio/tts-sentences.txt",
 "sentences_sha256": "$sha", "sentence_count": $n, "voices_per_sentence": $per_sentence,
 "espeak_ng": "$(espeak-ng --version | head -1 | tr -d '"')",
 "flite": "$(flite --version 2>&1 | head -1 | tr -d '"')",
 "festival": "$(festival --version 2>&1 | head -1 | tr -d '"')",
 "format": "16 kHz mono 16-bit WAV (ffmpeg)",
 "label": "AI-generated speech (text-to-speech), made locally for training"}
JSON
echo "$(find "$out/spoof" -name '*.wav' | wc -l) files in $out/spoof" >&2
