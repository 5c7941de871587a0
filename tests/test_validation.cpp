// Tests of lloyd/detail/validation.hpp.
#include <catch2/catch.hpp>

#include "support.hpp"

TEMPLATE_TEST_CASE("count_distinct counts distinct positive-weight points up to a limit", "[validation]", float,
                   double) {
  using S = TestType;
  lloyd::Points<S> X(2, 8);
  X << 0, 0, 1, 1, 2, -0.0, 3, 3, 0, 0, 1, 1, 2, 0, 3, 4;
  lloyd::Weights<S> w = lloyd::Weights<S>::Ones(8);
  const lloyd::PointsRef<S> Xr(X);
  CHECK(lloyd::detail::count_distinct<S, Eigen::Dynamic>(Xr, w, 100) == 5);  // -0 equals 0
  CHECK(lloyd::detail::count_distinct<S, Eigen::Dynamic>(Xr, w, 3) == 3);
  w[7] = 0;
  CHECK(lloyd::detail::count_distinct<S, Eigen::Dynamic>(Xr, w, 100) == 4);
}

TEST_CASE("validate_options names the parameter", "[validation]") {
  lloyd::Options o;
  CHECK_NOTHROW(lloyd::detail::validate_options(o));
  o.tol = std::numeric_limits<double>::infinity();
  CHECK_THAT(test::error_message([&] { lloyd::detail::validate_options(o); }), Catch::Contains("'tol'"));
  o = {};
  o.n_init = -1;
  CHECK_THAT(test::error_message([&] { lloyd::detail::validate_options(o); }), Catch::Contains("'n_init' is -1"));
}

TEST_CASE("validate_points reports the coordinate and point of a bad value", "[validation]") {
  Eigen::MatrixXd X = Eigen::MatrixXd::Zero(4, 10);
  CHECK_NOTHROW(lloyd::detail::validate_points(X));
  X(3, 7) = std::numeric_limits<double>::infinity();
  const auto m = test::error_message([&] { lloyd::detail::validate_points(X, "Y"); });
  CHECK_THAT(m, Catch::Contains("Y(3, 7)"));
  CHECK_THAT(m, Catch::Contains("inf"));
}

TEST_CASE("to_weights accepts any vector expression and rejects a matrix", "[validation]") {
  const Eigen::RowVectorXf row = Eigen::RowVectorXf::LinSpaced(5, 1, 5);
  const lloyd::Weights<float> w = lloyd::detail::to_weights(row);
  REQUIRE(w.size() == 5);
  CHECK(w[0] == 1.0f);
  CHECK(w[4] == 5.0f);
  CHECK(lloyd::detail::to_weights(2.0 * Eigen::VectorXd::Ones(3)).sum() == 6.0);
  const Eigen::MatrixXd m = Eigen::MatrixXd::Ones(2, 3);
  CHECK(test::error_message([&] { lloyd::detail::to_weights(m); }) == "lloyd: weights must be a vector, got 2x3");
}
