"""scikit-learn's estimator checks (check_estimator, one pytest case per check).

Skipped on purpose (xfail through _more_tags, with scikit-learn's own reasons for its KMeans):
check_sample_weights_invariance — a zero sample_weight is not the same as removing the sample (the
seeding draws from all points and the random stream differs), as for scikit-learn's KMeans and
MiniBatchKMeans.
"""
import pytest

sklearn = pytest.importorskip("sklearn")
from sklearn.utils.estimator_checks import parametrize_with_checks  # noqa: E402

import lloyd  # noqa: E402


@parametrize_with_checks([lloyd.KMeans(), lloyd.MiniBatchKMeans(), lloyd.KMeans(algorithm="brute", refine="random-swap")])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)
