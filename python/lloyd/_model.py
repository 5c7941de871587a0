"""lloyd.save / lloyd.load: the C++ library's model files (.npz; docs/MODEL_FORMAT.md)."""
import os

import numpy as np

from . import _core
from ._bisecting import BisectingKMeans
from ._kmeans import KMeans, SphericalKMeans
from ._mini_batch import MiniBatchKMeans


def save(path, estimator):
    """Write a fitted KMeans, SphericalKMeans, MiniBatchKMeans or BisectingKMeans to `path` (an
    uncompressed .npz that numpy and lloyd_kmeans --model read): its centres bit for bit, inertia_,
    n_iter_ and options (and a BisectingKMeans' tree)."""
    if not hasattr(estimator, "cluster_centers_"):
        raise ValueError(f"cannot save a model: the {type(estimator).__name__} is not fitted")
    if isinstance(estimator, BisectingKMeans):
        _save_bisecting(os.fspath(path), estimator)
        return
    mini = isinstance(estimator, MiniBatchKMeans)
    seed = getattr(estimator, "_seed", estimator.random_state)
    options = {"n_init": estimator.n_init, "max_iter": estimator.max_iter, "tol": float(estimator.tol)}
    if isinstance(seed, int) and 0 <= seed < 2**64:
        options["seed"] = seed
    if isinstance(options["n_init"], str):
        del options["n_init"]
    if mini:
        options.update(batch_size=estimator.batch_size, max_no_improvement=estimator.max_no_improvement or 0,
                       init_size=estimator.init_size or 0, reassignment_ratio=float(estimator.reassignment_ratio))
    n_iter = estimator.n_steps_ if mini else estimator.n_iter_
    name = "MiniBatchKMeans" if mini else "SphericalKMeans" if isinstance(estimator, SphericalKMeans) else "KMeans"
    _core.save_model(os.fspath(path), name, estimator.cluster_centers_,
                     float(estimator.inertia_), int(n_iter), options)


def _save_bisecting(path, est):
    seed = getattr(est, "_seed", est.random_state)
    tree, centres = est._tree()
    _core.bisecting_save(path, centres, tree, float(est.inertia_), int(est.n_iter_), int(est.n_init),
                         int(est.max_iter), float(est.tol), seed if isinstance(seed, int) and 0 <= seed < 2**64 else 0,
                         est.bisecting_strategy)


def _load_bisecting(m):
    o = m["options"]
    strategy = "largest_cluster" if o.get("strategy") == 1 else "biggest_inertia"
    est = BisectingKMeans(n_clusters=m["centers"].shape[0], n_init=o.get("n_init", 1), max_iter=o.get("max_iter", 300),
                          tol=o.get("tol", 0.0), random_state=o.get("seed"), bisecting_strategy=strategy)
    if "tree" in m:
        est._set_tree(*m["tree"])
    est.n_iter_ = int(m["n_iter"])
    return est


def load(path):
    """A fitted KMeans (SphericalKMeans, MiniBatchKMeans, BisectingKMeans with its tree) from a model
    file written by lloyd.save, lloyd::save (C++) or lloyd_kmeans --save-model. predict, transform
    and score give what they gave after the original fit; labels_ is not stored in the file."""
    m = _core.load_model(os.fspath(path))
    o = m["options"]
    C = m["centers"]
    if m["estimator"] == "MiniBatchKMeans":
        est = MiniBatchKMeans(n_clusters=C.shape[0], n_init=o.get("n_init", 3), max_iter=o.get("max_iter", 100),
                              batch_size=o.get("batch_size", 1024), tol=o.get("tol", 0.0),
                              max_no_improvement=o.get("max_no_improvement", 10), init_size=o.get("init_size") or None,
                              reassignment_ratio=o.get("reassignment_ratio", 0.01), random_state=o.get("seed"))
        est.n_steps_ = int(m["n_iter"])
        est.n_iter_ = est.n_steps_
    elif m["estimator"] in ("KMeans", "SphericalKMeans"):
        cls = KMeans if m["estimator"] == "KMeans" else SphericalKMeans
        n_init = o.get("n_init", 10) or "auto"  # 0: the C++ Options::auto_n_init
        est = cls(n_clusters=C.shape[0], n_init=n_init, max_iter=o.get("max_iter", 300),
                  tol=o.get("tol", 1e-4), random_state=o.get("seed"))
        est.n_iter_ = int(m["n_iter"])
    elif m["estimator"] == "BisectingKMeans":
        est = _load_bisecting(m)
    else:
        raise ValueError(f"{path}: a {m['estimator']} model; lloyd.load reads KMeans, SphericalKMeans, "
                         "MiniBatchKMeans and BisectingKMeans models")
    est.cluster_centers_ = C
    est.inertia_ = float(m["inertia"])
    est.n_features_in_ = C.shape[1]
    return est
