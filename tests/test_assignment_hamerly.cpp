// Tests of lloyd/assignment/hamerly.hpp: the same labels as BruteForce at every iteration (exact).
#include <catch2/catch.hpp>

#include "exactness.hpp"

TEMPLATE_TEST_CASE("Hamerly gives exactly BruteForce's labels, in one pass and along fits", "[assignment][hamerly]", float,
                   double) {
  test::check_exact_against_brute_force<lloyd::assignment::Hamerly, TestType>(8);
}

TEMPLATE_TEST_CASE("Hamerly follows BruteForce's trajectory on blobs", "[assignment][hamerly]", float, double) {
  using S = TestType;
  for (std::uint64_t seed : {1u, 2u}) {
    for (int k : {3, 12, 40}) {
      const Eigen::MatrixXd centres = Eigen::MatrixXd::Random(20, 15) * 4;
      const lloyd::Points<S> X = test::blobs<S>(centres, 2500, 1.0, seed);
      const lloyd::Centres<S> C0 = X.leftCols(k);
      INFO("seed " << seed << " k " << k);
      const auto tr = test::trajectory<lloyd::assignment::BruteForce>(X, C0, 40);
      const auto tg = test::trajectory<lloyd::assignment::Hamerly>(X, C0, 40);
      REQUIRE(tr.size() == tg.size());
      for (std::size_t it = 0; it < tr.size(); ++it) REQUIRE((tr[it].array() == tg[it].array()).all());
    }
  }
}
