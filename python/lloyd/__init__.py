"""lloyd: fast, exact, reproducible k-means (a C++17 header-only library on Eigen) as scikit-learn
estimators.

    import lloyd
    km = lloyd.KMeans(n_clusters=10, random_state=0).fit(X)   # X: n_samples × n_features
    km.cluster_centers_, km.labels_, km.inertia_, km.n_iter_
    km.predict(Y)

float32 input is clustered in float, float64 in double; a C-ordered float32/float64 array is used
in place (never copied). The same random_state gives the same result as the C++ library and the
lloyd_kmeans command-line tool (--seed), for any n_threads. lloyd.isa names the build of the
extension in use, chosen from the CPU or by the environment variable LLOYD_ISA (baseline, avx2,
avx512), as lloyd_kmeans chooses its build.
"""
from ._dispatch import isa  # binds lloyd._core to the build for this CPU: import it first
from . import _core
from ._kmeans import ALGORITHMS, KMeans, SphericalKMeans
from ._bisecting import BisectingKMeans
from ._mini_batch import MiniBatchKMeans
from ._model import load, save

__version__ = _core.__version__
__all__ = ["BisectingKMeans", "KMeans", "MiniBatchKMeans", "SphericalKMeans", "save", "load", "ALGORITHMS", "__version__", "isa"]
