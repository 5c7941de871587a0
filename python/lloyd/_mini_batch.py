"""lloyd.MiniBatchKMeans: scikit-learn's MiniBatchKMeans interface over lloyd's C++ MiniBatchKMeans."""
import math

from . import _core
from ._base import LloydEstimator, seed_from


class MiniBatchKMeans(LloydEstimator):
    """Mini-batch k-means (Sculley 2010, scikit-learn's learning rates) by lloyd's C++ library.

    Parameters as scikit-learn's MiniBatchKMeans (n_clusters, init "k-means++" | "random" |
    "local-search" | array, max_iter in epochs, batch_size, tol (0: off), max_no_improvement,
    init_size, n_init, reassignment_ratio, random_state), plus n_threads. Attributes:
    cluster_centers_, labels_, inertia_, n_iter_ (epochs), n_steps_ (mini-batches),
    n_features_in_.

    partial_fit(X) is one mini-batch step on X; the first call (or the first after unpickling or
    lloyd.load) seeds the centres from its batch. The stream (the weight each centre has seen and
    the generator) lives in the C++ object and is not pickled.
    """

    _init_names = ("k-means++", "random", "local-search")

    def __init__(self, n_clusters=8, *, init="k-means++", max_iter=100, batch_size=1024, tol=0.0,
                 max_no_improvement=10, init_size=None, n_init=3, reassignment_ratio=0.01,
                 random_state=None, n_threads=None):
        self.n_clusters = n_clusters
        self.init = init
        self.max_iter = max_iter
        self.batch_size = batch_size
        self.tol = tol
        self.max_no_improvement = max_no_improvement
        self.init_size = init_size
        self.n_init = n_init
        self.reassignment_ratio = reassignment_ratio
        self.random_state = random_state
        self.n_threads = n_threads

    def _new_stream(self, X, k=None):
        init_kind, centers = self._init_array(X)
        k = self._check_int("n_clusters", 1) if k is None else k
        n_init = 1 if init_kind == "given" else self._check_int("n_init", 1)
        init_size = 0 if self.init_size is None else self._check_int("init_size", 1)
        no_improvement = 0 if self.max_no_improvement is None else self._check_int("max_no_improvement", 0)
        ratio = float(self.reassignment_ratio)
        if not ratio >= 0:
            raise ValueError(f"reassignment_ratio must be >= 0, got {self.reassignment_ratio!r}")
        cls = _core.MiniBatchFloat32 if X.dtype == "float32" else _core.MiniBatchFloat64
        return cls(k, n_init, self._check_int("max_iter", 1), 0, self._check_int("batch_size", 1), no_improvement,
                   self._check_tol(), init_size, ratio, seed_from(self.random_state), init_kind, centers)

    def _keep(self, result, X):
        self.cluster_centers_, self.labels_, self.inertia_, self.n_steps_, _ = result
        self.n_iter_ = math.ceil(self.n_steps_ * min(self.batch_size, X.shape[0]) / X.shape[0])

    def fit(self, X, y=None, sample_weight=None):
        """Mini-batch steps on random batches of the rows of X, then every row labelled; returns self."""
        X = self._validate_X(X, reset=True)
        self._check_k(X)
        w = self._validate_weights(sample_weight, X)
        init_kind = self._init_array(X)[0]

        def fit(k):
            stream = self._new_stream(X, k)
            result = stream.fit(X, w, self._threads(), False)
            self._stream = stream if k == self.n_clusters else None  # fewer centres: no stream to continue
            return result

        self._keep(self._fit_or_fewer(X, w, init_kind, fit), X)
        return self

    def partial_fit(self, X, y=None, sample_weight=None):
        """One mini-batch step on the rows of X (labels_ and inertia_ are X's); returns self."""
        first = getattr(self, "_stream", None) is None or not hasattr(self, "cluster_centers_")
        X = self._validate_X(X, reset=first)
        if first:
            self._check_k(X)
        w = self._validate_weights(sample_weight, X)
        if first:
            self._stream = self._new_stream(X)
        result = self._stream.fit(X, w, self._threads(), True)
        self.cluster_centers_, self.labels_, self.inertia_, self.n_steps_, _ = result
        self.n_iter_ = self.n_steps_
        return self

    def __getstate__(self):
        state = dict(super().__getstate__() if hasattr(super(), "__getstate__") else self.__dict__)
        state.pop("_stream", None)  # a C++ object: partial_fit after unpickling starts a new stream
        return state
