// Tests of lloyd/assignment/gemm.hpp: labels identical to BruteForce (exact), on hard data.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "exactness.hpp"

TEMPLATE_TEST_CASE("Gemm gives exactly BruteForce's labels", "[assignment][gemm]", float, double) {
  test::check_exact_against_brute_force<lloyd::assignment::Gemm, TestType>(12);
}

TEMPLATE_TEST_CASE("Gemm agrees with BruteForce on larger blobs across chunks", "[assignment][gemm]", float, double) {
  using S = TestType;
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const Eigen::MatrixXd centres = Eigen::MatrixXd::Random(50, 30) * 3;
    const lloyd::Points<S> X = test::blobs<S>(centres, 3000, 1.0, seed);
    const lloyd::Centres<S> C = test::uniform<S>(50, 64, seed + 10) * S(3);
    const lloyd::Labels ref = test::labels_of<lloyd::assignment::BruteForce>(X, C);
    lloyd::Labels got;
    lloyd::assignment::Gemm::State<S, Eigen::Dynamic> st(X, C, got);
    CHECK((ref.array() == got.array()).all());
    // A step against moved centres relabels exactly and counts the changes.
    const lloyd::Centres<S> C2 = C * S(0.95);
    const lloyd::Labels before = got;
    const auto changed = st.step(X, C2, lloyd::Shifts::Zero(64), got);
    const lloyd::Labels ref2 = test::labels_of<lloyd::assignment::BruteForce>(X, C2);
    CHECK((ref2.array() == got.array()).all());
    CHECK(changed == (got.array() != before.array()).count());
  }
}

TEMPLATE_TEST_CASE("Gemm re-checks exact ties and breaks them towards the lowest index", "[assignment][gemm]", float,
                   double) {
  using S = TestType;
  lloyd::Points<S> X(2, 3);
  X << 0, 1, 5, 0, 0, 5;
  lloyd::Centres<S> C(2, 3);
  C << 1, -1, 0, 0, 0, 0;
  lloyd::Labels labels;
  lloyd::assignment::Gemm::State<S, Eigen::Dynamic> st(X, C, labels);
  CHECK(labels[0] == 2);
  C.col(2) << 9, 9;
  st.step(X, C, lloyd::Shifts::Zero(3), labels);
  CHECK(labels[0] == 0);
  CHECK(labels[1] == 0);
  CHECK(labels[2] == 2);
  CHECK(st.rechecks() >= 1);
}

TEST_CASE("Gemm works with a compile-time dimension", "[assignment][gemm]") {
  const lloyd::Points<float, 3> X = test::uniform<float, 3>(3, 500, 5);
  const lloyd::Centres<float, 3> C = test::uniform<float, 3>(3, 7, 6);
  lloyd::Labels a, b;
  lloyd::assignment::BruteForce::State<float, 3> s1(X, C, a);
  lloyd::assignment::Gemm::State<float, 3> s2(X, C, b);
  CHECK((a.array() == b.array()).all());
}

TEMPLATE_TEST_CASE("resolve_label's screen agrees with resolve_nearest", "[assignment][gemm]", float, double) {
  // detail::resolve_label (Gemm's and the bounds' full pass) decides alone only when one centre
  // passes its screen; it must then name resolve_nearest's label and upper bound, and fall back to
  // it otherwise.
  using S = TestType;
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    for (double offset : {0.0, 1e3, 1e6}) {
      const Eigen::MatrixXd centres = Eigen::MatrixXd::Random(16, 40) * 2;
      lloyd::Points<S> X = test::blobs<S>(centres, 600, 1.0, seed);
      lloyd::Centres<S> C = X.leftCols(200);
      C.col(1) = C.col(0);  // an exact tie for the points nearest to centre 0
      X.array() += static_cast<S>(offset);
      C.array() += static_cast<S>(offset);
      const lloyd::detail::ErrorModel<S> em(X.rows());
      lloyd::detail::CentreNorms<S> cn;
      cn.compute(C, em);
      const Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic> G = C.transpose() * X;
      std::vector<int> cand(200);
      int decided_by_screen = 0;
      for (lloyd::Index i = 0; i < X.cols(); ++i) {
        Eigen::Matrix<S, Eigen::Dynamic, 1> a = cn.sq - S(2) * G.col(i);
        const double xn2 = lloyd::detail::sqnorm(X.col(i).data(), X.rows());
        const auto full =
            lloyd::detail::resolve_nearest(a.data(), nullptr, 200, X.col(i).data(), xn2, C, cn, em, cand.data());
        const auto fast = lloyd::detail::resolve_label(a.data(), 200, X.col(i).data(), xn2, C, cn, em, cand.data());
        INFO("seed " << seed << " offset " << offset << " point " << i);
        REQUIRE(fast.label == full.label);
        REQUIRE((fast.rechecks > 0) == (full.rechecks > 0));
        if (std::isnan(fast.second_lower2)) {  // the screen decided: its upper bound is resolve_nearest's
          ++decided_by_screen;
          REQUIRE(fast.upper2 == full.upper2);
        }
      }
      // Away from ties and cancellation the screen decides most points on its own.
      if (offset == 0.0) CHECK(decided_by_screen > X.cols() / 2);
    }
  }
}
