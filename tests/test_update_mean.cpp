// Tests of lloyd/update/mean.hpp.
#include <catch2/catch.hpp>

#include "support.hpp"

TEMPLATE_TEST_CASE("Mean moves each centre to the weighted mean of its points and reports shifts", "[update]", float,
                   double) {
  using S = TestType;
  lloyd::Points<S> X(1, 5);
  X << 0, 2, 4, 10, 20;
  lloyd::Weights<S> w(5);
  w << 1, 1, 2, 1, 3;
  lloyd::Labels labels(5);
  labels << 0, 0, 0, 1, 1;
  lloyd::Points<S> C(1, 2);
  C << 1, 11;
  lloyd::Shifts shifts;
  const auto moved = lloyd::update::Mean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), labels, C, shifts);
  CHECK(moved == 0);
  CHECK(C(0, 0) == Approx(10.0 / 4));
  CHECK(C(0, 1) == Approx(70.0 / 4));
  CHECK(shifts[0] == Approx(1.5 * 1.5));
  CHECK(shifts[1] == Approx(6.5 * 6.5));
}

TEMPLATE_TEST_CASE("an empty cluster takes the point farthest from its centre, without emptying another", "[update]",
                   float, double) {
  using S = TestType;
  lloyd::Points<S> X(1, 6);
  X << 0, 1, 2, 50, 100, 7;
  lloyd::Weights<S> w = lloyd::Weights<S>::Ones(6);
  lloyd::Labels labels(6);
  labels << 0, 0, 0, 1, 2, 0;  // clusters 3 and 4 are empty
  lloyd::Points<S> C(1, 5);
  C << 1, 50, 0, 1000, 2000;  // point 4 (100) is farthest from its centre (0) but is alone in cluster 2
  lloyd::Shifts shifts;
  const auto moved = lloyd::update::Mean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), labels, C, shifts);
  CHECK(moved == 2);
  // Cluster 2's only point may not leave it; cluster 1 has a single point too; so the repairs take the
  // farthest points of cluster 0: point 5 (distance 6 from centre 1) then point 3? no — point 3 is in
  // cluster 1 alone; next in cluster 0 is point 0 or 2 (distance 1 each, lowest index first).
  CHECK(labels[5] == 3);
  CHECK(labels[0] == 4);
  CHECK(C(0, 3) == 7);
  CHECK(C(0, 4) == 0);
  CHECK(C(0, 0) == Approx(1.5));
  CHECK(C(0, 2) == 100);
  CHECK(test::clusters_used(labels, 5) == 5);
}

TEMPLATE_TEST_CASE("repair never takes two identical points for two empty clusters", "[update]", float, double) {
  using S = TestType;
  lloyd::Points<S> X(1, 6);
  X << 0, 9, 9, 9, 1, 3;
  lloyd::Weights<S> w = lloyd::Weights<S>::Ones(6);
  lloyd::Labels labels = lloyd::Labels::Zero(6);
  lloyd::Points<S> C(1, 3);
  C << 0, 100, 200;
  lloyd::Shifts shifts;
  lloyd::update::Mean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), labels, C, shifts);
  CHECK(C(0, 1) == 9);
  CHECK(C(0, 2) == 3);  // the next-farthest distinct point, not another 9
}

TEMPLATE_TEST_CASE("Mean's sums are the fixed blocks' partial sums added in block order, for any thread count",
                   "[update]", float, double) {
  using S = TestType;
  const lloyd::Index n = 40000, d = 5, k = 7;  // 8 blocks of 5000 points
  const auto X = test::uniform<S>(d, n, 31);
  lloyd::Rng rng(32);
  lloyd::Weights<S> w(n);
  lloyd::Labels labels(n);
  for (lloyd::Index i = 0; i < n; ++i) {
    w[i] = static_cast<S>(rng.uniform() * 2);
    labels[i] = static_cast<int>(rng.below(k));
  }
  // Reference: partials of the 8 blocks (points in order), the first partial plus the others in order.
  const lloyd::Index nb = lloyd::update::Mean::blocks_for(n);
  REQUIRE(nb == 8);
  std::vector<Eigen::MatrixXd> part(static_cast<std::size_t>(nb), Eigen::MatrixXd::Zero(d, k));
  std::vector<Eigen::VectorXd> wpart(static_cast<std::size_t>(nb), Eigen::VectorXd::Zero(k));
  for (lloyd::Index bl = 0; bl < nb; ++bl)
    for (lloyd::Index i = n * bl / nb; i < n * (bl + 1) / nb; ++i) {
      for (lloyd::Index j = 0; j < d; ++j)
        part[static_cast<std::size_t>(bl)](j, labels[i]) += static_cast<double>(w[i]) * static_cast<double>(X(j, i));
      wpart[static_cast<std::size_t>(bl)][labels[i]] += static_cast<double>(w[i]);
    }
  Eigen::MatrixXd sum = part[0];
  Eigen::VectorXd wsum = wpart[0];
  for (std::size_t bl = 1; bl < part.size(); ++bl) {
    sum += part[bl];
    wsum += wpart[bl];
  }
  lloyd::Centres<S> ref(d, k);
  for (lloyd::Index c = 0; c < k; ++c) ref.col(c) = (sum.col(c) / wsum[c]).template cast<S>();
  auto run = [&] {
    lloyd::Centres<S> C = lloyd::Centres<S>::Zero(d, k);
    lloyd::Labels l = labels;
    lloyd::Shifts sh;
    lloyd::update::Mean{}(lloyd::PointsRef<S>(X), lloyd::WeightsRef<S>(w), l, C, sh);
    return C;
  };
#ifdef _OPENMP
  const int threads = omp_get_max_threads();
  for (int t : {1, 2, 3, 8}) {
    omp_set_num_threads(t);
    CHECK(run() == ref);
  }
  omp_set_num_threads(threads);
#else
  CHECK(run() == ref);
#endif
}
