"""Base classes and input checks shared by the estimators.

With scikit-learn installed the estimators derive from its BaseEstimator, ClusterMixin and
TransformerMixin and validate input with its own routines (so the messages are scikit-learn's);
without it, small stand-ins below give the same methods, attributes and messages.
"""
import inspect
import numbers
import warnings

import numpy as np

try:  # scikit-learn is optional
    from sklearn.base import BaseEstimator, ClusterMixin, TransformerMixin
    from sklearn.exceptions import ConvergenceWarning, NotFittedError
    from sklearn.utils.validation import _check_sample_weight, check_is_fitted

    try:
        from sklearn.base import ClassNamePrefixFeaturesOutMixin
    except ImportError:  # scikit-learn < 1.2

        class ClassNamePrefixFeaturesOutMixin:
            pass

    HAVE_SKLEARN = True
except ImportError:
    HAVE_SKLEARN = False

    class ConvergenceWarning(UserWarning):
        """Warns that a fit found fewer distinct clusters than asked (scikit-learn's ConvergenceWarning)."""

    class NotFittedError(ValueError, AttributeError):
        """Raised by predict, transform or score before fit (scikit-learn's NotFittedError)."""

    class BaseEstimator:
        """get_params / set_params / repr over the __init__ arguments (scikit-learn's contract)."""

        @classmethod
        def _get_param_names(cls):
            sig = inspect.signature(cls.__init__)
            return sorted(p.name for p in sig.parameters.values() if p.name != "self" and p.kind != p.VAR_KEYWORD)

        def get_params(self, deep=True):
            return {name: getattr(self, name) for name in self._get_param_names()}

        def set_params(self, **params):
            valid = self._get_param_names()
            for key, value in params.items():
                if key not in valid:
                    raise ValueError(f"Invalid parameter {key!r} for estimator {self}. Valid parameters are: {valid!r}.")
                setattr(self, key, value)
            return self

        def __repr__(self):
            args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
            return f"{type(self).__name__}({args})"

    class ClusterMixin:
        _estimator_type = "clusterer"

        def fit_predict(self, X, y=None, **kwargs):
            self.fit(X, **kwargs)
            return self.labels_

    class TransformerMixin:
        def fit_transform(self, X, y=None, **fit_params):
            return self.fit(X, y, **fit_params).transform(X)

    class ClassNamePrefixFeaturesOutMixin:
        pass

    def check_is_fitted(estimator, attributes=None):
        if not any(k.endswith("_") and not k.startswith("__") for k in vars(estimator)):
            raise NotFittedError(
                f"This {type(estimator).__name__} instance is not fitted yet. Call 'fit' with appropriate "
                "arguments before using this estimator."
            )


def _check_array_fallback(X, name="X"):
    """numpy-only version of scikit-learn's check_array(X, dtype=[float64, float32], order="C")."""
    if hasattr(X, "toarray") or hasattr(X, "tocsr"):
        raise TypeError("A sparse matrix was passed, but dense data is required. Use X.toarray() to convert to a dense numpy array.")
    X = np.asarray(X)
    if X.dtype.kind == "c":
        raise ValueError("Complex data not supported")
    if X.dtype not in (np.float32, np.float64):
        X = X.astype(np.float64)
    if X.ndim != 2:
        raise ValueError(
            f"Expected 2D array, got {'scalar' if X.ndim == 0 else str(X.ndim) + 'D'} array instead:\narray={X!r}.\n"
            "Reshape your data either using array.reshape(-1, 1) if your data has a single feature or "
            "array.reshape(1, -1) if it contains a single sample."
        )
    X = np.ascontiguousarray(X)
    if X.shape[0] < 1:
        raise ValueError(f"Found array with 0 sample(s) (shape={X.shape}) while a minimum of 1 is required.")
    if X.shape[1] < 1:
        raise ValueError(f"Found array with 0 feature(s) (shape={X.shape}) while a minimum of 1 is required.")
    if not np.isfinite(X).all():
        bad = "NaN" if np.isnan(X).any() else "infinity or a value too large for " + repr(X.dtype)
        raise ValueError(f"Input {name} contains {bad}.")
    return X


class LloydEstimator(ClassNamePrefixFeaturesOutMixin, ClusterMixin, TransformerMixin, BaseEstimator):
    """What every lloyd estimator shares: input checks, predict, transform, score, pickling."""

    _metric = "euclidean"  # SphericalKMeans: "cosine"

    def _validate_X(self, X, reset):
        """X as a C-ordered float32/float64 array (no copy when it already is one)."""
        if HAVE_SKLEARN:
            X = self._validate_data(X, dtype=[np.float64, np.float32], order="C", reset=reset)
        else:
            X = _check_array_fallback(X)
            if reset:
                self.n_features_in_ = X.shape[1]
            elif X.shape[1] != self.n_features_in_:
                raise ValueError(
                    f"X has {X.shape[1]} features, but {type(self).__name__} is expecting {self.n_features_in_} "
                    "features as input."
                )
        if not reset:
            check_is_fitted(self)
            if X.dtype != self.cluster_centers_.dtype:
                X = np.ascontiguousarray(X, dtype=self.cluster_centers_.dtype)
        return X

    @staticmethod
    def _validate_weights(sample_weight, X):
        if sample_weight is None:
            return None
        if HAVE_SKLEARN:
            return np.ascontiguousarray(_check_sample_weight(sample_weight, X, dtype=X.dtype))
        w = np.ascontiguousarray(sample_weight, dtype=X.dtype)
        if w.ndim == 0:
            w = np.full(X.shape[0], w, dtype=X.dtype)
        if w.ndim != 1 or w.shape[0] != X.shape[0]:
            raise ValueError(f"sample_weight.shape == {w.shape}, expected {(X.shape[0],)}!")
        return w

    def _check_k(self, X):
        if X.shape[0] < self.n_clusters:
            raise ValueError(f"n_samples={X.shape[0]} should be >= n_clusters={self.n_clusters}.")

    def _fit_or_fewer(self, X, w, init_kind, fit):
        """fit(k) for k = n_clusters; when X has fewer distinct points (of positive weight) than
        that, which lloyd refuses, fit(number of distinct points) padded with copies of its centres
        and a ConvergenceWarning, as scikit-learn's KMeans does (which returns coinciding centres)."""
        try:
            return fit(self.n_clusters)
        except ValueError as e:
            if "distinct points" not in str(e) or init_kind == "given":
                raise
        kept = X if w is None else X[w > 0]
        distinct = len(np.unique(kept, axis=0))
        warnings.warn(
            f"Number of distinct clusters ({distinct}) found smaller than n_clusters ({self.n_clusters}). "
            "Possibly due to duplicate points in X.", ConvergenceWarning, stacklevel=3)
        C, *rest = fit(distinct)
        C = np.ascontiguousarray(np.resize(C, (self.n_clusters, C.shape[1])))  # the centres repeated
        return (C, *rest)

    def _init_array(self, X):
        """("given", K×D array of X's dtype) for an array init, (name, None) for a named one."""
        init = self.init
        if isinstance(init, str):
            if init not in self._init_names:
                raise ValueError(f"init should be one of {self._init_names} or an array, got {init!r}")
            return init, None
        if callable(init):
            raise ValueError("lloyd does not take a callable init; pass an array of initial centres")
        C = np.ascontiguousarray(init, dtype=X.dtype)
        if C.shape != (self.n_clusters, X.shape[1]):
            raise ValueError(
                f"The shape of the initial centers {C.shape} does not match the number of clusters "
                f"{self.n_clusters} and the number of features {X.shape[1]}."
            )
        return "given", C

    def _threads(self):
        n = self.n_threads
        if n is None:
            return 0
        if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 1:
            raise ValueError(f"n_threads must be None or an integer >= 1, got {n!r}")
        return int(n)

    def _check_int(self, name, low):
        v = getattr(self, name)
        if not isinstance(v, numbers.Integral) or isinstance(v, bool) or v < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {v!r}")
        return int(v)

    def _check_tol(self):
        tol = self.tol
        if not isinstance(tol, numbers.Real) or isinstance(tol, bool) or not np.isfinite(tol) or tol < 0:
            raise ValueError(f"tol must be a finite number >= 0, got {tol!r}")
        return float(tol)

    def predict(self, X, sample_weight=None):
        """Index of the nearest fitted centre of each row of X (ties: the lowest index)."""
        from . import _core

        X = self._validate_X(X, reset=False)
        return _core.query("predict", X, self.cluster_centers_, None, self._threads(), self._metric)

    def fit_predict(self, X, y=None, sample_weight=None):
        """fit(X), then the labels of X."""
        return self.fit(X, sample_weight=sample_weight).labels_

    def transform(self, X):
        """Euclidean distance from each row of X to each centre (n_samples × n_clusters);
        SphericalKMeans: the cosine distance 1 - cos."""
        from . import _core

        X = self._validate_X(X, reset=False)
        D = _core.query("transform", X, self.cluster_centers_, None, self._threads(), self._metric)
        return D if self._metric == "cosine" else np.sqrt(D)

    def fit_transform(self, X, y=None, sample_weight=None):
        """fit(X), then transform(X)."""
        return self.fit(X, sample_weight=sample_weight).transform(X)

    def score(self, X, y=None, sample_weight=None):
        """The opposite of the (weighted) inertia of X against the fitted centres."""
        from . import _core

        X = self._validate_X(X, reset=False)
        w = self._validate_weights(sample_weight, X)
        if self._metric == "cosine" and w is not None:  # Σ w (1 - cos) from the cosine distances
            D = self.transform(X).astype(np.float64)
            return -float(np.dot(w.astype(np.float64), D[np.arange(len(X)), self.predict(X)]))
        return -_core.query("score", X, self.cluster_centers_, w, self._threads(), self._metric)

    @property
    def _n_features_out(self):
        return self.cluster_centers_.shape[0]


def seed_from(random_state):
    """random_state as lloyd's unsigned 64-bit seed: an int in [0, 2**64) is the seed itself (so it
    reproduces lloyd_kmeans --seed and the C++ Options::seed); None draws from numpy's global
    RandomState and a RandomState or Generator draws from itself, as scikit-learn does."""
    if random_state is None:
        random_state = np.random.mtrand._rand
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if not 0 <= int(random_state) < 2**64:
            raise ValueError(f"random_state must be in [0, 2**64), got {random_state}")
        return int(random_state)
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(0, 2**64, dtype=np.uint64))
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(0, 2**64, dtype=np.uint64))
    raise ValueError(f"{random_state!r} cannot be used to seed lloyd: pass None, an int or a numpy RandomState")
