// Tests of lloyd/seeding/kmeans_parallel.hpp.
#include <catch2/catch.hpp>
#include <lloyd/seeding/kmeans_parallel.hpp>
#include <set>

#include "support.hpp"

namespace {
template <class S>
lloyd::Index index_of(const lloyd::Points<S>& X, const lloyd::Centres<S>& C, lloyd::Index c) {
  lloyd::Index i = 0;
  while (i < X.cols() && X.col(i) != C.col(c)) ++i;
  return i;
}
}  // namespace

TEMPLATE_TEST_CASE("k-means|| picks k distinct data points, one per well-separated blob", "[seeding]", float, double) {
  using S = TestType;
  Eigen::MatrixXd truth(2, 5);
  truth << 0, 100, 0, 100, 50, 0, 0, 100, 100, 50;
  const lloyd::Points<S> X = test::blobs<S>(truth, 500, 1.0, 3);
  const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(500);
  for (double ell : {0.0, 5.0, 20.0}) {  // ℓ ≥ k, as the paper assumes
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
      lloyd::Rng rng(seed);
      lloyd::seeding::KMeansParallel kp;
      kp.oversampling = ell;
      const auto C = kp(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 5, rng);
      REQUIRE(C.cols() == 5);
      std::set<lloyd::Index> blob, idx;
      for (lloyd::Index c = 0; c < 5; ++c) {
        const lloyd::Index i = index_of(X, C, c);
        REQUIRE(i < 500);  // a data point
        idx.insert(i);
        blob.insert(i % 5);
      }
      INFO("oversampling " << ell << " seed " << seed);
      CHECK(idx.size() == 5);
      CHECK(blob.size() == 5);
    }
  }
}

TEMPLATE_TEST_CASE("k-means|| is reproducible and ignores zero-weight points", "[seeding]", float, double) {
  using S = TestType;
  const lloyd::Points<S> X = test::uniform<S>(3, 400, 8);
  lloyd::Weights<S> w = lloyd::Weights<S>::Ones(400);
  lloyd::Rng a(1), b(1), c(2);
  const lloyd::seeding::KMeansParallel kp;
  const auto Ca = kp(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 12, a);
  CHECK(Ca == kp(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 12, b));
  CHECK(Ca != kp(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 12, c));
  std::set<lloyd::Index> distinct;
  for (lloyd::Index j = 0; j < 12; ++j) distinct.insert(index_of(X, Ca, j));
  CHECK(distinct.size() == 12);

  // Zero weight on every odd point: no odd point is ever a centre.
  for (lloyd::Index i = 1; i < 400; i += 2) w[i] = 0;
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    lloyd::Rng r(seed);
    const auto C = kp(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 30, r);
    for (lloyd::Index j = 0; j < 30; ++j) {
      const lloyd::Index i = index_of(X, C, j);
      REQUIRE(i < 400);
      CHECK(i % 2 == 0);
    }
  }
  // Only 6 points have weight: they are the centres (the fallback path, as rounds find them all).
  w.setZero();
  for (int i : {3, 9, 14, 22, 35, 49}) w[i] = 2;
  lloyd::Rng d(3);
  const auto six = kp(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 6, d);
  std::set<lloyd::Index> got;
  for (lloyd::Index j = 0; j < 6; ++j) got.insert(index_of(X, six, j));
  CHECK(got == std::set<lloyd::Index>{3, 9, 14, 22, 35, 49});
}

TEMPLATE_TEST_CASE("k-means|| with few rounds falls back, handles duplicates, and rejects bad parameters", "[seeding]",
                   float, double) {
  using S = TestType;
  // 100 points, 4 distinct values: exactly k = 4 distinct centres.
  lloyd::Points<S> Y(1, 100);
  for (lloyd::Index i = 0; i < 100; ++i) Y(0, i) = static_cast<S>(i % 4);
  const lloyd::Weights<S> ones = lloyd::Weights<S>::Ones(100);
  for (int rounds : {0, 1, 5}) {
    lloyd::seeding::KMeansParallel kp;
    kp.rounds = rounds;
    kp.oversampling = 1;
    lloyd::Rng e(4);
    const auto four = kp(lloyd::PointsRef<S>(Y), lloyd::WeightsRef<S>(ones), 4, e);
    CHECK(std::set<S>(four.data(), four.data() + 4).size() == 4);
  }
  lloyd::Rng e(5);
  lloyd::seeding::KMeansParallel bad;
  bad.rounds = -1;
  CHECK_THROWS_AS(bad(lloyd::PointsRef<S>(Y), lloyd::WeightsRef<S>(ones), 4, e), lloyd::error);
  lloyd::seeding::KMeansParallel ok;
  CHECK_THROWS_AS(ok(lloyd::PointsRef<S>(Y), lloyd::WeightsRef<S>(ones), 5, e), lloyd::error);  // 4 distinct
}

TEST_CASE("KMeans with k-means|| seeding fits blobs", "[seeding]") {
  Eigen::MatrixXd truth(2, 4);
  truth << 0, 50, 0, 50, 0, 0, 50, 50;
  const auto X = test::blobs<double>(truth, 800, 1.0, 9);
  lloyd::Options o;
  o.k = 4;
  o.n_init = 2;
  lloyd::KMeans<double, Eigen::Dynamic, lloyd::seeding::KMeansParallel> km(o);
  const auto r = km.fit(X);
  CHECK(test::clusters_used(r.labels, 4) == 4);
  CHECK(r.inertia < 800 * 2 * 1.3);  // ≈ N·D·σ² when every blob is found
}
