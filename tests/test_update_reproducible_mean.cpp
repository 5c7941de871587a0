// Tests of lloyd/update/reproducible_mean.hpp, lloyd/inertia/reproducible.hpp, lloyd/seeding/reproducible_kmeans_plus_plus.hpp
// and lloyd/seeding/reproducible_kmeans_parallel.hpp (the order-independent fixed-point algorithms; the fixed-point
// sums themselves: test_fixed_accumulate). The MPI equality test is test_distributed_mpi.
#include <catch2/catch.hpp>
#include <limits>
#include <lloyd/inertia/reproducible.hpp>
#include <lloyd/seeding/reproducible_kmeans_parallel.hpp>
#include <lloyd/seeding/reproducible_kmeans_plus_plus.hpp>
#include <lloyd/update/reproducible_mean.hpp>
#include <numeric>
#ifdef _OPENMP
#include <omp.h>
#endif
#include <set>

#include "support.hpp"

// The 1.0 names stay as deprecated aliases (and the old header paths still work) for one minor version.
#include <lloyd/inertia/exact.hpp>
#include <lloyd/seeding/exact_kmeans_parallel.hpp>
#include <lloyd/seeding/exact_kmeans_plus_plus.hpp>
#include <lloyd/update/exact_mean.hpp>
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static_assert(std::is_same<lloyd::update::ExactMean, lloyd::update::ReproducibleMean>::value, "ExactMean alias");
static_assert(std::is_same<lloyd::inertia::Exact, lloyd::inertia::Reproducible>::value, "inertia::Exact alias");
static_assert(std::is_same<lloyd::seeding::ExactKMeansPlusPlus, lloyd::seeding::ReproducibleKMeansPlusPlus>::value,
              "ExactKMeansPlusPlus alias");
static_assert(std::is_same<lloyd::seeding::ExactKMeansParallel, lloyd::seeding::ReproducibleKMeansParallel>::value,
              "ExactKMeansParallel alias");
#pragma GCC diagnostic pop

TEMPLATE_TEST_CASE("ReproducibleMean agrees with Mean and does not depend on the order of the points", "[update]",
                   float, double) {
  using S = TestType;
  const lloyd::Index n = 3000, k = 6;
  const auto X = test::uniform<S>(4, n, 1);
  lloyd::Rng rng(2);
  lloyd::Weights<S> w(n);
  lloyd::Labels labels(n);
  for (lloyd::Index i = 0; i < n; ++i) {
    w[i] = static_cast<S>(rng.uniform() * 3);
    labels[i] = static_cast<int>(rng.below(k));
  }
  const lloyd::Centres<S> C0 = test::uniform<S>(4, k, 3);
  lloyd::Centres<S> Ce = C0, Cm = C0;
  lloyd::Shifts se, sm;
  lloyd::Labels le = labels, lm = labels;
  CHECK(lloyd::update::ReproducibleMean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), le, Ce, se) == 0);
  lloyd::update::Mean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), lm, Cm, sm);
  const double eps = sizeof(S) == 4 ? 1e-6 : 1e-13;
  CHECK((Ce.template cast<double>() - Cm.template cast<double>()).cwiseAbs().maxCoeff() <= eps);
  CHECK((se - sm).cwiseAbs().maxCoeff() <= eps);

  // Reversed order of the points: bit-identical centres and inertia (Mean's double sums are not).
  std::vector<lloyd::Index> perm(static_cast<std::size_t>(n));
  std::iota(perm.rbegin(), perm.rend(), lloyd::Index(0));
  lloyd::Points<S> Xp(4, n);
  lloyd::Weights<S> wp(n);
  lloyd::Labels lp(n);
  for (lloyd::Index i = 0; i < n; ++i) {
    Xp.col(i) = X.col(perm[static_cast<std::size_t>(i)]);
    wp[i] = w[perm[static_cast<std::size_t>(i)]];
    lp[i] = labels[perm[static_cast<std::size_t>(i)]];
  }
  lloyd::Centres<S> Cp = C0;
  lloyd::Shifts sp;
  lloyd::update::ReproducibleMean{}(lloyd::PointsRef<S>(Xp), lloyd::WeightsRef<S>(wp), lp, Cp, sp);
  CHECK(Cp == Ce);
  CHECK(sp == se);
  const double ie = lloyd::inertia::Reproducible{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), Ce, labels);
  CHECK(ie == lloyd::inertia::Reproducible{}(lloyd::PointsRef<S>(Xp), lloyd::WeightsRef<S>(wp), Ce, lp));
  CHECK(test::close(ie, test::inertia(X, Ce, labels, &w), 1e-12L));

#ifdef _OPENMP
  // Thread count: 1 and 3 threads give the same bits.
  const int threads = omp_get_max_threads();
  lloyd::Centres<S> C1 = C0, C3 = C0;
  lloyd::Labels l1 = labels, l3 = labels;
  omp_set_num_threads(1);
  lloyd::update::ReproducibleMean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), l1, C1, sp);
  omp_set_num_threads(3);
  lloyd::update::ReproducibleMean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), l3, C3, sp);
  omp_set_num_threads(threads);
  CHECK(C1 == C3);
  CHECK(C1 == Ce);
#endif
}

TEMPLATE_TEST_CASE("ReproducibleMean repairs empty clusters and copes with tiny and huge magnitudes", "[update]", float,
                   double) {
  using S = TestType;
  // Points 0..9 on a line, all labelled 0; clusters 1 and 2 are empty.
  lloyd::Points<S> X(1, 10);
  for (lloyd::Index i = 0; i < 10; ++i) X(0, i) = static_cast<S>(i);
  const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(10);
  lloyd::Labels l = lloyd::Labels::Zero(10);
  lloyd::Centres<S> C(1, 3);
  C << 0, 50, 60;
  lloyd::Shifts sh;
  CHECK(lloyd::update::ReproducibleMean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), l, C, sh) == 2);
  CHECK(l[9] == 1);  // farthest from centre 0 first
  CHECK(l[8] == 2);
  CHECK(C(0, 1) == S(9));
  CHECK(C(0, 2) == S(8));
  CHECK(C(0, 0) == S(3.5));

  for (double scale : {1e-30, 1e30}) {
    lloyd::Points<S> Y = (X.template cast<double>() * scale).template cast<S>();
    lloyd::Labels a = lloyd::Labels::Zero(10);
    for (lloyd::Index i = 5; i < 10; ++i) a[i] = 1;
    lloyd::Centres<S> D(1, 2);
    D << 0, 0;
    lloyd::update::ReproducibleMean{}(lloyd::PointsRef<S>(Y), lloyd::WeightsRef<S>(w), a, D, sh);
    CHECK(test::close(D(0, 0) / (2 * scale), 1, 1e-6L));  // mean of 0..4 = 2
    CHECK(test::close(D(0, 1) / (7 * scale), 1, 1e-6L));  // mean of 5..9 = 7
  }
}

TEMPLATE_TEST_CASE("ReproducibleMean keeps each coordinate's precision next to a coordinate of much larger values",
                   "[update]", float, double) {
  using S = TestType;
  // Coordinate 0 in the millions, coordinate 1 around 1e-6 (mixed units): each coordinate has its
  // own fixed-point scale, so the small one is as exact as the large one — the centres are the
  // long double means rounded to S (one scale for all coordinates would leave coordinate 1 with
  // ~2e-13 absolute, 2e-7 relative, error).
  const lloyd::Index n = 2000, k = 3;
  lloyd::Rng rng(11);
  lloyd::Points<S> X(2, n);
  lloyd::Labels labels(n);
  for (lloyd::Index i = 0; i < n; ++i) {
    X(0, i) = static_cast<S>(1e6 * (1 + rng.uniform()));
    X(1, i) = static_cast<S>(1e-6 * (1 + rng.uniform()));
    labels[i] = static_cast<int>(rng.below(k));
  }
  const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(n);
  lloyd::Centres<S> C = lloyd::Centres<S>::Zero(2, k);
  lloyd::Shifts sh;
  lloyd::update::ReproducibleMean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), labels, C, sh);
  for (lloyd::Index c = 0; c < k; ++c) {
    for (lloyd::Index j = 0; j < 2; ++j) {
      long double sum = 0, cnt = 0;
      for (lloyd::Index i = 0; i < n; ++i)
        if (labels[i] == c) {
          sum += static_cast<long double>(X(j, i));
          cnt += 1;
        }
      const long double mean = sum / cnt;
      // Within one rounding to S (plus the sum's 2^-62 relative error, far below it).
      const long double ulp = std::numeric_limits<S>::epsilon() * std::fabs(mean);
      CHECK(std::fabs(static_cast<long double>(C(j, c)) - mean) <= ulp);
    }
  }
}

TEMPLATE_TEST_CASE("ReproducibleKMeansPlusPlus picks distinct data points, one per blob, reproducibly", "[seeding]",
                   float, double) {
  using S = TestType;
  Eigen::MatrixXd truth(2, 5);
  truth << 0, 100, 0, 100, 50, 0, 0, 100, 100, 50;
  const lloyd::Points<S> X = test::blobs<S>(truth, 500, 1.0, 3);
  lloyd::Weights<S> w = lloyd::Weights<S>::Ones(500);
  for (lloyd::Index i = 0; i < 500; i += 3) w[i] = 0;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    lloyd::Rng rng(seed), again(seed);
    const auto C =
        lloyd::seeding::ReproducibleKMeansPlusPlus{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 5, rng);
    CHECK(C == lloyd::seeding::ReproducibleKMeansPlusPlus{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 5, again));
    std::set<lloyd::Index> blob;
    for (lloyd::Index c = 0; c < 5; ++c) {
      lloyd::Index i = 0;
      while (i < 500 && X.col(i) != C.col(c)) ++i;
      REQUIRE(i < 500);
      CHECK(i % 3 != 0);  // never a zero-weight point
      blob.insert(i % 5);
    }
    CHECK(blob.size() == 5);
  }
  // k greater than the number of distinct points: an error, not a duplicate centre.
  lloyd::Points<S> Y(1, 20);
  for (lloyd::Index i = 0; i < 20; ++i) Y(0, i) = static_cast<S>(i % 3);
  const lloyd::Weights<S> ones = lloyd::Weights<S>::Ones(20);
  lloyd::Rng r(1);
  CHECK_THROWS_AS(
      lloyd::seeding::ReproducibleKMeansPlusPlus{}(lloyd::PointsRef<S>(Y), lloyd::WeightsRef<S>(ones), 4, r),
      lloyd::error);
}

TEST_CASE("KMeans with the reproducible policies fits blobs", "[kmeans]") {
  Eigen::MatrixXd truth(2, 4);
  truth << 0, 50, 0, 50, 0, 0, 50, 50;
  const auto X = test::blobs<double>(truth, 800, 1.0, 9);
  lloyd::Options o;
  o.k = 4;
  o.n_init = 2;
  lloyd::KMeans<double, Eigen::Dynamic, lloyd::seeding::ReproducibleKMeansPlusPlus, lloyd::assignment::BruteForce,
                lloyd::update::ReproducibleMean, lloyd::inertia::Reproducible>
      km(o);
  const auto r = km.fit(X);
  CHECK(test::clusters_used(r.labels, 4) == 4);
  CHECK(test::labels_are_nearest(X, r.centroids, r.labels));
  CHECK(test::close(r.inertia, test::inertia(X, r.centroids, r.labels), 1e-12L));
  CHECK(r.inertia < 800 * 2 * 1.3);
}

TEMPLATE_TEST_CASE("ReproducibleKMeansParallel picks distinct data points, one per blob, never a zero-weight point",
                   "[seeding]", float, double) {
  using S = TestType;
  Eigen::MatrixXd truth(2, 5);
  truth << 0, 100, 0, 100, 50, 0, 0, 100, 100, 50;
  const lloyd::Points<S> X = test::blobs<S>(truth, 500, 1.0, 3);
  lloyd::Weights<S> w = lloyd::Weights<S>::Ones(500);
  for (lloyd::Index i = 0; i < 500; i += 3) w[i] = 0;
  for (int rounds : {3, 5}) {  // one round often misses the blob nearest the first centre
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
      lloyd::seeding::ReproducibleKMeansParallel kp;
      kp.rounds = rounds;
      lloyd::Rng rng(seed), again(seed);
      const auto C = kp(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 5, rng);
      CHECK(C == kp(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 5, again));
      std::set<lloyd::Index> blob, idx;
      for (lloyd::Index c = 0; c < 5; ++c) {
        lloyd::Index i = 0;
        while (i < 500 && X.col(i) != C.col(c)) ++i;
        REQUIRE(i < 500);
        CHECK(i % 3 != 0);
        idx.insert(i);
        blob.insert(i % 5);
      }
      INFO("rounds " << rounds << " seed " << seed);
      CHECK(idx.size() == 5);
      CHECK(blob.size() == 5);
    }
  }
  lloyd::Points<S> Y(1, 20);
  for (lloyd::Index i = 0; i < 20; ++i) Y(0, i) = static_cast<S>(i % 3);
  const lloyd::Weights<S> ones = lloyd::Weights<S>::Ones(20);
  lloyd::Rng r(1);
  const auto three =
      lloyd::seeding::ReproducibleKMeansParallel{}(lloyd::PointsRef<S>(Y), lloyd::WeightsRef<S>(ones), 3, r);
  CHECK(std::set<S>(three.data(), three.data() + 3).size() == 3);
  CHECK_THROWS_AS(
      lloyd::seeding::ReproducibleKMeansParallel{}(lloyd::PointsRef<S>(Y), lloyd::WeightsRef<S>(ones), 4, r),
      lloyd::error);
}

TEMPLATE_TEST_CASE("ReproducibleMean::State (incremental) gives the stateless ReproducibleMean's bits at every update",
                   "[update]", float, double) {
  using S = TestType;
  const lloyd::Index n = 5000, d = 7, k = 9;
  const auto X = test::uniform<S>(d, n, 11);
  lloyd::Rng rng(12);
  lloyd::Weights<S> w(n);
  lloyd::Labels labels(n);
  for (lloyd::Index i = 0; i < n; ++i) {
    w[i] = static_cast<S>(rng.below(4));  // some zero weights
    labels[i] = static_cast<int>(rng.below(k));
  }
  const lloyd::PointsRef<S> Xr(X);
  const lloyd::WeightsRef<S> wr(w);
  lloyd::update::ReproducibleMean::State<S, Eigen::Dynamic> state(Xr, wr);
  lloyd::Centres<S> Cs = test::uniform<S>(d, k, 13), Cr = Cs;
  lloyd::Labels ls = labels, lr = labels;
  lloyd::Shifts ss, sr;
  // Steps: few changes (incremental path), none, many (> n/4: full re-sum), and an emptied cluster
  // (the repair moves a point, and the next increment must start from the repaired labels).
  for (int step = 0; step < 8; ++step) {
    const lloyd::Index changes = step == 2 ? 0 : step == 4 ? n / 2 : 40;
    for (lloyd::Index t = 0; t < changes; ++t) {
      const lloyd::Index i = static_cast<lloyd::Index>(rng.below(static_cast<std::uint64_t>(n)));
      ls[i] = lr[i] = static_cast<int>(rng.below(k));
    }
    if (step == 6)
      for (lloyd::Index i = 0; i < n; ++i)
        if (ls[i] == 3) ls[i] = lr[i] = 4;
    const lloyd::Index ms = state(Xr, wr, ls, Cs, ss);
    const lloyd::Index mr = lloyd::update::ReproducibleMean{}(Xr, wr, lr, Cr, sr);
    CHECK(ms == mr);
    if (step == 6) CHECK(ms > 0);
    CHECK(ls == lr);
    CHECK(Cs == Cr);
    CHECK(ss == sr);
  }
}

TEMPLATE_TEST_CASE("KMeans with ReproducibleMean (per-run State) = the loop with the stateless ReproducibleMean",
                   "[update]", float, double) {
  using S = TestType;
  const auto X = test::uniform<S>(3, 4000, 21);
  lloyd::Options opt;
  opt.k = 12;
  opt.n_init = 1;
  opt.tol = 0;
  opt.max_iter = 15;
  const lloyd::Centres<S> C0 = X.leftCols(12);
  lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::Given, lloyd::assignment::BruteForce,
                lloyd::update::ReproducibleMean>
      km(opt, lloyd::seeding::Given(C0));
  const auto r = km.fit(X);
  // The same iterations by hand, with the stateless update.
  const lloyd::PointsRef<S> Xr(X);
  const lloyd::Weights<S> ones = lloyd::Weights<S>::Ones(X.cols());
  lloyd::Centres<S> C = C0;
  lloyd::Labels l;
  lloyd::assignment::BruteForce::State<S, Eigen::Dynamic> st(Xr, C, l);
  lloyd::Shifts sh;
  int it = 0;
  while (it < opt.max_iter) {
    ++it;
    lloyd::update::ReproducibleMean{}(Xr, lloyd::WeightsRef<S>(ones), l, C, sh);
    if (st.step(Xr, C, sh, l) == 0) {
      if (sh.sum() > 0 && it < opt.max_iter) ++it;  // scikit-learn counts the iteration that sees no change
      break;
    }
  }
  CHECK(r.n_iter == it);
  CHECK(r.centroids == C);
  CHECK(r.labels == l);
}
