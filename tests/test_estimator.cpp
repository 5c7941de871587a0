// Tests of lloyd/estimator.hpp (the skeleton every estimator shares) and lloyd/tolerance.hpp.
#include <catch2/catch.hpp>
#include <lloyd/lloyd.hpp>

#include "support.hpp"

namespace {
template <class E, class S>
void check_skeleton(E est, const lloyd::Points<S>& X, const lloyd::Weights<S>& w) {
  CHECK_FALSE(est.fitted());
  CHECK_THROWS_WITH(est.predict(X), Catch::Contains("predict() called before fit()"));
  CHECK_THROWS_WITH(est.transform(X), Catch::Contains("transform() called before fit()"));
  CHECK_THROWS_WITH(est.centroids(), Catch::Contains("centroids() called before fit()"));
  const auto r = est.fit(X, w);
  REQUIRE(est.fitted());
  CHECK(est.centroids() == r.centroids);
  CHECK(est.predict(X) == r.labels);
  const auto D = est.transform(X);
  REQUIRE(D.rows() == r.centroids.cols());
  for (lloyd::Index i = 0; i < X.cols(); ++i) {
    lloyd::Index best;
    D.col(i).minCoeff(&best);
    CHECK(D(r.labels[i], i) == D(best, i));
  }
  const lloyd::Weights<S> ones = lloyd::Weights<S>::Ones(X.cols());
  CHECK(est.score(X) == -est.inertia(X));
  CHECK(est.inertia(X) == Approx(lloyd::inertia::SquaredEuclidean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(ones),
                                                                    r.centroids, r.labels)));
  const lloyd::Points<S> wrong = lloyd::Points<S>::Zero(X.rows() + 1, 3);
  CHECK_THROWS_WITH(est.predict(wrong), Catch::Contains("model was fitted on dimension"));
  lloyd::Points<S> bad = X.leftCols(3);
  bad(0, 1) = std::numeric_limits<S>::quiet_NaN();
  CHECK_THROWS_AS(est.predict(bad), lloyd::error);
}
}  // namespace

TEMPLATE_TEST_CASE("every estimator has the same fit, predict, transform, inertia and score", "[estimator]", float,
                   double) {
  using S = TestType;
  const auto X = test::uniform<S>(3, 600, 21);
  lloyd::Weights<S> w(600);
  for (lloyd::Index i = 0; i < 600; ++i) w[i] = static_cast<S>(1 + i % 3);
  lloyd::Options o;
  o.k = 5;
  o.n_init = 2;
  check_skeleton(lloyd::KMeans<S>(o), X, w);
  lloyd::MiniBatchOptions mo;
  mo.k = 5;
  mo.batch_size = 64;
  check_skeleton(lloyd::MiniBatchKMeans<S>(mo), X, w);
}

TEMPLATE_TEST_CASE("every estimator validates its data the same way", "[estimator][errors]", float, double) {
  using S = TestType;
  const auto X = test::uniform<S>(2, 50, 22);
  lloyd::Options o;
  o.k = 3;
  lloyd::MiniBatchOptions mo;
  mo.k = 3;
  // The same for NaN, negative weights, wrong lengths, k above the distinct points.
  lloyd::Points<S> nan = X;
  nan(1, 7) = std::numeric_limits<S>::quiet_NaN();
  CHECK_THROWS_AS(lloyd::MiniBatchKMeans<S>(mo).fit(nan), lloyd::error);
  CHECK_THROWS_AS(lloyd::MiniBatchKMeans<S>(mo).fit(X, lloyd::Weights<S>::Constant(50, -1)), lloyd::error);
  CHECK_THROWS_AS(lloyd::MiniBatchKMeans<S>(mo).fit(X, lloyd::Weights<S>::Ones(49)), lloyd::error);
  const lloyd::Points<S> same = lloyd::Points<S>::Ones(2, 50);
  CHECK_THROWS_WITH(lloyd::MiniBatchKMeans<S>(mo).fit(same), Catch::Contains("distinct points"));
  CHECK_THROWS_WITH(lloyd::KMeans<S>(o).fit(same), Catch::Contains("distinct points"));
}

TEMPLATE_TEST_CASE("a fixed Dim names the estimator when the points have the wrong dimension", "[estimator][errors]",
                   float, double) {
  using S = TestType;
  const lloyd::Points<S> X = test::uniform<S>(3, 20, 23);
  lloyd::Options o;
  o.k = 2;
  lloyd::MiniBatchOptions mo;
  mo.k = 2;
  CHECK_THROWS_WITH((lloyd::KMeans<S, 2>(o).fit(X)), Catch::Contains("KMeans<.., Dim=2>"));
  CHECK_THROWS_WITH((lloyd::MiniBatchKMeans<S, 2>(mo).fit(X)), Catch::Contains("MiniBatchKMeans<.., Dim=2>"));
}

TEMPLATE_TEST_CASE("mini-batch k-means takes weights at the top of the range", "[estimator][mini_batch]", float,
                   double) {
  using S = TestType;
  const auto X = test::uniform<S>(2, 400, 24);
  lloyd::MiniBatchOptions mo;
  mo.k = 4;
  mo.batch_size = 50;
  const auto unit = lloyd::MiniBatchKMeans<S>(mo).fit(X);
  // Every centre's total seen weight used to overflow to inf (NaN centres). A power of two keeps
  // the arithmetic exact: the same centres and labels as unit weights.
  const S big = std::ldexp(S(1), std::numeric_limits<S>::max_exponent - 20);
  const auto r = lloyd::MiniBatchKMeans<S>(mo).fit(X, lloyd::Weights<S>::Constant(400, big));
  CHECK(r.centroids.allFinite());
  CHECK(std::isfinite(r.inertia));
  CHECK(r.centroids == unit.centroids);
  CHECK(r.labels == unit.labels);
  const auto w300 = lloyd::MiniBatchKMeans<S>(mo).fit(X, lloyd::Weights<S>::Constant(400, static_cast<S>(1e30)));
  CHECK(w300.centroids.allFinite());
  CHECK(test::clusters_used(w300.labels, 4) == 4);
}

TEMPLATE_TEST_CASE("absolute_tolerance is tol times the mean per-feature variance", "[estimator][tolerance]", float,
                   double) {
  using S = TestType;
  lloyd::Points<S> X(2, 4);
  X << 0, 2, 0, 2,  //
      0, 0, 4, 4;
  // Variances: 1 and 4, mean 2.5.
  CHECK(lloyd::absolute_tolerance<S, Eigen::Dynamic>(lloyd::PointsRef<S>(X), 0.1) == Approx(0.25));
  CHECK(lloyd::absolute_tolerance<S, Eigen::Dynamic>(lloyd::PointsRef<S>(X), 0.0) == 0.0);
}
