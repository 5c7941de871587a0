// Tests of lloyd/assignment/elkan.hpp: the same labels as BruteForce at every iteration (exact).
#include <catch2/catch.hpp>

#include "exactness.hpp"

TEMPLATE_TEST_CASE("Elkan gives exactly BruteForce's labels, in one pass and along fits", "[assignment][elkan]", float,
                   double) {
  test::check_exact_against_brute_force<lloyd::assignment::Elkan, TestType>(8);
}

TEMPLATE_TEST_CASE("Elkan follows BruteForce's trajectory on blobs", "[assignment][elkan]", float, double) {
  test::check_trajectory_on_blobs<lloyd::assignment::Elkan, TestType>();
}
