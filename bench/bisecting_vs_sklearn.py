#!/usr/bin/python3
"""lloyd's BisectingKMeans against scikit-learn's on blobs and a .npy data set (float32).

    /usr/bin/python3 bench/bisecting_vs_sklearn.py WORKDIR [blobs|X.npy ...] [--k 10 64] [--seeds 0 1 2]
        [--threads 1] [--tol 0]

Builds bench/bench_bisecting.cpp with g++ -O3 -march=native -fopenmp into WORKDIR (once); the data
set "blobs" (the default) is written to WORKDIR/blobs.npy (100000 x 16, 64 Gaussian blobs of unit
spread, centres uniform in [-10, 10]^16, numpy seed 0). Then for each data set, K,
strategy and seed runs one lloyd fit (default policies: local-search k-means++ seeding, n_init=1 per
split) and scikit-learn's BisectingKMeans(n_init=1) with init="random" (its default) and
init="k-means++", and prints the inertias, the ratios lloyd / sklearn and the fit times, then their
means over the seeds (ratio of the mean inertias, of the mean times). Both use
`--threads` threads (OMP_NUM_THREADS, OPENBLAS_NUM_THREADS).
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent


def build(workdir):
    exe = workdir / "bench_bisecting"
    if not exe.exists():
        eigen = "/usr/include/eigen3"
        cmd = ["g++", "-std=c++17", "-O3", "-march=native", "-fopenmp", "-DNDEBUG", f"-I{ROOT / 'include'}",
               f"-I{eigen}", str(ROOT / "bench" / "bench_bisecting.cpp"), "-o", str(exe)]
        print("#", " ".join(cmd), flush=True)
        subprocess.run(cmd, check=True)
    return exe


def blobs(workdir):
    path = workdir / "blobs.npy"
    if not path.exists():
        rng = np.random.default_rng(0)
        centres = rng.uniform(-10, 10, size=(64, 16))
        X = centres[rng.integers(0, 64, size=100000)] + rng.normal(size=(100000, 16))
        np.save(path, X.astype(np.float32))
    return path


def run_lloyd(exe, path, k, strategy, seed, tol, env):
    cmd = [str(exe), str(path), str(k), strategy, "1", str(seed), str(tol)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out)


def run_sklearn(X, k, strategy, seed, init):
    from sklearn.cluster import BisectingKMeans

    t0 = time.perf_counter()
    bk = BisectingKMeans(n_clusters=k, init=init, n_init=1, random_state=seed, bisecting_strategy=strategy).fit(X)
    return {"inertia": float(bk.inertia_), "seconds": time.perf_counter() - t0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workdir")
    ap.add_argument("data", nargs="*", default=["blobs"])
    ap.add_argument("--k", type=int, nargs="+", default=[10, 64])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--tol", type=float, default=0.0, help="lloyd's (relative) tol of each split")
    args = ap.parse_args()
    workdir = pathlib.Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    env = dict(os.environ)
    exe = build(workdir)
    sets = [blobs(workdir) if d == "blobs" else pathlib.Path(d) for d in args.data]
    print("| data | K | strategy | seed | lloyd inertia | / sklearn random | / sklearn k-means++ "
          "| lloyd s | sklearn s (random, k-means++) | time ratio (random) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for path in sets:
        X = np.load(path).astype(np.float32)
        for k in args.k:
            for strategy in ("biggest_inertia", "largest_cluster"):
                sums = np.zeros(6)
                for seed in args.seeds:
                    ll = run_lloyd(exe, path, k, strategy, seed, args.tol, env)
                    sr = run_sklearn(X, k, strategy, seed, "random")
                    sp = run_sklearn(X, k, strategy, seed, "k-means++")
                    sums += [ll["inertia"], sr["inertia"], sp["inertia"], ll["seconds"], sr["seconds"], sp["seconds"]]
                    print(f"| {path.name} | {k} | {strategy} | {seed} | {ll['inertia']:.6g} "
                          f"| {ll['inertia'] / sr['inertia']:.4f} | {ll['inertia'] / sp['inertia']:.4f} "
                          f"| {ll['seconds']:.2f} | {sr['seconds']:.2f}, {sp['seconds']:.2f} "
                          f"| {ll['seconds'] / sr['seconds']:.2f} |", flush=True)
                m = sums / len(args.seeds)
                print(f"| {path.name} | {k} | {strategy} | mean | {m[0]:.6g} | {m[0] / m[1]:.4f} | {m[0] / m[2]:.4f} "
                      f"| {m[3]:.2f} | {m[4]:.2f}, {m[5]:.2f} | {m[3] / m[4]:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
