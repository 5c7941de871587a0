"""The same seed gives the same result as the C++ library, through lloyd_kmeans (its CLI): centres
and labels bit for bit, the same inertia and n_iter, for float32 and float64, every init, every
algorithm, refinement, weights, mini-batch, and model files both ways."""
import numpy as np
import pytest

import lloyd
from conftest import blobs


def run_cli(cli, tmp_path, X, *args, w=None):
    np.save(tmp_path / "X.npy", X)
    extra = []
    if w is not None:
        np.save(tmp_path / "w.npy", w)
        extra = ["--weights", tmp_path / "w.npy"]
    info = cli(tmp_path / "X.npy", "--centroids", tmp_path / "C.npy", "--labels", tmp_path / "l.npy", *extra, *args)
    return info, np.load(tmp_path / "C.npy"), np.load(tmp_path / "l.npy")


def assert_same(km, info, C, labels):
    assert km.cluster_centers_.dtype == C.dtype
    assert np.array_equal(km.cluster_centers_, C)  # bit for bit
    assert np.array_equal(km.labels_, labels)
    assert km.inertia_ == info["inertia"]
    assert km.n_iter_ == info["n_iter"]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("init", ["local-search", "k-means++", "random"])
def test_kmeans_matches_cli(cli, tmp_path, dtype, init):
    X = blobs(n=800, d=4, centres=6, seed=1, dtype=dtype)
    km = lloyd.KMeans(6, init=init, n_init=3, refine=None, random_state=12345).fit(X)
    assert_same(km, *run_cli(cli, tmp_path, X, "--k", 6, "--init", init, "--n-init", 3, "--seed", 12345))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_default_and_breathing_match_cli(cli, tmp_path, dtype):
    # The defaults (k-means++, one run, breathing k-means) are lloyd_kmeans' without --init/--refine.
    X = blobs(n=900, d=3, centres=12, seed=5, dtype=dtype)
    km = lloyd.KMeans(10, random_state=99).fit(X)
    info, C, labels = run_cli(cli, tmp_path, X, "--k", 10, "--seed", 99)
    assert_same(km, info, C, labels)
    assert info["n_init"] == 1
    km = lloyd.KMeans(10, init="local-search", refine="breathing", n_init=2, random_state=4).fit(X)
    args = ("--k", 10, "--init", "local-search", "--refine", "breathing", "--n-init", 2, "--seed", 4)
    assert_same(km, *run_cli(cli, tmp_path, X, *args))


@pytest.mark.parametrize("algorithm", lloyd.ALGORITHMS)
def test_every_algorithm_matches_cli(cli, tmp_path, algorithm):
    X = blobs(n=500, d=3, centres=5, seed=2, dtype=np.float32)
    km = lloyd.KMeans(5, algorithm=algorithm, n_init=2, random_state=7).fit(X)
    assert_same(km, *run_cli(cli, tmp_path, X, "--k", 5, "--algorithm", algorithm, "--n-init", 2, "--seed", 7))


def test_refine_weights_and_given_centres_match_cli(cli, tmp_path):
    X = blobs(n=600, d=3, centres=5, seed=3)
    w = np.random.default_rng(0).uniform(0.5, 2, size=len(X))
    km = lloyd.KMeans(5, refine="random-swap", n_init=2, tol=0, random_state=2**63 + 5).fit(X, sample_weight=w)
    args = ("--k", 5, "--refine", "random-swap", "--n-init", 2, "--tol", 0, "--seed", 2**63 + 5)
    assert_same(km, *run_cli(cli, tmp_path, X, *args, w=w))
    init = X[:5].copy()
    np.save(tmp_path / "init.npy", init)
    km = lloyd.KMeans(5, init=init, max_iter=4).fit(X)
    assert_same(km, *run_cli(cli, tmp_path, X, "--init", tmp_path / "init.npy", "--max-iter", 4))


def test_mini_batch_matches_cli(cli, tmp_path):
    X = blobs(n=3000, d=4, centres=5, seed=4, dtype=np.float32)
    mb = lloyd.MiniBatchKMeans(5, batch_size=256, random_state=11).fit(X)
    info, C, labels = run_cli(cli, tmp_path, X, "--k", 5, "--mini-batch", "--batch-size", 256, "--seed", 11)
    assert np.array_equal(mb.cluster_centers_, C)
    assert np.array_equal(mb.labels_, labels)
    assert mb.inertia_ == info["inertia"]
    assert mb.n_steps_ == info["n_iter"]


def test_model_files_both_ways(cli, tmp_path):
    X = blobs(n=400, d=3, centres=4, seed=5, dtype=np.float32)
    np.save(tmp_path / "X.npy", X)
    # The CLI's model, loaded in Python.
    cli(tmp_path / "X.npy", "--k", 4, "--seed", 3, "--save-model", tmp_path / "cli.npz", "--labels", tmp_path / "l.npy")
    km = lloyd.load(tmp_path / "cli.npz")
    assert np.array_equal(km.predict(X), np.load(tmp_path / "l.npy"))
    assert km.cluster_centers_.dtype == np.float32 and km.n_clusters == 4 and km.random_state == 3
    # Python's model, applied by the CLI.
    mine = lloyd.KMeans(4, random_state=9).fit(X)
    lloyd.save(tmp_path / "py.npz", mine)
    info = cli(tmp_path / "X.npy", "--model", tmp_path / "py.npz", "--labels", tmp_path / "l2.npy")
    assert np.array_equal(np.load(tmp_path / "l2.npy"), mine.labels_)
    assert info["inertia"] == pytest.approx(mine.inertia_, rel=1e-12)
