// Tests of lloyd/seeding/given.hpp.
#include <catch2/catch.hpp>

#include "support.hpp"

TEMPLATE_TEST_CASE("Given returns the user's centres and validates them", "[seeding]", float, double) {
  using S = TestType;
  const lloyd::Points<S> X = test::uniform<S>(2, 30, 1);
  const lloyd::Weights<S> w = lloyd::Weights<S>::Ones(30);
  lloyd::Rng rng(0);
  Eigen::MatrixXd C(2, 3);
  C << 0.25, 0.5, -0.5, 0.125, 0, 1;
  const lloyd::seeding::Given g(C);
  const lloyd::Points<S> got = g(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), 3, rng);
  CHECK(got == C.cast<S>());

  const lloyd::PointsRef<S> Xr(X);
  CHECK_THAT(test::error_message([&] { g(Xr, lloyd::WeightsRef<S>(w), 4, rng); }), Catch::Contains("3 centres"));
  CHECK_THAT(test::error_message([&] { lloyd::seeding::Given{}(Xr, lloyd::WeightsRef<S>(w), 3, rng); }),
             Catch::Contains("no centres"));
  CHECK_THAT(test::error_message(
                 [&] { lloyd::seeding::Given(Eigen::MatrixXd::Zero(3, 3))(Xr, lloyd::WeightsRef<S>(w), 3, rng); }),
             Catch::Contains("dimension 3"));
  Eigen::MatrixXd bad = C;
  bad(1, 2) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THAT(test::error_message([&] { lloyd::seeding::Given{bad}(Xr, lloyd::WeightsRef<S>(w), 3, rng); }),
             Catch::Contains("coordinate 1 of centre 2"));
  if (sizeof(S) == 4) {  // a double centre beyond float's range
    bad = C;
    bad(0, 1) = 1e300;
    CHECK_THAT(test::error_message([&] { lloyd::seeding::Given{bad}(Xr, lloyd::WeightsRef<S>(w), 3, rng); }),
               Catch::Contains("overflows"));
  }
}

TEMPLATE_TEST_CASE("coincident given centres are accepted and the repair keeps k non-empty clusters", "[seeding]",
                   float, double) {
  using S = TestType;
  const lloyd::Points<S> X = test::uniform<S>(2, 200, 3);
  for (int copies : {2, 4}) {  // centres 0 and 1 equal; then all four equal
    Eigen::MatrixXd C(2, 4);
    C << 0.25, 0.25, 0.75, 0.5, 0.25, 0.25, 0.75, 0.5;
    for (int c = 1; c < copies; ++c) C.col(c) = C.col(0);
    lloyd::Options opt;
    opt.k = 4;
    opt.tol = 0;
    lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::Given> km(opt, lloyd::seeding::Given(C));
    const auto r = km.fit(X);
    INFO(copies << " equal centres");
    CHECK(test::clusters_used(r.labels, 4) == 4);
    CHECK(test::labels_are_nearest(X, r.centroids, r.labels));
    const auto again = km.fit(X);
    CHECK(again.centroids == r.centroids);
    CHECK(again.labels == r.labels);
  }
  // exactly k distinct points, all centres on one of them: every point becomes its own cluster
  lloyd::Points<S> few(1, 6);
  few << 0, 1, 2, 0, 1, 2;
  lloyd::Options opt;
  opt.k = 3;
  const auto r =
      lloyd::KMeans<S, Eigen::Dynamic, lloyd::seeding::Given>(opt, lloyd::seeding::Given(Eigen::MatrixXd::Zero(1, 3)))
          .fit(few);
  CHECK(test::clusters_used(r.labels, 3) == 3);
  CHECK(r.inertia == 0);
}
