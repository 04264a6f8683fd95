#!/usr/bin/env python3
"""verisim's 64x64 DCGAN training step in Python PyTorch, timed like verisim's GanBench.

Not a test: bench/gan.sh runs it beside the Java side. The model, batch, optimizer and step are
those of `verisim gan train` with GanConfig.defaults() (verisim-gan's net/Dcgan.java, net/Ops.java,
net/DiffAugment.java, GanTrainer.step), on random images:

  generator      Linear latent 128 -> 256x4x4, pixel norm, ReLU; for 8, 16, 32: nearest x2 upsample,
                 3x3 conv (128, 64, 32 channels), pixel norm, ReLU; nearest x2, 3x3 conv to 3, tanh
  discriminator  4x4 stride-2 pad-1 convs 3->32->64->128->256, each spectrally normalized (one power
                 iteration per training forward: torch.nn.utils.spectral_norm) + leaky ReLU 0.2;
                 4x4 valid conv 256->1 (spectrally normalized too) -> one logit per image
  init           weights N(0, 0.02), biases 0
  DiffAugment    colour (brightness, saturation, contrast), translation by up to 1/8 with zero fill,
                 cutout of half the side (Zhao et al. 2020; the official code: translation is one
                 gather, or with --translation slices a slice per image and a concat, as verisim)
  loss           non-saturating (softplus)
  optimizer      torch.optim.Adam(lr 2e-4, betas (0.5, 0.999)); torch 1.13's default on CPU is the
                 per-tensor loop (foreach off; fused is CUDA-only)
  step           D: zero grads, fakes from G under no_grad, D on augmented reals and fakes, loss,
                 loss.item(), backward, Adam on D; G: zero grads, G, augment, D, loss, loss.item(),
                 backward, Adam on G

Prints the median ms/step; --results gets one `ms=` line per timed step.
"""

import argparse
import os
import sys
import time

try:
    import torch
    import torch.nn.functional as F
    from torch import nn
except ImportError as e:  # pragma: no cover - a message, not a crash
    sys.stderr.write(
        f"gan_torch.py: {e}. This benchmark needs Python PyTorch: on Debian run\n"
        "  apt-get update && apt-get install -y python3-torch\n"
        "and run it with /usr/bin/python3 (Debian's python3-torch is for the system Python).\n"
    )
    sys.exit(3)


def width(base, resolution, res):
    return min(512, base * resolution // (2 * res))


def pixel_norm(x):
    return x / (x.square().mean(dim=1, keepdim=True) + 1e-8).sqrt()


class Generator(nn.Module):
    def __init__(self, resolution=64, base=32, latent=128):
        super().__init__()
        c = width(base, resolution, 4)
        self.c = c
        self.inp = nn.Linear(latent, c * 16)
        ups = []
        res = 8
        while res < resolution:
            nxt = width(base, resolution, res)
            ups.append(nn.Conv2d(c, nxt, 3, padding=1))
            c = nxt
            res *= 2
        self.ups = nn.ModuleList(ups)
        self.rgb = nn.Conv2d(c, 3, 3, padding=1)

    def forward(self, z):
        x = F.relu(pixel_norm(self.inp(z).reshape(z.shape[0], -1, 4, 4)))
        for conv in self.ups:
            x = F.relu(pixel_norm(conv(F.interpolate(x, scale_factor=2, mode="nearest"))))
        return torch.tanh(self.rgb(F.interpolate(x, scale_factor=2, mode="nearest")))


class Discriminator(nn.Module):
    def __init__(self, resolution=64, base=32, spectral=True):
        super().__init__()
        sn = nn.utils.spectral_norm if spectral else (lambda m: m)
        downs = []
        c = 3
        res = resolution // 2
        while res >= 4:
            nxt = width(base, resolution, res)
            downs.append(sn(nn.Conv2d(c, nxt, 4, stride=2, padding=1)))
            c = nxt
            res //= 2
        self.downs = nn.ModuleList(downs)
        self.out = sn(nn.Conv2d(c, 1, 4))

    def forward(self, x):
        for conv in self.downs:
            x = F.leaky_relu(conv(x), 0.2)
        out = self.out(x)
        return out.reshape(out.shape[0])


def init(module):
    for name, p in module.named_parameters():
        if name.endswith("bias"):
            nn.init.zeros_(p)
        else:
            nn.init.normal_(p, 0.0, 0.02)


# DiffAugment, policy "color,translation,cutout" (Zhao et al. 2020, the official PyTorch code).
def rand_brightness(x):
    return x + (torch.rand(x.size(0), 1, 1, 1, dtype=x.dtype, device=x.device) - 0.5)


def rand_saturation(x):
    x_mean = x.mean(dim=1, keepdim=True)
    return (x - x_mean) * (torch.rand(x.size(0), 1, 1, 1, dtype=x.dtype) * 2) + x_mean


def rand_contrast(x):
    x_mean = x.mean(dim=[1, 2, 3], keepdim=True)
    return (x - x_mean) * (torch.rand(x.size(0), 1, 1, 1, dtype=x.dtype) + 0.5) + x_mean


def rand_translation(x, ratio=0.125):
    shift_x, shift_y = int(x.size(2) * ratio + 0.5), int(x.size(3) * ratio + 0.5)
    translation_x = torch.randint(-shift_x, shift_x + 1, size=[x.size(0), 1, 1])
    translation_y = torch.randint(-shift_y, shift_y + 1, size=[x.size(0), 1, 1])
    grid_batch, grid_x, grid_y = torch.meshgrid(
        torch.arange(x.size(0), dtype=torch.long),
        torch.arange(x.size(2), dtype=torch.long),
        torch.arange(x.size(3), dtype=torch.long),
        indexing="ij",
    )
    grid_x = torch.clamp(grid_x + translation_x + 1, 0, x.size(2) + 1)
    grid_y = torch.clamp(grid_y + translation_y + 1, 0, x.size(3) + 1)
    x_pad = F.pad(x, [1, 1, 1, 1, 0, 0, 0, 0])
    return x_pad.permute(0, 2, 3, 1).contiguous()[grid_batch, grid_x, grid_y].permute(0, 3, 1, 2)


def rand_translation_slices(x, ratio=0.125):
    """verisim's way: pad by the largest shift, one slice per image, one concat."""
    side = x.size(2)
    pad = int(side * ratio)
    padded = F.pad(x, [pad, pad, pad, pad])
    shifts = torch.randint(0, 2 * pad + 1, size=[x.size(0), 2]).tolist()
    return torch.cat(
        [padded[i : i + 1, :, dy : dy + side, dx : dx + side] for i, (dy, dx) in enumerate(shifts)]
    )


def rand_cutout(x, ratio=0.5):
    cutout_size = int(x.size(2) * ratio + 0.5), int(x.size(3) * ratio + 0.5)
    offset_x = torch.randint(0, x.size(2) + (1 - cutout_size[0] % 2), size=[x.size(0), 1, 1])
    offset_y = torch.randint(0, x.size(3) + (1 - cutout_size[1] % 2), size=[x.size(0), 1, 1])
    grid_batch, grid_x, grid_y = torch.meshgrid(
        torch.arange(x.size(0), dtype=torch.long),
        torch.arange(cutout_size[0], dtype=torch.long),
        torch.arange(cutout_size[1], dtype=torch.long),
        indexing="ij",
    )
    grid_x = torch.clamp(grid_x + offset_x - cutout_size[0] // 2, min=0, max=x.size(2) - 1)
    grid_y = torch.clamp(grid_y + offset_y - cutout_size[1] // 2, min=0, max=x.size(3) - 1)
    mask = torch.ones(x.size(0), x.size(2), x.size(3), dtype=x.dtype)
    mask[grid_batch, grid_x, grid_y] = 0
    return x * mask.unsqueeze(1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("warmup", type=int)
    p.add_argument("timed", type=int)
    p.add_argument("--threads", type=int, required=True, help="torch.set_num_threads (intra-op)")
    p.add_argument("--interop", type=int, default=0, help="torch.set_num_interop_threads")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--no-diffaug", action="store_true")
    p.add_argument("--no-sn", action="store_true")
    p.add_argument("--translation", choices=["gather", "slices"], default="gather")
    p.add_argument("--foreach", action="store_true", help="Adam(foreach=True): multi-tensor Adam")
    p.add_argument("--results", help="write ms= lines (one per timed step) to this file")
    p.add_argument("--profile", help="write torch.profiler's Chrome trace of all steps here")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    if a.interop > 0:
        torch.set_num_interop_threads(a.interop)
    torch.manual_seed(1)
    res, latent = 64, 128
    g = Generator(res, 32, latent)
    d = Discriminator(res, 32, not a.no_sn)
    init(g)
    init(d)
    adam = {"lr": 2e-4, "betas": (0.5, 0.999)}
    if a.foreach:
        adam["foreach"] = True
    opt_g = torch.optim.Adam(g.parameters(), **adam)
    opt_d = torch.optim.Adam(d.parameters(), **adam)
    translate = rand_translation_slices if a.translation == "slices" else rand_translation

    def augment(x):
        if a.no_diffaug:
            return x
        x = rand_contrast(rand_saturation(rand_brightness(x)))
        return rand_cutout(translate(x))

    gen = torch.Generator().manual_seed(1)
    real = torch.rand(a.batch, 3, res, res, generator=gen) * 2 - 1

    def step():
        opt_d.zero_grad()
        with torch.no_grad():
            fake = g(torch.randn(a.batch, latent))
        dr = d(augment(real))
        df = d(augment(fake))
        loss = F.softplus(-dr).mean() + F.softplus(df).mean()
        loss.item()
        loss.backward()
        opt_d.step()

        opt_g.zero_grad()
        df = d(augment(g(torch.randn(a.batch, latent))))
        loss = F.softplus(-df).mean()
        loss.item()
        loss.backward()
        opt_g.step()

    print(
        f"PyTorch {torch.__version__} (Python {sys.version.split()[0]}): intra-op threads"
        f" {torch.get_num_threads()}, inter-op threads {torch.get_num_interop_threads()},"
        f" {os.cpu_count()} CPUs, OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', 'unset')};"
        f" batch {a.batch}, spectral norm {'off' if a.no_sn else 'on'},"
        f" DiffAugment {'off' if a.no_diffaug else 'on (translation: ' + a.translation + ')'},"
        f" Adam foreach {adam.get('foreach', 'default')};"
        f" {a.warmup} warm-up + {a.timed} timed steps"
    )
    g.train()
    d.train()
    ms = []
    prof = None
    if a.profile:
        prof = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU])
        prof.__enter__()
    for i in range(a.warmup + a.timed):
        t0 = time.perf_counter_ns()
        step()
        if i >= a.warmup:
            ms.append((time.perf_counter_ns() - t0) / 1e6)
    if prof is not None:
        prof.__exit__(None, None, None)
        prof.export_chrome_trace(a.profile)
    s = sorted(ms)
    n = len(s)
    median = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    print(
        f"  torch_step median {median:8.1f} ms/step ({1000 / median:.3f} steps/s),"
        f" min {s[0]:.1f}, max {s[-1]:.1f}, {n} steps"
    )
    if a.results:
        with open(a.results, "w", encoding="utf-8") as f:
            f.write(f"intra_threads={torch.get_num_threads()}\n")
            f.write("".join(f"ms={v:.3f}\n" for v in ms))


if __name__ == "__main__":
    main()
