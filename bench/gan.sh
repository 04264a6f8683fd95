#!/usr/bin/env bash
# Training speed of the 64x64 DCGAN (GanConfig.defaults(): batch 64, spectral norm, DiffAugment,
# Adam): verisim (DJL + libtorch) beside the same model, batch, optimizer and step in Python
# PyTorch. A benchmark, not a test. The two sides run alternately, ROUNDS times each, in fresh
# processes; prints the median ms/step over all timed steps of each side, steps/s and the ratio.
#
#   bench/gan.sh [--no-diffaug] [--no-sn] [--batch N]
#
# The options go to both sides (to locate costs). Environment (each applies to both sides alike):
#   TORCH_THREADS=N    intra-op threads (default: the machine's cores): -Dai.djl.pytorch.num_threads
#                      for Java, torch.set_num_threads for Python; inter-op threads likewise
#                      (INTEROP_THREADS, default the same).
#   OMP_WAIT_POLICY, MALLOC_*   passed through to both (see bench/README.md, cnn.sh).
#   ROUNDS, WARMUP, TIMED   rounds per side, warm-up and timed steps per round (3, 2, 5).
#   PHASES=1           the Java side also prints a per-phase breakdown.
#   TORCH_ARGS         extra arguments for gan_torch.py (e.g. "--translation slices", "--foreach").
#   PYTHON             the interpreter with torch (default: python3, then /usr/bin/python3).
#   MVN_ARGS           extra Maven flags, e.g. -o.
# Builds with `package` only: nothing is installed into ~/.m2.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# shellcheck disable=SC2086
./mvnw -q -B ${MVN_ARGS:-} package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -pl verisim-bench -am -DskipTests >&2
cp="$root/verisim-bench/target/classes:$(cat verisim-bench/target/classpath.txt)"

threads=${TORCH_THREADS:-$(nproc)}
interop=${INTEROP_THREADS:-$threads}
rounds=${ROUNDS:-3} warmup=${WARMUP:-2} timed=${TIMED:-5}
java=(java -Xmx3g -Djava.awt.headless=true -Dai.djl.offline=true
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  "-Dai.djl.pytorch.num_threads=$threads" "-Dai.djl.pytorch.num_interop_threads=$interop")
jargs=("$@")
if [[ -n "${PHASES:-}" ]]; then
  jargs+=(--phases)
fi

python=""
for p in ${PYTHON:-python3 /usr/bin/python3}; do
  if command -v "$p" >/dev/null && "$p" -c "import torch" 2>/dev/null; then
    python="$p"
    break
  fi
done
if [[ -z "$python" ]]; then
  echo "Python PyTorch is missing: no python3 here imports torch. On Debian:" >&2
  echo "  apt-get update && apt-get install -y python3-torch   (then PYTHON=/usr/bin/python3)" >&2
  exit 3
fi
# Debian's torch links libblas.so.3 (the reference BLAS unless OpenBLAS is installed): see cnn.sh.
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread
pyenv=(env "OPENBLAS_NUM_THREADS=$threads")
if [[ -e "$openblas/libblas.so.3" ]]; then
  pyenv+=("LD_LIBRARY_PATH=$openblas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
else
  echo "note: no OpenBLAS, so Debian's torch uses the reference BLAS (slow); for a fair run:" >&2
  echo "  apt-get install -y libopenblas0-pthread" >&2
fi
pyargs=()
for a in "$@"; do
  case "$a" in
    --no-diffaug | --no-sn | --batch | [0-9]*) pyargs+=("$a") ;;
    --phases) ;;
    *)
      echo "unknown option $a" >&2
      exit 2
      ;;
  esac
done
# shellcheck disable=SC2206
pyargs+=(${TORCH_ARGS:-})

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
loads=()
for ((i = 1; i <= rounds; i++)); do
  # Alternate which side goes first, so a drift in the machine's load hits both alike.
  order=(java torch)
  if ((i % 2 == 0)); then order=(torch java); fi
  for side in "${order[@]}"; do
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    loads+=("$load")
    echo "== round $i/$rounds: $side — machine load: $load"
    if [[ $side == java ]]; then
      "${java[@]}" -cp "$cp" dev.verisim.bench.GanBench "$warmup" "$timed" "${jargs[@]}" \
        --results "$work/java.$i" 2> >(grep -v -e CudaUtils -e AutoNonVariableTypeMode >&2)
    else
      "${pyenv[@]}" "$python" bench/gan_torch.py "$warmup" "$timed" --threads "$threads" \
        --interop "$interop" "${pyargs[@]}" --results "$work/torch.$i"
    fi
  done
done

median() { sed -n 's/^ms=//p' "$@" | sort -g | awk '{ v[NR] = $1 } END {
  if (NR % 2) printf "%.1f", v[(NR + 1) / 2]; else printf "%.1f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
rmedians() { for f in "$@"; do median "$f"; printf ' '; done; }
jm=$(median "$work"/java.*)
tm=$(median "$work"/torch.*)
n=$((rounds * timed))
echo "== summary: 64x64 DCGAN training step, options: ${*:-none (defaults)}; $threads intra-op /" \
  "$interop inter-op thread(s) each side, OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset};" \
  "median of $n steps per side ($rounds rounds x $timed after $warmup warm-up)"
printf '  %-10s %10s %9s   %s\n' "" "ms/step" "steps/s" "per-round medians (ms)"
printf '  %-10s %10s %9s   %s\n' verisim "$jm" "$(awk -v m="$jm" 'BEGIN { printf "%.3f", 1000 / m }')" \
  "$(rmedians "$work"/java.*)"
printf '  %-10s %10s %9s   %s\n' PyTorch "$tm" "$(awk -v m="$tm" 'BEGIN { printf "%.3f", 1000 / m }')" \
  "$(rmedians "$work"/torch.*)"
echo "  ratio verisim / PyTorch: $(awk -v a="$jm" -v b="$tm" 'BEGIN { printf "%.2f", a / b }')" \
  "(above 1: verisim slower)"
echo "  load average (1, 5, 15 min) before each run: ${loads[*]/%/;}"
echo "  now: $(cut -d' ' -f1-3 /proc/loadavg). The machine may be shared: compare medians, rerun"
echo "  when the load was high."
