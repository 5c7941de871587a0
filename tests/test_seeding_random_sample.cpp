// Tests of lloyd/seeding/random_sample.hpp.
#include <catch2/catch.hpp>
#include <set>

#include "support.hpp"

namespace {
template <class S>
lloyd::Index column_of(const lloyd::Points<S>& X, const lloyd::Points<S>& C, lloyd::Index c) {
  for (lloyd::Index i = 0; i < X.cols(); ++i)
    if (X.col(i) == C.col(c)) return i;
  return -1;
}
}  // namespace

TEMPLATE_TEST_CASE("RandomSample returns k distinct data points, reproducibly", "[seeding]", float, double) {
  using S = TestType;
  const lloyd::Points<S> X = test::uniform<S>(3, 200, 1);
  const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(200);
  for (int k : {1, 10, 200}) {
    lloyd::Rng a(5), b(5);
    const auto C = lloyd::seeding::RandomSample{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), k, a);
    const auto D = lloyd::seeding::RandomSample{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), k, b);
    REQUIRE(C.cols() == k);
    CHECK(C == D);
    std::set<lloyd::Index> idx;
    for (lloyd::Index c = 0; c < k; ++c) {
      const auto i = column_of(X, lloyd::Points<S>(C), c);
      CHECK(i >= 0);
      idx.insert(i);
    }
    CHECK(idx.size() == static_cast<std::size_t>(k));
  }
}

TEMPLATE_TEST_CASE("RandomSample skips duplicates and zero weights, and follows the weights", "[seeding]", float,
                   double) {
  using S = TestType;
  // 4 distinct points, point 0 repeated many times.
  lloyd::Points<S> X(1, 40);
  for (lloyd::Index i = 0; i < 40; ++i) X(0, i) = static_cast<S>(i < 37 ? 0 : i);
  lloyd::Weights<S> w = lloyd::Weights<S>::Ones(40);
  for (std::uint64_t s = 0; s < 20; ++s) {
    lloyd::Rng rng(s);
    const auto C = lloyd::seeding::RandomSample{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 4, rng);
    std::set<S> values(C.data(), C.data() + 4);
    CHECK(values.size() == 4);
  }
  // zero weight: point 39 may never be chosen
  w[39] = 0;
  for (std::uint64_t s = 0; s < 20; ++s) {
    lloyd::Rng rng(s);
    const auto C = lloyd::seeding::RandomSample{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 3, rng);
    for (lloyd::Index c = 0; c < 3; ++c) CHECK(C(0, c) != 39);
  }
  // weights: among 2 points with weights 9 and 1, k = 1 picks the heavy one ~90% of the time
  lloyd::Points<S> Y(1, 2);
  Y << 0, 1;
  lloyd::Weights<S> wy(2);
  wy << 9, 1;
  int heavy = 0;
  lloyd::Rng rng(11);
  for (int t = 0; t < 2000; ++t)
    heavy += lloyd::seeding::RandomSample{}(lloyd::PointsRef<S>(Y), lloyd::WeightsRef<S>(wy), 1, rng)(0, 0) == 0;
  CHECK(heavy > 1700);
  CHECK(heavy < 1900);
}
