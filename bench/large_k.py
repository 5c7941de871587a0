#!/usr/bin/python3
"""Many clusters: lloyd_kmeans against scikit-learn's KMeans and FAISS from the same start.

    /usr/bin/python3 bench/large_k.py LLOYD_KMEANS WORKDIR [--n 200000] [--d 128] [--k 4096]
        [--iters 10] [--threads 2] [--skip sklearn faiss] [--data X.npy]

LLOYD_KMEANS is the built tool (e.g. build/tools/lloyd_kmeans/lloyd_kmeans, the README build). The
data (written once to WORKDIR, numpy seed 0) are N×D float32 points from 2·K Gaussian clusters of
random spread around centres uniform in [-1, 1]^D; `--data X.npy` uses an existing N×D float32 file
instead (e.g. Fashion-MNIST with --k 1024). The start is K distinct data points (seed 1).
Each library runs `--iters` Lloyd iterations from that start with tol 0 on `--threads` threads
(OMP_NUM_THREADS, threadpoolctl), each in its own process, and the script prints the wall time of
the fit (the first full pass included), the inertia of the returned centres and labels, and the
process's peak resident memory (ru_maxrss) against the size of the data. Debian packages:
python3-sklearn, python3-faiss (optional: a missing library is reported and skipped).
"""
import argparse
import json
import os
import pathlib
import subprocess
import sys
import time

import numpy as np

CHILD = r"""
import resource, sys, time, json, numpy as np
lib, x_path, c_path, iters, threads = sys.argv[1:6]
iters, threads = int(iters), int(threads)
x = np.load(x_path, mmap_mode=None); c = np.load(c_path)
if lib == "sklearn":
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits
else:
    import faiss
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
if lib == "sklearn":
    with threadpool_limits(threads):
        km = KMeans(len(c), init=c, n_init=1, max_iter=iters, tol=0, algorithm="lloyd").fit(x)
    inertia, n_iter = float(km.inertia_), int(km.n_iter_)
else:
    faiss.omp_set_num_threads(threads)
    km = faiss.Kmeans(x.shape[1], len(c), niter=iters, seed=1, max_points_per_centroid=1 << 30)
    km.train(x, init_centroids=c)
    d, _ = km.index.search(x, 1)
    inertia, n_iter = float(d.astype(np.float64).sum()), iters
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "inertia": inertia, "n_iter": n_iter,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "loaded_mb": base / 1024}))
"""


def make_data(workdir, n, d, k, given=None):
    if given is not None and not given.exists():
        sys.exit(f"large_k.py: {given}: no such file")
    x_path = given or workdir / f"large_{n}x{d}.npy"
    if not x_path.exists():
        rng = np.random.default_rng(0)
        centres = rng.uniform(-1, 1, size=(2 * k, d)).astype(np.float32)
        spread = rng.uniform(0.05, 0.3, size=2 * k).astype(np.float32)
        which = rng.integers(0, 2 * k, n)
        x = centres[which] + rng.normal(size=(n, d)).astype(np.float32) * spread[which, None]
        np.save(x_path, x.astype(np.float32))
    c_path = workdir / f"{x_path.stem}_C{k}.npy"
    if not c_path.exists():
        x = np.load(x_path, mmap_mode="r")
        n = len(x)
        np.save(c_path, np.asarray(x[np.sort(np.random.default_rng(1).choice(n, k, replace=False))]))
    return x_path, c_path


def run_lloyd(exe, x_path, c_path, iters, threads):
    cmd = ["/usr/bin/time", "-f", "%M", str(exe), str(x_path), "--init", str(c_path), "--max-iter", str(iters),
           "--tol", "0", "--threads", str(threads), "--json"]
    p = subprocess.run(cmd, check=True, capture_output=True, text=True)
    r = json.loads(p.stdout)
    return {"seconds": r["seconds_total"], "inertia": r["inertia"], "n_iter": r["n_iter"],
            "peak_mb": int(p.stderr.strip().splitlines()[-1]) / 1024, "algorithm": r.get("algorithm"),
            "isa": r.get("isa")}


def run_child(lib, x_path, c_path, iters, threads):
    env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
    p = subprocess.run([sys.executable, "-c", CHILD, lib, str(x_path), str(c_path), str(iters), str(threads)],
                       capture_output=True, text=True, env=env)
    if p.returncode != 0:
        return {"error": (p.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(p.stdout.strip().splitlines()[-1])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("exe", type=pathlib.Path)
    p.add_argument("workdir", type=pathlib.Path)
    p.add_argument("--n", type=int, default=200000)
    p.add_argument("--d", type=int, default=128)
    p.add_argument("--k", type=int, default=4096)
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--skip", nargs="*", default=[])
    p.add_argument("--data", type=pathlib.Path)
    a = p.parse_args()
    a.workdir.mkdir(parents=True, exist_ok=True)
    x_path, c_path = make_data(a.workdir, a.n, a.d, a.k, a.data)
    if a.data:
        a.n, a.d = np.load(a.data, mmap_mode="r").shape
    data_mb = a.n * a.d * 4 / 2**20
    print(f"# {a.n} x {a.d} float32 ({data_mb:.0f} MiB), K = {a.k}, {a.iters} iterations, {a.threads} threads")
    results = {"lloyd": run_lloyd(a.exe, x_path, c_path, a.iters, a.threads)}
    for lib in ("sklearn", "faiss"):
        if lib not in a.skip:
            results[lib] = run_child(lib, x_path, c_path, a.iters, a.threads)
    ref = results["lloyd"]
    for lib, r in results.items():
        if "error" in r:
            print(f"{lib}: skipped ({r['error']})")
            continue
        print(f"{lib}: {r['seconds']:.2f} s ({r['seconds'] / ref['seconds']:.2f}x lloyd), inertia {r['inertia']:.8g} "
              f"({r['inertia'] / ref['inertia'] - 1:+.1e} vs lloyd), {r['n_iter']} iterations, "
              f"peak {r['peak_mb']:.0f} MiB ({r['peak_mb'] / data_mb:.2f}x the data)", flush=True)


if __name__ == "__main__":
    main()
