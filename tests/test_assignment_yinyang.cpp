// Tests of lloyd/assignment/yinyang.hpp: the same labels as BruteForce at every iteration (exact).
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <lloyd/detail/group_bounds.hpp>
#include <vector>

#include "exactness.hpp"

TEMPLATE_TEST_CASE("Yinyang gives exactly BruteForce's labels, in one pass and along fits", "[assignment][yinyang]",
                   float, double) {
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

TEST_CASE("the stored group bounds are rounded down to float: float_down(x) is the largest float <= x",
          "[assignment]") {
  // detail::float_down steps the float bit pattern instead of calling std::nextafter; both must agree.
  auto reference = [](double x) {
    if (x == std::numeric_limits<double>::infinity()) return std::numeric_limits<float>::infinity();
    if (x >= static_cast<double>(std::numeric_limits<float>::max())) return std::numeric_limits<float>::max();
    float f = static_cast<float>(x);
    if (static_cast<double>(f) > x) f = std::nextafter(f, 0.0f);
    return f;
  };
  std::vector<double> xs = {0.0,
                            1.0,
                            0.1,
                            1e-30,
                            1e-45,
                            1e-50,
                            3.4028234663852886e38,
                            3.5e38,
                            1e300,
                            std::numeric_limits<double>::infinity(),
                            static_cast<double>(std::numeric_limits<float>::min()),
                            static_cast<double>(std::numeric_limits<float>::denorm_min())};
  lloyd::Rng rng(5);
  for (int i = 0; i < 20000; ++i) xs.push_back(std::ldexp(rng.uniform(), static_cast<int>(rng.below(300)) - 160));
  for (double x : xs) {
    INFO(x);
    const float f = lloyd::detail::float_down(x);
    CHECK(static_cast<double>(f) <= x);
    CHECK(f == reference(x));
  }
}
