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

TEMPLATE_TEST_CASE("BruteForce with a compile-time dimension, D = 1 to 3", "[assignment]", float, double) {
  // Points<S, 1> is a row-major 1×N matrix: consecutive points are not an outer stride apart.
  using S = TestType;
  const lloyd::Points<S> X = test::uniform<S>(3, 1003, 71);
  const lloyd::Points<S> C = test::uniform<S>(3, 9, 72);
  const lloyd::Points<S, 1> X1 = X.topRows(1);
  const lloyd::Centres<S, 1> C1 = C.topRows(1);
  lloyd::Labels l1, l3;
  lloyd::assignment::BruteForce::State<S, 1> s1(X1, C1, l1);
  CHECK(test::labels_are_nearest(lloyd::Points<S>(X1), lloyd::Points<S>(C1), l1));
  const lloyd::Points<S, 3> X3 = X;
  const lloyd::Centres<S, 3> C3 = C;
  lloyd::assignment::BruteForce::State<S, 3> s3(X3, C3, l3);
  CHECK(test::labels_are_nearest(X, C, l3));
}

TEMPLATE_TEST_CASE("BruteForce in low dimension: the reference's labels and distances, bit for bit", "[assignment]",
                   float, double) {
  using S = TestType;
  for (int d = 1; d <= 9; ++d) {
    for (int k : {1, 5, 64, 65, 130}) {
      INFO("d " << d << " k " << k);
      lloyd::Points<S> X = test::uniform<S>(d, 700, static_cast<std::uint64_t>(10 * d + k));
      lloyd::Points<S> C = test::uniform<S>(d, k, static_cast<std::uint64_t>(1000 + 10 * d + k));
      if (k > 1) C.col(k - 1) = C.col(0);  // an exact tie: the lower index wins
      X.rightCols(k) = C;                  // points on centres, and equidistant pairs below
      X.col(0) = (C.col(0) + C.col(k / 2)) / S(2);
      lloyd::Labels labels;
      lloyd::assignment::BruteForce::State<S, Eigen::Dynamic> state(X, C, labels);
      bool same = true;
      for (lloyd::Index i = 0; i < X.cols(); ++i)
        same = same && labels[i] == lloyd::detail::nearest(X.col(i).data(), C);
      CHECK(same);
      if (d > lloyd::detail::kLowDimMax) continue;
      const lloyd::detail::LowDimNearest<S> nearest(C);
      bool same_d2 = true;
      for (lloyd::Index i = 0; i < X.cols(); ++i) {
        double a = -1, b = -2;
        same_d2 = same_d2 && nearest(X.col(i).data(), &a) == lloyd::detail::nearest(X.col(i).data(), C, &b) && a == b;
      }
      CHECK(same_d2);
      // Many points at once, from columns further apart than D (a view into a taller matrix).
      lloyd::Points<S> tall = lloyd::Points<S>::Zero(d + 3, X.cols());
      tall.topRows(d) = X;
      const lloyd::Index n = X.cols() - 5;  // not a whole number of blocks
      std::vector<int> many(static_cast<std::size_t>(n), -1);
      std::vector<double> many_d2(static_cast<std::size_t>(n), -1);
      nearest.nearest(tall.data(), tall.rows(), n, many.data(), many_d2.data());
      bool same_many = true;
      for (lloyd::Index i = 0; i < n; ++i) {
        double b = -2;
        const int l = lloyd::detail::nearest(X.col(i).data(), C, &b);
        same_many = same_many && many[static_cast<std::size_t>(i)] == l && many_d2[static_cast<std::size_t>(i)] == b;
      }
      CHECK(same_many);
    }
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

namespace {
// A user policy written to the older contract form: State(X, C, labels), step with the shifts.
struct OldStylePolicy {
  template <class S, int D>
  class State {
   public:
    State(const lloyd::PointsRef<S, D>& X, const lloyd::Centres<S, D>& C, lloyd::Labels& labels) : s_(X, C, labels) {}
    lloyd::Index step(const lloyd::PointsRef<S, D>& X, const lloyd::Centres<S, D>& C, const lloyd::Shifts& shifts,
                      lloyd::Labels& labels) {
      REQUIRE(shifts.size() == C.cols());  // the update's shifts reach this form
      return s_.step(X, C, labels);
    }

   private:
    lloyd::assignment::BruteForce::State<S, D> s_;
  };
};
// A policy with a setting, written to the current form: State(policy, X, C, labels), step(X, C, labels).
struct SettingPolicy {
  int* built = nullptr;  // counts the States built from this policy object
  template <class S, int D>
  class State {
   public:
    State(const SettingPolicy& p, const lloyd::PointsRef<S, D>& X, const lloyd::Centres<S, D>& C, lloyd::Labels& labels)
        : s_(X, C, labels) {
      ++*p.built;
    }
    lloyd::Index step(const lloyd::PointsRef<S, D>& X, const lloyd::Centres<S, D>& C, lloyd::Labels& labels) {
      return s_.step(X, C, labels);
    }

   private:
    lloyd::assignment::BruteForce::State<S, D> s_;
  };
};
}  // namespace

TEST_CASE("the assignment contract: both constructor and step forms plug into KMeans", "[assignment][contracts]") {
  STATIC_REQUIRE(lloyd::detail::is_assignment<OldStylePolicy, double, Eigen::Dynamic>::value);
  STATIC_REQUIRE(lloyd::detail::is_assignment<SettingPolicy, double, Eigen::Dynamic>::value);
  STATIC_REQUIRE(lloyd::detail::has_policy_state_ctor<SettingPolicy, double, Eigen::Dynamic>::value);
  STATIC_REQUIRE_FALSE(lloyd::detail::has_policy_state_ctor<OldStylePolicy, double, Eigen::Dynamic>::value);
  const lloyd::Points<double> X = test::uniform<double>(3, 400, 8);
  lloyd::Options opt;
  opt.k = 5;
  opt.n_init = 2;
  const auto ref = lloyd::KMeans<double, Eigen::Dynamic, lloyd::seeding::KMeansPlusPlus>(opt).fit(X);
  const auto old = lloyd::KMeans<double, Eigen::Dynamic, lloyd::seeding::KMeansPlusPlus, OldStylePolicy>(opt).fit(X);
  int built = 0;
  SettingPolicy p;
  p.built = &built;
  const auto set =
      lloyd::KMeans<double, Eigen::Dynamic, lloyd::seeding::KMeansPlusPlus, SettingPolicy>(opt, {}, p).fit(X);
  CHECK(built >= 2);  // one State per run, built from the KMeans' own policy object
  CHECK(old.centroids == ref.centroids);
  CHECK(set.centroids == ref.centroids);
  CHECK((set.labels.array() == ref.labels.array()).all());
}
