// Tests of lloyd/refine/breathing.hpp (refine::Breathing) through KMeans' Refine hook.
// One configuration per scalar (brute-force assignment, update::Mean) keeps the compile time small.
#include <catch2/catch.hpp>
#include <lloyd/refine/breathing.hpp>
#include <set>

#include "support.hpp"

namespace {

using lloyd::Index;

template <class S, int Dim = Eigen::Dynamic, class Seeding = lloyd::seeding::KMeansPlusPlus>
using Breathing = lloyd::KMeans<S, Dim, Seeding, lloyd::assignment::BruteForce, lloyd::update::Mean,
                                lloyd::inertia::SquaredEuclidean, lloyd::refine::Breathing>;

template <class S, int Dim>
void check_result(const lloyd::Points<S, Dim>& X, const lloyd::Result<S, Dim>& r, Index k,
                  const lloyd::Weights<S>* w = nullptr) {
  CHECK(r.centroids.cols() == k);
  CHECK(test::clusters_used(r.labels, k) == k);
  CHECK(test::labels_are_nearest(X, r.centroids, r.labels));
  CHECK(test::close(r.inertia, test::inertia(X, r.centroids, r.labels, w), 1e-9L));
}

}  // namespace

TEST_CASE("breathing never ends above its k-means++ run and usually ends below it", "[refine][breathing]") {
  const lloyd::Points<double> X = test::uniform<double>(2, 400, 3);
  lloyd::Options opt;
  opt.k = 30;
  double sum_base = 0, sum_breath = 0;
  for (std::uint64_t seed = 0; seed < 6; ++seed) {
    opt.seed = seed;
    opt.n_init = 2;
    INFO("seed " << seed);
    const auto base = Breathing<double>(opt, {}, {}, {}, {}, lloyd::refine::Breathing(0)).fit(X);
    const auto r = Breathing<double>(opt).fit(X);
    REQUIRE(r.run_inertias.size() == 2);
    for (std::size_t i = 0; i < 2; ++i) CHECK(r.run_inertias[i] <= base.run_inertias[i]);
    check_result(X, r, 30);
    sum_base += base.inertia;
    sum_breath += r.inertia;
  }
  CHECK(sum_breath < 0.99 * sum_base);  // uniform data: k-means++ alone leaves a few percent
}

TEST_CASE("breathing escapes two centres in one blob and none in another", "[refine][breathing]") {
  Eigen::MatrixXd truth(2, 4);
  truth << 0, 10, 0, 10,  //
      0, 0, 10, 10;
  const lloyd::Points<float, 2> X = test::blobs<float, 2>(truth, 200, 0.05, 1);
  lloyd::Centres<float, 2> C0(2, 4);  // two centres in blob 0, one between blobs 1 and 3, one in blob 2
  C0.col(0) = X.col(0);
  C0.col(1) = X.col(4);
  C0.col(2) << 10.f, 5.f;
  C0.col(3) = X.col(2);
  lloyd::Options opt;
  opt.k = 4;
  for (int m : {1, 2, 5}) {
    for (std::uint64_t seed = 0; seed < 4; ++seed) {
      opt.seed = seed;
      INFO("m " << m << " seed " << seed);
      const auto stuck = Breathing<float, 2, lloyd::seeding::Given>(opt, lloyd::seeding::Given(C0), {}, {}, {},
                                                                    lloyd::refine::Breathing(0))
                             .fit(X);
      const auto r = Breathing<float, 2, lloyd::seeding::Given>(opt, lloyd::seeding::Given(C0), {}, {}, {},
                                                                lloyd::refine::Breathing(m))
                         .fit(X);
      std::set<Index> hit;
      for (Index c = 0; c < 4; ++c) {
        Index b;
        (truth.colwise() - r.centroids.col(c).cast<double>()).colwise().squaredNorm().minCoeff(&b);
        hit.insert(b);
      }
      CHECK(hit.size() == 4);
      CHECK(r.inertia < stuck.inertia / 100);
      check_result(X, r, 4);
    }
  }
}

TEST_CASE("breathing is reproducible from the seed and the same for 1 and 2 threads", "[refine][breathing]") {
  // 2000 × 6 points, k = 24: enough work per pass for detail::use_threads to use both threads
  const lloyd::Points<double> X = test::uniform<double>(6, 2000, 5);
  lloyd::Options opt;
  opt.k = 24;
  opt.n_init = 1;
  opt.seed = 11;
  std::vector<lloyd::Result<double>> runs;
  for (int threads : {1, 2, 2}) {
#ifdef _OPENMP
    omp_set_num_threads(threads);
#else
    (void)threads;
#endif
    runs.push_back(Breathing<double>(opt, {}, {}, {}, {}, lloyd::refine::Breathing(3)).fit(X));
  }
  for (std::size_t i = 1; i < runs.size(); ++i) {
    CHECK(runs[i].centroids == runs[0].centroids);
    CHECK(runs[i].labels == runs[0].labels);
    CHECK(runs[i].inertia == runs[0].inertia);
  }
  check_result(X, runs[0], 24);
}

TEST_CASE("breathing with weights: doubled weights give the same centres and twice the inertia",
          "[refine][breathing]") {
  const lloyd::Points<double> X = test::uniform<double>(3, 500, 8);
  lloyd::Weights<double> w(500);
  lloyd::Rng rng(4);
  for (Index i = 0; i < 500; ++i) w[i] = static_cast<double>(1 + rng.below(5));
  const lloyd::Weights<double> w2 = 2 * w;
  lloyd::Options opt;
  opt.k = 16;
  opt.n_init = 2;
  opt.seed = 2;
  const auto base = Breathing<double>(opt, {}, {}, {}, {}, lloyd::refine::Breathing(0)).fit(X, w);
  const auto r = Breathing<double>(opt).fit(X, w);
  const auto r2 = Breathing<double>(opt).fit(X, w2);
  CHECK(r.inertia <= base.inertia);
  check_result(X, r, 16, &w);
  CHECK(r2.centroids == r.centroids);
  CHECK(r2.labels == r.labels);
  CHECK(r2.inertia == 2 * r.inertia);
}

TEST_CASE("breathing: m = 0 and k = 1 change nothing; invalid parameters are rejected", "[refine][breathing]") {
  const lloyd::Points<double> X = test::uniform<double>(2, 50, 1);
  lloyd::Options opt;
  opt.k = 1;
  const auto one = Breathing<double>(opt).fit(X);
  const auto none = Breathing<double>(opt, {}, {}, {}, {}, lloyd::refine::Breathing(0)).fit(X);
  CHECK(one.centroids == none.centroids);
  CHECK(one.inertia == none.inertia);
  opt.k = 3;
  CHECK_THROWS_WITH(Breathing<double>(opt, {}, {}, {}, {}, lloyd::refine::Breathing(-1)).fit(X),
                    Catch::Contains("'m' must be >= 0"));
  CHECK_THROWS_WITH(Breathing<double>(opt, {}, {}, {}, {}, lloyd::refine::Breathing(2, 1.0)).fit(X),
                    Catch::Contains("'tol' must be in [0, 1)"));
}

TEST_CASE("breathing keeps k non-empty clusters when X has fewer than k + m distinct points", "[refine][breathing]") {
  lloyd::Points<double> X(2, 120);  // 120 points on 8 distinct values, k = 6: k + m = 11 > 8
  for (Index i = 0; i < 120; ++i) {
    X(0, i) = static_cast<double>(i % 8);
    X(1, i) = static_cast<double>((i % 8) * (i % 8) % 5);
  }
  lloyd::Options opt;
  opt.k = 6;
  for (std::uint64_t seed = 0; seed < 4; ++seed) {
    opt.seed = seed;
    INFO("seed " << seed);
    const auto base = Breathing<double>(opt, {}, {}, {}, {}, lloyd::refine::Breathing(0)).fit(X);
    const auto r = Breathing<double>(opt).fit(X);
    CHECK(r.inertia <= base.inertia);
    check_result(X, r, 6);
  }
}
