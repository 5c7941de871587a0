"""lloyd.KMeans: scikit-learn's KMeans interface over lloyd's C++ KMeans."""
import numbers

from . import _core
from ._base import LloydEstimator, seed_from

#: The assignment algorithms, by the names of the C++ registry and lloyd_kmeans --algorithm.
ALGORITHMS = tuple(_core.algorithms)


class KMeans(LloydEstimator):
    """K-means by lloyd's C++ library; by default breathing k-means (one greedy k-means++ run, then
    breathing k-means, Fritzke 2020: lower SSE than k-means++ x10 at about half its time).

    Parameters
    ----------
    n_clusters : int, default 8
    init : "k-means++" (default: greedy k-means++), "local-search" (greedy k-means++ then k
        local-search swaps), "random" (k distinct points), or an array (n_clusters, n_features) of
        starting centres (then one run).
    n_init : int or "auto" (default). "auto": 1 when breathing refines the run or for an array init,
        else 10.
    max_iter : int, default 300. Iterations per run.
    tol : float, default 1e-4. Stop when the squared centre shift <= tol x the mean feature variance.
    random_state : None, int in [0, 2**64) or numpy RandomState/Generator. An int is lloyd's seed.
    algorithm : "auto" (default), "brute", "gemm", "hamerly", "elkan" or "yinyang"; all exact (the
        same labels at every iteration), only the time differs.
    refine : "auto" (default: "breathing" with init="k-means++", else None), "breathing"
        (breathing k-means with m = 5 after each run), None, or "random-swap" (after each run,
        n_clusters random swaps of a centre onto a point, each followed by 2 Lloyd iterations and
        kept if the inertia fell). The defaults are lloyd_kmeans' without --init and --refine.
    n_threads : None (OpenMP's default) or int >= 1. Results do not depend on it.

    Attributes: cluster_centers_, labels_, inertia_, n_iter_, n_features_in_ (and
    feature_names_in_ for a DataFrame with string column names, with scikit-learn).
    """

    _init_names = ("local-search", "k-means++", "random")
    _refine_names = ("auto", None, "none", "random-swap", "breathing")

    def __init__(self, n_clusters=8, *, init="k-means++", n_init="auto", max_iter=300, tol=1e-4,
                 random_state=None, algorithm="auto", refine="auto", n_threads=None):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.algorithm = algorithm
        self.refine = refine
        self.n_threads = n_threads

    def _refinement(self):
        """The refinement after each run: "breathing", "random-swap" or None."""
        if self.refine not in self._refine_names:
            names = ", ".join(repr(r) for r in self._refine_names if r != "none")
            raise ValueError(f"refine must be one of {names}, got {self.refine!r}")
        if self.refine == "auto":
            return "breathing" if isinstance(self.init, str) and self.init == "k-means++" else None
        return None if self.refine == "none" else self.refine

    def _checked_params(self, init_kind):
        k = self._check_int("n_clusters", 1)
        refine = self._refinement()
        if self.n_init == "auto":
            n_init = 1 if init_kind == "given" or refine == "breathing" else 10
        else:
            n_init = self._check_int("n_init", 1)
        max_iter = self._check_int("max_iter", 1)
        if self.algorithm not in ALGORITHMS:
            raise ValueError(f"algorithm must be one of {ALGORITHMS}, got {self.algorithm!r}")
        swaps = k if refine == "random-swap" else 0
        return k, n_init, max_iter, self._check_tol(), (swaps, refine == "breathing")

    def fit(self, X, y=None, sample_weight=None):
        """Fit to the rows of X (n_samples × n_features), optionally weighted; returns self."""
        if not isinstance(self.n_clusters, numbers.Integral) or self.n_clusters < 1:
            raise ValueError(f"n_clusters must be an integer >= 1, got {self.n_clusters!r}")
        X = self._validate_X(X, reset=True)
        self._check_k(X)
        w = self._validate_weights(sample_weight, X)
        init_kind, centers = self._init_array(X)
        k, n_init, max_iter, tol, (swaps, breathing) = self._checked_params(init_kind)
        threads = self._threads()
        seed = seed_from(self.random_state)
        C, labels, inertia, n_iter, _ = self._fit_or_fewer(X, w, init_kind, lambda k: _core.kmeans_fit(
            X, w, init_kind, centers, k, n_init, max_iter, tol, seed, self.algorithm, swaps, threads, self._metric,
            breathing))
        self.cluster_centers_ = C
        self.labels_ = labels
        self.inertia_ = inertia
        self.n_iter_ = n_iter
        self._seed = seed
        return self


class SphericalKMeans(KMeans):
    """Spherical (cosine) k-means by lloyd's C++ SphericalKMeans: rows compared by angle, unit
    centres, inertia_ = sum of w (1 - cos). Rows of any nonzero norm (a zero row is refused).

    Parameters and attributes as KMeans; the default init is "k-means++" (the C++ class's default),
    on the unit vectors. transform gives the cosine distances 1 - cos; score is -sum of w (1 - cos).
    The same seed gives lloyd_kmeans --metric cosine's result.
    """

    _metric = "cosine"
    _refine_names = (None, "none", "random-swap")  # breathing k-means is Euclidean

    def __init__(self, n_clusters=8, *, init="k-means++", n_init=10, max_iter=300, tol=1e-4,
                 random_state=None, algorithm="auto", refine=None, n_threads=None):
        super().__init__(n_clusters, init=init, n_init=n_init, max_iter=max_iter, tol=tol, random_state=random_state,
                         algorithm=algorithm, refine=refine, n_threads=n_threads)

    def _more_tags(self):
        return {
            "_xfail_checks": {
                "check_estimators_dtypes": (
                    "its integer data has all-zero rows, which have no direction: SphericalKMeans refuses them"
                ),
            },
        }
