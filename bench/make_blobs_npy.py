#!/usr/bin/env python3
"""Writes an (N, D) float32 .npy file of Gaussian blobs, chunk by chunk (never N x D in memory).

usage: make_blobs_npy.py OUT.npy N D [K] [SEED] [BOX]
K centres uniform in [-BOX, BOX]^D (default 16 centres, BOX 10), each row a centre plus N(0, 1)
noise; row i belongs to blob i % K. A small BOX (e.g. 1) makes the blobs overlap, so that Lloyd
takes many iterations. Used for the out-of-core measurements in docs/SCALING.md.
"""
import sys

import numpy as np


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    out, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    k = int(sys.argv[4]) if len(sys.argv) > 4 else 16
    rng = np.random.default_rng(int(sys.argv[5]) if len(sys.argv) > 5 else 0)
    box = float(sys.argv[6]) if len(sys.argv) > 6 else 10.0
    centres = rng.uniform(-box, box, size=(k, d)).astype(np.float32)
    X = np.lib.format.open_memmap(out, mode="w+", dtype="<f4", shape=(n, d))
    chunk = 1 << 18
    for b in range(0, n, chunk):
        e = min(n, b + chunk)
        rows = np.arange(b, e) % k
        X[b:e] = centres[rows] + rng.standard_normal((e - b, d), dtype=np.float32)
    X.flush()
    del X


if __name__ == "__main__":
    main()
