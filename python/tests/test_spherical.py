"""lloyd.SphericalKMeans: cosine k-means, the same bits as lloyd_kmeans --metric cosine."""
import numpy as np
import pytest

import lloyd
from conftest import blobs


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_spherical_matches_cli(cli, tmp_path, dtype):
    X = blobs(n=700, d=5, centres=4, seed=10, dtype=dtype)
    km = lloyd.SphericalKMeans(4, n_init=3, random_state=21).fit(X)
    np.save(tmp_path / "X.npy", X)
    info = cli(tmp_path / "X.npy", "--k", 4, "--metric", "cosine", "--init", "k-means++", "--n-init", 3, "--seed", 21,
               "--centroids", tmp_path / "C.npy", "--labels", tmp_path / "l.npy")
    assert np.array_equal(km.cluster_centers_, np.load(tmp_path / "C.npy"))
    assert np.array_equal(km.labels_, np.load(tmp_path / "l.npy"))
    assert km.inertia_ == info["inertia"] and km.n_iter_ == info["n_iter"]


def test_spherical_methods(tmp_path):
    X = blobs(n=500, d=4, centres=3, seed=11)
    km = lloyd.SphericalKMeans(3, random_state=0).fit(X)
    assert np.allclose(np.linalg.norm(km.cluster_centers_, axis=1), 1)
    unit = X / np.linalg.norm(X, axis=1, keepdims=True)
    cos = unit @ km.cluster_centers_.T
    D = km.transform(X)
    assert np.allclose(D, 1 - cos, atol=1e-12)
    assert np.array_equal(km.predict(X), km.labels_)
    assert np.array_equal(km.labels_, np.argmax(cos, axis=1))
    assert km.score(X) == pytest.approx(-km.inertia_, rel=1e-9)
    assert km.score(X, sample_weight=np.full(len(X), 3.0)) == pytest.approx(-3 * km.inertia_, rel=1e-9)
    assert km.predict(5 * X[:10]).tolist() == km.labels_[:10].tolist()  # by direction only
    lloyd.save(tmp_path / "s.npz", km)
    back = lloyd.load(tmp_path / "s.npz")
    assert isinstance(back, lloyd.SphericalKMeans) and np.array_equal(back.predict(X), km.labels_)
    with pytest.raises(ValueError, match="zero"):
        lloyd.SphericalKMeans(2).fit(np.vstack([X[:10], np.zeros((1, 4))]))
