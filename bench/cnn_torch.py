#!/usr/bin/env python3
"""The learned detector's network in Python PyTorch, timed like verisim's CnnBench.

Not a test: bench/cnn.sh runs it beside the Java side. Random weights (speed does not depend on
them), eval mode (batch norm uses its running stats), torch.inference_mode, one image per call.

What is timed, per call (the names match CnnBench's):
  torch_144         a 144x144x3 uint8 HWC array (what a decoder hands over) -> float, bilinear
                    resize to 96x96 (F.interpolate, no antialias, like Java2D's bilinear), scaled
                    to [-1, 1], the network, the logit as a Python float, the sigmoid
  torch_network     the network alone on a ready 1x3x96x96 float tensor (that image, resized once),
                    logit as a Python float
  preprocess_144    the conversion and resize of torch_144 alone

Each measurement warms up, then times REPS repetitions of ITERS consecutive calls; a repetition's
ms/image is its time over ITERS and the median over repetitions is printed. The warm-up stops after
10 s and the repetitions after 30 s (at least 3), as in CnnBench.
"""

import argparse
import math
import os
import resource
import sys
import time

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
    from torch import nn
except ImportError as e:  # pragma: no cover - a message, not a crash
    sys.stderr.write(
        f"cnn_torch.py: {e}. This benchmark needs Python PyTorch: on Debian run\n"
        "  apt-get update && apt-get install -y python3-torch\n"
        "and run it with /usr/bin/python3 (Debian's python3-torch is for the system Python).\n"
    )
    sys.exit(3)


def network(widths=(24, 48, 96, 192)):
    layers = []
    channels = 3
    for w in widths:
        layers += [
            nn.Conv2d(channels, w, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(w),
            nn.ReLU(),
            nn.MaxPool2d(2, 2),
        ]
        channels = w
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(channels, 1)]
    return nn.Sequential(*layers)


def blas():
    """The BLAS library this process loaded (Debian's torch uses whatever libblas.so.3 resolves to:
    the reference BLAS unless OpenBLAS is installed or on LD_LIBRARY_PATH)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as f:
            paths = {line.split()[-1] for line in f if "blas" in line and "/" in line}
    except OSError:
        return "unknown"
    return ", ".join(sorted(paths)) or "none loaded"


def timed(warmup, reps, iters, call):
    """Per-repetition ms/image, sorted; budgets as in CnnBench: 10 s warm-up, 30 s (>= 3 reps)."""
    start = time.perf_counter_ns()
    for _ in range(warmup):
        if time.perf_counter_ns() - start > 10e9:
            break
        call()
    ms = []
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    start = time.perf_counter_ns()
    while len(ms) < reps and (len(ms) < 3 or time.perf_counter_ns() - start < 30e9):
        t0 = time.perf_counter_ns()
        for _ in range(iters):
            call()
        ms.append((time.perf_counter_ns() - t0) / 1e6 / iters)
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    return sorted(ms), faults / (len(ms) * iters)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--threads", type=int, required=True, help="torch.set_num_threads (intra-op)")
    p.add_argument("--interop", type=int, default=0, help="torch.set_num_interop_threads")
    p.add_argument("--size", type=int, default=96, help="network input side (default 96)")
    p.add_argument(
        "--widths", default="24,48,96,192", help="channels of each stage (default 24,48,96,192)"
    )
    p.add_argument("--source", type=int, default=144, help="image side before the resize")
    p.add_argument("--warmup", type=int, default=300)
    p.add_argument("--reps", type=int, default=15)
    p.add_argument("--iters", type=int, default=40)
    p.add_argument(
        "--image",
        help="raw RGB bytes of a SOURCE x SOURCE image (CnnBench rgb FILE writes the one Java"
        " times; pixel content changes max pooling's speed a little); default: seeded noise",
    )
    p.add_argument("--temperature", type=float, default=1.0)
    p.add_argument("--results", help="write key=value medians to this file")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    if a.interop > 0:
        torch.set_num_interop_threads(a.interop)
    torch.manual_seed(7)
    widths = tuple(int(w) for w in a.widths.split(","))
    model = network(widths).eval()
    if a.image:
        image = np.fromfile(a.image, dtype=np.uint8).reshape(a.source, a.source, 3)
    else:
        image = np.random.default_rng(7).integers(0, 256, (a.source, a.source, 3), dtype=np.uint8)

    def preprocess():
        x = torch.from_numpy(image).permute(2, 0, 1).unsqueeze(0).float()
        x = F.interpolate(x, size=(a.size, a.size), mode="bilinear", align_corners=False)
        return x.mul_(1 / 127.5).sub_(1)

    ready = preprocess()  # the network-only input: the same image, resized once

    def probability():
        logit = model(preprocess()).item()
        return 1 / (1 + math.exp(-logit / a.temperature))

    print(
        f"PyTorch {torch.__version__} (Python {sys.version.split()[0]}): intra-op threads"
        f" {torch.get_num_threads()}, inter-op threads {torch.get_num_interop_threads()},"
        f" oneDNN {torch.backends.mkldnn.is_available()},"
        f" OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', 'unset')},"
        f" {os.cpu_count()} CPUs"
    )
    blas_threads = os.environ.get("OPENBLAS_NUM_THREADS", "unset")
    print(f"BLAS: {blas()} (OPENBLAS_NUM_THREADS={blas_threads})")
    print(
        f"random weights, eval mode, inference_mode, widths {list(widths)},"
        f" input {a.size}x{a.size},"
        f" image {a.image or 'seeded noise'}; warm-up {a.warmup}"
        f" calls, median of {a.reps} repetitions x {a.iters} images, one image per call"
    )
    lines = [
        f"intra_threads={torch.get_num_threads()}",
        f"interop_threads={torch.get_num_interop_threads()}",
        f"torch_version={torch.__version__}",
    ]
    sink = [0.0]
    with torch.inference_mode():
        runs = [
            (
                "torch_144",
                f"{a.source}x{a.source} uint8 -> resize + floats + network + sigmoid",
                lambda: sink.__setitem__(0, sink[0] + probability()),
            ),
            (
                "torch_network",
                f"network alone on a 1x3x{a.size}x{a.size} float tensor",
                lambda: sink.__setitem__(0, sink[0] + model(ready).item()),
            ),
            (
                "preprocess_144",
                f"resize {a.source}->{a.size} + floats only",
                lambda: sink.__setitem__(0, sink[0] + float(preprocess()[0, 0, 0, 0])),
            ),
        ]
        for key, what, call in runs:
            ms, faults = timed(a.warmup, a.reps, a.iters, call)
            median = ms[len(ms) // 2]  # as CnnBench: the upper median for an even count
            print(
                f"  {key:<19} median {median:7.3f} ms/image ({1000 / median:6.1f}/s),"
                f" min {ms[0]:.3f}, max {ms[-1]:.3f}, {len(ms)} reps, {faults:.0f} faults/image"
                f"  {what}"
            )
            lines.append(f"{key}={median:.4f}")
    if math.isnan(sink[0]):
        print("(NaN seen)")
    if a.results:
        with open(a.results, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
