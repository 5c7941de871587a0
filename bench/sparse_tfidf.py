#!/usr/bin/env python3
"""A reproducible TF-IDF-like sparse matrix for the sparse-input benchmark (docs/BENCHMARKS.md,
"Sparse input"), and scikit-learn's KMeans on it from the same start.

usage:
  sparse_tfidf.py make OUTDIR [--docs 50000] [--terms 30000] [--words 120] [--topics 20]
                              [--dense-docs 10000] [--seed 0]
      writes OUTDIR/tfidf.svm (docs x terms, 1-based svmlight, label = topic), OUTDIR/tfidf.npz
      (scipy CSR), OUTDIR/C0.npy (topics x terms: the first row of each topic), OUTDIR/C0r.npy
      (topics x terms: --topics rows drawn at random, seed 1: the start of the timed runs),
      and for the dense comparison OUTDIR/tfidf_small.svm, OUTDIR/tfidf_small_f32.npy (the first
      --dense-docs rows, dense float32) and OUTDIR/C0_small.npy
  sparse_tfidf.py sklearn OUTDIR [--max-iter 30] [--small] [--init C0r.npy]
      sklearn.cluster.KMeans(algorithm="lloyd", init=OUTDIR/INIT, n_init=1, tol=0) on the CSR matrix;
      prints one JSON line: n_iter, inertia, seconds, ms_per_iter

Each document draws --words term occurrences, half from a global Zipf law over the vocabulary
(p(r) ~ 1/(r + 2.7)^1.1, rank r) and half from its topic's Zipf law over a topic-specific
permutation of the vocabulary; repeated terms add up (term frequency). Values are
tf * log(N / df), each row scaled to unit L2 norm (scikit-learn's TfidfVectorizer defaults, up to
its smoothing). ~100 distinct nonzeros per row at the defaults.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import scipy.sparse as sp


def zipf_probabilities(terms):
    p = 1.0 / (np.arange(terms) + 2.7) ** 1.1
    return p / p.sum()


def make(args):
    rng = np.random.default_rng(args.seed)
    n, d, words, k = args.docs, args.terms, args.words, args.topics
    p = zipf_probabilities(d)
    perms = np.stack([rng.permutation(d) for _ in range(k)])
    topic = np.arange(n) % k
    half = words // 2
    common = rng.choice(d, size=(n, half), p=p)
    own = perms[topic[:, None], rng.choice(d, size=(n, words - half), p=p)]
    cols = np.concatenate([common, own], axis=1).ravel()
    rows = np.repeat(np.arange(n), words)
    tf = sp.csr_matrix((np.ones(cols.size), (rows, cols)), shape=(n, d))  # duplicates summed
    tf.sum_duplicates()
    df = np.bincount(tf.indices, minlength=d)
    idf = np.log(n / np.maximum(df, 1))
    X = tf.multiply(idf[None, :]).tocsr()
    X.eliminate_zeros()
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    X = sp.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ X
    X = X.tocsr()
    X.sort_indices()
    os.makedirs(args.outdir, exist_ok=True)
    first = np.array([np.flatnonzero(topic == t)[0] for t in range(k)])
    write_set(args.outdir, "tfidf", X, topic, first)
    m = args.dense_docs
    write_set(args.outdir, "tfidf_small", X[:m], topic[:m], first)
    np.save(os.path.join(args.outdir, "tfidf_small_f32.npy"), X[:m].toarray().astype(np.float32))
    rows = np.random.default_rng(1).choice(m, k, replace=False)  # in both sets
    np.save(os.path.join(args.outdir, "C0r.npy"), X[rows].toarray())
    print(json.dumps({"docs": n, "terms": d, "nnz": int(X.nnz), "nnz_per_row": X.nnz / n}))


def write_set(outdir, name, X, labels, first):
    sp.save_npz(os.path.join(outdir, name + ".npz"), X)
    np.save(os.path.join(outdir, ("C0" if name == "tfidf" else "C0_small") + ".npy"), X[first].toarray())
    with open(os.path.join(outdir, name + ".svm"), "w") as f:
        for i in range(X.shape[0]):
            a, b = X.indptr[i], X.indptr[i + 1]
            pairs = " ".join(f"{j + 1}:{v!r}" for j, v in zip(X.indices[a:b], X.data[a:b]))
            f.write(f"{labels[i]} {pairs}\n")


def run_sklearn(args):
    from sklearn.cluster import KMeans

    name = "tfidf_small" if args.small else "tfidf"
    X = sp.load_npz(os.path.join(args.outdir, name + ".npz")).tocsr()
    C0 = np.load(os.path.join(args.outdir, args.init))
    km = KMeans(n_clusters=C0.shape[0], init=C0, n_init=1, max_iter=args.max_iter, tol=0, algorithm="lloyd")
    t = time.perf_counter()
    km.fit(X)
    seconds = time.perf_counter() - t
    print(json.dumps({"n_iter": int(km.n_iter_), "inertia": float(km.inertia_), "seconds": seconds,
                      "ms_per_iter": 1e3 * seconds / km.n_iter_}))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make")
    m.add_argument("outdir")
    m.add_argument("--docs", type=int, default=50000)
    m.add_argument("--terms", type=int, default=30000)
    m.add_argument("--words", type=int, default=120)
    m.add_argument("--topics", type=int, default=20)
    m.add_argument("--dense-docs", type=int, default=10000)
    m.add_argument("--seed", type=int, default=0)
    s = sub.add_parser("sklearn")
    s.add_argument("outdir")
    s.add_argument("--max-iter", type=int, default=30)
    s.add_argument("--small", action="store_true")
    s.add_argument("--init", default="C0r.npy")
    args = ap.parse_args()
    make(args) if args.cmd == "make" else run_sklearn(args)


if __name__ == "__main__":
    sys.exit(main())
