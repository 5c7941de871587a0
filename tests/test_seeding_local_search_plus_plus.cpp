// Tests of lloyd/seeding/local_search_plus_plus.hpp.
#include <catch2/catch.hpp>
#include <limits>
#include <set>

#include "support.hpp"

namespace {

/// 4 tight blobs (25 points each, spread 0.05) at the corners of a 10×10 square; point i is in blob i % 4.
Eigen::MatrixXd corners() {
  Eigen::MatrixXd t(2, 4);
  t << 0, 10, 0, 10,  //
      0, 0, 10, 10;
  return t;
}

/// A start plain Lloyd cannot leave: two centres inside blob 0, one centre halfway between blobs 1
/// and 3, one centre in blob 2.
template <class S>
lloyd::Centres<S> trap(const lloyd::Points<S>& X) {
  lloyd::Centres<S> C(2, 4);
  C.col(0) = X.col(0);  // blob 0
  C.col(1) = X.col(4);  // blob 0
  C(0, 2) = S(10);      // halfway between blob 1 (10, 0) and blob 3 (10, 10)
  C(1, 2) = S(5);
  C.col(3) = X.col(2);  // blob 2
  return C;
}

/// Blob of each centre (nearest true centre) → number of distinct blobs covered.
template <class S>
std::size_t blobs_covered(const lloyd::Centres<S>& C, const Eigen::MatrixXd& truth) {
  std::set<lloyd::Index> hit;
  for (lloyd::Index c = 0; c < C.cols(); ++c) {
    lloyd::Index b;
    (truth.colwise() - C.col(c).template cast<double>()).colwise().squaredNorm().minCoeff(&b);
    hit.insert(b);
  }
  return hit.size();
}

/// Σ w·min_c ‖x − c‖² in long double.
template <class S>
long double potential(const lloyd::Points<S>& X, const lloyd::Weights<S>& w, const lloyd::Centres<S>& C) {
  long double s = 0;
  for (lloyd::Index i = 0; i < X.cols(); ++i) {
    long double best = std::numeric_limits<long double>::infinity();
    for (lloyd::Index c = 0; c < C.cols(); ++c) best = std::min(best, test::dist2(X, i, C, c));
    s += static_cast<long double>(w[i]) * best;
  }
  return s;
}

template <class S>
bool distinct_columns(const lloyd::Centres<S>& C) {
  for (lloyd::Index a = 0; a < C.cols(); ++a)
    for (lloyd::Index b = a + 1; b < C.cols(); ++b)
      if (C.col(a) == C.col(b)) return false;
  return true;
}

/// Reference local search, recomputed by brute force: the same candidate draw (∝ w·D², from the same
/// rng), then the cost of every swap computed from scratch in long double.
template <class S>
void reference_search(const lloyd::Points<S>& X, const lloyd::Weights<S>& w, lloyd::Centres<S>& C, int z,
                      lloyd::Rng& rng) {
  const lloyd::Index n = X.cols();
  for (int step = 0; step < z; ++step) {
    std::vector<double> cum(static_cast<std::size_t>(n));
    double s = 0;
    for (lloyd::Index i = 0; i < n; ++i) {
      double best = std::numeric_limits<double>::infinity();
      for (lloyd::Index c = 0; c < C.cols(); ++c)
        best = std::min(best, lloyd::detail::sqdist(X.col(i).data(), C.col(c).data(), X.rows()));
      cum[static_cast<std::size_t>(i)] = (s += static_cast<double>(w[i]) * best);
    }
    const double v = rng.uniform() * s;
    const lloyd::Index p = std::min<lloyd::Index>(std::upper_bound(cum.begin(), cum.end(), v) - cum.begin(), n - 1);
    const long double now = potential(X, w, C);
    long double best_cost = std::numeric_limits<long double>::infinity();
    lloyd::Index best = -1;
    for (lloyd::Index j = 0; j < C.cols(); ++j) {
      lloyd::Centres<S> T = C;
      T.col(j) = X.col(p);
      const long double cost = potential(X, w, T);
      if (cost < best_cost) {
        best_cost = cost;
        best = j;
      }
    }
    if (best_cost < now * (1 - 1e-12L)) C.col(best) = X.col(p);
  }
}

}  // namespace

TEMPLATE_TEST_CASE("local search escapes a start where plain Lloyd is stuck", "[seeding][local_search]", float,
                   double) {
  using S = TestType;
  const Eigen::MatrixXd truth = corners();
  const lloyd::Points<S> X = test::blobs<S>(truth, 100, 0.05, 1);
  const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(100);
  const lloyd::Centres<S> C0 = trap(X);
  REQUIRE(blobs_covered(C0, truth) == 3);  // the halfway centre counts for one blob

  // Plain Lloyd from the trap keeps a blob without a centre.
  lloyd::Options opt;
  opt.k = 4;
  lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::Given> stuck(opt, lloyd::seeding::Given(C0));
  const auto rs = stuck.fit(X);
  CHECK(blobs_covered(rs.centroids, truth) == 3);

  // The local search from the same start finds every blob, whatever the seed.
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    lloyd::Centres<S> C = C0;
    lloyd::Rng rng(seed);
    const int swaps =
        lloyd::seeding::LocalSearchPlusPlus{}.search(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), C, 8, rng);
    INFO("seed " << seed);
    CHECK(swaps >= 2);
    CHECK(blobs_covered(C, truth) == 4);
    CHECK(distinct_columns(C));
    CHECK(potential(X, w, C) < potential(X, w, C0) / 100);
  }
}

TEMPLATE_TEST_CASE("local search matches a brute-force recomputation of every swap", "[seeding][local_search]", float,
                   double) {
  using S = TestType;
  for (std::uint64_t data_seed = 0; data_seed < 4; ++data_seed) {
    const lloyd::Points<S> X = test::uniform<S>(3, 300, 100 + data_seed);
    lloyd::Weights<S> w(300);
    lloyd::Rng wr(data_seed);
    for (lloyd::Index i = 0; i < 300; ++i) w[i] = static_cast<S>(0.5 + wr.uniform());
    for (int k : {1, 2, 7}) {
      for (int z : {1, 3, 12}) {
        lloyd::Rng init(data_seed * 31 + static_cast<std::uint64_t>(k));
        const lloyd::Centres<S> C0 =
            lloyd::seeding::RandomSample{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), k, init);
        lloyd::Centres<S> fast = C0, slow = C0;
        lloyd::Rng a(7 + data_seed), b(7 + data_seed);
        lloyd::seeding::LocalSearchPlusPlus{}.search(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), fast, z, a);
        reference_search(X, w, slow, z, b);
        INFO("data " << data_seed << " k " << k << " z " << z);
        CHECK(fast == slow);
        CHECK(potential(X, w, fast) <= potential(X, w, C0));
        CHECK(distinct_columns(fast));
      }
    }
  }
}

TEMPLATE_TEST_CASE("local-search k-means++ is reproducible and returns k distinct data points",
                   "[seeding][local_search]", float, double) {
  using S = TestType;
  const lloyd::Points<S> X = test::uniform<S>(2, 400, 5);
  const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(400);
  const lloyd::PointsRef<S> Xr(X);
  const lloyd::WeightsRef<S> wr(w);
  lloyd::Rng a(3), b(3), c(4);
  const auto Ca = lloyd::seeding::LocalSearchPlusPlus{}(Xr, wr, 10, a);
  CHECK(Ca == lloyd::seeding::LocalSearchPlusPlus{}(Xr, wr, 10, b));
  CHECK(Ca != lloyd::seeding::LocalSearchPlusPlus{}(Xr, wr, 10, c));
  CHECK(Ca.cols() == 10);
  CHECK(distinct_columns(Ca));
  for (lloyd::Index j = 0; j < 10; ++j) {
    bool found = false;
    for (lloyd::Index i = 0; i < 400 && !found; ++i) found = X.col(i) == Ca.col(j);
    CHECK(found);
  }
  // steps = 0 is greedy k-means++ itself (same rng stream)
  lloyd::Rng d(9), e(9);
  lloyd::seeding::LocalSearchPlusPlus none;
  none.steps = 0;
  CHECK(none(Xr, wr, 10, d) == lloyd::seeding::KMeansPlusPlus{}(Xr, wr, 10, e));
  // more steps never give a worse start than k-means++ from the same stream
  for (std::uint64_t s = 0; s < 10; ++s) {
    lloyd::Rng f(s), g(s);
    lloyd::seeding::LocalSearchPlusPlus many;
    many.steps = 40;
    const lloyd::Centres<S> Cl = many(Xr, wr, 10, f);
    const lloyd::Centres<S> Ck = lloyd::seeding::KMeansPlusPlus{}(Xr, wr, 10, g);
    CHECK(potential(X, w, Cl) <= potential(X, w, Ck));
  }
  lloyd::seeding::LocalSearchPlusPlus bad;
  bad.steps = -2;
  CHECK_THROWS_AS(bad(Xr, wr, 3, a), lloyd::error);
}

TEMPLATE_TEST_CASE("local-search k-means++ with duplicates, zero weights and k = distinct points",
                   "[seeding][local_search]", float, double) {
  using S = TestType;
  // 200 points on 5 distinct values: the 5 centres must be the 5 values
  lloyd::Points<S> Y(1, 200);
  for (lloyd::Index i = 0; i < 200; ++i) Y(0, i) = static_cast<S>(i % 5);
  lloyd::Weights<S> w = lloyd::Weights<S>::Ones(200);
  lloyd::seeding::LocalSearchPlusPlus ls;
  ls.steps = 30;
  for (std::uint64_t s = 0; s < 10; ++s) {
    lloyd::Rng r(s);
    const auto C = ls(lloyd::PointsRef<S>(Y), lloyd::WeightsRef<S>(w), 5, r);
    CHECK(std::set<S>(C.data(), C.data() + 5).size() == 5);
  }
  // zero weight on all but 6 points of 50: the centres are among those 6
  const lloyd::Points<S> X = test::uniform<S>(2, 50, 8);
  lloyd::Weights<S> w6 = lloyd::Weights<S>::Zero(50);
  for (int i : {3, 9, 14, 22, 35, 49}) w6[i] = 2;
  for (std::uint64_t s = 0; s < 10; ++s) {
    lloyd::Rng r(s);
    const auto C = ls(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w6), 4, r);
    for (lloyd::Index c = 0; c < 4; ++c) {
      bool found = false;
      for (int i : {3, 9, 14, 22, 35, 49}) found = found || X.col(i) == C.col(c);
      CHECK(found);
    }
    CHECK(distinct_columns(C));
  }
}

TEMPLATE_TEST_CASE("KMeans with local-search k-means++ gives exactly k clusters and exact labels",
                   "[seeding][local_search]", float, double) {
  using S = TestType;
  const lloyd::Points<S, 2> X = test::blobs<S, 2>(corners(), 400, 1.5, 2);
  lloyd::Options opt;
  opt.k = 6;
  opt.n_init = 2;
  opt.seed = 11;
  lloyd::KMeans<S, 2, lloyd::seeding::LocalSearchPlusPlus> km(opt);
  const auto r = km.fit(X);
  CHECK(test::clusters_used(r.labels, 6) == 6);
  CHECK(test::labels_are_nearest(X, r.centroids, r.labels));
  CHECK(test::close(r.inertia, test::inertia(X, r.centroids, r.labels), 1e-9L));
  lloyd::KMeans<S, 2, lloyd::seeding::LocalSearchPlusPlus> again(opt);
  CHECK(again.fit(X).centroids == r.centroids);
}

TEST_CASE("KMeans with local-search k-means++ named: Z = k, no refinement, 10 runs by default",
          "[seeding][local_search]") {
  using LS = lloyd::KMeans<double, Eigen::Dynamic, lloyd::seeding::LocalSearchPlusPlus>;
  STATIC_REQUIRE(std::is_same<std::decay_t<decltype(std::declval<LS&>().refine())>, lloyd::refine::None>::value);
  CHECK(LS().seeding().steps == -1);
  lloyd::Options opt;  // n_init auto
  opt.k = 4;
  const auto r = LS(opt).fit(test::uniform<double>(2, 200, 8));
  CHECK(r.run_inertias.size() == 10);
}
