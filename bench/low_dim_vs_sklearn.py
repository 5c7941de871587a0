#!/usr/bin/python3
"""lloyd_kmeans against scikit-learn's KMeans on low-dimensional data (D = 2, 3, 8; N = 250,000).

    /usr/bin/python3 bench/low_dim_vs_sklearn.py LLOYD_KMEANS WORKDIR [--d 2 3 8] [--k 16 64]
        [--threads 2] [--iters 20] [--algorithms auto brute yinyang] [--default-fit]

LLOYD_KMEANS is the built tool (e.g. build/tools/lloyd_kmeans/lloyd_kmeans: the README build). The
data (written once to WORKDIR, numpy seed 1) are smooth densities, not blobs: half the points from 8
wide, correlated Gaussians, half uniform in [-4, 4]^D. The starts are K distinct data points (seed 2).
For each D and K it runs, from the same start, `--iters` Lloyd iterations with tol 0 in lloyd
(each --algorithms) and in scikit-learn (algorithm="lloyd"), and prints milliseconds per iteration
and the ratio lloyd / sklearn; with --default-fit also both libraries' default fits (lloyd:
local-search k-means++, n_init 10; sklearn 1.2: k-means++, n_init 10), time and inertia. Both use
`--threads` threads (OMP_NUM_THREADS, threadpoolctl).
"""
import argparse
import json
import pathlib
import subprocess
import time
import warnings

import numpy as np


def smooth_density(n, d, seed=1):
    rng = np.random.default_rng(seed)
    means = rng.normal(size=(8, d)) * 2
    half = n // 2
    mix = rng.normal(size=(half, d)) @ rng.normal(size=(d, d)) * 0.7 + means[rng.integers(0, 8, half)]
    x = np.concatenate([mix, rng.uniform(-4, 4, size=(n - half, d))])
    rng.shuffle(x)
    return np.ascontiguousarray(x)


def data(workdir, d, k):
    x_path = workdir / f"smooth{d}.npy"
    if not x_path.exists():
        np.save(x_path, smooth_density(250000, d))
    x = np.load(x_path)
    c_path = workdir / f"smooth{d}_C{k}.npy"
    if not c_path.exists():
        np.save(c_path, x[np.random.default_rng(2).choice(len(x), k, replace=False)])
    return x, x_path, np.load(c_path), c_path


def lloyd(exe, args, threads):
    out = subprocess.run([str(exe)] + args + ["--threads", str(threads), "--json"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def sklearn_fit(x, k, threads, **kw):
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits
    with threadpool_limits(threads), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = time.perf_counter()
        km = KMeans(k, **kw).fit(x)
        return time.perf_counter() - t, km


def main():
    p = argparse.ArgumentParser()
    p.add_argument("exe", type=pathlib.Path)
    p.add_argument("workdir", type=pathlib.Path)
    p.add_argument("--d", type=int, nargs="+", default=[2, 3, 8])
    p.add_argument("--k", type=int, nargs="+", default=[16, 64])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--iters", type=int, default=20)
    p.add_argument("--algorithms", nargs="+", default=["auto"])
    p.add_argument("--default-fit", action="store_true")
    a = p.parse_args()
    a.workdir.mkdir(parents=True, exist_ok=True)
    for d in a.d:
        for k in a.k:
            x, x_path, c, c_path = data(a.workdir, d, k)
            t, km = sklearn_fit(x, k, a.threads, init=c, n_init=1, max_iter=a.iters, tol=0, algorithm="lloyd")
            sk_ms = 1000 * t / km.n_iter_
            row = f"D={d} K={k} sklearn {sk_ms:.1f} ms/iter"
            for alg in a.algorithms:
                r = lloyd(a.exe, [str(x_path), "--init", str(c_path), "--max-iter", str(a.iters), "--tol", "0",
                                  "--algorithm", alg], a.threads)
                rel = abs(r["inertia"] - km.inertia_) / km.inertia_
                row += f" | {alg} {r['ms_per_iter']:.1f} ({r['ms_per_iter'] / sk_ms:.2f}x, inertia rel. diff {rel:.1e})"
            print(row, flush=True)
            if a.default_fit:
                t, km = sklearn_fit(x, k, a.threads, n_init=10, random_state=0)
                r = lloyd(a.exe, [str(x_path), "--k", str(k)], a.threads)
                print(f"D={d} K={k} default fit: sklearn {t:.2f} s inertia {km.inertia_:.6g} | lloyd "
                      f"{r['seconds_total']:.2f} s ({r['seconds_total'] / t:.2f}x; seeding {r['seconds_seeding']:.2f} s)"
                      f" inertia {r['inertia']:.6g} ({r['inertia'] / km.inertia_ - 1:+.2e})", flush=True)


if __name__ == "__main__":
    main()
