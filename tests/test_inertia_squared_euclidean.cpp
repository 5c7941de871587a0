// Tests of lloyd/inertia/squared_euclidean.hpp.
#include <catch2/catch.hpp>

#include "support.hpp"

TEMPLATE_TEST_CASE("SquaredEuclidean is the weighted sum of squared distances, accumulated in double", "[inertia]",
                   float, double) {
  using S = TestType;
  const lloyd::Points<S> X = test::uniform<S>(7, 3001, 4);
  const lloyd::Points<S> C = test::uniform<S>(7, 9, 5);
  lloyd::Labels labels(3001);
  lloyd::Weights<S> w(3001);
  lloyd::Rng rng(6);
  for (lloyd::Index i = 0; i < 3001; ++i) {
    labels[i] = static_cast<int>(rng.below(9));
    w[i] = static_cast<S>(rng.uniform() * 3);
  }
  const double got = lloyd::inertia::SquaredEuclidean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), C, labels);
  CHECK(test::close(got, test::inertia(X, C, labels, &w), 1e-12L));
}

TEST_CASE("float inertia does not lose the small terms of a large sum", "[inertia]") {
  // 1e6 points at distance 1e-3 from their centre plus a large offset: a float accumulator would drift.
  const lloyd::Index n = 1000000;
  lloyd::Points<float> X = lloyd::Points<float>::Constant(1, n, 1000.001f);
  lloyd::Points<float> C = lloyd::Points<float>::Constant(1, 1, 1000.0f);
  const lloyd::Labels labels = lloyd::Labels::Zero(n);
  const lloyd::Weights<float> ones = lloyd::Weights<float>::Ones(n);
  const double got =
      lloyd::inertia::SquaredEuclidean{}(lloyd::PointsRef<float>(X), lloyd::WeightsRef<float>(ones), C, labels);
  const double d = static_cast<double>(1000.001f) - 1000.0;
  CHECK(got == Approx(static_cast<double>(n) * d * d).epsilon(1e-9));
}
