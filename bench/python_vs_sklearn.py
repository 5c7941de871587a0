#!/usr/bin/python3
"""lloyd.KMeans against sklearn.cluster.KMeans on the same data, in one run, side by side.

usage: PYTHONPATH=build/python python3 bench/python_vs_sklearn.py DATA.npy:K[:C0.npy][:float64] ...
       [--repeat R] [--max-iter N] [--only defaults|same-start] [--cli build/tools/lloyd_kmeans/lloyd_kmeans]

e.g. Fashion-MNIST (bench/prepare_fmnist.py X.npy) at K = 10, and 250000 points in 3 dimensions
(bench/make_blobs_npy.py low.npy 250000 3 20 0: 20 blobs) at K = 20, converted to float64:
  bench/python_vs_sklearn.py X.npy:10 low.npy:20:float64

For each DATA:K, two comparisons, each timed R times alternately (the minimum wall time is kept):
  defaults    lloyd.KMeans(K, random_state=0) against KMeans(K, n_init=10, random_state=0): each
              library's own defaults (lloyd: breathing k-means, one run; scikit-learn: k-means++, lloyd
              algorithm), best of 10 runs, tol 1e-4, max_iter 300
  same start  both from the centres C0 (C0.npy when given, else scikit-learn's kmeans_plusplus with
              random_state 0), one run; with --max-iter N, exactly N iterations each (tol 0), which
              bounds the time of a large K (the defaults then run once with --repeat 1)
--only runs one of the two comparisons (a large K's defaults take minutes).
Inertia is recomputed in float64 for both from their centres and labels. With --cli, the same-start
fit is also run by lloyd_kmeans (--json seconds_total, computation only) to show the cost of the
Python layer. Prints a Markdown table: wall seconds, inertia, and the ratios lloyd / scikit-learn.
Threads: each library's default (all cores).
"""
import argparse
import json
import os
import subprocess
import tempfile
import time

import numpy as np
from sklearn.cluster import KMeans, kmeans_plusplus

import lloyd


def inertia64(X, C, labels):
    total = 0.0
    for b in range(0, len(X), 8192):
        d = X[b:b + 8192].astype(np.float64) - C[labels[b:b + 8192]].astype(np.float64)
        total += float(np.einsum("ij,ij->", d, d))
    return total


def timed(make, X, repeat):
    best, est = float("inf"), None
    for _ in range(repeat):
        est = make()
        t = time.perf_counter()
        est.fit(X)
        best = min(best, time.perf_counter() - t)
    return best, est


def cli_seconds(cli, X, C0, extra):
    with tempfile.TemporaryDirectory() as tmp:
        np.save(os.path.join(tmp, "X.npy"), X)
        np.save(os.path.join(tmp, "C0.npy"), C0)
        out = subprocess.run([cli, os.path.join(tmp, "X.npy"), "--init", os.path.join(tmp, "C0.npy"), *extra,
                              "--json", "--quiet"], capture_output=True, text=True, check=True)
        return json.loads(out.stdout)["seconds_total"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("sets", nargs="+", help="DATA.npy:K, then optionally :C0.npy and :float32 or :float64")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--max-iter", type=int, help="same start: N iterations each (tol 0)")
    p.add_argument("--only", choices=["defaults", "same-start"])
    p.add_argument("--cli")
    a = p.parse_args()
    print("| data | K | comparison | lloyd s | sklearn s | time ratio | lloyd inertia | sklearn inertia | inertia ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    for spec in a.sets:
        path, k, *rest = spec.split(":")
        k = int(k)
        dtypes = [r for r in rest if r in ("float32", "float64")]
        c0 = [r for r in rest if r not in dtypes]
        X = np.ascontiguousarray(np.load(path), dtype=dtypes[0] if dtypes else None)
        C0 = np.load(c0[0]).astype(X.dtype) if c0 else kmeans_plusplus(X, k, random_state=0)[0].astype(X.dtype)
        name = f"{os.path.basename(path)} {X.shape[0]}×{X.shape[1]} {X.dtype}"
        fixed = {"max_iter": a.max_iter, "tol": 0.0} if a.max_iter else {}
        cases = [
            ("defaults", lambda: lloyd.KMeans(k, random_state=0), lambda: KMeans(k, n_init=10, random_state=0)),
            ("same start", lambda: lloyd.KMeans(k, init=C0, n_init=1, **fixed),
             lambda: KMeans(k, init=C0, n_init=1, random_state=0, **fixed)),
        ]
        for label, mine, theirs in cases:
            if a.only and a.only != label.replace(" ", "-"):
                continue
            tl, el = timed(mine, X, a.repeat)
            ts, es = timed(theirs, X, a.repeat)
            il, is_ = inertia64(X, el.cluster_centers_, el.labels_), inertia64(X, es.cluster_centers_, es.labels_)
            print(f"| {name} | {k} | {label} (iterations {el.n_iter_} / {es.n_iter_}) | {tl:.3f} | {ts:.3f} | "
                  f"{tl / ts:.2f} | {il:.6g} | {is_:.6g} | {il / is_:.4f} |", flush=True)
        if a.cli:
            t = time.perf_counter()
            lloyd.KMeans(k, init=C0, n_init=1, **fixed).fit(X)
            tp = time.perf_counter() - t
            tc = cli_seconds(a.cli, X, C0, ["--max-iter", str(a.max_iter), "--tol", "0"] if a.max_iter else [])
            print(f"| {name} | {k} | same start: Python {tp:.3f} s, lloyd_kmeans {tc:.3f} s | | | {tp / tc:.2f} | | | |",
                  flush=True)


if __name__ == "__main__":
    main()
