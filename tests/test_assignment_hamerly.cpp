// Tests of lloyd/assignment/hamerly.hpp: the same labels as BruteForce at every iteration (exact).
#include <catch2/catch.hpp>

#include "exactness.hpp"

TEMPLATE_TEST_CASE("Hamerly gives exactly BruteForce's labels, in one pass and along fits", "[assignment][hamerly]",
                   float, double) {
  test::check_exact_against_brute_force<lloyd::assignment::Hamerly, TestType>(8);
}

TEMPLATE_TEST_CASE("Hamerly follows BruteForce's trajectory on blobs", "[assignment][hamerly]", float, double) {
  test::check_trajectory_on_blobs<lloyd::assignment::Hamerly, TestType>();
}
