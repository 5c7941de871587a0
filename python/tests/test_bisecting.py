"""lloyd.BisectingKMeans: lloyd_kmeans --bisecting's bits for the same seed, scikit-learn's
BisectingKMeans' inertia on blobs, predict down the tree, the hierarchy, model files and pickling.
(scikit-learn's estimator checks: test_estimator_checks.py.)"""
import pickle

import numpy as np
import pytest

import lloyd
from conftest import blobs
from test_against_cli import assert_same, run_cli


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("strategy", ["biggest_inertia", "largest_cluster"])
def test_bisecting_matches_cli(cli, tmp_path, dtype, strategy):
    X = blobs(n=900, d=4, centres=7, seed=6, dtype=dtype)
    w = np.random.default_rng(2).uniform(0.5, 2, size=len(X))
    bk = lloyd.BisectingKMeans(7, bisecting_strategy=strategy, random_state=2**40 + 3).fit(X, sample_weight=w)
    info, C, labels = run_cli(cli, tmp_path, X, "--k", 7, "--bisecting", strategy.replace("_", "-"),
                              "--seed", 2**40 + 3, w=w)
    assert info["estimator"] == "BisectingKMeans" and info["isa"] == lloyd.isa
    assert_same(bk, info, C, labels)


@pytest.mark.parametrize("algorithm", ["brute", "hamerly"])
def test_bisecting_init_and_algorithm(cli, tmp_path, algorithm):
    X = blobs(n=700, d=3, centres=5, seed=7)
    bk = lloyd.BisectingKMeans(5, init="random", n_init=3, tol=1e-4, algorithm=algorithm, random_state=5).fit(X)
    info, C, labels = run_cli(cli, tmp_path, X, "--k", 5, "--bisecting", "--init", "random", "--n-init", 3,
                              "--tol", 1e-4, "--seed", 5)
    assert_same(bk, info, C, labels)  # every algorithm is exact: the CLI's default gives the same bits


def test_bisecting_inertia_near_sklearn():
    """Bisecting is greedy: one seed's result depends on luck (±5% on overlapping blobs), so the
    inertia is averaged over 10 seeds on each of four blob sets, and the totals compared."""
    cluster = pytest.importorskip("sklearn.cluster")
    mine = theirs = 0.0
    for d, k, seed in [(3, 8, 8), (3, 8, 1), (4, 6, 2), (8, 8, 3)]:
        X = blobs(n=3000, d=d, centres=k, seed=seed)
        for s in range(10):
            bk = lloyd.BisectingKMeans(k, random_state=s).fit(X)
            assert -bk.score(X) <= bk.inertia_ * (1 + 1e-9)  # nearest centres: never worse than the leaves
            mine += bk.inertia_
            theirs += cluster.BisectingKMeans(k, random_state=s).fit(X).inertia_
    assert mine <= 1.01 * theirs


def test_predict_follows_the_tree_and_the_hierarchy():
    X = blobs(n=800, d=3, centres=6, seed=9, dtype=np.float32)
    bk = lloyd.BisectingKMeans(6, random_state=1).fit(X)
    assert np.array_equal(bk.predict(X), bk.labels_)
    n = 2 * 6 - 1
    assert bk.tree_parent_.shape == (n,) and bk.tree_children_.shape == (n, 2) and bk.tree_centers_.shape == (n, 3)
    assert bk.tree_parent_[0] == -1 and bk.tree_depth_[0] == 0 and bk.tree_size_[0] == len(X)
    for s in range(5):  # split s made nodes 2s+1 and 2s+2 of the node split s-th
        parent = bk.tree_parent_[2 * s + 1]
        assert bk.tree_parent_[2 * s + 2] == parent and bk.tree_split_[parent] == s
        assert list(bk.tree_children_[parent]) == [2 * s + 1, 2 * s + 2]
    leaves = bk.tree_children_[:, 0] < 0
    assert sorted(bk.tree_label_[leaves]) == list(range(6)) and (bk.tree_label_[~leaves] == -1).all()
    assert np.array_equal(bk.tree_centers_[leaves][np.argsort(bk.tree_label_[leaves])], bk.cluster_centers_)
    assert bk.tree_size_[leaves].sum() == len(X)
    assert bk.tree_inertia_[leaves].sum() == pytest.approx(bk.inertia_, rel=1e-6)
    assert bk.transform(X[:4]).shape == (4, 6) and bk.score(X) < 0


def test_model_file_and_pickle_keep_the_tree(tmp_path):
    X = blobs(n=600, d=3, centres=5, seed=10)
    Y = blobs(n=200, d=3, centres=5, seed=11)
    bk = lloyd.BisectingKMeans(5, bisecting_strategy="largest_cluster", n_init=2, random_state=4).fit(X)
    lloyd.save(tmp_path / "m.npz", bk)
    for other in (lloyd.load(tmp_path / "m.npz"), pickle.loads(pickle.dumps(bk))):
        assert isinstance(other, lloyd.BisectingKMeans)
        assert np.array_equal(other.cluster_centers_, bk.cluster_centers_)
        assert np.array_equal(other.predict(Y), bk.predict(Y))
        assert np.array_equal(other.tree_parent_, bk.tree_parent_)
        assert np.array_equal(other.tree_centers_, bk.tree_centers_)
        assert other.inertia_ == bk.inertia_ and other.n_iter_ == bk.n_iter_
        assert other.get_params()["bisecting_strategy"] == "largest_cluster"


def test_cli_model_loads_as_bisecting(cli, tmp_path):
    X = blobs(n=500, d=3, centres=4, seed=12, dtype=np.float32)
    np.save(tmp_path / "X.npy", X)
    cli(tmp_path / "X.npy", "--k", 4, "--bisecting", "--seed", 3, "--save-model", tmp_path / "cli.npz",
        "--labels", tmp_path / "l.npy")
    bk = lloyd.load(tmp_path / "cli.npz")
    assert isinstance(bk, lloyd.BisectingKMeans) and bk.random_state == 3
    assert np.array_equal(bk.predict(X), np.load(tmp_path / "l.npy"))


def test_bisecting_errors():
    X = blobs(n=50)
    with pytest.raises(ValueError, match="bisecting_strategy"):
        lloyd.BisectingKMeans(3, bisecting_strategy="widest").fit(X)
    with pytest.raises(ValueError, match="init"):
        lloyd.BisectingKMeans(3, init=X[:3]).fit(X)
    with pytest.raises(ValueError, match="should be >= n_clusters"):
        lloyd.BisectingKMeans(60).fit(X)
