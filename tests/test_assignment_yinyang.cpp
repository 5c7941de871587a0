// Tests of lloyd/assignment/yinyang.hpp: the same labels as BruteForce at every iteration (exact).
#include <catch2/catch.hpp>

#include "exactness.hpp"

TEMPLATE_TEST_CASE("Yinyang gives exactly BruteForce's labels, in one pass and along fits", "[assignment][yinyang]", float,
                   double) {
  test::check_exact_against_brute_force<lloyd::assignment::Yinyang, TestType>(8);
}

TEMPLATE_TEST_CASE("Yinyang follows BruteForce's trajectory on blobs", "[assignment][yinyang]", float, double) {
  test::check_trajectory_on_blobs<lloyd::assignment::Yinyang, TestType>();
}

TEMPLATE_TEST_CASE("Yinyang is exact for any number of groups", "[assignment][yinyang]", float, double) {
  using S = TestType;
  const Eigen::MatrixXd centres = Eigen::MatrixXd::Random(10, 25) * 3;
  const lloyd::Points<S> X = test::blobs<S>(centres, 2000, 1.0, 9);
  lloyd::Centres<S> C = X.leftCols(30);
  for (lloyd::Index g : {1, 2, 7, 30, 100}) {
    lloyd::Labels ref, got;
    lloyd::assignment::BruteForce::State<S, Eigen::Dynamic> b(X, C, ref);
    lloyd::assignment::Yinyang::State<S, Eigen::Dynamic> y(X, C, got, g);
    REQUIRE((ref.array() == got.array()).all());
    lloyd::Centres<S> C2 = C;
    for (int it = 0; it < 6; ++it) {
      C2 += lloyd::Centres<S>::Constant(C.rows(), C.cols(), S(0.05)) * S(it % 2 ? -1 : 1);
      C2.col(it) *= S(0.9);
      b.step(X, C2, lloyd::Shifts::Zero(30), ref);
      y.step(X, C2, lloyd::Shifts::Zero(30), got);
      INFO("groups " << g << " step " << it);
      REQUIRE((ref.array() == got.array()).all());
    }
  }
}
