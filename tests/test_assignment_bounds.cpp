// Tests of lloyd/assignment/bounds.hpp: Hamerly, Elkan and Yinyang are configurations of Bounds, and a
// policy object's setting (the number of groups) reaches the State of every run.
#include <catch2/catch.hpp>

#include "exactness.hpp"

namespace {
using Stats = lloyd::detail::GroupBounds<double, Eigen::Dynamic>::Stats;

/// The filtering statistics of one step after the centres moved, for the given policy object.
template <class Policy>
Stats stats_of(const Policy& policy, const lloyd::Points<double>& X, const lloyd::Centres<double>& C) {
  lloyd::Labels l;
  auto st = lloyd::detail::make_assignment_state(policy, lloyd::PointsRef<double>(X), C, l);
  const lloyd::Centres<double> C2 = C * 0.97 + lloyd::Centres<double>::Constant(C.rows(), C.cols(), 0.01);
  st.step(X, C2, l);
  return st.state().stats();
}

bool same(const Stats& a, const Stats& b) {
  return a.tightened == b.tightened && a.relabelled == b.relabelled && a.centres_examined == b.centres_examined;
}
}  // namespace

TEST_CASE("Hamerly, Elkan and Yinyang are Bounds with 1, K and max(1, K/10) groups", "[assignment][bounds]") {
  using namespace lloyd::assignment;
  const Eigen::MatrixXd centres = Eigen::MatrixXd::Random(8, 30) * 3;
  const lloyd::Points<double> X = test::blobs<double>(centres, 3000, 1.0, 4);
  const lloyd::Centres<double> C = X.leftCols(40);
  CHECK(same(stats_of(Hamerly{}, X, C), stats_of(Bounds(1), X, C)));
  CHECK(same(stats_of(Elkan{}, X, C), stats_of(Bounds(Bounds::kPerCentre), X, C)));
  CHECK(same(stats_of(Elkan{}, X, C), stats_of(Bounds(40), X, C)));
  CHECK(same(stats_of(Yinyang{}, X, C), stats_of(Bounds(4), X, C)));  // K = 40: 4 groups
  CHECK(same(stats_of(Yinyang{}, X, C), stats_of(Bounds{}, X, C)));
  // The setting reaches the State: Yinyang with one group filters as Hamerly does, not as its default.
  CHECK(same(stats_of(Yinyang(1), X, C), stats_of(Hamerly{}, X, C)));
  CHECK_FALSE(same(stats_of(Yinyang(1), X, C), stats_of(Yinyang{}, X, C)));
  CHECK(same(stats_of(Yinyang(40), X, C), stats_of(Elkan{}, X, C)));
  // A State built without a policy object uses its configuration's default.
  lloyd::Labels lh, le, ly, ly1;
  Hamerly::State<double, Eigen::Dynamic> h(X, C, lh);
  Elkan::State<double, Eigen::Dynamic> e(X, C, le);
  Yinyang::State<double, Eigen::Dynamic> y(X, C, ly), y1(X, C, ly1, 1);
  const lloyd::Centres<double> C2 = C * 0.97 + lloyd::Centres<double>::Constant(C.rows(), C.cols(), 0.01);
  h.step(X, C2, lh);
  e.step(X, C2, le);
  y.step(X, C2, ly);
  y1.step(X, C2, ly1);
  CHECK(same(h.stats(), stats_of(Hamerly{}, X, C)));
  CHECK(same(e.stats(), stats_of(Elkan{}, X, C)));
  CHECK(same(y.stats(), stats_of(Yinyang{}, X, C)));
  CHECK(same(y1.stats(), stats_of(Yinyang(1), X, C)));
}

TEST_CASE("a negative number of groups throws lloyd::error when a fit starts", "[assignment][bounds]") {
  const lloyd::Points<double> X = test::uniform<double>(3, 200, 2);
  lloyd::Options opt;
  opt.k = 4;
  using KMeansYinyang =
      lloyd::KMeans<double, Eigen::Dynamic, lloyd::seeding::KMeansPlusPlus, lloyd::assignment::Yinyang>;
  CHECK_THROWS_AS(KMeansYinyang(opt, {}, lloyd::assignment::Yinyang(-1)).fit(X), lloyd::error);
  CHECK_NOTHROW(KMeansYinyang(opt, {}, lloyd::assignment::Yinyang(3)).fit(X));
  // The refinement's Lloyd runs get the policy object too.
  lloyd::Centres<double> C = X.leftCols(4);
  lloyd::Labels l;
  const lloyd::Weights<double> w = lloyd::Weights<double>::Ones(X.cols());
  CHECK_THROWS_AS(
      lloyd::refine_lloyd(lloyd::PointsRef<double>(X), lloyd::WeightsRef<double>(w), C, l, 5, 0.0,
                          lloyd::update::Mean{}, lloyd::inertia::SquaredEuclidean{}, lloyd::assignment::Yinyang(-1)),
      lloyd::error);
}

TEST_CASE("a fit with a set number of groups equals the default fit (exact)", "[assignment][bounds]") {
  const Eigen::MatrixXd centres = Eigen::MatrixXd::Random(5, 20) * 3;
  const lloyd::Points<float> X = test::blobs<float>(centres, 2000, 1.0, 6);
  lloyd::Options opt;
  opt.k = 30;
  opt.n_init = 2;
  using KMeansYinyang =
      lloyd::KMeans<float, Eigen::Dynamic, lloyd::seeding::KMeansPlusPlus, lloyd::assignment::Yinyang>;
  const auto a = KMeansYinyang(opt).fit(X);
  const auto b = KMeansYinyang(opt, {}, lloyd::assignment::Yinyang(7)).fit(X);
  CHECK(a.centroids == b.centroids);
  CHECK((a.labels.array() == b.labels.array()).all());
  CHECK(a.n_iter == b.n_iter);
}
