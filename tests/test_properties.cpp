// Property-based tests: invariants of a k-means fit checked on hundreds of seeded random inputs
// (sizes, dimensions, k, duplicates, weights, seeding policies all drawn from lloyd::Rng), plus the
// edge cases (all points identical, k = n, D = 1, D = 4096, N = 1). Every case is reproducible
// from the printed case number.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>
#include <set>
#include <vector>

#include "support.hpp"

namespace {

using lloyd::Index;

/// One randomly drawn input.
template <class S>
struct Case {
  lloyd::Points<S> X;
  lloyd::Weights<S> w;  // empty: unweighted
  int k = 1;
  Index distinct = 0;  // number of distinct points (all weights are positive)
};

/// Draws a case: n points in d dimensions, from one of several shapes, k ≤ number of distinct points.
///   0: uniform in [-1, 1]^d          1: Gaussian blobs            2: a small pool of points repeated
///   3: small integers (many ties)    4: blobs with integer weights
template <class S>
Case<S> draw_case(std::uint64_t seed) {
  lloyd::Rng rng(seed);
  Case<S> c;
  const Index d = 1 + static_cast<Index>(rng.below(rng.uniform() < 0.8 ? 6 : 40));
  const Index n = 1 + static_cast<Index>(rng.below(rng.uniform() < 0.9 ? 200 : 1200));
  const int shape = static_cast<int>(rng.below(5));
  c.X.resize(d, n);
  if (shape == 0) {
    c.X = test::uniform<S>(d, n, rng.next());
  } else if (shape == 1 || shape == 4) {
    const Index blobs = 1 + static_cast<Index>(rng.below(8));
    const Eigen::MatrixXd centres = 10.0 * test::uniform<double>(d, blobs, rng.next());
    c.X = test::blobs<S>(centres, n, 0.5 + rng.uniform(), rng.next());
    if (shape == 4) {
      c.w.resize(n);
      for (Index i = 0; i < n; ++i) c.w[i] = static_cast<S>(1 + rng.below(5));
    }
  } else if (shape == 2) {
    const Index pool = 1 + static_cast<Index>(rng.below(static_cast<std::uint64_t>(std::min<Index>(n, 12))));
    const lloyd::Points<S> P = test::uniform<S>(d, pool, rng.next());
    for (Index i = 0; i < n; ++i) c.X.col(i) = P.col(static_cast<Index>(rng.below(static_cast<std::uint64_t>(pool))));
  } else {
    for (Index i = 0; i < n; ++i)
      for (Index j = 0; j < d; ++j) c.X(j, i) = static_cast<S>(static_cast<int>(rng.below(7)) - 3);
  }
  std::set<std::vector<S>> seen;
  for (Index i = 0; i < n; ++i) seen.insert(std::vector<S>(c.X.col(i).data(), c.X.col(i).data() + d));
  c.distinct = static_cast<Index>(seen.size());
  c.k = 1 + static_cast<int>(rng.below(static_cast<std::uint64_t>(std::min<Index>(c.distinct, 12))));
  return c;
}

template <class S, class Seeding>
lloyd::Result<S> fit_case(const Case<S>& c, std::uint64_t seed, bool history = false) {
  lloyd::Options opt;
  opt.k = c.k;
  opt.n_init = 2;
  opt.seed = seed;
  opt.record_history = history;
  lloyd::KMeans<S, Eigen::Dynamic, Seeding> km(opt);
  return c.w.size() ? km.fit(c.X, c.w) : km.fit(c.X);
}

/// Checks the invariants every fit must satisfy.
template <class S>
void check_invariants(const Case<S>& c, const lloyd::Result<S>& r) {
  const Index n = c.X.cols();
  REQUIRE(r.centroids.rows() == c.X.rows());
  REQUIRE(r.centroids.cols() == c.k);
  REQUIRE(r.labels.size() == n);
  // exactly k non-empty clusters (every case has ≥ k distinct points)
  CHECK(test::clusters_used(r.labels, c.k) == c.k);
  // every label is the nearest centre
  CHECK(test::labels_are_nearest<S, Eigen::Dynamic>(c.X, r.centroids, r.labels));
  // the reported inertia equals an independent long-double recomputation
  const lloyd::Weights<S>* w = c.w.size() ? &c.w : nullptr;
  const long double ref = test::inertia<S, Eigen::Dynamic>(c.X, r.centroids, r.labels, w);
  CHECK(r.inertia >= 0);
  CHECK(std::fabs(static_cast<long double>(r.inertia) - ref) <= 1e-6L * ref + 1e-300L);
  // never more clusters than points, centres all finite and pairwise distinct
  CHECK(r.centroids.allFinite());
  for (Index a = 0; a < c.k; ++a)
    for (Index b = a + 1; b < c.k; ++b) CHECK(r.centroids.col(a) != r.centroids.col(b));
}

constexpr std::uint64_t kCases = 150;  // per scalar type and seeding policy

}  // namespace

TEMPLATE_TEST_CASE("properties: exactly k clusters, nearest labels, exact inertia, monotone inertia", "[properties]",
                   float, double) {
  using S = TestType;
  std::uint64_t monotone_checked = 0;
  for (std::uint64_t i = 0; i < kCases; ++i) {
    const Case<S> c = draw_case<S>(1000 + i);
    INFO("case " << i << ": d=" << c.X.rows() << " n=" << c.X.cols() << " k=" << c.k << " distinct=" << c.distinct
                 << " weighted=" << (c.w.size() > 0));
    for (int policy = 0; policy < 2; ++policy) {
      INFO("seeding " << (policy ? "RandomSample" : "KMeansPlusPlus"));
      const auto r = policy ? fit_case<S, lloyd::seeding::RandomSample>(c, i, true)
                            : fit_case<S, lloyd::seeding::KMeansPlusPlus>(c, i, true);
      check_invariants(c, r);
      // inertia never increases from one iteration to the next (recorded history of the winning
      // run), up to rounding: relative 1e-12, and absolute 1e-24 × Σw‖x‖² for a mean like
      // (x + x + x) / 3 that rounds to a neighbour of x (inertia 0 → 1e-33 for exact duplicates)
      REQUIRE(r.history.size() == static_cast<std::size_t>(r.history.back().iteration) + 1);
      REQUIRE(r.n_iter - r.history.back().iteration <= 1);  // scikit-learn's count: + 1 when no label changed
      const double slack = 1e-24 * static_cast<double>(test::inertia<S, Eigen::Dynamic>(
                                       c.X, lloyd::Centres<S>::Zero(c.X.rows(), 1), lloyd::Labels::Zero(c.X.cols()),
                                       c.w.size() ? &c.w : nullptr));
      for (std::size_t t = 1; t < r.history.size(); ++t) {
        INFO("iteration " << t);
        CHECK(r.history[t].inertia <= r.history[t - 1].inertia * (1 + 1e-12) + slack);
      }
      CHECK(r.history.back().inertia == r.inertia);
      monotone_checked += r.history.size() > 1;
    }
  }
  CHECK(monotone_checked > kCases);  // most cases ran more than one iteration
}

namespace {

/// Given start: k distinct points of the case (the first occurrences), as D×k.
template <class S>
Eigen::MatrixXd distinct_start(const lloyd::Points<S>& X, int k) {
  Eigen::MatrixXd C(X.rows(), k);
  int got = 0;
  for (Index i = 0; i < X.cols() && got < k; ++i) {
    bool dup = false;
    for (int c = 0; c < got && !dup; ++c) dup = (C.col(c).template cast<S>() == X.col(i));
    if (!dup) C.col(got++) = X.col(i).template cast<double>();
  }
  return C.leftCols(got);
}

/// True when no cluster was ever empty, i.e. no empty-cluster repair ran (the repair's choice among
/// equally far points depends on the point order, so permutation invariance holds without it).
template <class S>
bool never_empty(const lloyd::Result<S>& r, int k) {
  for (const auto& h : r.history)
    if (test::clusters_used(h.labels, k) != k) return false;
  return true;
}

template <class S>
lloyd::Result<S> fit_given(const lloyd::Points<S>& X, const lloyd::Weights<S>& w, const Eigen::MatrixXd& C0) {
  lloyd::Options opt;
  opt.k = static_cast<int>(C0.cols());
  opt.tol = 0;  // the tolerance depends on the variance of X, summed in point order: leave it out
  opt.record_history = true;
  lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::Given> km(opt, lloyd::seeding::Given(C0));
  return w.size() ? km.fit(X, w) : km.fit(X);
}

/// Random permutation of 0..n-1 (Fisher–Yates on lloyd::Rng).
std::vector<Index> permutation(Index n, lloyd::Rng& rng) {
  std::vector<Index> p(static_cast<std::size_t>(n));
  std::iota(p.begin(), p.end(), Index(0));
  for (Index i = n - 1; i > 0; --i)
    std::swap(p[static_cast<std::size_t>(i)],
              p[static_cast<std::size_t>(rng.below(static_cast<std::uint64_t>(i + 1)))]);
  return p;
}

}  // namespace

TEMPLATE_TEST_CASE("properties: permuting the points permutes the labels and keeps the centres", "[properties]", float,
                   double) {
  using S = TestType;
  std::uint64_t exact_checked = 0, checked = 0;
  for (std::uint64_t i = 0; i < kCases; ++i) {
    Case<S> c = draw_case<S>(5000 + i);
    // Integer-valued data makes every sum exact, so the result must be bit-identical in any point
    // order; for real-valued data sums round differently, so centres agree to rounding.
    const bool integer = i % 2 == 0;
    if (integer)
      for (Index q = 0; q < c.X.cols(); ++q)
        for (Index j = 0; j < c.X.rows(); ++j) c.X(j, q) = static_cast<S>(std::round(c.X(j, q) * 8));
    const Eigen::MatrixXd C0 = distinct_start(c.X, c.k);
    if (C0.cols() < c.k) continue;  // rounding merged points
    const auto r = fit_given(c.X, c.w, C0);
    if (!never_empty(r, c.k)) continue;
    lloyd::Rng rng(77 + i);
    const std::vector<Index> p = permutation(c.X.cols(), rng);
    lloyd::Points<S> Xp(c.X.rows(), c.X.cols());
    lloyd::Weights<S> wp(c.w.size());
    for (Index j = 0; j < c.X.cols(); ++j) {
      Xp.col(j) = c.X.col(p[static_cast<std::size_t>(j)]);
      if (c.w.size()) wp[j] = c.w[p[static_cast<std::size_t>(j)]];
    }
    const auto rp = fit_given(Xp, wp, C0);
    INFO("case " << i << ": d=" << c.X.rows() << " n=" << c.X.cols() << " k=" << c.k << " integer=" << integer);
    bool labels_permuted = true;
    for (Index j = 0; j < c.X.cols(); ++j) labels_permuted &= rp.labels[j] == r.labels[p[static_cast<std::size_t>(j)]];
    CHECK(labels_permuted);
    if (integer) {
      CHECK(rp.centroids == r.centroids);
      CHECK(rp.n_iter == r.n_iter);
      ++exact_checked;
    } else {
      const double scale = std::max(1.0, static_cast<double>(r.centroids.cwiseAbs().maxCoeff()));
      const double eps = std::is_same<S, float>::value ? 1e-5 : 1e-12;
      CHECK((rp.centroids - r.centroids).cwiseAbs().maxCoeff() <= eps * scale);
    }
    ++checked;
  }
  CHECK(checked >= kCases * 8 / 10);
  CHECK(exact_checked >= kCases * 3 / 10);
}

TEMPLATE_TEST_CASE("properties: scaling by a power of two and translating move the centres along", "[properties]",
                   float, double) {
  using S = TestType;
  const double scales[] = {2.0, 0.5, -4.0, 1024.0, 1.0 / 64};
  for (std::uint64_t i = 0; i < kCases; ++i) {
    const Case<S> c = draw_case<S>(9000 + i);
    const Eigen::MatrixXd C0 = distinct_start(c.X, c.k);
    const auto r = fit_given(c.X, c.w, C0);
    INFO("case " << i << ": d=" << c.X.rows() << " n=" << c.X.cols() << " k=" << c.k);

    // Scaling by a power of two is exact in floating point: bit-identical labels, centres scaled exactly.
    const double a = scales[i % 5];
    const lloyd::Points<S> Xs = (c.X.template cast<double>() * a).template cast<S>();
    const auto rs = fit_given(Xs, c.w, C0 * a);
    CHECK((rs.labels.array() == r.labels.array()).all());
    CHECK(rs.centroids == (r.centroids.template cast<double>() * a).template cast<S>());
    CHECK(rs.n_iter == r.n_iter);
    CHECK(test::close(rs.inertia, r.inertia * a * a, 1e-12L));

    // Translation rounds (x + b is not exact), so: same labels unless a point sits on a tie, and
    // centres moved by b up to rounding. Small-integer data (shape 3) has exact ties: skip it.
    if (c.X.template cast<double>().array().round().matrix() == c.X.template cast<double>()) continue;
    lloyd::Rng rng(31 + i);
    Eigen::VectorXd b(c.X.rows());
    for (Index j = 0; j < b.size(); ++j) b[j] = std::round(200 * rng.uniform() - 100);  // exact for both types
    const lloyd::Points<S> Xt = (c.X.template cast<double>().colwise() + b).template cast<S>();
    const auto rt = fit_given(Xt, c.w, C0.colwise() + b);
    const Eigen::MatrixXd moved = r.centroids.template cast<double>().colwise() + b;
    const double eps = std::is_same<S, float>::value ? 1e-4 : 1e-9;
    CHECK((rt.labels.array() == r.labels.array()).all());
    CHECK((rt.centroids.template cast<double>() - moved).cwiseAbs().maxCoeff() <=
          eps * (1 + moved.cwiseAbs().maxCoeff()));
  }
}

TEMPLATE_TEST_CASE("edge cases: duplicates, identical points, k = n, D = 1, D = 4096, N = 1", "[properties]", float,
                   double) {
  using S = TestType;
  lloyd::Options opt;
  opt.n_init = 3;

  SECTION("all points identical, k = 1: the centre is that point, inertia 0") {
    lloyd::Points<S> X = lloyd::Points<S>::Constant(5, 40, S(3.25));
    opt.k = 1;
    const auto r = lloyd::KMeans<S>(opt).fit(X);
    CHECK(r.centroids == X.col(0));
    CHECK(r.inertia == 0);
    CHECK((r.labels.array() == 0).all());
    opt.k = 2;  // only one distinct point
    CHECK_THROWS_AS(lloyd::KMeans<S>(opt).fit(X), lloyd::error);
  }
  SECTION("k = n distinct points: every point is its own centre") {
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
      const Index n = 1 + static_cast<Index>(seed % 17);
      const lloyd::Points<S> X = test::uniform<S>(3, n, seed);
      opt.k = static_cast<int>(n);
      opt.seed = seed;
      const auto r = lloyd::KMeans<S>(opt).fit(X);
      CHECK(r.inertia == 0);
      CHECK(test::clusters_used(r.labels, n) == n);
      for (Index i = 0; i < n; ++i) CHECK(r.centroids.col(r.labels[i]) == X.col(i));
    }
  }
  SECTION("k = number of distinct points among many duplicates") {
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
      const lloyd::Points<S> P = test::uniform<S>(2, 6, seed);
      lloyd::Points<S> X(2, 120);
      for (Index i = 0; i < X.cols(); ++i) X.col(i) = P.col((i * 7 + static_cast<Index>(seed)) % 6);
      opt.k = 6;
      opt.seed = seed;
      const auto r = lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::RandomSample>(opt).fit(X);
      // 0 up to the rounding of a mean of equal doubles (x + x + x) / 3
      CHECK(r.inertia <= 1e-24 * static_cast<double>(X.template cast<double>().squaredNorm()));
      CHECK(test::clusters_used(r.labels, 6) == 6);
    }
  }
  SECTION("N = 1") {
    lloyd::Points<S> X(4, 1);
    X << 1, -2, 3, -4;
    opt.k = 1;
    const auto r = lloyd::KMeans<S>(opt).fit(X);
    CHECK(r.centroids == X);
    CHECK(r.inertia == 0);
    CHECK(r.labels.size() == 1);
    CHECK(r.labels[0] == 0);
  }
  SECTION("D = 1 (compile-time and dynamic)") {
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
      const lloyd::Points<S> X = test::uniform<S>(1, 300, seed);
      opt.k = 1 + static_cast<int>(seed % 7);
      opt.seed = seed;
      const auto r = lloyd::KMeans<S>(opt).fit(X);
      const auto r1 = lloyd::KMeans<S, 1>(opt).fit(lloyd::Points<S, 1>(X));
      CHECK(test::clusters_used(r.labels, opt.k) == opt.k);
      CHECK(test::labels_are_nearest<S, Eigen::Dynamic>(X, r.centroids, r.labels));
      CHECK(r1.centroids == r.centroids);
      CHECK((r1.labels.array() == r.labels.array()).all());
      // In one dimension the clusters are intervals: sorted centres separate sorted points.
      bool intervals = true;
      for (Index i = 0; i < X.cols(); ++i)
        for (Index j = 0; j < X.cols(); ++j)
          if (X(0, i) < X(0, j)) intervals &= r.centroids(0, r.labels[i]) <= r.centroids(0, r.labels[j]);
      CHECK(intervals);
    }
  }
  SECTION("D = 4096") {
    const lloyd::Points<S> X = test::blobs<S>(8.0 * test::uniform<double>(4096, 3, 5), 60, 1.0, 6);
    opt.k = 3;
    const auto r = lloyd::KMeans<S>(opt).fit(X);
    CHECK(test::clusters_used(r.labels, 3) == 3);
    CHECK(test::labels_are_nearest<S, Eigen::Dynamic>(X, r.centroids, r.labels));
    CHECK(test::close(r.inertia, test::inertia<S, Eigen::Dynamic>(X, r.centroids, r.labels), 1e-6L));
    for (Index i = 0; i < X.cols(); ++i) CHECK(r.labels[i] == r.labels[i % 3]);  // the blobs are found
  }
}
