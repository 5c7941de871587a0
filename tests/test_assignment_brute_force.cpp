// Tests of lloyd/assignment/brute_force.hpp.
#include <catch2/catch.hpp>

#include "support.hpp"

TEMPLATE_TEST_CASE("BruteForce labels every point with its nearest centre", "[assignment]", float, double) {
  using S = TestType;
  for (int d : {1, 3, 40}) {
    const lloyd::Points<S> X = test::uniform<S>(d, 1000, static_cast<std::uint64_t>(d));
    const lloyd::Points<S> C = test::uniform<S>(d, 13, 100 + static_cast<std::uint64_t>(d));
    lloyd::Labels labels;
    lloyd::assignment::BruteForce::State<S, Eigen::Dynamic> state(X, C, labels);
    REQUIRE(labels.size() == 1000);
    CHECK(test::labels_are_nearest(X, C, labels));
    // After the centres move, step relabels and counts the changes exactly.
    const lloyd::Points<S> C2 = C * S(0.9);
    const lloyd::Labels before = labels;
    const auto changed = state.step(X, C2, lloyd::Shifts::Zero(13), labels);
    CHECK(test::labels_are_nearest(X, C2, labels));
    CHECK(changed == (labels.array() != before.array()).count());
    CHECK(state.step(X, C2, lloyd::Shifts::Zero(13), labels) == 0);
  }
}

TEMPLATE_TEST_CASE("BruteForce breaks ties towards the lowest centre index", "[assignment]", float, double) {
  using S = TestType;
  lloyd::Points<S> X(2, 3);
  X << 0, 1, 5, 0, 0, 5;
  lloyd::Points<S> C(2, 3);
  C << 1, -1, 0, 0, 0, 0;  // centres 0 and 1 are equidistant from the point (0, 0); centre 2 sits on it
  lloyd::Labels labels;
  lloyd::assignment::BruteForce::State<S, Eigen::Dynamic> state(X, C, labels);
  CHECK(labels[0] == 2);
  C.col(2) << 9, 9;
  state.step(X, C, lloyd::Shifts::Zero(3), labels);
  CHECK(labels[0] == 0);  // tie between 0 and 1
  CHECK(labels[1] == 0);
  CHECK(labels[2] == 2);
}
