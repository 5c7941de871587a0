// Tests of lloyd/assignment/auto.hpp: exact whatever it picks; picks as documented; the default.
#include <catch2/catch.hpp>

#include "exactness.hpp"

TEMPLATE_TEST_CASE("Auto gives exactly BruteForce's labels", "[assignment][auto]", float, double) {
  test::check_exact_against_brute_force<lloyd::assignment::Auto, TestType>(6);
}

TEST_CASE("Auto picks by K, D and N", "[assignment][auto]") {
  using A = lloyd::assignment::Auto;
  CHECK(A::choice(1, 784, 60000) == A::Choice::BruteForce);
  CHECK(A::choice(5, 2, 100000) == A::Choice::BruteForce);
  CHECK(A::choice(10, 784, 60000) == A::Choice::Elkan);
  CHECK(A::choice(256, 784, 60000) == A::Choice::Yinyang);
  CHECK(A::choice(3, 3, 500) == A::Choice::BruteForce);
  CHECK(A::choice(256, 8, 250000) == A::Choice::BruteForce);  // low dimension: brute force up to K = 256
  CHECK(A::choice(257, 2, 250000) == A::Choice::Yinyang);     // then Yinyang, never Elkan
  CHECK(A::choice(16, 9, 250000) == A::Choice::Elkan);
}

TEMPLATE_TEST_CASE("Auto follows BruteForce's trajectory for each of its choices", "[assignment][auto]", float,
                   double) {
  using S = TestType;
  for (int k : {4, 12, 40}) {
    for (lloyd::Index d : {2, 10, 12}) {
      const Eigen::MatrixXd centres = Eigen::MatrixXd::Random(d, 12) * 4;
      const lloyd::Points<S> X = test::blobs<S>(centres, 4000, 1.0, static_cast<std::uint64_t>(k));
      const lloyd::Centres<S> C0 = X.leftCols(k);
      lloyd::Labels l;
      lloyd::assignment::Auto::State<S, Eigen::Dynamic> st(X, C0, l);
      INFO("k " << k << " d " << d << " picked " << lloyd::assignment::Auto::choice_name(st.chosen()));
      const auto tr = test::trajectory<lloyd::assignment::BruteForce>(X, C0, 30);
      const auto tg = test::trajectory<lloyd::assignment::Auto>(X, C0, 30);
      REQUIRE(tr.size() == tg.size());
      for (std::size_t it = 0; it < tr.size(); ++it) REQUIRE((tr[it].array() == tg[it].array()).all());
    }
  }
}

TEST_CASE("KMeans uses Auto by default", "[assignment][auto]") {
  CHECK(std::is_same<lloyd::KMeans<float>, lloyd::KMeans<float, Eigen::Dynamic, lloyd::seeding::DefaultKMeansPlusPlus,
                                                         lloyd::assignment::Auto>>::value);
}
