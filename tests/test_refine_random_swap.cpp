// Tests of lloyd/refine/random_swap.hpp (refine::None, refine::RandomSwap, refine_lloyd) and of
// KMeans' Refine hook.
#include <catch2/catch.hpp>
#include <set>

#include "support.hpp"

namespace {

using lloyd::Index;

Eigen::MatrixXd corners() {
  Eigen::MatrixXd t(2, 4);
  t << 0, 10, 0, 10,  //
      0, 0, 10, 10;
  return t;
}

/// Two centres inside blob 0, one halfway between blobs 1 and 3, one in blob 2: Lloyd's fixed point.
template <class S>
lloyd::Centres<S> trap(const lloyd::Points<S>& X) {
  lloyd::Centres<S> C(2, 4);
  C.col(0) = X.col(0);
  C.col(1) = X.col(4);
  C(0, 2) = S(10);
  C(1, 2) = S(5);
  C.col(3) = X.col(2);
  return C;
}

template <class S>
std::size_t blobs_covered(const lloyd::Centres<S>& C, const Eigen::MatrixXd& truth) {
  std::set<Index> hit;
  for (Index c = 0; c < C.cols(); ++c) {
    Index b;
    (truth.colwise() - C.col(c).template cast<double>()).colwise().squaredNorm().minCoeff(&b);
    hit.insert(b);
  }
  return hit.size();
}

template <class S, int Dim = Eigen::Dynamic, class Seeding = lloyd::seeding::Given>
using SwapKMeans = lloyd::KMeans<S, Dim, Seeding, lloyd::assignment::BruteForce, lloyd::update::ReproducibleMean,
                                 lloyd::inertia::SquaredEuclidean, lloyd::refine::RandomSwap>;

}  // namespace

TEMPLATE_TEST_CASE("random swap escapes a local minimum where plain Lloyd is stuck", "[refine]", float, double) {
  using S = TestType;
  const Eigen::MatrixXd truth = corners();
  const lloyd::Points<S> X = test::blobs<S>(truth, 100, 0.05, 1);
  const lloyd::Centres<S> C0 = trap(X);
  lloyd::Options opt;
  opt.k = 4;

  lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::Given> plain(opt, lloyd::seeding::Given(C0));
  const auto stuck = plain.fit(X);
  REQUIRE(stuck.converged);
  CHECK(blobs_covered(stuck.centroids, truth) == 3);

  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    opt.seed = seed;
    SwapKMeans<S> km(opt, lloyd::seeding::Given(C0), {}, {}, {}, lloyd::refine::RandomSwap(40));
    const auto r = km.fit(X);
    INFO("seed " << seed);
    CHECK(blobs_covered(r.centroids, truth) == 4);
    CHECK(r.inertia < stuck.inertia / 100);
    CHECK(test::clusters_used(r.labels, 4) == 4);
    CHECK(test::labels_are_nearest(X, r.centroids, r.labels));
    CHECK(test::close(r.inertia, test::inertia(X, r.centroids, r.labels), 1e-9L));
  }
}

TEMPLATE_TEST_CASE("random swap never raises the inertia, is reproducible, and swaps = 0 changes nothing", "[refine]",
                   float, double) {
  using S = TestType;
  const lloyd::Points<S, 2> X = test::blobs<S, 2>(corners(), 600, 2.0, 4);
  lloyd::Options opt;
  opt.k = 9;
  opt.n_init = 3;
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    opt.seed = seed;
    using Plain = lloyd::KMeans<S, 2, lloyd::seeding::RandomSample>;
    using Swap = SwapKMeans<S, 2, lloyd::seeding::RandomSample>;
    const auto base = Plain(opt).fit(X);
    const auto zero = Swap(opt, {}, {}, {}, {}, lloyd::refine::RandomSwap(0)).fit(X);
    CHECK(zero.centroids == base.centroids);
    CHECK(zero.labels == base.labels);
    CHECK(zero.inertia == base.inertia);
    const auto r = Swap(opt, {}, {}, {}, {}, lloyd::refine::RandomSwap(30)).fit(X);
    const auto again = Swap(opt, {}, {}, {}, {}, lloyd::refine::RandomSwap(30)).fit(X);
    CHECK(r.centroids == again.centroids);
    CHECK(r.labels == again.labels);
    // every run starts from the same seeding as without refinement, and refinement only keeps
    // improvements: run by run, the inertia is no higher
    REQUIRE(r.run_inertias.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) CHECK(r.run_inertias[i] <= base.run_inertias[i]);
    CHECK(test::clusters_used(r.labels, 9) == 9);
    CHECK(test::labels_are_nearest(X, r.centroids, r.labels));
    CHECK(test::close(r.inertia, test::inertia(X, r.centroids, r.labels), 1e-9L));
  }
}

TEMPLATE_TEST_CASE("random swap keeps exactly k distinct centres at every step", "[refine]", float, double) {
  using S = TestType;
  // 120 points on 8 distinct values (many duplicates), k = 5: every swap must keep 5 clusters
  lloyd::Points<S> X(2, 120);
  for (Index i = 0; i < 120; ++i) {
    X(0, i) = static_cast<S>(i % 8);
    X(1, i) = static_cast<S>((i % 8) * (i % 8) % 5);
  }
  const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(120);
  const lloyd::PointsRef<S> Xr(X);
  const lloyd::WeightsRef<S> wr(w);
  lloyd::Rng init(1);
  lloyd::Centres<S> C = lloyd::seeding::RandomSample{}(Xr, wr, 5, init);
  lloyd::Labels labels;
  const lloyd::update::Mean update;
  const lloyd::inertia::SquaredEuclidean inertia;
  int calls = 0;
  bool ok = true;
  auto checked_lloyd = [&](lloyd::Centres<S>& T, lloyd::Labels& l, int iters) {
    // the trial centres handed to Lloyd: k distinct columns
    for (Index a = 0; a < T.cols(); ++a)
      for (Index b = a + 1; b < T.cols(); ++b) ok = ok && T.col(a) != T.col(b);
    const double e =
        lloyd::refine_lloyd<lloyd::assignment::BruteForce>(Xr, wr, T, l, iters < 0 ? 300 : iters, 0.0, update, inertia);
    ok = ok && test::clusters_used(l, 5) == 5 && T.cols() == 5;
    ++calls;
    return e;
  };
  const double e0 = checked_lloyd(C, labels, -1);
  lloyd::Rng rng(5);
  const double e = lloyd::refine::RandomSwap(50)(Xr, wr, C, labels, e0, rng, checked_lloyd);
  CHECK(ok);
  CHECK(calls > 10);
  CHECK(e <= e0);
  CHECK(test::clusters_used(labels, 5) == 5);
  CHECK(test::close(e, test::inertia(X, C, labels), 1e-9L));
}

TEMPLATE_TEST_CASE("refine_lloyd reproduces KMeans' own Lloyd loop", "[refine]", float, double) {
  using S = TestType;
  const lloyd::Points<S> X = test::blobs<S>(corners(), 500, 3.0, 9);
  const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(500);
  lloyd::Rng init(2);
  const lloyd::Centres<S> C0 = lloyd::seeding::RandomSample{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 7, init);
  lloyd::Options opt;
  opt.k = 7;
  const auto r = lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::Given>(opt, lloyd::seeding::Given(C0)).fit(X);
  lloyd::Centres<S> C = C0;
  lloyd::Labels labels;
  const double e = lloyd::refine_lloyd<lloyd::assignment::BruteForce>(
      lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), C, labels, opt.max_iter,
      lloyd::absolute_tolerance<S, Eigen::Dynamic>(lloyd::PointsRef<S>(X), opt.tol), lloyd::update::ReproducibleMean{},
      lloyd::inertia::SquaredEuclidean{});
  CHECK(C == r.centroids);
  CHECK(labels == r.labels);
  CHECK(e == r.inertia);
}

TEMPLATE_TEST_CASE("random swap: weights, bad parameters, and no refinement after the callback stops", "[refine]",
                   float, double) {
  using S = TestType;
  const lloyd::Points<S> X = test::blobs<S>(corners(), 200, 0.5, 3);
  lloyd::Weights<S> w = lloyd::Weights<S>::Ones(200);
  for (Index i = 0; i < 200; i += 3) w[i] = 0;  // zero-weight points never become centres
  lloyd::Options opt;
  opt.k = 4;
  SwapKMeans<S, Eigen::Dynamic, lloyd::seeding::KMeansPlusPlus> km(opt, {}, {}, {}, {}, lloyd::refine::RandomSwap(20));
  const auto r = km.fit(X, w);
  CHECK(test::clusters_used(r.labels, 4) == 4);
  CHECK(test::close(r.inertia, test::inertia(X, r.centroids, r.labels, &w), 1e-9L));

  km.refine().swaps = -1;
  CHECK_THROWS_AS(km.fit(X), lloyd::error);
  km.refine() = lloyd::refine::RandomSwap(5, 0);
  CHECK_THROWS_AS(km.fit(X), lloyd::error);

  // a callback that stops the run also skips the refinement: from the trap, refinement would find
  // all four blobs; stopped at iteration 1, the result is iteration 1's state
  const Eigen::MatrixXd truth = corners();
  const lloyd::Points<S> Y = test::blobs<S>(truth, 100, 0.05, 1);
  SwapKMeans<S> trapped(opt, lloyd::seeding::Given(trap(Y)), {}, {}, {}, lloyd::refine::RandomSwap(40));
  CHECK(blobs_covered(trapped.fit(Y).centroids, truth) == 4);
  lloyd::Centres<S> at_stop;
  trapped.set_callback([&](const lloyd::Iteration<S>& it) {
    if (it.iteration < 1) return true;
    at_stop = it.centroids;
    return false;
  });
  const auto stopped = trapped.fit(Y);
  CHECK(stopped.centroids == at_stop);
  CHECK(blobs_covered(stopped.centroids, truth) == 3);
}
