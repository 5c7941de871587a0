#!/usr/bin/python3
"""Spherical (cosine) k-means in numpy: the reference lloyd::SphericalKMeans is compared with
(docs/BENCHMARKS.md "Spherical k-means").

  spherical_reference.py run X.npy C0.npy [--lloyd-labels L.npy] [--max-iter N]
      Lloyd iterations from the rows of C0 in float64: rows scaled to unit norm, label = the centre
      of largest cosine (ties -> lowest index), centre = unit weighted mean of its points (a zero
      mean or an empty cluster keeps the previous centre), until no label changes. Prints one JSON
      line: n_iter, inertia = sum(1 - cos), seconds, empty (clusters that became empty: lloyd then
      repairs, so the runs may part). With --lloyd-labels (bench_spherical --labels), also the
      number of labels that differ from lloyd's.
  spherical_reference.py embeddings OUT.npy N D K SEED
      Synthetic embeddings, float32 N x D: K random unit directions; point i = direction i % K plus
      Gaussian noise of norm ~0.8, scaled by a random norm in [0.5, 2].
"""
import json
import sys
import time

import numpy as np


def unit_rows(a):
    a = np.asarray(a, dtype=np.float64)
    n = np.linalg.norm(a, axis=1)
    if np.any(n == 0):
        raise SystemExit("row %d is the zero vector" % int(np.argmax(n == 0)))
    return a / n[:, None]


def spherical_kmeans(X, C, max_iter):
    """Returns labels, centres, n_iter, number of empty clusters met."""
    k = C.shape[0]
    labels = np.argmax(X @ C.T, axis=1)
    empty = 0
    n_iter = 0
    for it in range(1, max_iter + 1):
        counts = np.bincount(labels, minlength=k)
        S = np.stack([X[labels == c].sum(axis=0) for c in range(k)])
        norms = np.linalg.norm(S, axis=1)
        empty += int(np.sum(counts == 0))
        keep = norms == 0
        C = np.where(keep[:, None], C, S / np.where(keep, 1, norms)[:, None])
        new = np.argmax(X @ C.T, axis=1)
        n_iter = it
        changed = int(np.sum(new != labels))
        labels = new
        if changed == 0:
            break
    return labels, C, n_iter, empty


def run(argv):
    X = np.load(argv[0])
    C0 = np.load(argv[1])
    max_iter, lloyd_labels = 300, None
    i = 2
    while i < len(argv):
        if argv[i] == "--max-iter":
            max_iter = int(argv[i + 1])
        elif argv[i] == "--lloyd-labels":
            lloyd_labels = argv[i + 1]
        else:
            raise SystemExit("unexpected argument " + argv[i])
        i += 2
    t0 = time.perf_counter()
    Xn = unit_rows(X)
    labels, C, n_iter, empty = spherical_kmeans(Xn, unit_rows(C0), max_iter)
    secs = time.perf_counter() - t0
    inertia = float(np.sum(1 - np.einsum("ij,ij->i", Xn, C[labels])))
    out = {"impl": "numpy", "k": int(C0.shape[0]), "n_iter": n_iter, "seconds": round(secs, 4),
           "inertia": inertia, "empty": empty}
    if lloyd_labels:
        other = np.load(lloyd_labels)
        out["labels_differing_from_lloyd"] = int(np.sum(other != labels))
    print(json.dumps(out))


def embeddings(argv):
    path, n, d, k, seed = argv[0], int(argv[1]), int(argv[2]), int(argv[3]), int(argv[4])
    rng = np.random.default_rng(seed)
    dirs = unit_rows(rng.standard_normal((k, d)))
    X = dirs[np.arange(n) % k] + 0.8 * rng.standard_normal((n, d)) / np.sqrt(d)
    X = unit_rows(X) * rng.uniform(0.5, 2.0, size=(n, 1))
    np.save(path, X.astype(np.float32))


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "embeddings"):
        raise SystemExit(__doc__)
    {"run": run, "embeddings": embeddings}[sys.argv[1]](sys.argv[2:])
