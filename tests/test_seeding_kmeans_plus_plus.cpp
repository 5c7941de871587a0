// Tests of lloyd/seeding/kmeans_plus_plus.hpp.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <utility>
#include <vector>

#include "support.hpp"

TEMPLATE_TEST_CASE("k-means++ picks distinct data points, one per well-separated blob", "[seeding]", float, double) {
  using S = TestType;
  Eigen::MatrixXd truth(2, 5);
  truth << 0, 100, 0, 100, 50, 0, 0, 100, 100, 50;
  const lloyd::Points<S> X = test::blobs<S>(truth, 500, 1.0, 3);
  const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(500);
  for (int trials : {0, 1, 5}) {
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
      lloyd::Rng rng(seed);
      const auto C = lloyd::seeding::KMeansPlusPlus{trials}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 5, rng);
      std::set<lloyd::Index> blob;
      for (lloyd::Index c = 0; c < 5; ++c) {
        lloyd::Index i = 0;
        while (i < 500 && X.col(i) != C.col(c)) ++i;
        REQUIRE(i < 500);  // a data point
        blob.insert(i % 5);
      }
      INFO("trials " << trials << " seed " << seed);
      CHECK(blob.size() == 5);
    }
  }
}

TEMPLATE_TEST_CASE("k-means++ is reproducible, ignores zero weights and handles duplicates and k = n", "[seeding]",
                   float, double) {
  using S = TestType;
  const lloyd::Points<S> X = test::uniform<S>(2, 50, 8);
  lloyd::Weights<S> w = lloyd::Weights<S>::Ones(50);
  lloyd::Rng a(1), b(1);
  CHECK(lloyd::seeding::KMeansPlusPlus{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 7, a) ==
        lloyd::seeding::KMeansPlusPlus{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 7, b));
  // k = n picks every point once
  lloyd::Rng c(2);
  const auto all = lloyd::seeding::KMeansPlusPlus{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 50, c);
  std::set<std::pair<S, S>> pts;
  for (lloyd::Index i = 0; i < 50; ++i) pts.insert({all(0, i), all(1, i)});
  CHECK(pts.size() == 50);
  // zero weight on all but 6 points: those 6 are the centres
  w.setZero();
  for (int i : {3, 9, 14, 22, 35, 49}) w[i] = 2;
  lloyd::Rng d(3);
  const auto six = lloyd::seeding::KMeansPlusPlus{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 6, d);
  for (lloyd::Index c2 = 0; c2 < 6; ++c2) {
    bool found = false;
    for (int i : {3, 9, 14, 22, 35, 49}) found = found || X.col(i) == six.col(c2);
    CHECK(found);
  }
  // many duplicates, exactly k distinct values
  lloyd::Points<S> Y(1, 100);
  for (lloyd::Index i = 0; i < 100; ++i) Y(0, i) = static_cast<S>(i % 4);
  lloyd::Rng e(4);
  const lloyd::Weights<S> ones100v = lloyd::Weights<S>::Ones(100);
  const lloyd::WeightsRef<S> ones100(ones100v);
  const auto four = lloyd::seeding::KMeansPlusPlus{}(lloyd::PointsRef<S>(Y), ones100, 4, e);
  CHECK(std::set<S>(four.data(), four.data() + 4).size() == 4);
  CHECK_THROWS_AS(lloyd::seeding::KMeansPlusPlus{-1}(lloyd::PointsRef<S>(Y), ones100, 4, e), lloyd::error);
}

TEST_CASE("greedy k-means++ finds a start at least as good as single-trial k-means++ on average", "[seeding]") {
  const auto X = test::uniform<double>(2, 2000, 12);
  const lloyd::Weights<double> w = lloyd::Weights<double>::Ones(2000);
  long double greedy = 0, plain = 0;
  for (std::uint64_t s = 0; s < 20; ++s) {
    lloyd::Rng a(s), b(s);
    const lloyd::Points<double> Cg =
        lloyd::seeding::KMeansPlusPlus{}(lloyd::PointsRef<double>(X), lloyd::WeightsRef<double>(w), 20, a);
    const lloyd::Points<double> Cp =
        lloyd::seeding::KMeansPlusPlus{1}(lloyd::PointsRef<double>(X), lloyd::WeightsRef<double>(w), 20, b);
    lloyd::Labels lg(2000), lp(2000);
    for (lloyd::Index i = 0; i < 2000; ++i) {
      lg[i] = lloyd::detail::nearest(X.col(i).data(), Cg);
      lp[i] = lloyd::detail::nearest(X.col(i).data(), Cp);
    }
    greedy += test::inertia(X, Cg, lg);
    plain += test::inertia(X, Cp, lp);
  }
  CHECK(greedy < plain);
}

TEMPLATE_TEST_CASE("k-means++ never returns duplicates, even with near-identical points and k = distinct points",
                   "[seeding]", float, double) {
  using S = TestType;
  // 60 distinct points in 30-d, each repeated 5 times, plus for 20 of them a copy one ulp away (distinct).
  const lloyd::Points<S> base = test::uniform<S>(30, 60, 17) * S(100);
  lloyd::Points<S> X(30, 60 * 5 + 20);
  for (lloyd::Index r = 0; r < 5; ++r) X.middleCols(r * 60, 60) = base;
  for (lloyd::Index i = 0; i < 20; ++i) {
    X.col(300 + i) = base.col(i);
    X(3, 300 + i) = std::nextafter(X(3, 300 + i), S(1000));
  }
  const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(X.cols());
  for (int k : {40, 80}) {
    lloyd::Rng rng(static_cast<std::uint64_t>(k));
    const lloyd::Centres<S> C =
        lloyd::seeding::KMeansPlusPlus{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), k, rng);
    for (lloyd::Index a = 0; a < k; ++a)
      for (lloyd::Index b = a + 1; b < k; ++b)
        REQUIRE(!lloyd::detail::same_point(C.col(a).data(), C.col(b).data(), 30));
  }
  lloyd::Rng rng(5);
  CHECK_THROWS_AS(lloyd::seeding::KMeansPlusPlus{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 81, rng),
                  lloyd::error);
}

TEST_CASE("k-means++ handles float values whose squares overflow float", "[seeding]") {
  const lloyd::Points<float> X = test::uniform<float>(20, 300, 4) * 3e19f;
  const lloyd::Weights<float> w = lloyd::Weights<float>::Ones(300);
  lloyd::Rng rng(1);
  const lloyd::Centres<float> C =
      lloyd::seeding::KMeansPlusPlus{}(lloyd::PointsRef<float>(X), lloyd::WeightsRef<float>(w), 30, rng);
  CHECK(C.allFinite());
  for (lloyd::Index a = 0; a < 30; ++a)
    for (lloyd::Index b = a + 1; b < 30; ++b) CHECK(!lloyd::detail::same_point(C.col(a).data(), C.col(b).data(), 20));
}

namespace {
// Greedy k-means++ written plainly: the same Rng draws as seeding::KMeansPlusPlus (first centre ∝ w,
// then per step `trials` candidates ∝ w·closest, each drawn as the first i with cum[i] > u·total),
// every distance from detail::sqdist, each candidate's potential summed directly.
template <class S>
lloyd::Centres<S> reference_kpp(const lloyd::Points<S>& X, const lloyd::Weights<S>& w, int k, int trials,
                                lloyd::Rng& rng) {
  const lloyd::Index n = X.cols(), d = X.rows();
  const int t = trials > 0 ? trials : 2 + static_cast<int>(std::floor(std::log(static_cast<double>(k))));
  std::vector<double> cum(static_cast<std::size_t>(n));
  auto draw = [&](const std::vector<double>& mass) {
    double s = 0;
    for (lloyd::Index i = 0; i < n; ++i) cum[static_cast<std::size_t>(i)] = (s += mass[static_cast<std::size_t>(i)]);
    const double v = rng.uniform() * s;
    const lloyd::Index i = std::upper_bound(cum.begin(), cum.end(), v) - cum.begin();
    return std::min(i, n - 1);
  };
  std::vector<double> mass(static_cast<std::size_t>(n)), closest(static_cast<std::size_t>(n));
  for (lloyd::Index i = 0; i < n; ++i) mass[static_cast<std::size_t>(i)] = static_cast<double>(w[i]);
  lloyd::Centres<S> C(d, k);
  const lloyd::Index first = draw(mass);
  C.col(0) = X.col(first);
  for (lloyd::Index i = 0; i < n; ++i)
    closest[static_cast<std::size_t>(i)] = lloyd::detail::sqdist(X.col(i).data(), X.col(first).data(), d);
  for (int c = 1; c < k; ++c) {
    for (lloyd::Index i = 0; i < n; ++i)
      mass[static_cast<std::size_t>(i)] = static_cast<double>(w[i]) * closest[static_cast<std::size_t>(i)];
    std::vector<lloyd::Index> cand;
    for (int j = 0; j < t; ++j) cand.push_back(draw(mass));
    int best = 0;
    double best_pot = 0;
    for (int j = 0; j < t; ++j) {
      double p = 0;
      for (lloyd::Index i = 0; i < n; ++i)
        p += static_cast<double>(w[i]) *
             std::min(closest[static_cast<std::size_t>(i)],
                      lloyd::detail::sqdist(X.col(i).data(), X.col(cand[static_cast<std::size_t>(j)]).data(), d));
      if (j == 0 || p < best_pot) {
        best = j;
        best_pot = p;
      }
    }
    const lloyd::Index y = cand[static_cast<std::size_t>(best)];
    C.col(c) = X.col(y);
    for (lloyd::Index i = 0; i < n; ++i)
      closest[static_cast<std::size_t>(i)] =
          std::min(closest[static_cast<std::size_t>(i)], lloyd::detail::sqdist(X.col(i).data(), X.col(y).data(), d));
  }
  return C;
}
}  // namespace

TEMPLATE_TEST_CASE("k-means++ matches a plain greedy k-means++ in high dimension (batched candidate path)", "[seeding]",
                   float, double) {
  using S = TestType;
  // D >= KMeansPlusPlus::kBatchMinDim: the dot products of a point with all candidates come from one
  // product; weights with zeros, exact duplicates of points, several trial counts and seeds.
  for (lloyd::Index d : {lloyd::seeding::KMeansPlusPlus::kBatchMinDim, lloyd::Index(70)}) {
    const lloyd::Points<S> base = test::uniform<S>(d, 1500, static_cast<std::uint64_t>(d));
    lloyd::Points<S> X(d, 1800);
    X.leftCols(1500) = base;
    X.rightCols(300) = base.leftCols(300);  // duplicates
    lloyd::Weights<S> w(1800);
    lloyd::Rng wr(9);
    for (lloyd::Index i = 0; i < 1800; ++i) w[i] = i % 7 == 3 ? S(0) : static_cast<S>(0.5 + 2 * wr.uniform());
    for (int trials : {0, 1, 3, 40}) {
      for (std::uint64_t seed : {1u, 2u}) {
        const int k = trials == 40 ? 12 : 40;
        lloyd::Rng a(seed), b(seed);
        const lloyd::Centres<S> C =
            lloyd::seeding::KMeansPlusPlus{trials}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), k, a);
        const lloyd::Centres<S> R = reference_kpp<S>(X, w, k, trials, b);
        INFO("d " << d << " trials " << trials << " seed " << seed);
        CHECK(C == R);
        CHECK(a.uniform() == b.uniform());  // the same number of draws
        for (lloyd::Index p = 0; p < k; ++p)
          for (lloyd::Index q = p + 1; q < k; ++q)
            REQUIRE(!lloyd::detail::same_point(C.col(p).data(), C.col(q).data(), d));
      }
    }
  }
}

TEMPLATE_TEST_CASE("k-means++ matches a plain greedy k-means++ in low dimension (pruned path)", "[seeding]", float,
                   double) {
  using S = TestType;
  const lloyd::Points<S> X = test::uniform<S>(3, 2000, 21);
  lloyd::Weights<S> w = lloyd::Weights<S>::Ones(2000);
  for (lloyd::Index i = 0; i < 2000; i += 5) w[i] = 0;
  for (std::uint64_t seed : {4u, 5u}) {
    lloyd::Rng a(seed), b(seed);
    const lloyd::Centres<S> C =
        lloyd::seeding::KMeansPlusPlus{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 60, a);
    const lloyd::Centres<S> R = reference_kpp<S>(X, w, 60, 0, b);
    INFO("seed " << seed);
    CHECK(C == R);
  }
}

namespace {
// True ‖x − y‖² in long double.
template <class S>
long double true_sqdist(const lloyd::Points<S>& X, lloyd::Index i, lloyd::Index j) {
  long double s = 0;
  for (lloyd::Index r = 0; r < X.rows(); ++r) {
    const long double v = static_cast<long double>(X(r, i)) - static_cast<long double>(X(r, j));
    s += v * v;
  }
  return s;
}

// Points near an r-dimensional subspace of R^d (shifted by `offset` in every coordinate): a random
// basis, coefficients uniform in [-1, 1], plus uniform noise of size `noise`.
template <class S>
lloyd::Points<S> near_subspace(lloyd::Index d, lloyd::Index n, lloyd::Index r, double noise, double offset,
                               std::uint64_t seed) {
  lloyd::Rng rng(seed);
  Eigen::MatrixXd B(d, r);
  for (lloyd::Index a = 0; a < d; ++a)
    for (lloyd::Index b = 0; b < r; ++b) B(a, b) = 2 * rng.uniform() - 1;
  lloyd::Points<S> X(d, n);
  for (lloyd::Index i = 0; i < n; ++i) {
    Eigen::VectorXd c(r);
    for (lloyd::Index b = 0; b < r; ++b) c[b] = 2 * rng.uniform() - 1;
    const Eigen::VectorXd x = B * c;
    for (lloyd::Index a = 0; a < d; ++a) X(a, i) = static_cast<S>(offset + x[a] + noise * (2 * rng.uniform() - 1));
  }
  return X;
}

template <class S>
lloyd::detail::ProjectionBound<S> make_bound(const lloyd::Points<S>& X) {
  const lloyd::PointsRef<S> Xr(X);
  std::vector<double> xn2(static_cast<std::size_t>(X.cols()));
  lloyd::detail::point_norms(Xr, 0, X.cols(), xn2.data());
  return lloyd::detail::ProjectionBound<S>(Xr, xn2.data());
}
}  // namespace

TEMPLATE_TEST_CASE("detail::ProjectionBound never exceeds the true squared distance and is tight near its subspace",
                   "[seeding][projection]", float, double) {
  using S = TestType;
  using B = lloyd::detail::ProjectionBound<S>;
  struct Case {
    lloyd::Index d, n, r;
    double noise, offset;
  };
  // Exactly low rank, low rank + noise, full rank, a large common offset (cancellation), fewer points
  // than the sample and than kDim, and a dimension below kDim.
  for (const Case& cs : {Case{300, 1500, 10, 0.0, 0.0}, Case{300, 1500, 10, 0.05, 0.0}, Case{200, 800, 200, 0.0, 0.0},
                         Case{260, 1200, 20, 0.01, 1e3}, Case{150, 40, 5, 0.0, 0.0}, Case{5, 300, 5, 0.0, 0.0}}) {
    lloyd::Points<S> X =
        near_subspace<S>(cs.d, cs.n, cs.r, cs.noise, cs.offset, static_cast<std::uint64_t>(cs.d + cs.n));
    X.col(7) = X.col(3);  // a duplicate: distance 0
    const B bound = make_bound<S>(X);
    lloyd::Rng rng(5);
    int tight = 0, pairs = 0;
    for (int p = 0; p < 3000; ++p) {
      const auto i = static_cast<lloyd::Index>(rng.uniform() * static_cast<double>(cs.n));
      const auto j = p == 0 ? lloyd::Index(7) : static_cast<lloyd::Index>(rng.uniform() * static_cast<double>(cs.n));
      const lloyd::Index ii = p == 0 ? 3 : std::min(i, cs.n - 1), jj = std::min(j, cs.n - 1);
      const long double truth = true_sqdist<S>(X, ii, jj);
      const double lb = bound.lower(ii, jj);
      INFO("d " << cs.d << " n " << cs.n << " rank " << cs.r << " pair " << ii << "," << jj);
      REQUIRE(static_cast<long double>(lb) <= truth);
      // threshold(v): a computed coordinate distance above it proves ‖x − y‖² > v; never for v = truth.
      const double s = static_cast<double>((bound.coords(ii) - bound.coords(jj)).squaredNorm());
      REQUIRE(!(s > bound.threshold(static_cast<double>(truth) * (1 + 1e-9), bound.err(ii) + bound.err(jj))));
      if (truth > 0) {
        ++pairs;
        if (static_cast<long double>(lb) >= 0.98L * truth) ++tight;
      }
    }
    // Within kDim dimensions of a subspace (and no noise) the bound is the distance, up to rounding.
    if (cs.r <= B::kDim && cs.noise == 0.0) CHECK(tight == pairs);
    if (cs.r > B::kDim) CHECK(tight < pairs);  // full rank: it cannot be (the test can fail)
  }
}

TEST_CASE("detail::ProjectionBound says nothing for values whose squares overflow float", "[seeding][projection]") {
  lloyd::Points<float> X = near_subspace<float>(300, 200, 4, 0.0, 0.0, 3);
  X.col(0).setConstant(3e37f);
  const auto bound = make_bound<float>(X);
  for (lloyd::Index j = 1; j < 200; ++j) {
    CHECK(bound.lower(0, j) == 0.0);
    CHECK(static_cast<long double>(bound.lower(1, j)) <= true_sqdist<float>(X, 1, j));
  }
}

TEMPLATE_TEST_CASE("k-means++ matches a plain greedy k-means++ where the projection bound screens (high D)",
                   "[seeding][projection]", float, double) {
  using S = TestType;
  // D and k·trials large enough for seeding::KMeansPlusPlus to build detail::ProjectionBound: points
  // near a 12-dimensional subspace (the bound prunes most pairs), exact duplicates, zero weights.
  const lloyd::Index d = lloyd::seeding::KMeansPlusPlus::kProjectionMinDim, n = 1600;
  lloyd::Points<S> X = near_subspace<S>(d, n, 12, 0.02, 0.5, 77);
  X.rightCols(200) = X.leftCols(200);
  lloyd::Weights<S> w(n);
  lloyd::Rng wr(4);
  for (lloyd::Index i = 0; i < n; ++i) w[i] = i % 9 == 4 ? S(0) : static_cast<S>(0.5 + wr.uniform());
  for (const auto& [k, trials] : {std::pair<int, int>{40, 0}, std::pair<int, int>{20, 7}}) {
    REQUIRE(k * (trials > 0 ? trials : 2 + static_cast<int>(std::floor(std::log(double(k))))) >=
            2 * lloyd::detail::ProjectionBound<S>::kDim);
    lloyd::Rng a(11), b(11);
    const lloyd::Centres<S> C =
        lloyd::seeding::KMeansPlusPlus{trials}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), k, a);
    const lloyd::Centres<S> R = reference_kpp<S>(X, w, k, trials, b);
    INFO("k " << k << " trials " << trials);
    CHECK(C == R);
    CHECK(a.uniform() == b.uniform());
  }
}
