"""scikit-learn's estimator checks (check_estimator, one pytest case per check).

KMeans and MiniBatchKMeans pass every check. Marked as an expected failure on purpose (_more_tags):
SphericalKMeans' check_estimators_dtypes, whose data cast to integers has all-zero rows, which have
no direction and which SphericalKMeans refuses. The checks that need pandas skip themselves when it
is not installed.
"""
import pytest

sklearn = pytest.importorskip("sklearn")
from sklearn.utils.estimator_checks import parametrize_with_checks  # noqa: E402

import lloyd  # noqa: E402


@parametrize_with_checks(
    [lloyd.KMeans(), lloyd.MiniBatchKMeans(), lloyd.KMeans(algorithm="brute", refine="random-swap"), lloyd.SphericalKMeans(),
     lloyd.BisectingKMeans()]
)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)
