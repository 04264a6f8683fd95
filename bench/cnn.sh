#!/usr/bin/env bash
# Inference speed of the learned detector's CNN: verisim (DJL + libtorch) beside the same network in
# Python PyTorch, one image per call. A benchmark, not a test. Prints medians and the ratio.
#
#   bench/cnn.sh [RUN_DIR]
#
# RUN_DIR is a trained run folder (detector.json + checkpoints/); without one, a throwaway run is
# trained for one epoch on tiny generated images (speed does not depend on the weights).
#
# Environment (each applies to both sides alike):
#   TORCH_THREADS=N    intra-op threads: -Dai.djl.pytorch.num_threads=N for Java, torch.set_num_threads
#                      for Python. Unset: DJL's default (libtorch's, one per core), and Python is
#                      given the count the Java side reports.
#   OMP_WAIT_POLICY    passed through to both (libgomp). PASSIVE stops the spin-waiting that makes
#                      2 threads on 2 busy cores up to 50x slower; see bench/README.md.
#   MALLOC_TRIM_THRESHOLD_=268435456 MALLOC_MMAP_THRESHOLD_=268435456
#                      passed through too: stops glibc returning DJL's per-call native memory to the
#                      kernel (up to 1,000 page faults per image); see bench/README.md.
#   WARMUP, REPS, ITERS  warm-up calls, repetitions, calls per repetition (300, 15, 40).
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
java=(java -Xmx2g -Djava.awt.headless=true -Dai.djl.offline=true
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error)
if [[ -n "${TORCH_THREADS:-}" ]]; then
  java+=("-Dai.djl.pytorch.num_threads=$TORCH_THREADS")
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run="${1:-}"
if [[ -z "$run" ]]; then
  echo "no run folder given: training a throwaway 1-epoch run on generated 144x144 images" >&2
  "${java[@]}" -cp "$cp" dev.verisim.bench.CnnBench data "$work/data" 8
  if ! "${java[@]}" -cp "$cp" dev.verisim.cli.Main detector train --data "$work/data" \
    --out "$work/run" --epochs 1 --batch-size 8 --no-face-crop >"$work/train.log" 2>&1; then
    cat "$work/train.log" >&2
    exit 1
  fi
  run="$work/run"
fi

warmup=${WARMUP:-300} reps=${REPS:-15} iters=${ITERS:-40}
echo "== verisim (Java, DJL) — machine load: $(cut -d' ' -f1-3 /proc/loadavg)"
"${java[@]}" -cp "$cp" dev.verisim.bench.CnnBench run "$run" "$warmup" "$reps" "$iters" \
  "$work/java.txt"
get() { sed -n "s/^$2=//p" "$1"; }
intra=$(get "$work/java.txt" intra_threads)
interop=$(get "$work/java.txt" interop_threads)
size=$(get "$work/java.txt" input_size)
widths=$(get "$work/java.txt" widths)

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
# Debian's torch links libblas.so.3, the reference BLAS unless OpenBLAS is installed, and its last
# convolution (too small for oneDNN in torch 1.13) runs on that BLAS: 3-4x slower overall.
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread
pyenv=(env "OPENBLAS_NUM_THREADS=$intra")
if [[ -e "$openblas/libblas.so.3" ]]; then
  pyenv+=("LD_LIBRARY_PATH=$openblas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
else
  echo "note: no OpenBLAS, so Debian's torch uses the reference BLAS (slow); for a fair run:" >&2
  echo "  apt-get install -y libopenblas0-pthread" >&2
fi
echo "== PyTorch (Python) — machine load: $(cut -d' ' -f1-3 /proc/loadavg)"
"${java[@]}" -cp "$cp" dev.verisim.bench.CnnBench rgb "$work/image.rgb"
"${pyenv[@]}" "$python" bench/cnn_torch.py --threads "$intra" --interop "$interop" --size "$size" \
  --widths "$widths" --image "$work/image.rgb" --warmup "$warmup" --reps "$reps" --iters "$iters" \
  --results "$work/torch.txt"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
j144=$(get "$work/java.txt" detector_144)
t144=$(get "$work/torch.txt" torch_144)
jnet=$(get "$work/java.txt" replica_forward)
jstep=$(get "$work/java.txt" replica_stepwise)
jpred=$(get "$work/java.txt" detector_96)
tnet=$(get "$work/torch.txt" torch_network)
echo "== summary: median ms/image, one image per call, $intra intra-op thread(s) each side," \
  "OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-unset}"
printf '  %-44s %9s %9s %8s\n' "" verisim PyTorch ratio
printf '  %-44s %9.3f %9.3f %8s\n' "144x144 image -> probability (resize included)" \
  "$j144" "$t144" "$(ratio "$j144" "$t144")"
printf '  %-44s %9.3f %9.3f %8s\n' "network alone (Block.forward | model(x))" \
  "$jnet" "$tnet" "$(ratio "$jnet" "$tnet")"
printf '  %-44s %9.3f %9.3f %8s\n' "network, intermediates freed as used (bench)" \
  "$jstep" "$tnet" "$(ratio "$jstep" "$tnet")"
printf '  %-44s %9.3f %9.3f %8s\n' "network via CnnDetector, ${size}x${size} image" \
  "$jpred" "$tnet" "$(ratio "$jpred" "$tnet")"
echo "  ratio = verisim / PyTorch (above 1: verisim slower). The machine may be shared: compare"
echo "  medians, rerun when the load above was high. Above ~20 ms on both sides with 2 threads"
echo "  means OpenMP spin-waiting against another busy process: try OMP_WAIT_POLICY=PASSIVE or"
echo "  TORCH_THREADS=1 (bench/README.md)."
