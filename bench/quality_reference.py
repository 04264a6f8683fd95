#!/usr/bin/env python3
"""Independent NumPy/SciPy reference values for dev.verisim.gan.quality (not run by the build).

  python3 bench/quality_reference.py make DIR    # writes smooth.png and noisy.png (4 tiles each)
  python3 bench/quality_reference.py msssim DIR  # MS-SSIM of tile pairs
  python3 bench/quality_reference.py swd DIR SEED

msssim: the TensorFlow models' msssim.py (the code Karras et al. ship as metrics/ms_ssim.py and
AC-GAN's diversity used), with scipy.signal.fftconvolve, on the 3 RGB channels.
swd: Karras et al.'s metrics/sliced_wasserstein.py (pyramid with scipy.ndimage.convolve,
'mirror' borders, per-set normalisation, float32 projections), with np.random replaced by a port
of java.util.Random drawn in the order SlicedWasserstein documents, so both sides see the same
neighbourhoods and directions. Needs only numpy and scipy; PNGs are written and read by hand
(8-bit RGB, filter 0) because PIL is not installed.
"""
import math
import struct
import sys
import zlib

import numpy as np
import scipy.ndimage
from scipy import signal

TILE = 64
TILES = 4


# ---------------------------------------------------------------- PNG (8-bit RGB, filter 0 only)
def write_png(path, rgb):
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].astype(np.uint8).tobytes() for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def read_png(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert (depth, colour, interlace) == (8, 2, 0)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(h, 1 + 3 * w)
    assert (raw[:, 0] == 0).all(), "only filter 0"
    return raw[:, 1:].reshape(h, w, 3)


def tiles(path):
    img = read_png(path)
    return [img[:, i * TILE : (i + 1) * TILE] for i in range(img.shape[1] // TILE)]


def make(out):
    rng = np.random.default_rng(20260501)
    yy, xx = np.mgrid[0:TILE, 0:TILE] / TILE
    smooth = []
    for _ in range(TILES):
        img = np.zeros((TILE, TILE, 3))
        for c in range(3):
            for _ in range(3):
                fx, fy = rng.uniform(-3, 3, 2)
                img[:, :, c] += rng.uniform(20, 50) * np.sin(2 * np.pi * (fx * xx + fy * yy) + rng.uniform(0, 6.3))
        for _ in range(2):
            cx, cy, r = rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8), rng.uniform(0.08, 0.25)
            img[(xx - cx) ** 2 + (yy - cy) ** 2 < r * r] += rng.uniform(-60, 60, 3)
        smooth.append(np.clip(np.round(img + 128), 0, 255))
    noisy = [np.clip(np.round(s + rng.normal(0, 20, s.shape)), 0, 255) for s in smooth]
    write_png(out + "/smooth.png", np.concatenate(smooth, axis=1))
    write_png(out + "/noisy.png", np.concatenate(noisy, axis=1))


# ---------------------------------------------------------------- MS-SSIM (msssim.py)
def _fspecial_gauss(size, sigma):
    radius = size // 2
    offset = 0.0
    start, stop = -radius, radius + 1
    if size % 2 == 0:
        offset = 0.5
        stop -= 1
    x, y = np.mgrid[offset + start : stop, offset + start : stop]
    assert len(x) == size
    g = np.exp(-((x**2 + y**2) / (2.0 * sigma**2)))
    return g / g.sum()


def _ssim_for_multiscale(img1, img2, max_val=255, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03):
    img1 = img1.astype(np.float64)
    img2 = img2.astype(np.float64)
    _, height, width, _ = img1.shape
    size = min(filter_size, height, width)
    sigma = size * filter_sigma / filter_size
    window = np.reshape(_fspecial_gauss(size, sigma), (1, size, size, 1))
    mu1 = signal.fftconvolve(img1, window, mode="valid")
    mu2 = signal.fftconvolve(img2, window, mode="valid")
    sigma11 = signal.fftconvolve(img1 * img1, window, mode="valid")
    sigma22 = signal.fftconvolve(img2 * img2, window, mode="valid")
    sigma12 = signal.fftconvolve(img1 * img2, window, mode="valid")
    mu11, mu22, mu12 = mu1 * mu1, mu2 * mu2, mu1 * mu2
    sigma11 -= mu11
    sigma22 -= mu22
    sigma12 -= mu12
    c1 = (k1 * max_val) ** 2
    c2 = (k2 * max_val) ** 2
    v1 = 2.0 * sigma12 + c2
    v2 = sigma11 + sigma22 + c2
    ssim = np.mean((((2.0 * mu12 + c1) * v1) / ((mu11 + mu22 + c1) * v2)), axis=(1, 2, 3))
    cs = np.mean(v1 / v2, axis=(1, 2, 3))
    return ssim, cs


def _hox_downsample(img):
    return (img[:, 0::2, 0::2, :] + img[:, 1::2, 0::2, :] + img[:, 0::2, 1::2, :] + img[:, 1::2, 1::2, :]) * 0.25


def msssim(img1, img2):
    weights = np.array([0.0448, 0.2856, 0.3001, 0.2363, 0.1333])
    im1, im2 = [x[np.newaxis].astype(np.float64) for x in (img1, img2)]
    mssim, mcs = [], []
    for _ in range(weights.size):
        ssim, cs = _ssim_for_multiscale(im1, im2)
        mssim.append(ssim)
        mcs.append(cs)
        im1, im2 = [_hox_downsample(x) for x in (im1, im2)]
    mssim = np.clip(np.asarray(mssim), 0.0, np.inf)
    mcs = np.clip(np.asarray(mcs), 0.0, np.inf)
    return float(np.mean(np.prod(mcs[:-1, :] ** weights[:-1, np.newaxis], axis=0) * (mssim[-1, :] ** weights[-1])))


# ---------------------------------------------------------------- java.util.Random
M64 = (1 << 64) - 1


def stream(seed, k):  # SlicedWasserstein.stream: SplitMix64 finaliser
    z = (seed + k * 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


class JavaRandom:
    def __init__(self, seed):
        self.seed = (seed ^ 0x5DEECE66D) & ((1 << 48) - 1)
        self.next_gaussian = None

    def next(self, bits):
        self.seed = (self.seed * 0x5DEECE66D + 0xB) & ((1 << 48) - 1)
        r = self.seed >> (48 - bits)
        return r - (1 << 32) if r >= 1 << 31 else r  # (int) cast

    def next_int(self, bound):
        r = self.next(31)
        m = bound - 1
        if bound & m == 0:
            return (bound * r) >> 31
        u = r
        while True:
            r = u % bound
            if u - r + m < 1 << 31:  # no int overflow
                return r
            u = self.next(31)

    def next_double(self):
        return ((self.next(26) << 27) + self.next(27)) * 2.0**-53

    def gaussian(self):
        if self.next_gaussian is not None:
            g, self.next_gaussian = self.next_gaussian, None
            return g
        while True:
            v1 = 2 * self.next_double() - 1
            v2 = 2 * self.next_double() - 1
            s = v1 * v1 + v2 * v2
            if 0 < s < 1:
                break
        mul = math.sqrt(-2 * math.log(s) / s)
        self.next_gaussian = v2 * mul
        return v1 * mul


# ---------------------------------------------------------------- SWD (sliced_wasserstein.py)
gaussian_filter = np.float32([[1, 4, 6, 4, 1], [4, 16, 24, 16, 4], [6, 24, 36, 24, 6], [4, 16, 24, 16, 4], [1, 4, 6, 4, 1]]) / 256.0


def pyr_down(minibatch):
    return scipy.ndimage.convolve(minibatch, gaussian_filter[np.newaxis, np.newaxis, :, :], mode="mirror")[:, :, ::2, ::2]


def pyr_up(minibatch):
    S = minibatch.shape
    res = np.zeros((S[0], S[1], S[2] * 2, S[3] * 2), minibatch.dtype)
    res[:, :, ::2, ::2] = minibatch
    return scipy.ndimage.convolve(res, gaussian_filter[np.newaxis, np.newaxis, :, :] * 4.0, mode="mirror")


def generate_laplacian_pyramid(minibatch, num_levels):
    pyramid = [np.float32(minibatch)]
    for i in range(1, num_levels):
        pyramid.append(pyr_down(pyramid[-1]))
        pyramid[-2] -= pyr_up(pyramid[-1])
    return pyramid


def get_descriptors(level, nhood_size, nhoods_per_image, xs, ys):
    S = level.shape
    N = nhoods_per_image * S[0]
    H = nhood_size // 2
    nhood, chan, x, y = np.ogrid[0:N, 0:3, -H : H + 1, -H : H + 1]
    img = nhood // nhoods_per_image
    x = x + xs.reshape(N, 1, 1, 1)  # was np.random.randint(H, S[3] - H, size=(N, 1, 1, 1))
    y = y + ys.reshape(N, 1, 1, 1)
    idx = ((img * S[1] + chan) * S[2] + y) * S[3] + x
    return level.flat[idx]


def finalize_descriptors(desc):
    desc -= np.mean(desc, axis=(0, 2, 3), keepdims=True)
    desc /= np.std(desc, axis=(0, 2, 3), keepdims=True)
    return desc.reshape(desc.shape[0], -1)


def sliced_wasserstein(A, B, dir_repeats, dirs_per_repeat, rnd):
    results = []
    for repeat in range(dir_repeats):
        # was np.random.randn(A.shape[1], dirs_per_repeat); Java draws direction by direction
        dirs = np.array([[rnd.gaussian() for _ in range(A.shape[1])] for _ in range(dirs_per_repeat)]).T
        dirs /= np.sqrt(np.sum(np.square(dirs), axis=0, keepdims=True))
        dirs = dirs.astype(np.float32)
        projA = np.sort(np.matmul(A, dirs), axis=0)
        projB = np.sort(np.matmul(B, dirs), axis=0)
        results.append(np.mean(np.abs(projA - projB)))
    return np.mean(results)


def subsample(desc, n, rnd):  # SlicedWasserstein.subsample: partial Fisher-Yates
    count = len(desc)
    if count == n:
        return desc
    order = list(range(count))
    for i in range(n):
        j = i + rnd.next_int(count - i)
        order[i], order[j] = order[j], order[i]
    return desc[order[:n]]


def swd(set_a, set_b, seed):
    res = set_a[0].shape[0]
    resolutions = []
    while res >= 16:
        resolutions.append(res)
        res //= 2
    descs = []
    for images, k in ((set_a, 1), (set_b, 2)):
        rnd = JavaRandom(stream(seed, k))
        xs = [[] for _ in resolutions]
        ys = [[] for _ in resolutions]
        for _ in images:
            for lod, r in enumerate(resolutions):
                for _ in range(128):
                    xs[lod].append(3 + rnd.next_int(r - 6))
                    ys[lod].append(3 + rnd.next_int(r - 6))
        minibatch = np.stack(images).transpose(0, 3, 1, 2)  # NCHW uint8
        pyramid = generate_laplacian_pyramid(minibatch, len(resolutions))
        descs.append([finalize_descriptors(get_descriptors(level, 7, 128, np.array(xs[lod]), np.array(ys[lod])))
                      for lod, level in enumerate(pyramid)])
    rnd = JavaRandom(stream(seed, 3))
    sub = JavaRandom(stream(seed, 4))
    dist = []
    for a, b in zip(*descs):
        n = min(len(a), len(b))
        a, b = subsample(a, n, sub), subsample(b, n, sub)  # the reference needs equal counts
        dist.append(sliced_wasserstein(a, b, 4, 128, rnd) * 1e3)
    return resolutions, dist, float(np.mean(dist))


def main():
    cmd, folder = sys.argv[1], sys.argv[2]
    if cmd == "make":
        make(folder)
    elif cmd == "msssim":
        s, n = tiles(folder + "/smooth.png"), tiles(folder + "/noisy.png")
        print("smooth0 noisy0  %.10f" % msssim(s[0], n[0]))
        print("smooth0 smooth1 %.10f" % msssim(s[0], s[1]))
        print("smooth0 smooth0 %.10f" % msssim(s[0], s[0]))
    elif cmd == "swd":
        seed = int(sys.argv[3])
        s, n = tiles(folder + "/smooth.png"), tiles(folder + "/noisy.png")
        for name, a, b in (("smooth noisy", s, n), ("smooth smooth", s, s), ("smooth noisy[:3]", s, n[:3])):
            sizes, dist, avg = swd(a, b, seed)
            print(name, sizes, " ".join("%.8f" % d for d in dist), "avg %.8f" % avg)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
