// Tests of lloyd/datasets.hpp: demo boards are where they say, reproducible and seed-dependent.
#include <catch2/catch.hpp>
#include <lloyd/datasets.hpp>

#include "support.hpp"

using lloyd::Index;

TEST_CASE("uniform_board: N points in [-1, 1]^d, reproducible from the seed", "[datasets]") {
  const auto X = lloyd::uniform_board(1000, 7);
  REQUIRE(X.rows() == 2);
  REQUIRE(X.cols() == 1000);
  CHECK(X.minCoeff() >= -1.0);
  CHECK(X.maxCoeff() < 1.0);
  // spread over the whole square: each quadrant holds about a quarter
  int q = 0;
  for (Index i = 0; i < X.cols(); ++i) q += X(0, i) > 0 && X(1, i) > 0;
  CHECK(q > 200);
  CHECK(q < 300);
  CHECK(std::abs(X.mean()) < 0.05);
  CHECK((X.array() == lloyd::uniform_board(1000, 7).array()).all());
  CHECK(!(X.array() == lloyd::uniform_board(1000, 8).array()).all());
  // the first point is the documented draws of Rng(seed)
  lloyd::Rng rng(7);
  const double x0 = 2 * rng.uniform() - 1, y0 = 2 * rng.uniform() - 1;
  CHECK(X(0, 0) == x0);
  CHECK(X(1, 0) == y0);
}

TEST_CASE("uniform_board: any dimension, scalar and compile-time Dim", "[datasets]") {
  const auto Y = lloyd::uniform_board(50, 3, 5);
  CHECK(Y.rows() == 5);
  CHECK(Y.cols() == 50);
  CHECK(Y.cwiseAbs().maxCoeff() <= 1.0);
  const lloyd::Points<float, 3> F = lloyd::uniform_board<float, 3>(20, 3);
  const auto D = lloyd::uniform_board(20, 3, 3);
  CHECK((F.cast<double>() - D).cwiseAbs().maxCoeff() < 1e-7);
  CHECK(lloyd::uniform_board(0, 1).cols() == 0);
  CHECK(test::error_message([] { lloyd::uniform_board(10, 1, 0); }).find("dimension") != std::string::npos);
  CHECK(test::error_message([] { lloyd::uniform_board<double, 2>(10, 1, 3); }).find("Dim is 2") != std::string::npos);
  CHECK(test::error_message([] { lloyd::uniform_board(-1, 1); }).find("n is -1") != std::string::npos);
}

TEST_CASE("gaussian_board: k blobs around their centres with their spreads", "[datasets]") {
  const auto g = lloyd::gaussian_board_with_truth(3000, 4, 11);
  REQUIRE(g.points.rows() == 2);
  REQUIRE(g.points.cols() == 3000);
  REQUIRE(g.centres.cols() == 4);
  REQUIRE(g.spreads.size() == 4);
  CHECK(g.centres.cwiseAbs().maxCoeff() <= 0.8);
  CHECK(g.spreads.minCoeff() >= lloyd::kGaussianSpreadMin);
  CHECK(g.spreads.maxCoeff() <= lloyd::kGaussianSpreadMax);
  for (int c = 0; c < 4; ++c) {
    Eigen::Vector2d m = Eigen::Vector2d::Zero();
    double ss = 0;
    int n = 0;
    for (Index i = 0; i < 3000; ++i)
      if (g.labels[i] == c) {
        CHECK(i % 4 == c);
        m += g.points.col(i);
        ++n;
      }
    m /= n;
    for (Index i = c; i < 3000; i += 4) ss += (g.points.col(i) - g.centres.col(c)).squaredNorm();
    const double sd = std::sqrt(ss / (2.0 * n));  // per-coordinate standard deviation
    CHECK(n == 750);
    CHECK((m - g.centres.col(c)).norm() < 4 * g.spreads[c] / std::sqrt(n));
    CHECK(sd == Approx(g.spreads[c]).epsilon(0.08));
  }
  // well separated: the box has room for 4 blobs
  for (int a = 0; a < 4; ++a)
    for (int b = a + 1; b < 4; ++b)
      CHECK((g.centres.col(a) - g.centres.col(b)).norm() >= 3 * (g.spreads[a] + g.spreads[b]));
}

TEST_CASE("gaussian_board: reproducible, seed-dependent, any dimension", "[datasets]") {
  const auto A = lloyd::gaussian_board(200, 3, 5);
  CHECK((A.array() == lloyd::gaussian_board(200, 3, 5).array()).all());
  CHECK((A.array() == lloyd::gaussian_board_with_truth(200, 3, 5).points.array()).all());
  CHECK(!(A.array() == lloyd::gaussian_board(200, 3, 6).array()).all());
  const auto g = lloyd::gaussian_board_with_truth<float, 7>(70, 5, 1);
  CHECK(g.points.rows() == 7);
  CHECK(g.centres.rows() == 7);
  const auto D = lloyd::gaussian_board(70, 5, 1, 7);
  CHECK((g.points.cast<double>() - D).cwiseAbs().maxCoeff() < 1e-6);
  // more blobs than fit with room: still produced
  CHECK(lloyd::gaussian_board(400, 40, 2).cols() == 400);
  CHECK(test::error_message([] { lloyd::gaussian_board(10, 0, 1); }).find("k is 0") != std::string::npos);
}

TEST_CASE("k-means on a gaussian board finds the blobs", "[datasets]") {
  const auto g = lloyd::gaussian_board_with_truth(600, 5, 3);
  lloyd::Options opt;
  opt.k = 5;
  lloyd::KMeans<double> km(opt);
  const auto r = km.fit(g.points);
  for (int c = 0; c < 5; ++c) {
    double best = 1e9;
    for (int f = 0; f < 5; ++f) best = std::min(best, (r.centroids.col(f) - g.centres.col(c)).norm());
    CHECK(best < 0.05);
  }
}
