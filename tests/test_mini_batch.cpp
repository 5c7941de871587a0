// Tests of lloyd/mini_batch.hpp.
#include <catch2/catch.hpp>
#include <lloyd/mini_batch.hpp>
#include <lloyd/seeding/kmeans_parallel.hpp>

#include "support.hpp"

namespace {
Eigen::MatrixXd grid_centres(int k, double spacing) {
  Eigen::MatrixXd t(3, k);
  for (int c = 0; c < k; ++c) t.col(c) << spacing * (c % 4), spacing * ((c / 4) % 4), spacing * (c / 16);
  return t;
}
}  // namespace

TEMPLATE_TEST_CASE("mini-batch k-means is close to full k-means on well-separated blobs", "[mini_batch]", float,
                   double) {
  using S = TestType;
  const auto X = test::blobs<S>(grid_centres(10, 20.0), 20000, 1.0, 5);
  lloyd::Options o;
  o.k = 10;
  o.n_init = 3;
  const auto full = lloyd::KMeans<S>(o).fit(X);
  for (std::uint64_t seed : {0u, 1u, 2u}) {
    lloyd::MiniBatchOptions mo;
    mo.k = 10;
    mo.batch_size = 512;
    mo.seed = seed;
    lloyd::MiniBatchKMeans<S> mb(mo);
    const auto r = mb.fit(X);
    INFO("seed " << seed << " full " << full.inertia << " mini-batch " << r.inertia << " steps " << r.n_iter);
    CHECK(r.inertia <= full.inertia * 1.03);
    CHECK(test::clusters_used(r.labels, 10) == 10);
    CHECK(test::labels_are_nearest(X, r.centroids, r.labels));
    CHECK(r.n_iter > 0);
    CHECK(mb.predict(X) == r.labels);
  }
}

TEMPLATE_TEST_CASE("mini-batch k-means is reproducible, uses weights, and stops by steps or early", "[mini_batch]",
                   float, double) {
  using S = TestType;
  const auto X = test::blobs<S>(grid_centres(6, 10.0), 3000, 1.0, 7);
  lloyd::MiniBatchOptions mo;
  mo.k = 6;
  mo.batch_size = 100;
  mo.seed = 11;
  const auto a = lloyd::MiniBatchKMeans<S>(mo).fit(X);
  const auto b = lloyd::MiniBatchKMeans<S>(mo).fit(X);
  CHECK(a.centroids == b.centroids);
  CHECK(a.labels == b.labels);
  CHECK(a.inertia == b.inertia);
  mo.seed = 12;
  CHECK(lloyd::MiniBatchKMeans<S>(mo).fit(X).centroids != a.centroids);

  // max_steps bounds the steps exactly when early stopping is off.
  mo.max_no_improvement = 0;
  mo.max_steps = 7;
  CHECK(lloyd::MiniBatchKMeans<S>(mo).fit(X).n_iter == 7);
  mo.max_steps = 0;
  mo.max_iter = 2;  // 2 epochs of 30 batches
  const auto epochs = lloyd::MiniBatchKMeans<S>(mo).fit(X);
  CHECK(epochs.n_iter == 60);
  CHECK_FALSE(epochs.converged);
  // early stopping stops before 100 epochs on easy data
  mo.max_iter = 100;
  mo.max_no_improvement = 5;
  const auto early = lloyd::MiniBatchKMeans<S>(mo).fit(X);
  CHECK(early.converged);
  CHECK(early.n_iter < 3000);

  // Zero weights: those points never influence the centres (a far point of weight 0).
  lloyd::Points<S> Y = X;
  lloyd::Weights<S> w = lloyd::Weights<S>::Ones(3000);
  Y.col(0).setConstant(S(1e4));
  w[0] = 0;
  mo.max_no_improvement = 10;
  mo.reassignment_ratio = 0;
  const auto r = lloyd::MiniBatchKMeans<S>(mo).fit(Y, w);
  CHECK(r.centroids.maxCoeff() < 100);
  // With k-means|| seeding
  lloyd::MiniBatchKMeans<S, Eigen::Dynamic, lloyd::seeding::KMeansParallel> kp(mo);
  CHECK(test::clusters_used(kp.fit(X).labels, 6) == 6);
}

TEMPLATE_TEST_CASE("mini-batch k-means gives exactly k clusters on hard data and rejects bad input", "[mini_batch]",
                   float, double) {
  using S = TestType;
  // Few distinct points, heavy duplication, k = number of distinct points.
  lloyd::Points<S> Y(1, 400);
  for (lloyd::Index i = 0; i < 400; ++i) Y(0, i) = static_cast<S>((i * 3) % 7);
  lloyd::MiniBatchOptions mo;
  mo.k = 7;
  mo.batch_size = 16;
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    mo.seed = seed;
    const auto r = lloyd::MiniBatchKMeans<S>(mo).fit(Y);
    CHECK(test::clusters_used(r.labels, 7) == 7);
  }
  mo.k = 8;
  CHECK_THROWS_AS(lloyd::MiniBatchKMeans<S>(mo).fit(Y), lloyd::error);  // 7 distinct
  mo.k = 3;
  mo.batch_size = 0;
  CHECK(test::error_message([&] { lloyd::MiniBatchKMeans<S>(mo).fit(Y); }).find("batch_size") != std::string::npos);
  mo.batch_size = 10;
  mo.max_no_improvement = -1;
  CHECK(test::error_message([&] { lloyd::MiniBatchKMeans<S>(mo).fit(Y); }).find("max_no_improvement") !=
        std::string::npos);
  mo.max_no_improvement = 3;
  lloyd::Points<S> Z = Y;
  Z(0, 5) = std::numeric_limits<S>::quiet_NaN();
  CHECK(test::error_message([&] { lloyd::MiniBatchKMeans<S>(mo).fit(Z); }).find("point 5") != std::string::npos);
  lloyd::MiniBatchKMeans<S> unfitted(mo);
  CHECK_THROWS_AS(unfitted.predict(Y), lloyd::error);
  lloyd::Weights<S> w = lloyd::Weights<S>::Ones(400);
  w[3] = -1;
  CHECK_THROWS_AS(lloyd::MiniBatchKMeans<S>(mo).fit(Y, w), lloyd::error);
}
