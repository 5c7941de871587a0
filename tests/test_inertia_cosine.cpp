// Tests of lloyd/inertia/cosine.hpp.
#include <catch2/catch.hpp>
#include <cmath>

#include "support.hpp"

namespace {

using lloyd::Index;

template <class S>
long double cosine_distance(const lloyd::Points<S>& X, Index i, const lloyd::Centres<S>& C, Index c) {
  long double xc = 0, xx = 0, cc = 0;
  for (Index j = 0; j < X.rows(); ++j) {
    const long double a = X(j, i), b = C(j, c);
    xc += a * b, xx += a * a, cc += b * b;
  }
  return 1 - xc / std::sqrt(xx * cc);
}

}  // namespace

TEMPLATE_TEST_CASE("Cosine is the weighted sum of 1 - cos, whatever the norms", "[inertia]", float, double) {
  using S = TestType;
  const Index n = 3001, d = 7, k = 9;
  const lloyd::Points<S> X = test::uniform<S>(d, n, 4);
  const lloyd::Centres<S> C = test::uniform<S>(d, k, 5) * S(3);
  lloyd::Labels labels(n);
  lloyd::Weights<S> w(n);
  lloyd::Rng rng(6);
  for (Index i = 0; i < n; ++i) {
    labels[i] = static_cast<int>(rng.below(k));
    w[i] = static_cast<S>(rng.uniform() * 3);
  }
  long double ref = 0;
  for (Index i = 0; i < n; ++i) ref += static_cast<long double>(w[i]) * cosine_distance(X, i, C, labels[i]);
  const double got = lloyd::inertia::Cosine{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), C, labels);
  CHECK(test::close(got, ref, 1e-12L));
  // Scaling the points by a power of two changes nothing.
  const lloyd::Points<S> X4 = X * S(4);
  CHECK(lloyd::inertia::Cosine{}(lloyd::PointsRef<S>(X4), lloyd::WeightsRef<S>(w), C, labels) == got);
}

TEST_CASE("Cosine on unit vectors is half the squared Euclidean inertia; zero vectors count 1", "[inertia]") {
  lloyd::Points<double> X = test::uniform<double>(5, 500, 8);
  for (Index i = 0; i < X.cols(); ++i) X.col(i).normalize();
  lloyd::Centres<double> C = test::uniform<double>(5, 4, 9);
  for (Index c = 0; c < C.cols(); ++c) C.col(c).normalize();
  lloyd::Labels labels(X.cols());
  for (Index i = 0; i < X.cols(); ++i) labels[i] = static_cast<int>(i % 4);
  const lloyd::Weights<double> ones = lloyd::Weights<double>::Ones(X.cols());
  const double cosine =
      lloyd::inertia::Cosine{}(lloyd::PointsRef<double>(X), lloyd::WeightsRef<double>(ones), C, labels);
  CHECK(test::close(cosine, test::inertia(X, C, labels) / 2, 1e-12L));

  const long double d3 = cosine_distance(X, 3, C, labels[3]);
  X.col(3).setZero();
  const double with_zero =
      lloyd::inertia::Cosine{}(lloyd::PointsRef<double>(X), lloyd::WeightsRef<double>(ones), C, labels);
  CHECK(test::close(with_zero, cosine - d3 + 1, 1e-12L));
}
