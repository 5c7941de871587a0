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
  bad = C;
  bad.col(2) = bad.col(0);
  CHECK_THAT(test::error_message([&] { lloyd::seeding::Given{bad}(Xr, lloyd::WeightsRef<S>(w), 3, rng); }),
             Catch::Contains("centres 0 and 2 are identical"));
  if (sizeof(S) == 4) {  // a double centre beyond float's range
    bad = C;
    bad(0, 1) = 1e300;
    CHECK_THAT(test::error_message([&] { lloyd::seeding::Given{bad}(Xr, lloyd::WeightsRef<S>(w), 3, rng); }),
               Catch::Contains("overflows"));
  }
}
