"""lloyd.KMeans: zero copy, the GIL, threads, pickling, model files, seeds, dtypes and errors."""
import pickle
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import lloyd
from conftest import blobs


def address(a):
    return a.__array_interface__["data"][0]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_c_ordered_float_input_is_not_copied(dtype):
    X = blobs(dtype=dtype)
    km = lloyd.KMeans(4, n_init=1, random_state=0).fit(X)
    assert lloyd._core.last_input_address() == address(X)  # the fit mapped the caller's buffer
    assert km.cluster_centers_.dtype == dtype  # float32 runs in float, float64 in double
    km.predict(X)
    assert lloyd._core.last_input_address() == address(X)
    mb = lloyd.MiniBatchKMeans(4, random_state=0).fit(X)
    assert lloyd._core.last_input_address() == address(X)
    mb.partial_fit(X)
    assert lloyd._core.last_input_address() == address(X)


def test_other_layouts_and_dtypes_are_converted_once():
    X = blobs()
    ref = lloyd.KMeans(4, random_state=1).fit(X)
    for other in (np.asfortranarray(X), X.tolist(), X[:, ::-1][:, ::-1]):
        km = lloyd.KMeans(4, random_state=1).fit(other)
        assert np.array_equal(km.cluster_centers_, ref.cluster_centers_)
    ints = np.round(X * 10).astype(np.int64)
    assert lloyd.KMeans(4, random_state=1).fit(ints).cluster_centers_.dtype == np.float64
    # predict converts to the centres' dtype
    km32 = lloyd.KMeans(4, random_state=1).fit(X.astype(np.float32))
    assert np.array_equal(km32.predict(X), km32.labels_)


def test_gil_is_released_during_fit():
    X = blobs(n=20000, d=16, centres=30, seed=1, dtype=np.float32)
    km = lloyd.KMeans(30, init="random", n_init=2, tol=0, max_iter=30, algorithm="brute", random_state=0, n_threads=1)
    span = {}

    def fit():
        span["start"] = time.perf_counter()
        km.fit(X)
        span["end"] = time.perf_counter()

    t = threading.Thread(target=fit)
    ticks = []
    t.start()
    while t.is_alive():
        ticks.append(time.perf_counter())
        time.sleep(0.001)
    t.join()
    during = [x for x in ticks if span["start"] < x < span["end"]]
    assert span["end"] - span["start"] > 0.05
    assert len(during) >= 10, f"the main thread ran {len(during)} times during a {span['end'] - span['start']:.2f} s fit"


def test_results_do_not_depend_on_n_threads():
    X = blobs(n=20000, d=8, centres=8, seed=2, dtype=np.float32)
    fits = [lloyd.KMeans(8, n_init=2, random_state=5, n_threads=t).fit(X) for t in (1, 2, 3)]
    for km in fits[1:]:
        assert np.array_equal(km.cluster_centers_, fits[0].cluster_centers_)
        assert np.array_equal(km.labels_, fits[0].labels_)
        assert km.inertia_ == fits[0].inertia_ and km.n_iter_ == fits[0].n_iter_
        assert np.array_equal(km.transform(X), fits[0].transform(X))


def test_pickle_round_trips_identically(X32):
    for est in (lloyd.KMeans(4, random_state=0), lloyd.MiniBatchKMeans(4, batch_size=100, random_state=0)):
        est.fit(X32)
        back = pickle.loads(pickle.dumps(est))
        assert back.get_params() == est.get_params()
        for name in ("cluster_centers_", "labels_"):
            assert np.array_equal(getattr(back, name), getattr(est, name))
        assert back.inertia_ == est.inertia_ and back.n_iter_ == est.n_iter_
        assert np.array_equal(back.predict(X32), est.predict(X32))
        assert np.array_equal(back.transform(X32), est.transform(X32))


def test_save_and_load(tmp_path, X64):
    km = lloyd.KMeans(4, n_init=3, max_iter=50, random_state=8).fit(X64)
    lloyd.save(tmp_path / "m.npz", km)
    back = lloyd.load(tmp_path / "m.npz")
    assert np.array_equal(back.cluster_centers_, km.cluster_centers_)
    assert back.inertia_ == km.inertia_ and back.n_iter_ == km.n_iter_
    assert (back.n_init, back.max_iter, back.random_state) == (3, 50, 8)
    assert np.array_equal(back.predict(X64), km.labels_)
    assert np.load(tmp_path / "m.npz")["centroids"].shape == (4, 3)  # numpy reads it alone
    # a refit of the loaded estimator repeats the fit
    assert np.array_equal(back.fit(X64).cluster_centers_, km.cluster_centers_)
    mb = lloyd.MiniBatchKMeans(4, random_state=1).fit(X64)
    lloyd.save(tmp_path / "mb.npz", mb)
    back = lloyd.load(tmp_path / "mb.npz")
    assert isinstance(back, lloyd.MiniBatchKMeans) and np.array_equal(back.predict(X64), mb.predict(X64))


def test_random_state_forms(X64):
    def centres(rs):
        return lloyd.KMeans(4, init="random", n_init=1, random_state=rs).fit(X64).cluster_centers_

    assert np.array_equal(centres(3), centres(3))
    assert np.array_equal(centres(np.random.RandomState(0)), centres(np.random.RandomState(0)))
    assert np.array_equal(centres(np.random.default_rng(0)), centres(np.random.default_rng(0)))
    assert np.array_equal(centres(2**64 - 1), centres(2**64 - 1))
    np.random.seed(4)
    a = centres(None)
    np.random.seed(4)
    assert np.array_equal(a, centres(None))
    for bad in (-1, 2**64, "x"):
        with pytest.raises(ValueError):
            centres(bad)


def test_methods_and_attributes(X64):
    km = lloyd.KMeans(4, random_state=0)
    labels = km.fit_predict(X64)
    assert labels.dtype == np.int32 and np.array_equal(labels, km.labels_)
    assert km.n_features_in_ == 3 and km.cluster_centers_.shape == (4, 3)
    D = km.fit_transform(X64)
    assert D.shape == (len(X64), 4) and np.array_equal(np.argmin(D, axis=1), km.labels_)
    assert km.score(X64) == pytest.approx(-km.inertia_, rel=1e-12)
    w = np.full(len(X64), 2.0)
    assert km.score(X64, sample_weight=w) == pytest.approx(-2 * km.inertia_, rel=1e-12)


def test_errors(X64):
    with pytest.raises(ValueError, match="NaN"):
        lloyd.KMeans(2).fit(np.array([[0.0, np.nan], [1, 1], [2, 2]]))
    with pytest.raises(ValueError, match="infinity"):
        lloyd.KMeans(2).fit(np.array([[0.0, np.inf], [1, 1], [2, 2]]))
    with pytest.raises(ValueError, match="0 sample"):
        lloyd.KMeans(2).fit(np.empty((0, 3)))
    with pytest.raises(ValueError, match="n_samples=3 should be >= n_clusters=8"):
        lloyd.KMeans(8).fit(X64[:3])
    with pytest.raises(ValueError, match="^lloyd: weight of point 0 is -1; weights must be finite"):  # the library's own message
        lloyd.KMeans(2).fit(X64, sample_weight=-np.ones(len(X64)))
    with pytest.raises(ValueError, match="algorithm must be one of"):
        lloyd.KMeans(2, algorithm="fast").fit(X64)
    with pytest.raises(ValueError, match="does not match the number of clusters"):
        lloyd.KMeans(2, init=np.zeros((3, 3))).fit(X64)
    with pytest.raises(ValueError, match="not fitted"):
        lloyd.KMeans(2).predict(X64)
    with pytest.raises(ValueError, match="features"):
        lloyd.KMeans(2, random_state=0).fit(X64).predict(X64[:, :2])
    with pytest.warns(Warning, match="Number of distinct clusters \\(2\\) found smaller than n_clusters \\(3\\)"):
        km = lloyd.KMeans(3, random_state=0).fit(np.array([[0.0], [0.0], [1.0], [1.0]]))
    assert km.cluster_centers_.shape == (3, 1) and km.inertia_ == 0


def test_works_without_scikit_learn(X64, tmp_path):
    """With scikit-learn unimportable the estimators keep their methods, attributes and results."""
    np.save(tmp_path / "X.npy", X64)
    code = f"""
import sys
sys.modules["sklearn"] = None
import numpy as np, lloyd
assert not lloyd._base.HAVE_SKLEARN
X = np.load({str(tmp_path / 'X.npy')!r})
km = lloyd.KMeans(4, random_state=3).fit(X)
print(km.inertia_, km.n_iter_, km.get_params()["n_clusters"], repr(km)[:6])
assert np.array_equal(km.fit_predict(X), km.predict(X))
try:
    lloyd.KMeans(2).fit(np.array([[0.0, float("nan")], [1, 1]]))
except ValueError as e:
    print(e)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    km = lloyd.KMeans(4, random_state=3).fit(X64)
    lines = out.stdout.splitlines()
    assert lines[0] == f"{km.inertia_} {km.n_iter_} 4 KMeans"
    assert lines[1] == "Input X contains NaN."
