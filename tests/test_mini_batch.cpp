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

TEMPLATE_TEST_CASE("partial_fit matches a hand-computed stream of batches", "[mini_batch][partial_fit]", float,
                   double) {
  using S = TestType;
  lloyd::MiniBatchOptions mo;
  mo.k = 2;
  mo.reassignment_ratio = 0;
  Eigen::MatrixXd init(1, 2);
  init << 0, 10;
  lloyd::MiniBatchKMeans<S, Eigen::Dynamic, lloyd::seeding::Given> mb(mo, lloyd::seeding::Given(init));
  lloyd::Points<S> b1(1, 3), b2(1, 1), b3(1, 2);
  b1 << 1, 2, 9;
  b2 << 3;
  b3 << 11, 12;
  // First batch: the centres move to their points' means (nothing seen before).
  auto r = mb.partial_fit(b1);
  CHECK(r.centroids(0, 0) == S(1.5));
  CHECK(r.centroids(0, 1) == S(9));
  CHECK(r.labels == (lloyd::Labels(3) << 0, 0, 1).finished());
  CHECK(r.n_iter == 1);
  // Then each centre moves by η = batch weight / all weight it has seen: (1.5·2 + 3) / 3 = 2.
  r = mb.partial_fit(b2);
  CHECK(r.centroids(0, 0) == S(2));
  CHECK(r.centroids(0, 1) == S(9));
  CHECK(r.n_iter == 2);
  // Weights count as repeated points: (9·1 + 11·2 + 12·1) / 4 = 10.75.
  r = mb.partial_fit(b3, (lloyd::Weights<S>(2) << 2, 1).finished());
  CHECK(r.centroids(0, 1) == S(10.75));
  CHECK(r.inertia == Approx(2 * 0.25 * 0.25 + 1.25 * 1.25));
  CHECK(mb.centroids() == r.centroids);
  CHECK(mb.predict(b1) == (lloyd::Labels(3) << 0, 0, 1).finished());
}

TEMPLATE_TEST_CASE("partial_fit on fit's own batches gives fit's centres bit for bit", "[mini_batch][partial_fit]",
                   float, double) {
  using S = TestType;
  const auto X = test::blobs<S>(grid_centres(5, 10.0), 2000, 1.0, 31);
  const lloyd::Centres<S> init = X.leftCols(5);
  lloyd::MiniBatchOptions mo;
  mo.k = 5;
  mo.batch_size = 64;
  mo.seed = 9;
  mo.reassignment_ratio = 0;
  mo.max_no_improvement = 0;
  mo.max_steps = 25;
  using MB = lloyd::MiniBatchKMeans<S, Eigen::Dynamic, lloyd::seeding::Given>;
  const auto fitted = MB(mo, lloyd::seeding::Given(init)).fit(X);
  REQUIRE(test::clusters_used(fitted.labels, 5) == 5);
  // fit draws each batch with replacement from its generator, seeded with the options' seed.
  MB stream(mo, lloyd::seeding::Given(init));
  lloyd::Rng rng(mo.seed);
  lloyd::Points<S> batch(X.rows(), mo.batch_size);
  for (int step = 0; step < 25; ++step) {
    for (lloyd::Index j = 0; j < batch.cols(); ++j) batch.col(j) = X.col(static_cast<lloyd::Index>(rng.below(2000)));
    stream.partial_fit(batch);
  }
  CHECK(stream.centroids() == fitted.centroids);
}

TEMPLATE_TEST_CASE("partial_fit is reproducible, takes any batch size, continues a fit, checks its input",
                   "[mini_batch][partial_fit]", float, double) {
  using S = TestType;
  const auto X = test::blobs<S>(grid_centres(4, 10.0), 600, 1.0, 32);
  lloyd::MiniBatchOptions mo;
  mo.k = 4;
  mo.seed = 3;
  auto stream = [&](lloyd::MiniBatchKMeans<S>& mb) {
    lloyd::Result<S> r;
    for (lloyd::Index b = 0; b < 600; b += 150) r = mb.partial_fit(X.middleCols(b, 150));
    r = mb.partial_fit(X.col(7));  // a batch of one point
    return r;
  };
  lloyd::MiniBatchKMeans<S> a(mo), b(mo);
  const auto ra = stream(a), rb = stream(b);
  CHECK(ra.centroids == rb.centroids);
  CHECK(ra.n_iter == 5);
  CHECK(ra.labels.size() == 1);
  mo.seed = 4;
  lloyd::MiniBatchKMeans<S> c(mo);
  CHECK(stream(c).centroids != ra.centroids);
  // The first batch must hold k distinct points; later batches must match the dimension.
  lloyd::MiniBatchKMeans<S> d(mo);
  CHECK_THROWS_WITH(d.partial_fit(X.leftCols(3)), Catch::Contains("only 3 points"));
  CHECK_FALSE(d.fitted());
  d.partial_fit(X.leftCols(100));
  CHECK_THROWS_WITH(d.partial_fit(lloyd::Points<S>::Zero(X.rows() + 1, 5)), Catch::Contains("dimension"));
  lloyd::Points<S> nan = X.leftCols(2);
  nan(0, 0) = std::numeric_limits<S>::quiet_NaN();
  CHECK_THROWS_AS(d.partial_fit(nan), lloyd::error);
  // After fit, partial_fit continues from the fitted centres and step count.
  lloyd::MiniBatchKMeans<S> e(mo);
  const auto fitted = e.fit(X);
  const auto more = e.partial_fit(X.leftCols(50));
  CHECK(more.n_iter == fitted.n_iter + 1);
  CHECK((more.centroids - fitted.centroids).norm() < S(1));
}
