"""lloyd.MiniBatchKMeans: fit, partial_fit streams and their reproducibility."""
import pickle

import numpy as np
import pytest

import lloyd
from conftest import blobs


def test_partial_fit_stream_is_reproducible():
    X = blobs(n=2000, d=3, centres=4, seed=6, dtype=np.float32)
    batches = np.array_split(X, 10)

    def stream():
        mb = lloyd.MiniBatchKMeans(4, random_state=2)
        for b in batches:
            mb.partial_fit(b)
        return mb

    a, b = stream(), stream()
    assert np.array_equal(a.cluster_centers_, b.cluster_centers_)
    assert a.n_steps_ == 10 and a.labels_.shape == (len(batches[-1]),)
    assert a.inertia_ == b.inertia_


def test_partial_fit_continues_a_fit_and_checks_features():
    X = blobs(n=2000, d=3, centres=4, seed=7)
    mb = lloyd.MiniBatchKMeans(4, batch_size=200, random_state=0).fit(X)
    steps = mb.n_steps_
    mb.partial_fit(X[:300])
    assert mb.n_steps_ == steps + 1  # the fit's stream goes on
    with pytest.raises(ValueError, match="features"):
        mb.partial_fit(X[:300, :2])


def test_unpickled_model_starts_a_new_stream():
    X = blobs(n=1000, d=3, centres=4, seed=8)
    mb = lloyd.MiniBatchKMeans(4, random_state=0).fit(X)
    back = pickle.loads(pickle.dumps(mb))
    assert "_stream" not in back.__dict__
    back.partial_fit(X[:500])
    assert back.n_steps_ == 1


def test_mini_batch_inertia_close_to_kmeans():
    X = blobs(n=5000, d=4, centres=5, seed=9, dtype=np.float32)
    mb = lloyd.MiniBatchKMeans(5, random_state=0).fit(X)
    km = lloyd.KMeans(5, random_state=0).fit(X)
    assert mb.inertia_ <= 1.05 * km.inertia_
    assert mb.n_iter_ >= 1 and mb.n_steps_ >= mb.n_iter_
